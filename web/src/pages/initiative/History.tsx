import { Button, Heading, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useInitiativeHistory, type HistoryEvent } from "../../api/portfolio.js";
import { Loaded } from "../../components/States.js";
import { formatDate, formatDateTime } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { Empty, PageSection } from "./shared.js";

const PAGE = 30;

/** Everything that happened to the initiative, newest first, grouped by day. The server's summaries are English. */
export function History({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const history = useInitiativeHistory(ctx.initiative.id);
  const [shown, setShown] = useState(PAGE);
  return (
    <PageSection id="history" title={t("historyTitle")} intro={t("historyIntro")}>
      <Loaded query={history}>
        {(events) => {
          if (events.length === 0) return <Empty>{t("noHistory")}</Empty>;
          const days = new Map<string, HistoryEvent[]>();
          for (const e of events.slice(0, shown)) {
            const day = formatDate(e.at);
            days.set(day, [...(days.get(day) ?? []), e]);
          }
          return (
            <>
              <ol className="ini-history">
                {[...days].map(([day, list]) => (
                  <li key={day}>
                    <Heading level={3} data-size="2xs" className="ini-history-day">
                      {day}
                    </Heading>
                    <ul>
                      {list.map((e, n) => (
                        <li key={n} className="ini-history-event">
                          <Tag data-color="neutral" data-size="sm">
                            {t(`history_${e.kind}`)}
                          </Tag>{" "}
                          <span lang="en">{e.summary}</span>
                          <span className="muted ini-history-meta">{t("recordedBy", { who: e.actor, when: formatDateTime(e.at) })}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
              {events.length > shown && (
                <Button variant="secondary" data-size="sm" onClick={() => setShown(shown + PAGE)}>
                  {t("showMoreHistory", { count: Math.min(PAGE, events.length - shown), total: events.length })}
                </Button>
              )}
            </>
          );
        }}
      </Loaded>
    </PageSection>
  );
}
