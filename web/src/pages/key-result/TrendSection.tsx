import { Field, Heading, Label, Paragraph, Select } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import type { KeyResult, Organisation } from "../../api/client.js";
import { Chart } from "../../components/Chart.js";
import { DataTable, type Column } from "../../components/DataTable.js";
import { StatusTag } from "../../components/StatusTag.js";
import { Figure, SmallCountNote, useFigureText, type MaybeSuppressed } from "../../components/SmallCounts.js";
import { formatDate, formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT, type Lang } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { COLORS } from "./chart-style.js";
import { krMessages } from "./messages.js";
import { shortPeriodLabel } from "./period-utils.js";
import type { Series } from "./queries.js";

type Point = Series["points"][number];

const UNIT_SIGN: Record<string, string> = { percent: " %", nok: " kr", tonnes: " t" };

/** Where a new version of the key result took effect inside the range: the first period it ruled. */
export function versionMarks(series: Series): { period: string; version: number; reason: string; effectiveFrom: string }[] {
  const marks: { period: string; version: number; reason: string; effectiveFrom: string }[] = [];
  series.points.forEach((p, i) => {
    const before = series.points[i - 1];
    if (before && before.version !== p.version) {
      const change = series.versionChanges.find((c) => c.version === p.version);
      marks.push({ period: p.period, version: p.version, reason: change?.reason ?? "", effectiveFrom: change?.effectiveFrom ?? "" });
    }
  });
  return marks;
}

function valueOf(p: Point, org: string): number | null {
  return p.organisations.find((o) => o.organisation === org)?.value ?? null;
}

/** An organisation's figure in a period, with the marker of a hidden small count. */
const figureOf = (p: Point, org: string): MaybeSuppressed | undefined => p.organisations.find((o) => o.organisation === org);
const hasFigure = (f: MaybeSuppressed | undefined) => !!f && (f.value !== null || f.suppressed === true);

/**
 * The trend chart. `parts` says what it draws: the region (its value, target and the version
 * marks), the organisations (the chosen one bold with its own target, the others thin), or both
 * where their values share a scale (shares, means); sums are drawn as two charts, as a region's
 * sum dwarfs each trust's figure.
 */
