import { Heading } from "@digdir/designsystemet-react";
import { Link as RouterLink } from "wouter";
import { useCoverage } from "../../api/portfolio.js";
import { DataTable } from "../../components/DataTable.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { urls } from "../../urls.js";
import { DIRECTION_SYMBOL, usePortfolioLabels, type Direction } from "../portfolio/labels.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { Empty, PageSection, useOrgName } from "./shared.js";

/** What the initiative serves in the strategy, who takes part, what it depends on and what depends on it, and the needs it came from. */
export function Relations({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const tc = useT(common);
  const labels = usePortfolioLabels();
  const orgName = useOrgName();
  const coverage = useCoverage(ctx.strategyId);
  const i = ctx.initiative;
  const sections = new Map((coverage.data?.sections ?? []).map((s) => [s.key, s]));
  type Link = (typeof i.links)[number];
  const sectionText = (l: Link) => {
    const s = sections.get(l.section);
    return s ? [s.code, s.title].filter(Boolean).join(" ") : l.section;
  };
  const krOf = (l: Link) => (l.keyResult ? sections.get(l.section)?.keyResults.find((k) => k.id === l.keyResult) : undefined);
  const ref = (r: { id: string; code: string; title: string; phase: string }) => (
    <li key={r.id}>
      <RouterLink href={urls.initiative(ctx.region, ctx.strategyId, r.id)}>
        {r.code} {r.title}
      </RouterLink>{" "}
      <span className="muted">({labels.phase(r.phase)})</span>
    </li>
  );

  return (
    <PageSection id="about" title={t("aboutTitle")}>
      <div className="ini-sub">
        <Heading level={3} data-size="xs">
          {t("linksTitle")}
        </Heading>
        {i.links.length === 0 ? (
          <Empty>{t("noLinks")}</Empty>
        ) : (
          <DataTable
            caption={t("linksCaption")}
            captionHidden
            rows={i.links}
            rowKey={(l) => `${l.section}|${l.keyResult ?? ""}`}
            columns={[
              {
                key: "section",
                header: tc("focusArea"),
                rowHeader: true,
                cell: (l) => <RouterLink href={urls.focusArea(ctx.region, ctx.strategyId, l.section)}>{sectionText(l)}</RouterLink>,
              },
              {
                key: "kr",
                header: tc("keyResult"),
                cell: (l) => {
                  const kr = krOf(l);
                  if (!l.keyResult) return <span className="muted">{t("wholeFocusArea")}</span>;
                  return (
                    <RouterLink href={urls.keyResult(ctx.region, ctx.strategyId, l.keyResult)}>{kr ? `${kr.code} ${kr.title}` : t("keyResult")}</RouterLink>
                  );
                },
              },
              {
                key: "contribution",
                header: t("contribution"),
                cell: (l) => (
                  <span className="nowrap">
                    <span aria-hidden="true">{DIRECTION_SYMBOL[l.direction as Direction] ?? ""} </span>
                    {labels.contribution(l.direction, l.size)}
                  </span>
                ),
              },
              { key: "note", header: t("linkNote"), cell: (l) => l.note || <span className="muted">–</span> },
            ]}
          />
        )}
      </div>

      <div className="ini-columns">
        <div className="ini-sub">
          <Heading level={3} data-size="xs">
            {t("participantsTitle")}
          </Heading>
          {i.participants.length === 0 ? (
            <Empty>{t("noParticipants")}</Empty>
          ) : (
            <ul className="ini-list">
              {i.participants.map((p) => (
                <li key={p}>{orgName(p)}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="ini-sub">
          <Heading level={3} data-size="xs">
            {t("dependenciesTitle")}
          </Heading>
          {i.dependsOn.length === 0 && i.dependents.length === 0 ? (
            <Empty>{t("noDependencies")}</Empty>
          ) : (
            <>
              {i.dependsOn.length > 0 && (
                <>
                  <p className="ini-list-label">{t("dependsOnLabel")}</p>
                  <ul className="ini-list">{i.dependsOn.map(ref)}</ul>
                </>
              )}
              {i.dependents.length > 0 && (
                <>
                  <p className="ini-list-label">{t("dependentsLabel")}</p>
                  <ul className="ini-list">{i.dependents.map(ref)}</ul>
                </>
              )}
            </>
          )}
        </div>
        <div className="ini-sub">
          <Heading level={3} data-size="xs">
            {t("needsTitle")}
          </Heading>
          {i.needs.length === 0 ? (
            <Empty>{t("noNeeds")}</Empty>
          ) : (
            <ul className="ini-list">
              {i.needs.map((n) => (
                <li key={n.id}>
                  <RouterLink href={urls.needs(ctx.region, ctx.strategyId, { status: n.status })}>{n.title}</RouterLink> <span className="muted">({orgName(n.organisationId)})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </PageSection>
  );
}
