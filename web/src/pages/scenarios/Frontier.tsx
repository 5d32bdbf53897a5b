import { Button, Heading, Paragraph, Spinner, Table } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { ApiError, client, ok } from "../../api/client.js";
import { storeScenario, type FrontierPoint, type Scenario } from "../../api/scenarios.js";
import { Chart, SERIES_STYLES } from "../../components/Chart.js";
import { formatDateTime, formatNumber } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { CHART_COLORS } from "../portfolio/chart-colors.js";
import { scenarioMessages } from "./messages.js";
import { StatusText } from "./parts.js";
import { millions } from "./words.js";

const LINE_COLORS = [CHART_COLORS.primary, CHART_COLORS.secondary, CHART_COLORS.tertiary, CHART_COLORS.mark];

/** The total budget a frontier's levels scale: the scenario's own (factor 1). */
export const ownBudget = (points: FrontierPoint[]) => {
  const p = points.find((x) => x.factor > 0);
  return p ? p.budget / p.factor : 0;
};

export interface FrontierLine {
  name: string;
  points: FrontierPoint[];
  /** The scenario's own solve, marked on its line at factor 1. */
  own: number | null;
}

/**
 * Efficient frontiers: the best strategic value against the total budget, one line per scenario,
 * each marked at its own budget; the levels without a solution show in the table only.
 */
export function FrontierChart({ lines, caption, named }: { lines: FrontierLine[]; caption: string; named: boolean }) {
  const t = useT(scenarioMessages);
  const option = useMemo((): EChartsCoreOption => {
    const series = lines.flatMap((l, i) => {
      const style = SERIES_STYLES[i % SERIES_STYLES.length]!;
      const colour = LINE_COLORS[i % LINE_COLORS.length];
      const feasible = l.points.filter((p) => p.status !== "infeasible");
      const own = ownBudget(l.points) / 1_000_000;
      return [
        {
          name: named ? l.name : t("frontierSeries"),
          type: "line",
          data: feasible.map((p) => [p.budget / 1_000_000, p.value]),
          symbol: style.symbol,
          symbolSize: 7,
          lineStyle: { type: style.type, color: colour },
          itemStyle: { color: colour },
          markLine: { symbol: "none", silent: true, label: { formatter: named ? l.name : t("ownBudget"), color: CHART_COLORS.axis }, lineStyle: { color: colour, type: "dotted" }, data: [{ xAxis: own }] },
        },
        ...(l.own === null
          ? []
          : [
              {
                name: named ? `${l.name}: ${t("ownMark")}` : t("ownBudget"),
                type: "scatter",
                data: [[own, l.own]],
                symbol: "diamond",
                symbolSize: 16,
                itemStyle: { color: colour, borderColor: "#000", borderWidth: 1 },
              },
            ]),
      ];
    });
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 64, containLabel: true },
      legend: { bottom: 0, textStyle: { color: CHART_COLORS.axis } },
      tooltip: { trigger: "item", formatter: (p: { seriesName: string; value: [number, number] }) => `${p.seriesName}: ${t("mnok", { value: formatNumber(p.value[0], 1) })} → ${formatNumber(p.value[1], 1)}` },
      xAxis: { type: "value", name: t("axisBudget"), nameLocation: "middle", nameGap: 28, scale: true, axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 0) } },
      yAxis: { type: "value", name: t("axisValue"), scale: true, axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 0) }, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
      series,
    };
  }, [lines, named, t]);
  const all = lines.flatMap((l) => l.points.filter((p) => p.status !== "infeasible"));
  const summary =
    !named && lines.length === 1
      ? t("frontierSummary", {
          min: formatNumber(Math.min(...all.map((p) => p.value)), 1),
          max: formatNumber(Math.max(...all.map((p) => p.value)), 1),
          from: t("mnok", { value: millions(Math.min(...lines[0]!.points.map((p) => p.budget))) }),
          to: t("mnok", { value: millions(Math.max(...lines[0]!.points.map((p) => p.budget))) }),
          own: t("mnok", { value: millions(ownBudget(lines[0]!.points)) }),
        })
      : t("frontiersSummary", { names: lines.map((l) => l.name).join(", ") });
  return (
    <Chart
      title={t("frontierTitle")}
      summary={summary}
      option={option}
      height={320}
      table={
        <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
          <Table data-size="sm" zebra>
            <caption className="table-caption">{caption}</caption>
            <Table.Head>
              <Table.Row>
                {named && <Table.HeaderCell scope="col">{t("colName")}</Table.HeaderCell>}
                <Table.HeaderCell scope="col" className="num">
                  {t("colFactor")}
                </Table.HeaderCell>
                <Table.HeaderCell scope="col" className="num">
                  {t("colBudget")}
                </Table.HeaderCell>
                <Table.HeaderCell scope="col">{t("colStatus")}</Table.HeaderCell>
                <Table.HeaderCell scope="col" className="num">
                  {t("colValue")}
                </Table.HeaderCell>
                <Table.HeaderCell scope="col" className="num">
                  {t("colSelected")}
                </Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {lines.flatMap((l) =>
                l.points.map((p) => (
                  <Table.Row key={`${l.name}-${p.factor}`}>
                    {named && <Table.Cell>{l.name}</Table.Cell>}
                    <Table.HeaderCell scope="row" className="num">
                      {t("percent", { value: formatNumber(p.factor * 100, 1) })}
                    </Table.HeaderCell>
                    <Table.Cell className="num nowrap">{t("mnok", { value: millions(p.budget) })}</Table.Cell>
                    <Table.Cell>
                      <StatusText status={p.status} />
                    </Table.Cell>
                    <Table.Cell className="num">{p.status === "infeasible" ? "–" : formatNumber(p.value, 1)}</Table.Cell>
                    <Table.Cell className="num">{p.status === "infeasible" ? "–" : p.selected}</Table.Cell>
                  </Table.Row>
                )),
              )}
            </Table.Body>
          </Table>
        </div>
      }
    />
  );
}

