import { Heading, Paragraph } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { useInitiatives, type InitiativeSummary } from "../../../api/portfolio.js";
import { useStrategyTree } from "../../../api/queries.js";
import { Chart } from "../../../components/Chart.js";
import { DataTable } from "../../../components/DataTable.js";
import { Loaded } from "../../../components/States.js";
import { useCurrent } from "../../../current.js";
import { formatDate } from "../../../format.js";
import { useT } from "../../../i18n/i18n.js";
import { today } from "../../../periods.js";
import { CHART_COLORS } from "../chart-colors.js";
import { usePortfolioLabels } from "../labels.js";
import { portfolioMessages } from "../messages.js";
import { areaName, EmptyPortfolio, FilterBar, focusAreasOf, InitiativeLink, matches, NoMatch, PortfolioHead, useInitiativeFilters, type FilterName, type FocusArea } from "../shared.js";
import { roadmapMessages } from "./messages.js";

const FILTERS: FilterName[] = ["phase", "area"];
const NO_AREA = "";

type Dated = InitiativeSummary & { plannedStart: string; plannedEnd: string };
const isDated = (i: InitiativeSummary): i is Dated => !!i.plannedStart && !!i.plannedEnd;

/** A date as a year with its fraction (1 July 2026 ≈ 2026.5): the roadmap's axis runs in years. */
function yearOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const start = Date.UTC(y, 0, 1);
  return y + (Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) - start) / (Date.UTC(y + 1, 0, 1) - start);
}

/** Planned start → end as horizontal bars on a time line of whole years, with today marked. */
function roadmapOption(rows: Dated[], todayLabel: string): EChartsCoreOption {
  const first = Math.floor(Math.min(...rows.map((r) => yearOf(r.plannedStart))));
  const last = Math.floor(Math.max(...rows.map((r) => yearOf(r.plannedEnd)))) + 1;
  const now = yearOf(today());
  return {
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        return r ? `${r.code} ${r.title}<br>${formatDate(r.plannedStart)} – ${formatDate(r.plannedEnd)}` : "";
      },
    },
    xAxis: {
      type: "value",
      min: first,
      max: last,
      interval: 1,
      position: "top",
      axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => String(v) },
      splitLine: { lineStyle: { color: CHART_COLORS.grid } },
    },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => r.code), axisTick: { show: false }, axisLabel: { color: CHART_COLORS.axis } },
    series: [
      // An invisible bar up to the start, so the visible one begins there (a stacked Gantt bar).
      { type: "bar", stack: "plan", silent: true, tooltip: { show: false }, emphasis: { disabled: true }, itemStyle: { color: "transparent" }, data: rows.map((r) => yearOf(r.plannedStart)) },
      {
        type: "bar",
        stack: "plan",
        barMaxWidth: 16,
        itemStyle: { color: CHART_COLORS.primary, borderRadius: 3 },
        data: rows.map((r) => Math.max(yearOf(r.plannedEnd) - yearOf(r.plannedStart), 0.01)),
        ...(now >= first && now <= last
          ? {
              markLine: {
                symbol: "none",
                silent: true,
                lineStyle: { type: "dashed", width: 2, color: CHART_COLORS.mark },
                label: { formatter: todayLabel, position: "end", color: CHART_COLORS.mark },
                data: [{ xAxis: now }],
              },
            }
          : {}),
      },
    ],
  };
}

