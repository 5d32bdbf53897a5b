import { Alert, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { RESOURCES, type Explanation, type Problem, type Scenario, type Solution } from "../../api/scenarios.js";
import { Chart, SERIES_STYLES } from "../../components/Chart.js";
import { DataTable } from "../../components/DataTable.js";
import { formatDateTime, formatNumber } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { CHART_COLORS } from "../portfolio/chart-colors.js";
import { InitiativeLink } from "../portfolio/shared.js";
import { scenarioMessages } from "./messages.js";
import { Facts, StatusText } from "./parts.js";
import { useScenarioWords } from "./words.js";

type ProblemInitiative = Problem["initiatives"][number];
type Spend = Solution["spend"][number];

/** A solved scenario: how good the portfolio is, what is in and out and why, and what the budgets allow. */
export function Result({ scenario, problem, solution, explanation }: { scenario: Scenario; problem: Problem; solution: Solution; explanation: Explanation | null }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(problem);
  const infeasible = solution.status === "infeasible";
  return (
    <div className="stack">
      <Paragraph>
        {solution.status === "optimal" ? t("statusOptimal") : solution.status === "time_limit" ? t("statusTimeLimit", { gap: formatNumber((solution.gap ?? 0) * 100, 2) }) : t("statusInfeasible")}
      </Paragraph>
      <Facts
        items={[
          [t("factStatus"), <StatusText key="s" status={solution.status} />],
          ...(infeasible
            ? []
            : ([
                [t("factValue"), formatNumber(solution.value, 1)],
                [t("factGap"), solution.gap === null ? "–" : t("percent", { value: formatNumber(solution.gap * 100, 2) })],
                [t("factSelected"), String(solution.selected.length)],
              ] as [string, string][])),
          [t("factTime"), t("seconds", { value: formatNumber(solution.seconds, 1) })],
          [t("factSolved"), formatDateTime(scenario.solvedAt)],
        ]}
      />
      {infeasible ? (
        <Alert data-color="danger">
          <Heading level={3} data-size="xs">
            {t("conflictsHeading")}
          </Heading>
          <ul>
            {solution.conflicts.map((c, k) => (
              <li key={k}>{words.conflict(c)}</li>
            ))}
          </ul>
        </Alert>
      ) : (
        <>
          <Portfolio problem={problem} solution={solution} explanation={explanation} />
          {explanation && <ForcedEffects problem={problem} explanation={explanation} />}
          <SpendChart spend={solution.spend} />
          {explanation && <Binding problem={problem} explanation={explanation} />}
          <ObjectiveValues problem={problem} solution={solution} />
        </>
      )}
      <Paragraph data-size="sm">
        <Link href={`/api/v1/scenarios/${encodeURIComponent(scenario.id)}/problem`} download>
          {t("download")}
        </Link>{" "}
        <span className="muted">{t("downloadHelp")}</span>
      </Paragraph>
    </div>
  );
}

/** The initiatives in the portfolio, and the candidates left out with the reasons why. */
function Portfolio({ problem, solution, explanation }: { problem: Problem; solution: Solution; explanation: Explanation | null }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(problem);
  const start = new Map(solution.selected.map((s) => [s.id, s.start]));
  const byCode = (a: ProblemInitiative, b: ProblemInitiative) => a.code.localeCompare(b.code, "nb");
  // The candidates chosen first: the initiatives in execution are in whatever the budgets.
  const inside = problem.initiatives.filter((i) => start.has(i.id)).sort((a, b) => Number(a.kept) - Number(b.kept) || byCode(a, b));
  const outside = problem.initiatives.filter((i) => !start.has(i.id)).sort(byCode);
  const why = (i: ProblemInitiative) => (explanation?.reasons[i.id] ?? []).map(words.reason).join(" · ") || "–";
  const link = (i: ProblemInitiative) => <InitiativeLink initiative={i} />;
  return (
    <>
      <section aria-labelledby="selected-heading" className="stack">
        <Heading level={3} data-size="xs" id="selected-heading">
          {t("selectedHeading")} ({inside.length})
        </Heading>
        <DataTable<ProblemInitiative>
          caption={t("selectedCaption")}
          captionHidden
          rows={inside}
          rowKey={(i) => i.id}
          columns={[
            { key: "initiative", header: t("colInitiative"), rowHeader: true, cell: link },
            { key: "start", header: t("colStart"), numeric: true, cell: (i) => start.get(i.id) },
            { key: "value", header: t("colValue"), numeric: true, cell: (i) => formatNumber(i.value, 1) },
            { key: "why", header: t("colWhy"), cell: why },
          ]}
        />
      </section>
      {outside.length > 0 && (
        <section aria-labelledby="left-out-heading" className="stack">
          <Heading level={3} data-size="xs" id="left-out-heading">
            {t("leftOutHeading")} ({outside.length})
          </Heading>
          <DataTable<ProblemInitiative>
            caption={t("leftOutCaption")}
            captionHidden
            rows={outside}
            rowKey={(i) => i.id}
            columns={[
              { key: "initiative", header: t("colInitiative"), rowHeader: true, cell: link },
              { key: "value", header: t("colValue"), numeric: true, cell: (i) => formatNumber(i.value, 1) },
              { key: "why", header: t("colWhy"), cell: why },
            ]}
          />
        </section>
      )}
    </>
  );
}

function ForcedEffects({ problem, explanation }: { problem: Problem; explanation: Explanation }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(problem);
  type Row = Explanation["forced"][number];
  if (explanation.forced.length === 0) return null;
  return (
    <section aria-labelledby="forced-effect-heading" className="stack">
      <Heading level={3} data-size="xs" id="forced-effect-heading">
        {t("forcedEffectHeading")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("forcedEffectHelp")}
      </Paragraph>
      <DataTable<Row>
        caption={t("forcedEffectCaption")}
        captionHidden
        rows={explanation.forced}
        rowKey={(f) => f.id}
        columns={[
          { key: "initiative", header: t("colInitiative"), rowHeader: true, cell: (f) => words.name(f.id) },
          { key: "force", header: t("colForce"), cell: (f) => t(`force_${f.force}`) },
          { key: "loss", header: t("colLoss"), numeric: true, cell: (f) => (f.loss === null ? t("impossible") : formatNumber(f.loss, 1)) },
        ]}
      />
    </section>
  );
}

/** Investment and operating used against their limits per year as a chart; every resource in the table. */
function SpendChart({ spend }: { spend: Spend[] }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(null);
  const years = spend.map((s) => s.year);
  const option = useMemo((): EChartsCoreOption => {
    const money = ["investment", "operating"] as const;
    const colours = { investment: CHART_COLORS.primary, operating: CHART_COLORS.tertiary };
    const used = money.map((r, i) => ({
      name: t("usedOf", { resource: words.Resource(r) }),
      type: "bar",
      data: spend.map((s) => s.used[r] / 1_000_000),
      itemStyle: { color: colours[r], decal: { symbol: SERIES_STYLES[i]?.symbol ?? "rect" } },
    }));
    const limits = money.map((r, i) => ({
      name: t("limitOf", { resource: words.Resource(r) }),
      type: "line",
      data: spend.map((s) => (s.limit[r] === null ? null : s.limit[r]! / 1_000_000)),
      symbol: SERIES_STYLES[i + 2]?.symbol ?? "triangle",
      symbolSize: 10,
      lineStyle: { type: SERIES_STYLES[i + 1]?.type ?? "dashed", color: i === 0 ? CHART_COLORS.secondary : CHART_COLORS.mark },
      itemStyle: { color: i === 0 ? CHART_COLORS.secondary : CHART_COLORS.mark },
    }));
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 64, containLabel: true },
      legend: { bottom: 0, textStyle: { color: CHART_COLORS.axis } },
      tooltip: { trigger: "axis", valueFormatter: (v: number | null) => (v === null ? "–" : t("mnok", { value: formatNumber(v, 1) })) },
      xAxis: { type: "category", data: years.map(String), axisLabel: { color: CHART_COLORS.axis } },
      yAxis: { type: "value", axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 0) }, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
      series: [...used, ...limits],
    };
  }, [spend, years, t, words]);
  type Row = { key: string; year: number; resource: (typeof RESOURCES)[number]; used: number; limit: number | null };
  const rows: Row[] = spend.flatMap((s) => RESOURCES.map((r) => ({ key: `${s.year}-${r}`, year: s.year, resource: r, used: s.used[r], limit: s.limit[r] })));
  return (
    <section aria-labelledby="spend-heading" className="stack">
      <Heading level={3} data-size="xs" id="spend-heading">
        {t("spendHeading")}
      </Heading>
      <Chart
        title={t("spendChartTitle")}
        summary={t("spendChartSummary", { years: years.length === 1 ? String(years[0]) : `${years[0]}–${years.at(-1)}` })}
        option={option}
        table={
          <DataTable<Row>
            caption={t("spendCaption")}
            rows={rows}
            rowKey={(r) => r.key}
            columns={[
              { key: "year", header: t("year"), rowHeader: true, cell: (r) => `${r.year} ${words.resource(r.resource)}` },
              { key: "used", header: t("used"), numeric: true, cell: (r) => <span className="nowrap">{words.amount(r.resource, r.used)}</span> },
              { key: "limit", header: t("limit"), numeric: true, cell: (r) => <span className="nowrap">{r.limit === null ? t("noLimit") : words.amount(r.resource, r.limit)}</span> },
            ]}
          />
        }
      />
    </section>
  );
}

