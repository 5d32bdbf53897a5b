import { Alert, Button, Card, Heading, Paragraph, Tabs, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { Link as RouterLink } from "wouter";
import { dateParam, isDate } from "../../address.js";
import type { Organisation } from "../../api/client.js";
import { useOrganisations } from "../../api/queries.js";
import { DataTable } from "../../components/DataTable.js";
import { Loaded } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { formatDate, formatNumber } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel, today } from "../../periods.js";
import { urls } from "../../urls.js";
import "./missing.css";
import { missingMessages } from "./messages.js";
import { useMissingReports, type MissingReports } from "./queries.js";

type KeyResultReport = MissingReports["keyResults"][number];
const VIEWS = ["organisations", "key-results"] as const;

/** The date field: edits stay local until they make a whole date, which then goes into the address. */
function AsOfField({ asOf, setAsOf }: { asOf: string; setAsOf: (d: string | undefined) => void }) {
  const t = useT(missingMessages);
  const [draft, setDraft] = useState(asOf);
  useEffect(() => setDraft(asOf), [asOf]);
  const now = today();
  return (
    <div className="as-of">
      <Textfield
        label={t("asOf")}
        description={t("asOfHelp")}
        type="date"
        id="as-of"
        value={draft}
        onChange={(e) => {
          const v = e.target.value;
          setDraft(v);
          if (isDate(v)) setAsOf(v === now ? undefined : v);
        }}
      />
      {asOf !== now && (
        <Button variant="tertiary" data-size="sm" onClick={() => setAsOf(undefined)}>
          {t("today")}
        </Button>
      )}
    </div>
  );
}

