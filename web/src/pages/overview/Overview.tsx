import { Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { Link as RouterLink } from "wouter";
import type { Section } from "../../api/client.js";
import { useOrganisations, useStatus, useStrategyTree, useTrend } from "../../api/queries.js";
import { PeriodPicker } from "../../components/PeriodPicker.js";
import { Sparkline } from "../../components/Sparkline.js";
import { StatusCounts } from "../../components/StatusCounts.js";
import { StatusTag } from "../../components/StatusTag.js";
import { Loaded } from "../../components/States.js";
import { useCurrent, usePageTitle, usePeriod } from "../../current.js";
import { formatValue } from "../../format.js";
import { SmallCountNote, useFigureText, valueIsCount } from "../../components/SmallCounts.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel, shift } from "../../periods.js";
import { urls } from "../../urls.js";
import { overviewMessages } from "./messages.js";

/** Sections that make up the map: focus areas where the strategy has them, else its top-level parts. */
function mapSections(sections: Section[]): Section[] {
  const areas = sections.filter((s) => s.kind === "focus_area");
  return areas.length > 0 ? areas : sections.filter((s) => s.kind !== "text" && s.kind !== "principle");
}

const TREND_PERIODS = 8;

export default function Overview() {
  const t = useT(overviewMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const { region, strategyId } = useCurrent();
  const [period, setPeriod] = usePeriod();
  const tree = useStrategyTree(strategyId);
  const status = useStatus(strategyId, period);
  // The small trend lines: the selected period and the seven before it.
  const trend = useTrend(strategyId, shift(period, TREND_PERIODS - 1), period);
  const orgs = useOrganisations();
  const figure = useFigureText();
  usePageTitle(tree.data ? `${tc("navOverview")}: ${tree.data.title}` : undefined);

  return (
    <Loaded query={tree}>
      {(strategy) => {
        const owner = orgs.data?.find((o) => o.id === strategy.owner)?.name ?? strategy.owner;
        const statusBySection = new Map((status.data?.sections ?? []).map((s) => [s.key, s]));
        const sections = mapSections(strategy.sections);
        const trendByKr = new Map((trend.data?.keyResults ?? []).map((k) => [k.keyResultId, k.points]));
        return (
          // The benchmark waits for this mark: the page is drawn with its data.
          <div data-overview-ready={status.data && !trend.isPending ? "" : undefined}>
            <div className="page-head">
              <div>
                <Heading level={1} data-size="lg" lang={strategy.language}>
                  {strategy.title}
                </Heading>
                <Paragraph className="muted">{t("ownedBy", { owner, period: periodLabel(period, lang) })}</Paragraph>
              </div>
              <PeriodPicker value={period} onChange={setPeriod} />
            </div>
            {status.data && status.data.sections.length > 0 ? (
              <section aria-labelledby="whole-heading" className="stack">
                <Heading level={2} data-size="sm" id="whole-heading">
                  {t("whole")}
                </Heading>
                <StatusCounts counts={status.data.counts} />
              </section>
            ) : (
              status.data && <Paragraph>{tc("noKeyResults")}</Paragraph>
            )}
            <section aria-labelledby="map-heading" className="stack" style={{ marginTop: "var(--ds-size-8)" }}>
              <Heading level={2} data-size="md" id="map-heading">
                {t("title")}
              </Heading>
              <ul className="grid-cards" style={{ listStyle: "none", padding: 0 }}>
                {sections.map((s) => {
                  const st = statusBySection.get(s.key);
                  const title = s.code ? `${s.code} ${s.title}` : s.title;
                  return (
                    <li key={s.key}>
                      <Card data-color="neutral" className="area-card">
                        <Heading level={3} data-size="xs">
                          <RouterLink href={urls.focusArea(region, strategyId, s.key, { period })} lang={strategy.language}>
                            {title}
                          </RouterLink>
                        </Heading>
                        {s.objective && (
                          <Paragraph data-size="sm" lang={strategy.language}>
                            {s.objective}
                          </Paragraph>
                        )}
                        {st && <StatusCounts counts={st.counts} label={`${tc("keyResults")}: ${title}`} />}
                        {st && st.keyResults.length > 0 && (
                          <ul className="kr-list">
                            {st.keyResults.map((kr) => (
                              <li key={kr.keyResultId}>
                                <RouterLink href={urls.keyResult(region, strategyId, kr.keyResultId, { period })}>
                                  <span className="kr-code">{kr.code}</span> <span lang={strategy.language}>{kr.title}</span>
                                </RouterLink>
                                <span className="kr-status">
                                  <Sparkline
                                    values={trendByKr.get(kr.keyResultId)?.map((p) => p.value) ?? []}
                                    targets={trendByKr.get(kr.keyResultId)?.map((p) => p.target)}
                                  />
                                  <StatusTag status={kr.status} />
                                  <span className="kr-value">
                                    {kr.target !== null
                                      ? t("valueOfTarget", { value: figure(kr, kr.unit, valueIsCount(kr.aggregation)), target: formatValue(kr.target, kr.unit) })
                                      : figure(kr, kr.unit, valueIsCount(kr.aggregation))}
                                  </span>
                                </span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </Card>
                    </li>
                  );
                })}
              </ul>
              <SmallCountNote shown={(status.data?.sections ?? []).some((sec) => sec.keyResults.some((kr) => kr.suppressed))} />
            </section>
          </div>
        );
      }}
    </Loaded>
  );
}
