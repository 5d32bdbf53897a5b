import { Alert, Heading, Paragraph, Tabs, Tag } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo, type ReactNode } from "react";
import { Link as RouterLink } from "wouter";
import { useBenefitsReport, useCoverage, type BenefitsReport } from "../../api/portfolio.js";
import { useOrganisations } from "../../api/queries.js";
import { Chart, SERIES_STYLES } from "../../components/Chart.js";
import { DataTable } from "../../components/DataTable.js";
import { Loaded } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { urls } from "../../urls.js";
import { CHART_COLORS } from "../portfolio/chart-colors.js";
import "./benefits.css";
import { benefitsMessages } from "./messages.js";

const VIEWS = ["initiatives", "areas", "organisations"] as const;
type View = (typeof VIEWS)[number];

type Rollup = BenefitsReport["totals"];
/** One line of a view: what it is called, where it links, and its figures. */
interface Line extends Rollup {
  key: string;
  name: string;
  /** The short name on the chart's axis. */
  short: string;
  href?: string;
  extra?: ReactNode;
}

const share = (achieved: number, planned: number) => (planned > 0 ? achieved / planned : null);

/**
 * The benefit realisation report: the benefits the portfolio's initiatives promised against what
 * they have achieved, in kroner and in staff hours freed per year, per initiative, focus area and
 * trust; and the benefits whose plan lacks an indicator, a responsible, a baseline, or is late.
 */
export default function Benefits() {
  const t = useT(benefitsMessages);
  const { strategyId, strategy } = useCurrent();
  const report = useBenefitsReport(strategyId);
  usePageTitle(strategy ? `${t("title")}: ${strategy.title}` : t("title"));
  return (
    <div className="benefits-page">
      <div>
        <Heading level={1} data-size="lg">
          {t("title")}
        </Heading>
        <Paragraph className="muted">{t("intro")}</Paragraph>
      </div>
      <Loaded query={report}>{(data) => (data.totals.count === 0 ? <NoBenefits /> : <Report data={data} />)}</Loaded>
    </div>
  );
}

function NoBenefits() {
  const t = useT(benefitsMessages);
  const { region, strategyId, strategy } = useCurrent();
  const { can } = useCan();
  return (
    <Alert data-color="info">
      <Heading level={2} data-size="xs">
        {t("emptyTitle")}
      </Heading>
      <Paragraph>{t("emptyText")}</Paragraph>
      <Paragraph>
        <RouterLink href={urls.portfolio(region, strategyId)}>{t("toPortfolio")}</RouterLink>
        {strategy && can({ do: "portfolio.govern", organisation: strategy.owner }) && (
          <>
            {" · "}
            <RouterLink href={urls.newInitiative(region, strategyId)}>{t("newInitiative")}</RouterLink>
          </>
        )}
      </Paragraph>
    </Alert>
  );
}

