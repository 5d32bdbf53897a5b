/**
 * Key results measured by the portfolio itself: a key result bound to one of these named queries
 * gets its measurements computed — a count per organisation and period of the key result's
 * frequency — and kept current by every write that changes what the query counts.
 */
import { Invalid } from "../errors.js";
import { enclosing, parsePeriod, type Period } from "../period.js";
import type { Aggregation, Dimension, Frequency } from "../strategy.js";
import type { InitiativeKind } from "./initiative.js";
import type { Phase } from "./lifecycle.js";

/** Phases an approval can lead into: every phase after the first, and completed. */
export const ENTERED_PHASES = ["concept", "planning", "execution", "closing", "realisation", "completed"] as const satisfies readonly Phase[];

export type Computation =
  | {
      /** Initiatives approved into `phase` (by the decision's meeting date), counted for their owner; only of `kinds` and with one of `tags` when given. */
      query: "initiatives_entered_phase";
      params: { phase: (typeof ENTERED_PHASES)[number]; kinds?: InitiativeKind[] | undefined; tags?: string[] | undefined };
    }
  /** Local solutions taken into use (by the adoption's date), counted for the adopting organisation. */
  | { query: "adoptions"; params: Record<string, never> }
  /** Risk assessments (ROS) performed, and reused by another initiative, counted for the owner of the initiative that performed or reused it. */
  | { query: "ros_performed_or_reused"; params: Record<string, never> };

export type ComputationQuery = Computation["query"];
export const COMPUTATION_QUERIES = ["initiatives_entered_phase", "adoptions", "ros_performed_or_reused"] as const satisfies readonly ComputationQuery[];

/** Refuses a key result whose values are not counts: a computed count sums across organisations and periods, and has no breakdown. */
export function assertComputable(kr: { code: string; aggregation: Aggregation; dimensions: readonly Dimension[] }): void {
  const faults: string[] = [];
  if (kr.aggregation !== "sum") faults.push(`its values combine by ${kr.aggregation}, and a count adds up (sum)`);
  if (kr.dimensions.length > 0) faults.push("it has a breakdown, which a count over the portfolio does not give");
  if (faults.length > 0) {
    throw new Invalid(`key result ${kr.code} cannot be computed from the portfolio: ${faults.join("; ")}`, faults.map((message) => ({ path: "query", message })));
  }
}

/** A count of facts in one organisation and month (`YYYY-MM`), as the queries give them. */
export interface MonthCount {
  organisationId: string;
  month: string;
  count: number;
}

export interface ComputedValue {
  organisationId: string;
  period: Period;
  value: number;
}

/** The months' counts summed per organisation and period of `grain`. */
export function countsByPeriod(rows: readonly MonthCount[], grain: Frequency): ComputedValue[] {
  const out = new Map<string, ComputedValue>();
  for (const r of rows) {
    const period = enclosing(parsePeriod(r.month), grain)!;
    const key = `${r.organisationId}\u001f${period.id}`;
    const cur = out.get(key) ?? { organisationId: r.organisationId, period, value: 0 };
    cur.value += r.count;
    out.set(key, cur);
  }
  return [...out.values()];
}

/** A current measurement of the key result for one organisation and period. */
export interface CurrentValue {
  organisationId: string;
  period: string;
  value: number | null;
  /** Whether it was computed (not reported by hand, imported or demo). */
  computed: boolean;
}

/**
 * What to write so the key result's measurements say what the portfolio counts: each computed
 * value that differs from the current one, and 0 where a computed value no longer counts anything.
 * Values reported otherwise for periods the portfolio has nothing in are left alone. Writes nothing
 * when all is current, so a rerun adds no rows.
 */
export function measurementsToWrite(computed: readonly ComputedValue[], current: readonly CurrentValue[]): ComputedValue[] {
  const key = (org: string, period: string) => `${org}\u001f${period}`;
  const now = new Map(current.map((c) => [key(c.organisationId, c.period), c]));
  const counted = new Set(computed.map((c) => key(c.organisationId, c.period.id)));
  const writes = computed.filter((c) => now.get(key(c.organisationId, c.period.id))?.value !== c.value);
  for (const c of current) {
    if (c.computed && c.value !== 0 && !counted.has(key(c.organisationId, c.period))) {
      writes.push({ organisationId: c.organisationId, period: parsePeriod(c.period), value: 0 });
    }
  }
  return writes;
}
