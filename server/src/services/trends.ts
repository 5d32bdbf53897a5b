import type { Queryable } from "../data/db.js";
import { breakdownPartials, reportingRecord, type SlicePartial } from "../data/measurements.js";
import { suppressedKeyResults } from "../data/small-counts.js";
import { getKeyResultVersions, getStrategySummary, listOrganisations, readKeyResultContents, readSections } from "../data/strategies.js";
import { regionBreakdown, type SliceValue } from "../domain/breakdown.js";
import { Invalid } from "../domain/errors.js";
import { lastCompleted, type Period } from "../domain/period.js";
import { missingByOrganisation, missingReports, reportersOf } from "../domain/reporting.js";
import { smallCountFilter, type Shown, type ShownStatus, type SmallCountView } from "../domain/small-counts.js";
import { bySection } from "../domain/strategy-tree.js";
import { regionOrganisations, statusOverPeriods, type RatedKeyResult } from "./status.js";

export interface TrendPoint {
  period: string;
  /** The key result version that applied to the period. */
  version: number;
  value: number | null;
  target: number | null;
  status: ShownStatus;
  /** The value is a small count the viewer may not see. */
  suppressed?: true;
  organisations: { organisation: string; value: number | null; target: number | null; status: ShownStatus; suppressed?: true }[];
}

export interface KeyResultTrend {
  keyResultId: string;
  code: string;
  title: string;
  unit: string;
  sectionKey: string;
  /** One per period in which the key result was in effect (not before its first version, not after it was retired). */
  points: TrendPoint[];
}

export interface StrategyTrendView {
  strategy: { id: string; title: string; owner: string };
  periods: string[];
  keyResults: KeyResultTrend[];
}

const point = (period: Period, { kr, status }: RatedKeyResult): TrendPoint => ({
  period: period.id,
  version: kr.version,
  value: status.value,
  target: status.target,
  status: status.status,
  ...(status.suppressed && { suppressed: true }),
  organisations: status.organisations.map(({ organisation, value, target, status, suppressed }) => ({ organisation, value, target, status, ...(suppressed && { suppressed }) })),
});

/** Per key result, its points in period order; code, title and unit as the last point's version has them. */
function trends(periods: readonly Period[], rated: readonly RatedKeyResult[][]): KeyResultTrend[] {
  const byKr = new Map<string, KeyResultTrend>();
  periods.forEach((period, i) => {
    for (const r of rated[i] ?? []) {
      const { id, code, title, unit, sectionKey } = r.kr;
      const trend = byKr.get(id) ?? { keyResultId: id, code, title, unit, sectionKey, points: [] };
      Object.assign(trend, { code, title, unit, sectionKey });
      trend.points.push(point(period, r));
      byKr.set(id, trend);
    }
  });
  return [...byKr.values()];
}

/**
 * Each key result of a strategy over `periods`: per period the same value, target and status as
 * the status page for that period gives `view`, for the region and each organisation. Key results
 * in reading order.
 */
export async function strategyTrend(db: Queryable, strategyId: string, periods: readonly Period[], view: SmallCountView): Promise<StrategyTrendView> {
  const strategy = await getStrategySummary(db, strategyId);
  const [sections, rated] = await Promise.all([
    readSections(db, strategyId, strategy.version),
    statusOverPeriods(db, strategyId, strategy.owner, periods, view),
  ]);
  return {
    strategy: { id: strategy.id, title: strategy.title, owner: strategy.owner },
    periods: periods.map((p) => p.id),
    keyResults: bySection(sections, trends(periods, rated), (t) => t.sectionKey).flatMap((s) => s.keyResults),
  };
}

export interface BreakdownPoint {
  period: string;
  /** The region the values are rolled up to. */
  organisation: string;
  values: Shown<SliceValue>[];
}

export interface KeyResultSeriesView extends KeyResultTrend {
  strategy: { id: string; title: string; owner: string };
  periods: string[];
  versionChanges: { version: number; effectiveFrom: string; reason: string }[];
  dimension?: string | undefined;
  breakdown?: BreakdownPoint[] | undefined;
}

/**
 * One key result over `periods` as in the strategy's trend, with its versions (to mark on a chart)
 * and, for a `dimension` of the key result, the region's value per value of that dimension; all as
 * `view` may see them.
 */
