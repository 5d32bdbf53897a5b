import { Paragraph } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { useInitiatives, type InitiativeSummary } from "../../../api/portfolio.js";
import { useStrategyTree } from "../../../api/queries.js";
import { Chart } from "../../../components/Chart.js";
import { DataTable } from "../../../components/DataTable.js";
import { Loaded } from "../../../components/States.js";
import { useCurrent } from "../../../current.js";
import { formatNumber, formatValue } from "../../../format.js";
import { useT } from "../../../i18n/i18n.js";
import { CHART_COLORS } from "../chart-colors.js";
import { usePortfolioLabels } from "../labels.js";
import { portfolioMessages } from "../messages.js";
import { RagTag } from "../RagTag.js";
import { EmptyPortfolio, FilterBar, focusAreasOf, InitiativeLink, matches, NoMatch, PortfolioHead, totalCost, useInitiativeFilters, type FilterName } from "../shared.js";
import { bubbleMessages } from "./messages.js";

const FILTERS: FilterName[] = ["area", "org", "kind", "phase"];

/** A bubble's diameter in pixels from a risk score of 1–25. */
const bubbleSize = (risk: number) => 12 + Math.sqrt(risk) * 8;
const millions = (nok: number) => nok / 1_000_000;

function bubbleOption(rows: InitiativeSummary[], names: { x: string; y: string; withRisk: string; withoutRisk: string }): EChartsCoreOption {
  const risky = { symbol: "circle", itemStyle: { color: CHART_COLORS.secondary, opacity: 0.7, borderColor: "#ffffff", borderWidth: 1 } };
  const calm = { symbol: "diamond", symbolSize: 12, itemStyle: { color: CHART_COLORS.primary } };
  // One series, so labels that would overlap are hidden across all the bubbles; the second, empty
  // series only puts the diamond in the legend.
  // The largest first, so the small ones are drawn on top of them.
  const data = [...rows].sort((a, b) => (b.riskScore ?? 0) - (a.riskScore ?? 0)).map((i) => ({
    value: [i.contribution, millions(totalCost(i))],
    name: i.code,
    initiative: i,
    ...(i.riskScore === null ? calm : { ...risky, symbolSize: bubbleSize(i.riskScore) }),
  }));
  return {
    grid: { left: 16, right: 32, top: 40, bottom: 56, containLabel: true },
    legend: { bottom: 0, selectedMode: false, data: [names.withRisk, names.withoutRisk], textStyle: { color: CHART_COLORS.axis } },
    tooltip: {
      trigger: "item",
      formatter: (p: { data: { initiative: InitiativeSummary } }) => {
        const i = p.data.initiative;
        return `${i.code} ${i.title}<br>${names.x}: ${formatNumber(i.contribution, 0)}<br>${formatValue(totalCost(i), "nok")}${i.riskScore !== null ? `<br>${i.riskScore} / 25` : ""}`;
      },
    },
    xAxis: {
      type: "value",
      name: names.x,
      nameLocation: "middle",
      nameGap: 28,
      minInterval: 1,
      // Room beside the outermost bubbles for their labels.
      min: (v: { min: number }) => Math.min(0, v.min - 1),
      max: (v: { max: number }) => v.max + 1,
      axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 0) },
      nameTextStyle: { color: CHART_COLORS.axis },
      splitLine: { lineStyle: { color: CHART_COLORS.grid } },
    },
    yAxis: {
      type: "value",
      name: names.y,
      min: 0,
      nameTextStyle: { color: CHART_COLORS.axis, align: "left" },
      axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 1) },
      splitLine: { lineStyle: { color: CHART_COLORS.grid } },
    },
    series: [
      {
        name: names.withRisk,
        type: "scatter",
        ...risky,
        data,
        label: { show: true, position: "right", formatter: (p: { name: string }) => p.name, color: CHART_COLORS.axis, fontSize: 11 },
        labelLayout: { hideOverlap: true },
      },
      { name: names.withoutRisk, type: "scatter", ...calm, data: [] },
    ],
  };
}

/** The portfolio as bubbles: what each initiative gives the strategy, what it costs, and how risky it is. */
export default function Bubbles() {
  const t = useT(bubbleMessages);
  const tp = useT(portfolioMessages);
  const labels = usePortfolioLabels();
  const { strategyId, strategy } = useCurrent();
  const tree = useStrategyTree(strategyId);
  const initiatives = useInitiatives(strategyId);
  const filters = useInitiativeFilters();
  const { areas, areaOf } = useMemo(() => focusAreasOf(tree.data), [tree.data]);
  const shown = useMemo(() => (initiatives.data ?? []).filter((i) => matches(i, filters.values, areaOf)), [initiatives.data, filters.values, areaOf]);
  const option = useMemo(
    () => bubbleOption(shown, { x: t("axisContribution"), y: t("axisCost"), withRisk: t("withRisk"), withoutRisk: t("withoutRisk") }),
    [shown, t],
  );

  return (
    <>
      <PortfolioHead title={t("title")} intro={t("intro")} view="bubbles" strategyTitle={strategy?.title} />
      <Loaded query={initiatives}>
        {(all) => {
          if (all.length === 0) return <EmptyPortfolio />;
          const xs = shown.map((i) => i.contribution);
          const ys = shown.map(totalCost);
          return (
            <div className="stack">
              <FilterBar show={FILTERS} filters={filters} initiatives={all} areas={areas} shown={shown.length} />
              {shown.length === 0 ? (
                <NoMatch onClear={() => FILTERS.forEach((f) => filters.set(f, ""))} />
              ) : (
                <>
                  <Chart
                    title={t("chartTitle")}
                    summary={t("chartSummary", {
                      count: shown.length,
                      minX: formatNumber(Math.min(...xs), 0),
                      maxX: formatNumber(Math.max(...xs), 0),
                      minY: formatValue(Math.min(...ys), "nok"),
                      maxY: formatValue(Math.max(...ys), "nok"),
                    })}
                    option={option}
                    height={420}
                    table={
                      <DataTable<InitiativeSummary>
                        caption={t("tableCaption")}
                        rows={shown.slice().sort((a, b) => b.contribution - a.contribution || a.code.localeCompare(b.code, "nb"))}
                        rowKey={(i) => i.id}
                        columns={[
                          { key: "initiative", header: tp("initiative"), rowHeader: true, cell: (i) => <InitiativeLink initiative={i} /> },
                          { key: "phase", header: tp("phase"), cell: (i) => labels.phase(i.phase) },
                          { key: "contribution", header: tp("contribution"), numeric: true, cell: (i) => formatNumber(i.contribution, 0) },
                          { key: "cost", header: tp("totalCost"), numeric: true, cell: (i) => <span className="nowrap">{formatValue(totalCost(i), "nok")}</span> },
                          { key: "risk", header: tp("riskScore"), numeric: true, cell: (i) => (i.riskScore === null ? t("noRisk") : t("riskValue", { score: i.riskScore })) },
                          { key: "status", header: tp("latestStatus"), cell: (i) => <RagTag rag={i.latestStatus?.overall} /> },
                        ]}
                      />
                    }
                  />
                  <Paragraph data-size="sm" className="muted">
                    {t("explainContribution")}
                  </Paragraph>
                </>
              )}
            </div>
          );
        }}
      </Loaded>
    </>
  );
}