/** The budgets where 10 % more would bring more value, and how the portfolio would change. */
function Binding({ problem, explanation }: { problem: Problem; explanation: Explanation }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(problem);
  const binding = explanation.budgets.filter((b) => b.gain > 1e-6).sort((a, b) => b.gain - a.gain);
  return (
    <section aria-labelledby="binding-heading" className="stack">
      <Heading level={3} data-size="xs" id="binding-heading">
        {t("bindingHeading")}
      </Heading>
      {binding.length === 0 ? (
        <Paragraph data-size="sm">{t("bindingNone")}</Paragraph>
      ) : (
        <>
          <Paragraph data-size="sm" className="muted">
            {t("bindingHelp")}
          </Paragraph>
          <ul className="scenario-binding">
            {binding.map((b) => (
              <li key={`${b.resource}-${b.year}`}>
                <strong>{t("binding", { resource: words.Resource(b.resource), year: b.year, gain: formatNumber(b.gain, 1) })}</strong>
                {b.comesIn.length > 0 && <div>{t("comesIn", { names: words.names(b.comesIn) })}</div>}
                {b.goesOut.length > 0 && <div>{t("goesOut", { names: words.names(b.goesOut) })}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ObjectiveValues({ problem, solution }: { problem: Problem; solution: Solution }) {
  const t = useT(scenarioMessages);
  type Row = Problem["objectives"][number];
  return (
    <section aria-labelledby="objectives-heading" className="stack">
      <Heading level={3} data-size="xs" id="objectives-heading">
        {t("objectivesHeading")}
      </Heading>
      <DataTable<Row>
        caption={t("objectivesCaption")}
        captionHidden
        rows={problem.objectives}
        rowKey={(o) => o.key}
        columns={[
          { key: "objective", header: t("colObjective"), rowHeader: true, cell: (o) => o.title },
          { key: "value", header: t("colValue"), numeric: true, cell: (o) => formatNumber(solution.valueByObjective[o.key] ?? 0, 1) },
        ]}
      />
    </section>
  );
}