export async function keyResultSeries(
  db: Queryable,
  keyResultId: string,
  periods: readonly Period[],
  view: SmallCountView,
  dimension?: string,
): Promise<KeyResultSeriesView> {
  const versions = await getKeyResultVersions(db, keyResultId);
  const current = versions[versions.length - 1]!;
  if (dimension !== undefined && !versions.some((v) => v.dimensions.some((d) => d.key === dimension))) {
    const known = [...new Set(versions.flatMap((v) => v.dimensions.map((d) => d.key)))];
    throw new Invalid(`key result ${current.code} has no dimension "${dimension}"`, [
      { path: "dimension", message: known.length > 0 ? `expected one of: ${known.join(", ")}` : "this key result has no dimensions" },
    ]);
  }
  const strategy = await getStrategySummary(db, current.strategyId);
  const [rated, slices, orgs, suppressed] = await Promise.all([
    statusOverPeriods(db, strategy.id, strategy.owner, periods, view, keyResultId),
    dimension === undefined ? undefined : breakdownPartials(db, strategy.id, keyResultId, dimension, periods),
    dimension === undefined ? undefined : regionOrganisations(db, strategy.owner),
    dimension === undefined ? undefined : suppressedKeyResults(db, strategy.id, keyResultId),
  ]);
  const { code, title, unit, sectionKey } = current;
  const trend = trends(periods, rated)[0] ?? { keyResultId, code, title, unit, sectionKey, points: [] };
  let breakdown: BreakdownPoint[] | undefined;
  if (slices && orgs && suppressed) {
    const byPeriod = new Map<string, SlicePartial[]>();
    for (const s of slices) byPeriod.set(s.period, [...(byPeriod.get(s.period) ?? []), s]);
    breakdown = periods.flatMap((period, i) => {
      const kr = rated[i]?.[0]?.kr;
      if (!kr) return [];
      const listed = kr.dimensions.find((d) => d.key === dimension)?.values;
      const shown = smallCountFilter(view, suppressed.has(keyResultId), kr.aggregation);
      const values = regionBreakdown(kr, strategy.owner, orgs, byPeriod.get(period.id) ?? [], listed).map((v) => shown(v, strategy.owner));
      return [{ period: period.id, organisation: strategy.owner, values }];
    });
  }
  return {
    strategy: { id: strategy.id, title: strategy.title, owner: strategy.owner },
    periods: periods.map((p) => p.id),
    ...trend,
    versionChanges: versions.map(({ version, effectiveFrom, reason }) => ({ version, effectiveFrom, reason })),
    dimension,
    breakdown,
  };
}

export interface MissingReportsView {
  asOf: string;
  keyResults: { keyResultId: string; code: string; title: string; period: string; expected: string[]; missing: string[] }[];
  byOrganisation: { organisation: string; missing: { keyResultId: string; code: string; period: string }[] }[];
}

/**
 * For each key result of a strategy as it now reads, the last period completed by `asOf` at its
 * frequency, and the organisations expected to report it that have no current measurement for that
 * period (docs/decisions/0008-missing-reports.md). Key results in reading order; organisations as
 * the register lists them.
 */
export async function strategyMissingReports(db: Queryable, strategyId: string, asOf: string): Promise<MissingReportsView> {
  const strategy = await getStrategySummary(db, strategyId);
  const [sections, orgs, current] = await Promise.all([
    readSections(db, strategyId, strategy.version),
    listOrganisations(db),
    readKeyResultContents(db, strategyId, "current"),
  ]);
  const asked = bySection(sections, current, (kr) => kr.sectionKey)
    .flatMap((s) => s.keyResults)
    .map((kr) => ({ kr, keyResultId: kr.id, period: lastCompleted(kr.frequency, asOf) }));
  const record = await reportingRecord(db, asked);
  const { reporters, through } = reportersOf(strategy.owner, orgs);
  const keyResults = asked.map(({ kr, period }) => ({
    keyResultId: kr.id,
    code: kr.code,
    title: kr.title,
    period: period.id,
    ...missingReports(reporters, through, record.filter((r) => r.keyResultId === kr.id)),
  }));
  return {
    asOf,
    keyResults,
    byOrganisation: missingByOrganisation(reporters, keyResults).map(({ organisation, missing }) => ({
      organisation,
      missing: missing.map(({ keyResultId, code, period }) => ({ keyResultId, code, period })),
    })),
  };
}