function Report({ data }: { data: BenefitsReport }) {
  const t = useT(benefitsMessages);
  const tc = useT(common);
  const { region, strategyId } = useCurrent();
  const orgs = useOrganisations();
  const coverage = useCoverage(strategyId);
  const [viewParam, setView] = useQueryParam("view", "initiatives");
  const view: View = (VIEWS as readonly string[]).includes(viewParam) ? (viewParam as View) : "initiatives";
  const org = (id: string) => orgs.data?.find((o) => o.id === id);
  const sections = new Map((coverage.data?.sections ?? []).map((s) => [s.key, s]));

  const lines: Record<View, Line[]> = {
    initiatives: data.byInitiative.map((i) => ({
      ...i,
      key: i.initiativeId,
      name: `${i.code} ${i.title}`,
      short: i.code,
      href: `${urls.initiative(region, strategyId, i.initiativeId)}#benefits`,
    })),
    areas: data.bySection.map((s) => {
      const section = sections.get(s.section);
      return { ...s, key: s.section, name: section ? [section.code, section.title].filter(Boolean).join(" ") : s.section, short: section?.code ?? s.section, href: urls.focusArea(region, strategyId, s.section) };
    }),
    organisations: data.byOrganisation.map((o) => ({ ...o, key: o.organisation, name: org(o.organisation)?.name ?? o.organisation, short: org(o.organisation)?.shortName ?? o.organisation })),
  };
  const tabLabel: Record<View, string> = { initiatives: t("byInitiative"), areas: t("byArea"), organisations: t("byOrganisation") };
  const nameHeader: Record<View, string> = { initiatives: t("initiative"), areas: tc("focusArea"), organisations: tc("organisation") };

  return (
    <>
      <Totals totals={data.totals} />
      <section aria-labelledby="views-title" className="stack">
        <Heading level={2} data-size="md" id="views-title">
          {t("plannedVsAchieved")}
        </Heading>
        {view === "areas" && <Paragraph data-size="sm" className="muted">{t("areasNote")}</Paragraph>}
        <Tabs value={view} onChange={(v) => setView(v === "initiatives" ? undefined : v)}>
          <Tabs.List>
            {VIEWS.map((v) => (
              <Tabs.Tab key={v} value={v}>
                {tabLabel[v]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {VIEWS.map((v) => (
            <Tabs.Panel key={v} value={v}>
              {v === view && <ViewPanel lines={lines[v]} title={tabLabel[v]} nameHeader={nameHeader[v]} />}
            </Tabs.Panel>
          ))}
        </Tabs>
      </section>
      <Flags data={data} />
    </>
  );
}

function Totals({ totals }: { totals: Rollup }) {
  const t = useT(benefitsMessages);
  const nokShare = share(totals.achieved.valueNok, totals.planned.valueNok);
  const hoursShare = share(totals.achieved.hoursFreed, totals.planned.hoursFreed);
  return (
    <section aria-labelledby="totals-title" className="stack">
      <Heading level={2} data-size="md" id="totals-title">
        {t("totalsTitle")}
      </Heading>
      <ul className="benefit-figures">
        <li>
          <span className="figure">{formatValue(totals.achieved.valueNok, "nok")}</span>
          <span>{t("figureNok", { planned: formatValue(totals.planned.valueNok, "nok") })}</span>
          {nokShare !== null && <span className="muted">{t("shareAchieved", { share: formatNumber(nokShare * 100, 0) })}</span>}
        </li>
        <li>
          <span className="figure">{formatNumber(totals.achieved.hoursFreed, 0)}</span>
          <span>{t("figureHours", { planned: formatNumber(totals.planned.hoursFreed, 0) })}</span>
          {hoursShare !== null && <span className="muted">{t("shareAchieved", { share: formatNumber(hoursShare * 100, 0) })}</span>}
        </li>
        <li>
          <span className="figure">
            {formatNumber(totals.realised, 0)}
            <span className="figure-of"> / {formatNumber(totals.count, 0)}</span>
          </span>
          <span>{t("figureRealised", { count: totals.count })}</span>
        </li>
      </ul>
    </section>
  );
}

type Measure = "valueNok" | "hoursFreed";

function ViewPanel({ lines, title, nameHeader }: { lines: Line[]; title: string; nameHeader: string }) {
  const t = useT(benefitsMessages);
  if (lines.length === 0) return <Paragraph className="muted">{t("viewEmpty")}</Paragraph>;
  const fmt = (m: Measure, n: number) => (m === "valueNok" ? formatValue(n, "nok") : formatNumber(n, 0));
  const chart = (m: Measure) => {
    const measureName = m === "valueNok" ? t("nokPerYear") : t("hoursPerYear");
    return (
      <MeasureChart
        key={m}
        lines={lines}
        measure={m}
        title={t("chartTitle", { measure: measureName, view: title.toLocaleLowerCase() })}
        table={
          <DataTable<Line>
            caption={t("chartTitle", { measure: measureName, view: title.toLocaleLowerCase() })}
            rows={lines}
            rowKey={(l) => l.key}
            columns={[
              { key: "name", header: nameHeader, rowHeader: true, cell: (l) => (l.href ? <RouterLink href={l.href}>{l.name}</RouterLink> : l.name) },
              { key: "planned", header: t("planned"), numeric: true, cell: (l) => <span className="nowrap">{fmt(m, l.planned[m])}</span> },
              { key: "achieved", header: t("achieved"), numeric: true, cell: (l) => <span className="nowrap">{fmt(m, l.achieved[m])}</span> },
              {
                key: "share",
                header: t("share"),
                numeric: true,
                cell: (l) => {
                  const s = share(l.achieved[m], l.planned[m]);
                  return s === null ? "–" : `${formatNumber(s * 100, 0)} %`;
                },
              },
              { key: "count", header: t("benefitsCount"), numeric: true, cell: (l) => t("realisedOf", { realised: l.realised, count: l.count }) },
            ]}
          />
        }
      />
    );
  };
  return <div className="benefit-charts">{(["valueNok", "hoursFreed"] as const).map(chart)}</div>;
}

function MeasureChart({ lines, measure, title, table }: { lines: Line[]; measure: Measure; title: string; table: ReactNode }) {
  const t = useT(benefitsMessages);
  const option = useMemo((): EChartsCoreOption => {
    const scale = measure === "valueNok" ? 1_000_000 : 1;
    const series = (["planned", "achieved"] as const).map((part, i) => ({
      name: t(part),
      type: "bar",
      data: lines.map((l) => l[part][measure] / scale),
      barMaxWidth: 18,
      itemStyle: { color: [CHART_COLORS.muted, CHART_COLORS.primary][i], decal: { symbol: SERIES_STYLES[i]?.symbol ?? "rect" } },
    }));
    const unit = measure === "valueNok" ? t("millionKr") : t("hours");
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 40, containLabel: true },
      legend: { bottom: 0, textStyle: { color: CHART_COLORS.axis } },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${formatNumber(v, measure === "valueNok" ? 1 : 0)} ${unit}` },
      yAxis: { type: "category", inverse: true, data: lines.map((l) => l.short), axisLabel: { color: CHART_COLORS.axis } },
      xAxis: {
        type: "value",
        name: unit,
        nameLocation: "end",
        nameTextStyle: { color: CHART_COLORS.axis },
        axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 1) },
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
      },
      series,
    };
  }, [lines, measure, t]);
  const totalPlanned = lines.reduce((s, l) => s + l.planned[measure], 0);
  const totalAchieved = lines.reduce((s, l) => s + l.achieved[measure], 0);
  const fmt = (n: number) => (measure === "valueNok" ? formatValue(n, "nok") : formatNumber(n, 0));
  return (
    <Chart
      title={title}
      summary={t("chartSummary", { count: lines.length, planned: fmt(totalPlanned), achieved: fmt(totalAchieved) })}
      option={option}
      height={Math.max(160, lines.length * 44 + 72)}
      table={table}
    />
  );
}

type Flag = BenefitsReport["flags"][number];

/** The flags per benefit: one row for each benefit that lacks something, with all it lacks. */
function flaggedBenefits(flags: readonly Flag[]): { benefit: string; title: string; initiative: string; code: string; problems: Flag["problem"][] }[] {
  const out = new Map<string, { benefit: string; title: string; initiative: string; code: string; problems: Flag["problem"][] }>();
  for (const f of flags) {
    const row = out.get(f.benefit) ?? { benefit: f.benefit, title: f.title, initiative: f.initiative, code: f.code, problems: [] };
    row.problems.push(f.problem);
    out.set(f.benefit, row);
  }
  return [...out.values()];
}

function Flags({ data }: { data: BenefitsReport }) {
  const t = useT(benefitsMessages);
  const { region, strategyId } = useCurrent();
  const rows = flaggedBenefits(data.flags);
  return (
    <section aria-labelledby="flags-title" className="stack">
      <Heading level={2} data-size="md" id="flags-title">
        {t("flagsTitle")}
      </Heading>
      <Paragraph className="muted">{t("flagsIntro")}</Paragraph>
      {rows.length === 0 ? (
        <Alert data-color="success">
          <Paragraph>{t("noFlags")}</Paragraph>
        </Alert>
      ) : (
        <>
          <ul className="status-counts">
            {(["no_indicator", "no_responsible", "no_baseline", "overdue"] as const).map((p) => (
              <li key={p}>
                <Tag data-color={p === "overdue" ? "danger" : "warning"} data-size="sm">
                  {t("flagCount", { problem: t(`flag_${p}`), count: data.flags.filter((f) => f.problem === p).length })}
                </Tag>
              </li>
            ))}
          </ul>
          <DataTable
            caption={t("flagsCaption", { count: rows.length })}
            rows={rows}
            rowKey={(f) => f.benefit}
            columns={[
              { key: "benefit", header: t("benefit"), rowHeader: true, cell: (f) => f.title },
              {
                key: "initiative",
                header: t("initiative"),
                cell: (f) => <RouterLink href={`${urls.initiative(region, strategyId, f.initiative)}#benefits`}>{f.code}</RouterLink>,
              },
              {
                key: "problem",
                header: t("problem"),
                cell: (f) => (
                  <div className="benefit-tags">
                    {f.problems.map((p) => (
                      <Tag key={p} data-color={p === "overdue" ? "danger" : "warning"} data-size="sm" className="status-tag">
                        <span aria-hidden="true" className="status-symbol">
                          !
                        </span>{" "}
                        {t(`flag_${p}`)}
                      </Tag>
                    ))}
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