/** The scenario's frontier, computed on request by those who govern the portfolio. */
export function Frontier({ scenario, govern, onError }: { scenario: Scenario; govern: boolean; onError: (text: string) => void }) {
  const t = useT(scenarioMessages);
  const queryClient = useQueryClient();
  const compute = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/scenarios/{id}/frontier", { params: { path: { id: scenario.id } } })),
    onSuccess: (s) => storeScenario(queryClient, s),
    onError: (err) => onError(t("failed", { message: err instanceof ApiError ? err.message : t("network") })),
  });
  const solution = scenario.result?.solution;
  const own = solution && solution.status !== "infeasible" && scenario.current ? solution.value : null;
  const lines = useMemo(() => (scenario.frontier ? [{ name: scenario.name, points: scenario.frontier, own }] : []), [scenario.frontier, scenario.name, own]);
  if (!scenario.frontier && !govern) return null;
  return (
    <section aria-labelledby="frontier-heading" className="portfolio-section stack">
      <Heading level={2} data-size="sm" id="frontier-heading">
        {t("frontierHeading")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("frontierHelp")}
      </Paragraph>
      {govern && (
        <div className="scenario-actions">
          <Button variant="secondary" onClick={() => compute.mutate()} loading={compute.isPending} disabled={compute.isPending}>
            {t("computeFrontier")}
          </Button>
          <span role="status">
            {compute.isPending && (
              <>
                <Spinner aria-hidden="true" data-size="sm" /> {t("computingFrontier")}
              </>
            )}
          </span>
        </div>
      )}
      {scenario.frontier && (
        <>
          <Paragraph data-size="sm">{t("frontierAt", { date: formatDateTime(scenario.frontierAt) })}</Paragraph>
          <FrontierChart lines={lines} caption={t("frontierCaption")} named={false} />
        </>
      )}
    </section>
  );
}
