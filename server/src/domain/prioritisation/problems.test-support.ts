/**
 * For the optimiser's tests: terse builders for hand-made problems, a seeded generator of small
 * problems with every kind of constraint, and the brute force the solver is checked against.
 */
import { random } from "../../seed/random.js";
import { DEFAULT_OPTIONS, PROBLEM_FORMAT, RESOURCES, evaluate, startYears, type Problem, type ProblemInitiative, type Resource, type Selection } from "./problem.js";

export const FIRST = 2027;

/** An initiative costing nothing, worth 10, that may start in the first year only; `over` sets the rest. */
export function initiative(id: string, over: Partial<ProblemInitiative> = {}): ProblemInitiative {
  return {
    id,
    code: id.toUpperCase(),
    title: `Initiative ${id}`,
    value: 10,
    valueByObjective: {},
    investment: [],
    operating: [],
    capacity: [],
    earliestStart: FIRST,
    latestStart: FIRST,
    mandatory: false,
    kept: false,
    excluded: false,
    ...over,
  };
}

/** A problem over `years` years from 2027 with no limits, no objectives and no discount unless `over` gives them. */
export function problem(initiatives: ProblemInitiative[], over: Partial<Problem> = {}, years = 1): Problem {
  const none = () => Array.from({ length: years }, () => null);
  return {
    format: PROBLEM_FORMAT,
    name: "test",
    years: Array.from({ length: years }, (_, k) => FIRST + k),
    budgets: { investment: none(), operating: none(), capacity: none() },
    objectives: [],
    initiatives,
    dependencies: [],
    exclusive: [],
    delayDiscount: 0,
    options: DEFAULT_OPTIONS,
    ...over,
  };
}

/** Assignments the brute force may enumerate per instance: it calls `evaluate` on each. */
const MAX_ASSIGNMENTS = 2500;

/** Assignments there are: each initiative out or at one of its start years. */
export const assignments = (p: Problem) => p.initiatives.reduce((n, i) => n * (1 + startYears(p, i).length), 1);

/**
 * A small random problem in which every kind of constraint occurs: three years, budgets of all
 * three resources (some years unlimited), start windows of up to three years, a kept initiative
 * that started before the horizon, mandatory ones, an excluded one, dependencies, exclusive groups
 * and a minimum value for an objective; `wide`, more initiatives and no windows. Whole numbers
 * throughout, so that a portfolio spending exactly a budget is not a rounding question.
 */
export function smallProblem(seed: string, wide = false): Problem {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const years = [FIRST, FIRST + 1, FIRST + 2];
  const n = wide ? int(10, 12) : int(8, 10);
  const objectives = ["o1", "o2", "o3"];
  const initiatives = Array.from({ length: n }, (_, k) => {
    const length = int(1, 2);
    const earliestStart = FIRST + int(0, 2);
    const value = int(5, 60);
    const main = pick(objectives);
    const strategic = int(0, Math.round(value / 2));
    return initiative(`i${k + 1}`, {
      value,
      valueByObjective: { [main]: strategic },
      investment: Array.from({ length }, () => int(1, 6)),
      operating: [...Array.from({ length }, () => 0), int(0, 2), int(0, 2)],
      capacity: Array.from({ length }, () => int(0, 2)),
      earliestStart,
      latestStart: wide ? earliestStart : earliestStart + int(0, 2),
    });
  });
  const [kept, mandatory, excluded, ...rest] = initiatives;
  kept!.kept = true;
  kept!.earliestStart = kept!.latestStart = FIRST - int(0, 1);
  mandatory!.mandatory = true;
  if (rnd() < 0.3) pick(rest).mandatory = true;
  excluded!.excluded = true;
  // Now and then an impossible demand the conflict finder must see without the solver.
  if (rnd() < 0.06) excluded!.mandatory = true;

  const ids = initiatives.map((i) => i.id);
  // Requiring the excluded one is a way to be impossible, so that only now and then.
  const requirable = rnd() < 0.1 ? ids : ids.filter((id) => id !== excluded!.id);
  const dependencies = Array.from({ length: int(1, 3) }, () => {
    const a = pick(ids.slice(1));
    return { initiative: a, requires: pick(requirable.filter((x) => x !== a)) };
  });
  const exclusive = Array.from({ length: int(1, 2) }, () => {
    const group = new Set([pick(ids.slice(3)), pick(ids.slice(3)), pick(ids.slice(3))]);
    return group.size > 1 ? [...group] : [ids[3]!, ids[4]!];
  });

  // Each year's limits are a share of what all candidates would cost at their earliest start, and
  // mostly leave room for what must be done: the instances should mostly have portfolios to compare.
  const tightness = 0.3 + rnd() * 0.35;
  const room = rnd() < 0.9;
  const atEarliest = (i: ProblemInitiative, r: Resource, year: number) => i[r][year - i.earliestStart] ?? 0;
  const budgets = Object.fromEntries(
    RESOURCES.map((r) => [
      r,
      years.map((year, y) => {
        if (y > 0 && rnd() < 0.15) return null;
        const all = initiatives.reduce((s, i) => s + atEarliest(i, r, year), 0);
        const must = initiatives.reduce((s, i) => s + (i.kept || i.mandatory ? atEarliest(i, r, year) : 0), 0);
        return Math.max(1, Math.round(all * tightness), room ? must + int(0, 2) : 0);
      }),
    ]),
  ) as Problem["budgets"];
  const offered = (o: string) => initiatives.reduce((s, i) => s + (i.valueByObjective[o] ?? 0), 0);
  const p = problem(initiatives, {
    name: `small ${seed}`,
    years,
    budgets,
    objectives: objectives.map((key, k) => ({ key, title: key, minValue: k === 0 ? Math.max(1, Math.round(offered(key) * (0.05 + rnd() * 0.25))) : 0 })),
    dependencies,
    exclusive,
    delayDiscount: pick([0, 0.1]),
    options: { relativeGap: 0, timeLimitSeconds: 30 },
  });
  // Keep the enumeration small: narrow the widest windows until it fits.
  while (assignments(p) > MAX_ASSIGNMENTS) {
    const widest = initiatives.filter((i) => !i.kept).reduce((a, b) => (startYears(p, b).length > startYears(p, a).length ? b : a));
    if (startYears(p, widest).length < 2) throw new Error(`${p.name}: too many initiatives to enumerate`);
    widest.latestStart = Math.max(widest.earliestStart, Math.min(widest.latestStart, FIRST + 2) - 1);
  }
  return p;
}

/** Every assignment (each initiative out or at one of its start years), kept if feasible: the best objective, or null when none is feasible. */
export function bruteForce(p: Problem): { objective: number; selected: Selection[] } | null {
  const options = p.initiatives.map((i) => [null, ...startYears(p, i)]);
  let best: { objective: number; selected: Selection[] } | null = null;
  const chosen: Selection[] = [];
  const visit = (k: number) => {
    if (k === options.length) {
      const e = evaluate(p, chosen);
      if (e.feasible && (best === null || e.objective > best.objective)) best = { objective: e.objective, selected: [...chosen] };
      return;
    }
    for (const start of options[k]!) {
      if (start !== null) chosen.push({ id: p.initiatives[k]!.id, start });
      visit(k + 1);
      if (start !== null) chosen.pop();
    }
  };
  visit(0);
  return best;
}