function trendOption(args: {
  series: Series;
  orgs: Organisation[];
  selected: Organisation | undefined;
  lang: Lang;
  parts: { region: boolean; orgs: boolean };
  names: { region: string; target: string; orgTarget: (org: string) => string; others: string; version: (v: number) => string };
}): EChartsCoreOption {
  const { series, orgs, selected, lang, names, parts } = args;
  const unit = series.unit;
  const labels = series.points.map((p) => shortPeriodLabel(p.period, lang));
  const fmt = (v: number | null | undefined) => formatValue(v ?? null, unit);
  const others = parts.orgs ? orgs.filter((o) => o.id !== selected?.id && series.points.some((p) => valueOf(p, o.id) !== null)) : [];
  const marks = versionMarks(series);
  const hasTarget = parts.region && series.points.some((p) => p.target !== null);
  const orgTargets = selected && parts.orgs && !parts.region ? series.points.map((p) => p.organisations.find((o) => o.organisation === selected.id)?.target ?? null) : [];
  const hasOrgTarget = orgTargets.some((v) => v !== null);
  const shown = parts.orgs ? selected : undefined;
  const legend = [
    ...(parts.region ? [names.region] : []),
    ...(shown ? [shown.shortName] : []),
    ...(hasTarget ? [names.target] : []),
    ...(hasOrgTarget && shown ? [names.orgTarget(shown.shortName)] : []),
    ...(others.length > 0 ? [names.others] : []),
  ];
  const markLine =
    marks.length > 0
      ? {
          symbol: "none",
          silent: true,
          lineStyle: { type: "dotted", width: 2, color: COLORS.version },
          label: { position: "end", color: COLORS.version, fontWeight: 600 },
          data: marks.map((m) => ({ xAxis: shortPeriodLabel(m.period, lang), label: { formatter: names.version(m.version) } })),
        }
      : undefined;
  const line = (name: string, data: (number | null)[], look: { color: string; width: number; type: string; symbol: string; z: number; step?: string }) => ({
    name,
    type: "line",
    // A figure with no neighbours draws no line: it gets a mark of its own so it is not lost.
    data: data.map((v, i) => (v !== null && look.symbol === "none" && (data[i - 1] ?? null) === null && (data[i + 1] ?? null) === null ? { value: v, symbol: "diamond", symbolSize: 10 } : v)),
    symbol: look.symbol,
    symbolSize: look.symbol === "none" ? 0 : 8,
    z: look.z,
    ...(look.step ? { step: look.step } : {}),
    lineStyle: { width: look.width, type: look.type, color: look.color },
    itemStyle: { color: look.color },
  });
  const lines: Record<string, unknown>[] = [
    ...others.map((o) => ({
      // A small dot, so a trust with a single figure still shows.
      ...line(names.others, series.points.map((p) => valueOf(p, o.id)), { color: COLORS.others, width: 1, type: "solid", symbol: "circle", z: 1 }),
      symbolSize: 3,
      silent: true,
      emphasis: { disabled: true },
    })),
    // A target holds for its whole period: it steps, it does not slope.
    ...(hasTarget ? [line(names.target, series.points.map((p) => p.target), { color: COLORS.target, width: 2, type: "dashed", symbol: "none", z: 2, step: "end" })] : []),
    ...(hasOrgTarget && shown ? [line(names.orgTarget(shown.shortName), orgTargets, { color: COLORS.target, width: 2, type: "dashed", symbol: "none", z: 2, step: "end" })] : []),
    ...(parts.region ? [line(names.region, series.points.map((p) => p.value), { color: COLORS.region, width: 3, type: "solid", symbol: "circle", z: 4 })] : []),
    ...(shown ? [line(shown.shortName, series.points.map((p) => valueOf(p, shown.id)), { color: COLORS.organisation, width: 3, type: "dashed", symbol: "rect", z: 3 })] : []),
  ];
  // The version marks ride on the first series drawn, so they show in either chart.
  if (markLine && lines[0]) lines[0] = { ...lines[0], markLine };

  return {
    grid: { left: 8, right: 24, top: 36, bottom: 48, containLabel: true },
    legend: { bottom: 0, data: legend, itemGap: 16, textStyle: { color: COLORS.axis } },
    tooltip: {
      trigger: "axis",
      // The thin lines of the other trusts would make a tooltip of a dozen rows; they are in the table.
      formatter: (params: { seriesName: string; value: number | null; dataIndex: number }[]) => {
        const first = params[0];
        if (!first) return "";
        const p = series.points[first.dataIndex];
        const rows = params.filter((x) => x.seriesName !== names.others).map((x) => `${x.seriesName}: <b>${fmt(x.value)}</b>`);
        return [p ? periodLabel(p.period, lang) : "", ...rows].join("<br>");
      },
    },
    xAxis: { type: "category", data: labels, boundaryGap: false, axisLabel: { color: COLORS.axis, hideOverlap: true }, axisLine: { lineStyle: { color: COLORS.axis } } },
    yAxis: {
      type: "value",
      axisLabel: { color: COLORS.axis, formatter: (v: number) => formatNumber(v, 1) + (UNIT_SIGN[unit] ?? "") },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: lines,
  };
}

/** The key result over time: the region, the chosen health trust in bold, the others thin, the target dashed. */
export function TrendSection({
  kr,
  series,
  orgs,
  org,
  setOrg,
  from,
  to,
  setRange,
  rangeOptions,
  loading,
  language,
}: {
  kr: KeyResult;
  series: Series | undefined;
  orgs: Organisation[];
  org: string;
  setOrg: (org: string | undefined) => void;
  from: string;
  to: string;
  setRange: (from: string, to: string) => void;
  /** Periods the range may start or end at, newest first. */
  rangeOptions: string[];
  loading: boolean;
  language: string;
}) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const selected = orgs.find((o) => o.id === org);
  const names = useMemo(
    () => ({
      region: tc("regionValue"),
      target: tc("target"),
      orgTarget: (org: string) => t("orgTarget", { org }),
      others: t("otherTrusts"),
      version: (v: number) => t("versionMark", { version: v }),
    }),
    [t, tc],
  );
  // Sums (and latest values, which also add up) dwarf each trust's figure: region and trusts get a chart each.
  const split = kr.aggregation === "sum" || kr.aggregation === "latest";
  const options = useMemo(() => {
    if (!series) return [];
    const make = (parts: { region: boolean; orgs: boolean }) => trendOption({ series, orgs, selected, lang, names, parts });
    return split ? [make({ region: true, orgs: false }), make({ region: false, orgs: true })] : [make({ region: true, orgs: true })];
  }, [series, orgs, selected, lang, names, split]);
  const points = series?.points ?? [];
  const withData = points.filter(hasFigure);
  const figure = useFigureText();
  const first = withData[0];
  const last = withData.at(-1);
  const marks = series ? versionMarks(series) : [];
  const fmt = (v: number | null) => formatValue(v, kr.unit);
  const orgTarget = (p: Point, org: string) => p.organisations.find((o) => o.organisation === org)?.target ?? null;

  const regionSummary = last
    ? [
        t("trendSummaryRegion", {
          first: figure(first, kr.unit, split),
          firstPeriod: periodLabel(first!.period, lang),
          last: figure(last, kr.unit, split),
          lastPeriod: periodLabel(last.period, lang),
        }),
        last.target !== null ? t("trendSummaryTarget", { target: fmt(last.target) }) : "",
      ]
    : [];
  const orgSummary = last && selected ? [t("trendSummaryOrg", { org: selected.name, value: figure(figureOf(last, selected.id), kr.unit, split) })] : [];
  const versionSummary = marks.length > 0 ? [t("trendSummaryVersions", { count: marks.length })] : [];
  const summary = (parts: string[][]) => (last ? parts.flat().filter(Boolean).join(" ") : t("trendEmpty"));

  const ordered = selected ? [selected, ...orgs.filter((o) => o.id !== selected.id)] : orgs;
  const periodColumn: Column<Point> = { key: "period", header: tc("period"), cell: (p) => periodLabel(p.period, lang), rowHeader: true };
  const regionColumns: Column<Point>[] = [
    { key: "version", header: t("versionColumn"), cell: (p) => p.version, numeric: true },
    { key: "target", header: tc("target"), cell: (p) => fmt(p.target), numeric: true },
    { key: "region", header: tc("regionValue"), cell: (p) => <strong><Figure figure={p} unit={kr.unit} count={split} /></strong>, numeric: true },
    { key: "status", header: t("statusColumn"), cell: (p) => <StatusTag status={p.status} /> },
  ];
  const orgColumns: Column<Point>[] = [
    ...(split && selected ? [{ key: "org-target", header: t("orgTarget", { org: selected.shortName }), cell: (p: Point) => fmt(orgTarget(p, selected.id)), numeric: true }] : []),
    ...ordered.map((o) => ({
      key: o.id,
      header: (
        <abbr title={o.name} className={o.id === selected?.id ? "kr-selected-col" : undefined}>
          {o.shortName}
        </abbr>
      ),
      cell: (p: Point) => {
        const f = <Figure figure={figureOf(p, o.id)} unit={kr.unit} count={split} />;
        return o.id === selected?.id ? <strong>{f}</strong> : f;
      },
      numeric: true,
    })),
  ];
  const table = (caption: string, columns: Column<Point>[]) => <DataTable<Point> caption={caption} columns={[periodColumn, ...columns]} rows={points} rowKey={(p) => p.period} />;
  const unitName = tc(`unit_${kr.unit}`);
  const charts = split
    ? [
        {
          title: t("trendRegionTitle", { code: kr.code }),
          summary: summary([regionSummary, versionSummary]),
          table: table(t("trendRegionCaption", { code: kr.code, unit: unitName }), regionColumns),
        },
        {
          title: t("trendOrgsTitle", { code: kr.code }),
          summary: summary([orgSummary.length > 0 ? orgSummary : [t("trendOrgsSummary")], versionSummary]),
          table: table(t("trendOrgsCaption", { code: kr.code, unit: unitName }), orgColumns),
        },
      ]
    : [
        {
          title: t("trendChartTitle", { code: kr.code }),
          summary: summary([regionSummary, orgSummary, versionSummary]),
          table: table(t("trendTableCaption", { code: kr.code, unit: unitName }), [...regionColumns, ...orgColumns]),
        },
      ];

  // The two ends of the range move together: a start after the end pulls the end along, and back.
  const onFrom = (f: string) => setRange(f, f > to ? f : to);
  const onTo = (e: string) => setRange(e < from ? e : from, e);

  return (
    <section aria-labelledby="kr-trend-heading" className="kr-section">
      <Heading level={2} data-size="md" id="kr-trend-heading">
        {t("trendTitle")}
      </Heading>
      <div className="kr-controls">
        <Field>
          <Label htmlFor="kr-org-filter">{t("highlightOrg")}</Label>
          <Select id="kr-org-filter" width="auto" value={selected ? org : ""} onChange={(e) => setOrg(e.target.value || undefined)}>
            <option value="">{t("highlightNone")}</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="kr-from">{t("rangeFrom")}</Label>
          <Select id="kr-from" width="auto" value={from} onChange={(e) => onFrom(e.target.value)}>
            {rangeOptions.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p, lang)}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="kr-to">{t("rangeTo")}</Label>
          <Select id="kr-to" width="auto" value={to} onChange={(e) => onTo(e.target.value)}>
            {rangeOptions.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p, lang)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {!series ? null : withData.length === 0 ? (
        <Paragraph>{t("trendEmpty")}</Paragraph>
      ) : (
        <div aria-busy={loading || undefined} className="kr-charts">
          {charts.map((c, i) => (
            <Chart key={c.title} title={c.title} summary={c.summary} option={options[i]!} height={split ? 300 : 340} table={c.table} />
          ))}
          <SmallCountNote shown={points.some((p) => p.suppressed || p.organisations.some((o) => o.suppressed))} />
        </div>
      )}
      {marks.length > 0 && (
        <div className="kr-version-marks">
          <Heading level={3} data-size="2xs">
            {t("versionMarksTitle")}
          </Heading>
          <ul>
            {marks.map((m) => (
              <li key={m.version}>
                <span className="kr-version-chip">{t("versionMark", { version: m.version })}</span>{" "}
                {t("versionMarkText", { period: periodLabel(m.period, lang), date: formatDate(m.effectiveFrom) })}
                {m.reason && (
                  <>
                    {": "}
                    <span lang={language}>{m.reason}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