/** The portfolio's timeline: planned start to end of each initiative, one chart per focus area. */
export default function Roadmap() {
  const t = useT(roadmapMessages);
  const { strategyId, strategy } = useCurrent();
  const tree = useStrategyTree(strategyId);
  const initiatives = useInitiatives(strategyId);
  const filters = useInitiativeFilters();
  const { areas, areaOf } = useMemo(() => focusAreasOf(tree.data), [tree.data]);

  return (
    <>
      <PortfolioHead title={t("title")} intro={t("intro")} view="roadmap" strategyTitle={strategy?.title} />
      <Loaded query={initiatives}>
        {(all) => {
          if (all.length === 0) return <EmptyPortfolio />;
          const shown = all.filter((i) => matches(i, filters.values, areaOf));
          // An initiative serving several focus areas is on each one's roadmap.
          const areasOf = (i: InitiativeSummary) => {
            const keys = new Set([...i.sectionKeys, ...(i.themeKey ? [i.themeKey] : [])].map((k) => areaOf.get(k)).filter((k): k is string => k !== undefined));
            return keys.size > 0 ? [...keys] : [NO_AREA];
          };
          const dated = shown.filter(isDated);
          const undated = shown.filter((i) => !isDated(i));
          const groups: { area: FocusArea; rows: Dated[] }[] = [...areas, { key: NO_AREA, code: null, title: t("noArea") }]
            .filter((a) => !filters.values.area || a.key === filters.values.area)
            .map((area) => ({
              area,
              rows: dated.filter((i) => areasOf(i).includes(area.key)).sort((a, b) => a.plannedStart.localeCompare(b.plannedStart) || a.code.localeCompare(b.code, "nb")),
            }))
            .filter((g) => g.area.key !== NO_AREA || g.rows.length > 0);
          return (
            <div className="stack">
              <FilterBar show={FILTERS} filters={filters} initiatives={all} areas={areas} shown={shown.length} />
              {shown.length === 0 ? (
                <NoMatch onClear={() => FILTERS.forEach((f) => filters.set(f, ""))} />
              ) : (
                <>
                  {groups.map((g) => (
                    <AreaRoadmap key={g.area.key || "none"} area={g.area} rows={g.rows} />
                  ))}
                  {undated.length > 0 && <Undated initiatives={undated} />}
                </>
              )}
            </div>
          );
        }}
      </Loaded>
    </>
  );
}

function AreaRoadmap({ area, rows }: { area: FocusArea; rows: Dated[] }) {
  const t = useT(roadmapMessages);
  const tp = useT(portfolioMessages);
  const labels = usePortfolioLabels();
  const { strategy } = useCurrent();
  const name = areaName(area);
  const id = `area-${area.key || "none"}`;
  const option = useMemo(() => (rows.length > 0 ? roadmapOption(rows, t("today")) : null), [rows, t]);
  const from = rows.reduce((m, r) => (r.plannedStart < m ? r.plannedStart : m), rows[0]?.plannedStart ?? "");
  const to = rows.reduce((m, r) => (r.plannedEnd > m ? r.plannedEnd : m), rows[0]?.plannedEnd ?? "");
  return (
    <section aria-labelledby={id} className="portfolio-section stack">
      <Heading level={2} data-size="sm" id={id} lang={area.key ? strategy?.language : undefined}>
        {name}
      </Heading>
      {option === null ? (
        <Paragraph className="muted">{t("areaEmpty")}</Paragraph>
      ) : (
        <Chart
          title={t("chartTitle", { area: name })}
          summary={t("chartSummary", { count: rows.length, from: formatDate(from), to: formatDate(to) })}
          option={option}
          height={56 + rows.length * 30}
          table={
            <DataTable<Dated>
              caption={t("tableCaption", { area: name })}
              rows={rows}
              rowKey={(r) => r.id}
              columns={[
                { key: "initiative", header: tp("initiative"), rowHeader: true, cell: (r) => <InitiativeLink initiative={r} /> },
                { key: "phase", header: tp("phase"), cell: (r) => labels.phase(r.phase) },
                { key: "start", header: t("start"), cell: (r) => <span className="nowrap">{formatDate(r.plannedStart)}</span> },
                { key: "end", header: t("end"), cell: (r) => <span className="nowrap">{formatDate(r.plannedEnd)}</span> },
              ]}
            />
          }
        />
      )}
    </section>
  );
}

function Undated({ initiatives }: { initiatives: InitiativeSummary[] }) {
  const t = useT(roadmapMessages);
  const labels = usePortfolioLabels();
  return (
    <section aria-labelledby="undated-heading" className="portfolio-section stack">
      <Heading level={2} data-size="sm" id="undated-heading">
        {t("undated")}
      </Heading>
      <Paragraph>{t("undatedIntro")}</Paragraph>
      <ul className="undated-list">
        {initiatives.map((i) => (
          <li key={i.id}>
            <InitiativeLink initiative={i} /> <span className="muted">({labels.phase(i.phase)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
