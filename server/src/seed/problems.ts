/**
 * Synthetic optimisation problems of any size with every kind of constraint, deterministic for a
 * seed: for the optimiser's tests and the bench. Costs and values are shaped like a health
 * region's candidates (a few large programmes, many small ones; value loosely tied to cost) and
 * as coarse as a board's estimates: whole points of value, investment in half millions, operating
 * cost in tenths of a million, the provider's capacity in half person-years.
 */
import { PROBLEM_FORMAT, type Problem, type ProblemInitiative } from "../domain/prioritisation/problem.js";
import { random } from "./random.js";

export interface ProblemShape {
  initiatives: number;
  years: number;
  dependencies: number;
  exclusive: number;
  mandatory: number;
  kept: number;
  /** Years an initiative may start after its earliest start. */
  window: number;
  /** Share of all candidates' yearly cost the budgets allow. */
  tightness: number;
  objectives: number;
  /** Minimum value per objective, as a share of what its candidates offer (0: no balance constraint). */
  balance: number;
  seed: string;
}

export const BENCH_SHAPE: ProblemShape = { initiatives: 1000, years: 5, dependencies: 300, exclusive: 50, mandatory: 30, kept: 0, window: 2, tightness: 0.35, objectives: 6, balance: 0.05, seed: "bench" };

export function syntheticProblem(shape: ProblemShape): Problem {
  const rnd = random(shape.seed);
  const first = 2027;
  const years = Array.from({ length: shape.years }, (_, k) => first + k);
  const objectives = Array.from({ length: shape.objectives }, (_, k) => ({ key: `o${k + 1}`, title: `Objective ${k + 1}`, minValue: 0 }));
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const initiatives: ProblemInitiative[] = Array.from({ length: shape.initiatives }, (_, k) => {
    const large = rnd() < 0.1;
    const size = large ? 5 + rnd() * 20 : 0.3 + rnd() * 4;
    const length = int(1, Math.min(3, shape.years));
    const investment = Array.from({ length }, () => Math.max(1, Math.round((size * (0.6 + rnd() * 0.8) * 2) / length)) * 5e5);
    const operating = Array.from({ length: shape.years }, (_, t) => (t < length ? 0 : Math.round(size * 1.5 * (0.5 + rnd())) * 1e5));
    const capacity = Array.from({ length }, () => Math.round(size * (0.2 + rnd() * 0.6) * 2) / 2);
    const value = Math.round((20 + rnd() * 60) * (0.6 + Math.sqrt(size) / 3));
    const main = objectives[int(0, objectives.length - 1)]!.key;
    const second = objectives[int(0, objectives.length - 1)]!.key;
    const strategic = value * 0.4;
    const valueByObjective = main === second ? { [main]: strategic } : { [main]: strategic * 0.7, [second]: strategic * 0.3 };
    const earliestStart = first + int(0, Math.max(0, shape.years - 2));
    return {
      id: `i${k + 1}`,
      code: `C-${String(k + 1).padStart(4, "0")}`,
      title: `Candidate ${k + 1}`,
      value,
      valueByObjective,
      investment,
      operating,
      capacity,
      earliestStart,
      latestStart: Math.min(first + shape.years - 1, earliestStart + shape.window),
      mandatory: false,
      kept: false,
      excluded: false,
    };
  });
  // Kept ones started last year or this; mandatory ones are small enough to leave room.
  for (const i of initiatives.slice(0, shape.kept)) {
    i.kept = true;
    i.earliestStart = i.latestStart = first - int(0, 1);
  }
  const small = initiatives.filter((i) => !i.kept).sort((a, b) => a.investment.reduce((s, x) => s + x, 0) - b.investment.reduce((s, x) => s + x, 0));
  for (const i of small.filter((_, k) => k % 7 === 3).slice(0, shape.mandatory)) i.mandatory = true;

  const dependencies: Problem["dependencies"] = [];
  const seen = new Set<string>();
  // Edges from a higher to a lower index cannot form a cycle; a requirement must be able to start no later.
  while (dependencies.length < shape.dependencies && shape.initiatives > 1) {
    const a = int(1, shape.initiatives - 1);
    const b = int(0, a - 1);
    const ia = initiatives[a]!;
    const ib = initiatives[b]!;
    if (ib.earliestStart > ia.latestStart || ia.mandatory || seen.has(`${a}:${b}`)) continue;
    seen.add(`${a}:${b}`);
    dependencies.push({ initiative: ia.id, requires: ib.id });
  }
  const exclusive: string[][] = [];
  const used = new Set<string>();
  while (exclusive.length < shape.exclusive && shape.initiatives > 1) {
    const a = initiatives[int(0, shape.initiatives - 1)]!;
    const b = initiatives[int(0, shape.initiatives - 1)]!;
    if (a === b || a.mandatory || b.mandatory || a.kept || b.kept || used.has(a.id) || used.has(b.id)) continue;
    used.add(a.id).add(b.id);
    exclusive.push([a.id, b.id]);
  }

  const budgets: Problem["budgets"] = { investment: [], operating: [], capacity: [] };
  years.forEach((year) => {
    const total = { investment: 0, operating: 0, capacity: 0 };
    for (const i of initiatives) for (const r of ["investment", "operating", "capacity"] as const) total[r] += i[r][year - i.earliestStart] ?? 0;
    budgets.investment.push(Math.round(total.investment * shape.tightness));
    budgets.operating.push(Math.round(total.operating * shape.tightness + 2e6));
    budgets.capacity.push(Math.round(total.capacity * shape.tightness * 2) / 2);
  });
  for (const o of objectives) {
    const offered = initiatives.reduce((s, i) => s + (i.valueByObjective[o.key] ?? 0), 0);
    o.minValue = Math.round(offered * shape.balance);
  }
  return { format: PROBLEM_FORMAT, name: `synthetic ${shape.seed}`, years, budgets, objectives, initiatives, dependencies, exclusive, delayDiscount: 0.05, options: { timeLimitSeconds: 10, relativeGap: 1e-4 } };
}
