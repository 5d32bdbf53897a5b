/**
 * The portfolio optimisation problem as a self-contained document: everything the solver needs and
 * nothing from the database, so that a scenario's problem can be exported, shared, solved from the
 * shell (`veivalg optimise PROBLEM.json`) and checked by anyone. docs/optimisation-problem.md
 * describes the format for readers outside the code.
 */

export const PROBLEM_FORMAT = "veivalg.optimisation-problem/1";

/** What a budget limits each year: investment and operating cost (NOK) and the shared IT provider's capacity (person-years). */
export const RESOURCES = ["investment", "operating", "capacity"] as const;
export type Resource = (typeof RESOURCES)[number];

export interface ProblemInitiative {
  id: string;
  code: string;
  title: string;
  /** Strategic value if done (the scoring model's weighted score, 0–100). */
  value: number;
  /** The part of `value` that serves each objective (section key); the balance constraints count these. */
  valueByObjective: Record<string, number>;
  /** Cost profile from the start year on: element k falls in start year + k. */
  investment: number[];
  operating: number[];
  capacity: number[];
  /** The years it may start in, inclusive. A kept initiative's start is fixed and may lie before the horizon. */
  earliestStart: number;
  latestStart: number;
  /** Must be selected (a legal requirement or the board's forced choice). */
  mandatory: boolean;
  /** Already in execution: kept, at its start, whatever it costs. */
  kept: boolean;
  /** Forced out by the scenario: never selected. */
  excluded: boolean;
}

export interface Problem {
  format: typeof PROBLEM_FORMAT;
  name: string;
  /** The planning horizon: consecutive years. */
  years: number[];
  /** Per resource, the limit in each year of `years` (null: no limit that year). */
  budgets: Record<Resource, (number | null)[]>;
  objectives: { key: string; title: string; minValue: number }[];
  initiatives: ProblemInitiative[];
  /** `initiative` only if `requires` is selected too, and not starting before it. */
  dependencies: { initiative: string; requires: string }[];
  /** At most one initiative of each group (alternatives to one another). */
  exclusive: string[][];
  /**
   * Share of value lost per year an initiative starts after its earliest start: benefits come
   * later. 0 makes the start year matter only for the budgets.
   */
  delayDiscount: number;
  options: SolveOptions;
}

export interface SolveOptions {
  /** Wall-clock seconds the solver may use; it then returns the best portfolio found and its gap. */
  timeLimitSeconds: number;
  /** Stop when the relative gap between the best portfolio and the bound is at most this. */
  relativeGap: number;
}

export const DEFAULT_OPTIONS: SolveOptions = { timeLimitSeconds: 10, relativeGap: 1e-4 };

export type SolveStatus = "optimal" | "time_limit" | "infeasible";

export interface Selection {
  id: string;
  start: number;
}

export interface Spend {
  year: number;
  used: Record<Resource, number>;
  limit: Record<Resource, number | null>;
}

export interface Solution {
  status: SolveStatus;
  /** The objective: value discounted for delay. */
  objective: number;
  /** The best bound proved: no portfolio can reach more. */
  bound: number;
  /** (bound − objective) / objective; 0 when proved optimal. */
  gap: number;
  seconds: number;
  selected: Selection[];
  /** Undiscounted value of the selection, in total and per objective. */
  value: number;
  valueByObjective: Record<string, number>;
  spend: Spend[];
  /** Why there is no portfolio at all, when `status` is infeasible. */
  conflicts: Conflict[];
}

/** One reason a problem has no solution, with what the sentence needs in any language. */
export type Conflict =
  | { kind: "over_budget"; resource: Resource; year: number; needed: number; limit: number; initiatives: string[] }
  | { kind: "mandatory_excluded"; initiative: string }
  | { kind: "no_start_year"; initiative: string }
  | { kind: "requires_unavailable"; initiative: string; requires: string }
  | { kind: "exclusive_mandatory"; initiatives: string[] }
  | { kind: "objective_unreachable"; objective: string; minValue: number; reachable: number }
  | { kind: "combination"; constraints: ConstraintGroup[] };