export default function Missing() {
  const t = useT(missingMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const { region, strategyId, strategy } = useCurrent();
  const [asOfParam, setAsOf] = useQueryParam("asOf", today());
  const [viewParam, setView] = useQueryParam("view", "organisations");
  // A day that is not one (`?asOf=2026-13-45`) is explained by the page's error boundary.
  const asOf = dateParam("asOf", asOfParam);
  const view = (VIEWS as readonly string[]).includes(viewParam) ? viewParam : "organisations";
  const report = useMissingReports(strategyId, asOf);
  const orgs = useOrganisations();
  usePageTitle(strategy ? `${tc("navMissing")}: ${strategy.title}` : tc("navMissing"));

  const date = formatDate(asOf);
  const strategyLang = strategy?.language;
  const orgById = new Map<string, Organisation>((orgs.data ?? []).map((o) => [o.id, o]));
  const orgName = (id: string) => orgById.get(id)?.name ?? id;
  const orgShort = (id: string) => orgById.get(id)?.shortName ?? id;

  return (
    <>
      <div className="page-head">
        <div>
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          <Paragraph className="muted">{t("intro", { date })}</Paragraph>
        </div>
        <AsOfField asOf={asOf} setAsOf={setAsOf} />
      </div>
      <Loaded query={report}>
        {(data) => {
          if (data.keyResults.length === 0) {
            return (
              <Alert data-color="info">
                <Paragraph>{tc("noKeyResults")}</Paragraph>
                <Paragraph>
                  <RouterLink href={urls.overview(region, strategyId)}>{tc("backToOverview")}</RouterLink>
                </Paragraph>
              </Alert>
            );
          }
          const expected = new Set(data.keyResults.flatMap((k) => k.expected));
          if (expected.size === 0) return <Alert data-color="info">{t("nobodyExpected")}</Alert>;

          const incomplete = data.keyResults.filter((k) => k.missing.length > 0);
          const totalMissing = incomplete.reduce((n, k) => n + k.missing.length, 0);
          const orgsMissing = data.byOrganisation.filter((o) => o.missing.length > 0).sort((a, b) => b.missing.length - a.missing.length);
          const krById = new Map(data.keyResults.map((k) => [k.keyResultId, k]));
          const periods = [...new Set(data.keyResults.map((k) => k.period))].map((p) => {
            const krs = data.keyResults.filter((k) => k.period === p);
            return { period: p, count: krs.length, missing: krs.reduce((n, k) => n + k.missing.length, 0) };
          });

          return (
            <>
              <section aria-labelledby="summary-heading" className="stack">
                <Heading level={2} data-size="sm" id="summary-heading">
                  {t("summary")}
                </Heading>
                {totalMissing === 0 ? (
                  <Alert data-color="success">
                    <Heading level={3} data-size="xs">
                      {t("allReportedTitle")}
                    </Heading>
                    <Paragraph>{t("allReported", { orgs: expected.size, krs: data.keyResults.length, date })}</Paragraph>
                  </Alert>
                ) : (
                  <ul className="missing-figures">
                    <li>
                      <span className="figure">{formatNumber(totalMissing, 0)}</span> <span>{t("figureReports", { count: totalMissing })}</span>
                    </li>
                    <li>
                      <span className="figure">
                        {formatNumber(orgsMissing.length, 0)}
                        <span className="figure-of"> / {formatNumber(expected.size, 0)}</span>
                      </span>{" "}
                      <span>{t("figureOrganisations", { count: orgsMissing.length })}</span>
                    </li>
                    <li>
                      <span className="figure">{formatNumber(incomplete.length, 0)}</span>{" "}
                      <span>{t("figureKeyResults", { total: data.keyResults.length })}</span>
                    </li>
                  </ul>
                )}
                <div>
                  <Heading level={3} data-size="2xs">
                    {t("periodsChecked")}
                  </Heading>
                  <ul className="periods-checked">
                    {periods.map((p) => (
                      <li key={p.period}>{t("periodLine", { period: periodLabel(p.period, lang), count: p.count, missing: p.missing })}</li>
                    ))}
                  </ul>
                </div>
              </section>

              {totalMissing > 0 && (
                <section aria-labelledby="details-heading" className="stack missing-details">
                  <Heading level={2} data-size="sm" id="details-heading">
                    {t("detailsHeading")}
                  </Heading>
                  <Tabs data-size="sm" value={view} onChange={(v) => setView(v === "organisations" ? undefined : v)}>
                    <Tabs.List aria-label={t("views")}>
                      <Tabs.Tab value="organisations">
                        {t("byOrganisation")} ({orgsMissing.length})
                      </Tabs.Tab>
                      <Tabs.Tab value="key-results">
                        {t("byKeyResult")} ({incomplete.length})
                      </Tabs.Tab>
                    </Tabs.List>
                    <Tabs.Panel value="organisations">
                      <ul className="missing-orgs">
                        {orgsMissing.map((o) => {
                          const name = orgName(o.organisation);
                          return (
                            <li key={o.organisation}>
                              <Card data-color="neutral" className="missing-org">
                                <Heading level={3} data-size="xs">
                                  {name}
                                </Heading>
                                <Paragraph data-size="sm" className="missing-count">
                                  {t("orgMissing", { count: o.missing.length })}
                                </Paragraph>
                                <ul className="missing-krs" aria-label={t("orgListLabel", { name })}>
                                  {o.missing.map((m) => (
                                    <li key={m.keyResultId}>
                                      <RouterLink href={urls.keyResult(region, strategyId, m.keyResultId, { org: o.organisation, period: m.period })}>
                                        <span className="kr-code">{m.code}</span>{" "}
                                        <span lang={strategyLang}>{krById.get(m.keyResultId)?.title ?? ""}</span>
                                      </RouterLink>{" "}
                                      <span className="muted missing-period">{t("reportFor", { period: periodLabel(m.period, lang) })}</span>
                                    </li>
                                  ))}
                                </ul>
                              </Card>
                            </li>
                          );
                        })}
                      </ul>
                    </Tabs.Panel>
                    <Tabs.Panel value="key-results">
                      <DataTable<KeyResultReport>
                        caption={t("krCaption", { date })}
                        rows={incomplete}
                        rowKey={(k) => k.keyResultId}
                        columns={[
                          {
                            key: "kr",
                            header: tc("keyResult"),
                            rowHeader: true,
                            cell: (k) => (
                              <RouterLink href={urls.keyResult(region, strategyId, k.keyResultId, { period: k.period })} className="missing-kr-link">
                                <span className="kr-code">{k.code}</span> <span lang={strategyLang}>{k.title}</span>
                              </RouterLink>
                            ),
                          },
                          { key: "period", header: t("colPeriod"), cell: (k) => <span className="nowrap">{periodLabel(k.period, lang)}</span> },
                          {
                            key: "missing",
                            header: t("colMissing"),
                            numeric: true,
                            cell: (k) => <span className="nowrap">{t("missingOf", { missing: k.missing.length, expected: k.expected.length })}</span>,
                          },
                          {
                            key: "orgs",
                            header: t("colOrganisations"),
                            cell: (k) => (
                              <ul className="missing-org-links">
                                {k.missing.map((id) => (
                                  <li key={id}>
                                    <RouterLink href={urls.keyResult(region, strategyId, k.keyResultId, { org: id, period: k.period })} title={orgName(id)}>
                                      {orgShort(id)}
                                      {orgShort(id) !== orgName(id) && <span className="visually-hidden"> ({orgName(id)})</span>}
                                    </RouterLink>
                                  </li>
                                ))}
                              </ul>
                            ),
                          },
                        ]}
                      />
                      <Paragraph data-size="sm" className="muted">
                        {t("completeNote", { count: data.keyResults.length - incomplete.length })}
                      </Paragraph>
                    </Tabs.Panel>
                  </Tabs>
                </section>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
