/**
 * Why each initiative is in or out of a solved portfolio. The what-ifs (10 % more budget, an
 * initiative forced in or out) need the solver and are computed in highs-solve.ts; the reasons
 * an initiative was left out are read off the solution here.
 */
import { RESOURCES, costIn, startYears, type Problem, type Resource, type Solution } from "./problem.js";

export interface BudgetEffect {
  resource: Resource;
  year: number;
  used: number;
  limit: number;
  /** Objective gained with 10 % more of this budget in this year. Binding when > 0. */
  gain: number;
  /** The relative gap the what-if was solved to. */
  gap: number;
  /** The portfolio's change with the extra 10 %. */
  comesIn: string[];
  goesOut: string[];
}

export interface ForcedEffect {
  id: string;
  /** The opposite of what the solution did with it. */
  force: "in" | "out";
  /** Objective lost by forcing; null when forcing it makes the problem infeasible. */
  loss: number | null;
  /** The relative gap the what-if was solved to. */
  gap: number;
}

export type Reason =
  | { kind: "selected"; start: number }
  | { kind: "kept" }
  | { kind: "mandatory" }
  | { kind: "excluded" }
  | { kind: "no_start_year" }
  | { kind: "requires"; requires: string }
  | { kind: "alternative"; chosen: string }
  /** At its best start it would exceed these budgets by `short`. */
  | { kind: "does_not_fit"; start: number; shortfalls: { resource: Resource; year: number; short: number }[] }
  /** It fits, but the value it would bring is less than what it would displace. */
  | { kind: "less_valuable" };

export interface Explanation {
  budgets: BudgetEffect[];
  forced: ForcedEffect[];
  reasons: Record<string, Reason[]>;
}

/** The reasons behind each initiative's place in or out of `solution`. */
export function reasons(problem: Problem, solution: Solution): Record<string, Reason[]> {
  const chosen = new Map(solution.selected.map((s) => [s.id, s.start]));
  const out: Record<string, Reason[]> = {};
  for (const i of problem.initiatives) {
    const start = chosen.get(i.id);
    if (start !== undefined) {
      out[i.id] = [i.kept ? { kind: "kept" } : i.mandatory ? { kind: "mandatory" } : { kind: "selected", start }];
      continue;
    }
    if (i.excluded) {
      out[i.id] = [{ kind: "excluded" }];
      continue;
    }
    const starts = startYears(problem, i);
    if (starts.length === 0) {
      out[i.id] = [{ kind: "no_start_year" }];
      continue;
    }
    const why: Reason[] = [];
    for (const d of problem.dependencies) if (d.initiative === i.id && !chosen.has(d.requires)) why.push({ kind: "requires", requires: d.requires });
    for (const g of problem.exclusive) {
      if (!g.includes(i.id)) continue;
      for (const other of g) if (other !== i.id && chosen.has(other)) why.push({ kind: "alternative", chosen: other });
    }
    if (why.length === 0) {
      // The start that would overrun the budgets least, measured as the largest share of a limit exceeded.
      const fits = starts.map((start) => {
        const shortfalls = solution.spend.flatMap((row) =>
          RESOURCES.flatMap((resource) => {
            const limit = row.limit[resource];
            const short = limit === null ? 0 : row.used[resource] + costIn(i, resource, start, row.year) - limit;
            return short > 1e-6 ? [{ resource, year: row.year, short }] : [];
          }),
        );
        const worst = Math.max(0, ...shortfalls.map((s) => s.short / Math.max(1, limitOf(solution, s.year, s.resource))));
        return { start, shortfalls, worst };
      });
      const best = fits.reduce((a, b) => (b.worst < a.worst ? b : a));
      why.push(best.shortfalls.length > 0 ? { kind: "does_not_fit", start: best.start, shortfalls: best.shortfalls } : { kind: "less_valuable" });
    }
    out[i.id] = why;
  }
  return out;
}

const limitOf = (solution: Solution, year: number, resource: Resource) => solution.spend.find((s) => s.year === year)?.limit[resource] ?? 1;

/** The budgets scaled by `factor` — investment and operating money; the provider's capacity is people, not money, and stays. */
export function scaleBudgets(problem: Problem, factor: number): Problem["budgets"] {
  const scale = (xs: (number | null)[]) => xs.map((x) => (x === null ? null : x * factor));
  return { investment: scale(problem.budgets.investment), operating: scale(problem.budgets.operating), capacity: problem.budgets.capacity };
}

/** Total money over the horizon (investment and operating), for the frontier's axis. */
export const totalBudget = (budgets: Problem["budgets"]) =>
  [...budgets.investment, ...budgets.operating].reduce<number>((s, x) => s + (x ?? 0), 0);

export interface FrontierPoint {
  factor: number;
  budget: number;
  status: Solution["status"];
  value: number;
  objective: number;
  gap: number;
  selected: number;
}

/** Budget levels from a quarter of the scenario's budgets to twice them. */
export function frontierFactors(levels: number): number[] {
  if (levels < 2) return [1];
  return Array.from({ length: levels }, (_, k) => Math.round((0.25 + (1.75 * k) / (levels - 1)) * 1000) / 1000);
}
