import { Field, Heading, Label, Paragraph, Select } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import type { KeyResult } from "../../api/client.js";
import { Chart, SERIES_STYLES } from "../../components/Chart.js";
import { DataTable, type Column } from "../../components/DataTable.js";
import { Loading, ErrorState } from "../../components/States.js";
import { Figure, SmallCountNote, useFigureText, valueIsCount } from "../../components/SmallCounts.js";
import { formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { CATEGORY_COLORS, COLORS } from "./chart-style.js";
import { krMessages } from "./messages.js";
import { shortPeriodLabel } from "./period-utils.js";
import { useSeries, type Series } from "./queries.js";

type Row = NonNullable<Series["breakdown"]>[number];
type Cell = Row["values"][number];

const UNIT_SIGN: Record<string, string> = { percent: " %", nok: " kr", tonnes: " t" };

/** The region's figures split by one of the key result's dimensions (e.g. pathway type), per period. */
export function BreakdownSection({
  kr,
  dim,
  setDim,
  from,
  to,
  language,
}: {
  kr: KeyResult;
  dim: string;
  setDim: (d: string | undefined) => void;
  from: string;
  to: string;
  language: string;
}) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const dimension = kr.dimensions.find((d) => d.key === dim) ?? kr.dimensions[0]!;
  const query = useSeries(kr.id, from, to, dimension.key);
  const rows = query.data?.dimension === dimension.key ? (query.data.breakdown ?? []) : [];
  const noneLabel = t("breakdownNone");
  const nameOf = (v: string | null) => v ?? noneLabel;

  // Values in the order the key result lists them, then any others reported, alphabetically.
  const values = useMemo(() => {
    const seen = new Set(rows.flatMap((r) => r.values.map((v) => v.dimensionValue)));
    const fixed = dimension.values.filter((v) => seen.has(v));
    const rest = [...seen].filter((v): v is string => v !== null && !dimension.values.includes(v)).sort((a, b) => a.localeCompare(b, "nb"));
    return [...fixed, ...rest, ...(seen.has(null) ? [null] : [])];
  }, [rows, dimension]);

  // Counts and sums add up, so they stack; shares and means do not, so each value gets a line.
  const stacked = (kr.aggregation === "sum" || kr.aggregation === "latest") && !["percent", "score", "index", "ratio"].includes(kr.unit);
  const cellOf = (r: Row, v: string | null): Cell | undefined => r.values.find((x) => x.dimensionValue === v);
  const figure = useFigureText();
  const count = valueIsCount(kr.aggregation);
  /** A numerator or denominator: a count, hidden as such when small. */
  const part = (n: number | null, c: Cell) => figure({ value: n, suppressed: c.suppressed }, "count", true);

  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 8, right: 24, top: 28, bottom: 56, containLabel: true },
      legend: { bottom: 0, textStyle: { color: COLORS.axis } },
      tooltip: { trigger: "axis", valueFormatter: (v: number | null) => formatValue(v, kr.unit) },
      xAxis: {
        type: "category",
        data: rows.map((r) => shortPeriodLabel(r.period, lang)),
        boundaryGap: stacked,
        axisLabel: { color: COLORS.axis, hideOverlap: true },
      },
      yAxis: {
        type: "value",
        axisLabel: { color: COLORS.axis, formatter: (v: number) => formatNumber(v, 1) + (UNIT_SIGN[kr.unit] ?? "") },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: values.map((v, i) => {
        const style = SERIES_STYLES[i % SERIES_STYLES.length]!;
        const color = CATEGORY_COLORS[i % CATEGORY_COLORS.length];
        const data = rows.map((r) => cellOf(r, v)?.value ?? null);
        return stacked
          ? { name: nameOf(v), type: "bar", stack: "total", data, itemStyle: { color, borderColor: "#fff", borderWidth: 1 }, barMaxWidth: 48 }
          : { name: nameOf(v), type: "line", data, symbol: style.symbol, symbolSize: 8, lineStyle: { width: 2, type: style.type, color }, itemStyle: { color } };
      }),
    }),
    [rows, values, stacked, lang, kr.unit],
  );

  const columns: Column<Row>[] = [
    { key: "period", header: tc("period"), cell: (r) => periodLabel(r.period, lang), rowHeader: true },
    ...values.map((v) => ({
      key: v ?? "\u0000none",
      header: <span lang={v === null ? undefined : language}>{nameOf(v)}</span>,
      numeric: true,
      cell: (r: Row) => {
        const c = cellOf(r, v);
        if (!c) return "–";
        return kr.aggregation === "ratio" && ((c.numerator !== null && c.denominator !== null) || c.suppressed) ? (
          <>
            <Figure figure={c} unit={kr.unit} count={false} />{" "}
            <span className="muted kr-fraction">
              ({part(c.numerator, c)}/{part(c.denominator, c)})
            </span>
          </>
        ) : (
          <Figure figure={c} unit={kr.unit} count={count} />
        );
      },
    })),
  ];

  const latest = rows.at(-1);
  const summary = latest
    ? t("breakdownSummary", {
        period: periodLabel(latest.period, lang),
        values: values.map((v) => `${nameOf(v)} ${figure(cellOf(latest, v), kr.unit, count)}`).join(", "),
      })
    : t("breakdownEmpty");

  return (
    <section aria-labelledby="kr-breakdown-heading" className="kr-section">
      <Heading level={2} data-size="md" id="kr-breakdown-heading">
        {t("breakdownTitle", { dimension: dimension.label.toLocaleLowerCase("nb") })}
      </Heading>
      {kr.dimensions.length > 1 && (
        <div className="kr-controls">
          <Field>
            <Label htmlFor="kr-dim">{t("breakdownBy")}</Label>
            <Select id="kr-dim" width="auto" value={dimension.key} onChange={(e) => setDim(e.target.value)}>
              {kr.dimensions.map((d) => (
                <option key={d.key} value={d.key} lang={language}>
                  {d.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      )}
      <Paragraph data-size="sm" className="muted">
        {t(stacked ? "breakdownIntroStacked" : "breakdownIntroLines", { dimension: dimension.label.toLocaleLowerCase("nb") })}
      </Paragraph>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : rows.length === 0 || values.length === 0 ? (
        <Paragraph>{t("breakdownEmpty")}</Paragraph>
      ) : (
        <Chart
          title={t("breakdownChartTitle", { code: kr.code, dimension: dimension.label.toLocaleLowerCase("nb") })}
          summary={summary}
          option={option}
          height={320}
          table={
            <DataTable<Row>
              caption={t("breakdownTableCaption", { code: kr.code, dimension: dimension.label.toLocaleLowerCase("nb") })}
              columns={columns}
              rows={rows}
              rowKey={(r) => r.period}
            />
          }
        />
      )}
      <SmallCountNote shown={rows.some((r) => r.values.some((v) => v.suppressed))} />
    </section>
  );
}