/** A family of constraints, as the explanation of a conflict names them. */
export type ConstraintGroup =
  | { kind: "budget"; resource: Resource; year: number }
  | { kind: "objective"; objective: string }
  | { kind: "mandatory" }
  | { kind: "kept" }
  | { kind: "dependencies" }
  | { kind: "exclusive" };

export const yearIndex = (problem: Pick<Problem, "years">, year: number) => year - problem.years[0]!;

/** What `initiative` costs of `resource` in `year` when it starts in `start`. */
export function costIn(initiative: ProblemInitiative, resource: Resource, start: number, year: number): number {
  return initiative[resource][year - start] ?? 0;
}

/** The start years an initiative may take: its window within the horizon, or its own start when kept. */
export function startYears(problem: Pick<Problem, "years">, i: ProblemInitiative): number[] {
  if (i.excluded) return [];
  if (i.kept) return [i.earliestStart];
  const first = Math.max(i.earliestStart, problem.years[0]!);
  const last = Math.min(i.latestStart, problem.years.at(-1)!);
  const out: number[] = [];
  for (let y = first; y <= last; y++) out.push(y);
  return out;
}

/** The objective's coefficient of starting `i` in `start`. */
export const discounted = (problem: Pick<Problem, "delayDiscount">, i: ProblemInitiative, start: number) =>
  i.value * (1 - problem.delayDiscount) ** Math.max(0, start - i.earliestStart);

/**
 * Evaluates a selection against the problem: its objective, value, spend, and whether it keeps
 * every constraint. The solver's answer, the greedy heuristic and the tests all go through this
 * one definition of what a portfolio is worth.
 */
export function evaluate(problem: Problem, selected: readonly Selection[]): { objective: number; value: number; valueByObjective: Record<string, number>; spend: Spend[]; feasible: boolean; violations: string[] } {
  const byId = new Map(problem.initiatives.map((i) => [i.id, i]));
  const start = new Map(selected.map((s) => [s.id, s.start]));
  const violations: string[] = [];
  let objective = 0;
  let value = 0;
  const valueByObjective: Record<string, number> = Object.fromEntries(problem.objectives.map((o) => [o.key, 0]));
  const spend: Spend[] = problem.years.map((year, k) => ({
    year,
    used: { investment: 0, operating: 0, capacity: 0 },
    limit: { investment: problem.budgets.investment[k] ?? null, operating: problem.budgets.operating[k] ?? null, capacity: problem.budgets.capacity[k] ?? null },
  }));
  for (const s of selected) {
    const i = byId.get(s.id);
    if (!i) {
      violations.push(`${s.id} is not in the problem`);
      continue;
    }
    if (!startYears(problem, i).includes(s.start)) violations.push(`${i.code} cannot start in ${s.start}`);
    objective += discounted(problem, i, s.start);
    value += i.value;
    for (const [o, v] of Object.entries(i.valueByObjective)) valueByObjective[o] = (valueByObjective[o] ?? 0) + v;
    for (const row of spend) for (const r of RESOURCES) row.used[r] += costIn(i, r, s.start, row.year);
  }
  for (const i of problem.initiatives) if ((i.mandatory || i.kept) && !start.has(i.id)) violations.push(`${i.code} is mandatory`);
  for (const row of spend) {
    for (const r of RESOURCES) {
      const limit = row.limit[r];
      if (limit !== null && row.used[r] > limit * (1 + 1e-9) + 1e-6) violations.push(`${r} ${row.year}: ${row.used[r]} > ${limit}`);
    }
  }
  for (const d of problem.dependencies) {
    const a = start.get(d.initiative);
    if (a === undefined) continue;
    const b = start.get(d.requires);
    if (b === undefined || b > a) violations.push(`${d.initiative} requires ${d.requires}`);
  }
  for (const group of problem.exclusive) if (group.filter((id) => start.has(id)).length > 1) violations.push(`only one of ${group.join(", ")}`);
  for (const o of problem.objectives) if ((valueByObjective[o.key] ?? 0) < o.minValue - 1e-6) violations.push(`objective ${o.key} below ${o.minValue}`);
  return { objective, value, valueByObjective, spend, feasible: violations.length === 0, violations };
}
