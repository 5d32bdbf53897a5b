/**
 * The greedy value-per-cost heuristic: what a board does by hand with a sorted spreadsheet. What
 * must be done goes in first; then candidates in order of value per unit of cost (each cost
 * measured as a share of its budget over the horizon) go in at the earliest start that fits, if
 * what they require is in and no alternative is. It is the yardstick the optimiser must beat, and
 * it seeds the solver with a feasible portfolio.
 */
import { RESOURCES, costIn, discounted, startYears, type Problem, type ProblemInitiative, type Selection } from "./problem.js";

/**
 * A solver's hint for the greedy: how much it wants each start of each initiative (the values of
 * the programme's relaxation). Candidates are then taken by how wanted they are, and each at its
 * most wanted start that fits: rounding the relaxation, which lands close to the optimum.
 */
export type Hint = Map<string, Map<number, number>>;

/** The greedy portfolio, or null when it breaks a constraint it cannot see (a mandatory one over budget, an objective's minimum). */
export function greedy(problem: Problem, hint?: Hint): Selection[] | null {
  const used = problem.years.map(() => ({ investment: 0, operating: 0, capacity: 0 }));
  const chosen = new Map<string, number>();
  const requires = new Map<string, string[]>();
  for (const d of problem.dependencies) requires.set(d.initiative, [...(requires.get(d.initiative) ?? []), d.requires]);
  const alternatives = new Map<string, string[]>();
  for (const g of problem.exclusive) for (const id of g) alternatives.set(id, [...(alternatives.get(id) ?? []), ...g.filter((x) => x !== id)]);

  const fits = (i: ProblemInitiative, start: number, force: boolean) =>
    force ||
    problem.years.every((year, y) =>
      RESOURCES.every((r) => {
        const limit = problem.budgets[r][y];
        return limit === null || limit === undefined || used[y]![r] + costIn(i, r, start, year) <= limit + 1e-6;
      }),
    );
  const place = (i: ProblemInitiative, force: boolean): boolean => {
    if (chosen.has(i.id) || (alternatives.get(i.id) ?? []).some((a) => chosen.has(a))) return false;
    const earliest = Math.max(-Infinity, ...(requires.get(i.id) ?? []).map((b) => chosen.get(b) ?? Infinity));
    const wanted = hint?.get(i.id);
    const starts = wanted ? startYears(problem, i).sort((a, b) => (wanted.get(b) ?? 0) - (wanted.get(a) ?? 0) || a - b) : startYears(problem, i);
    const start = starts.find((t) => t >= earliest && fits(i, t, force));
    if (start === undefined) return false;
    chosen.set(i.id, start);
    problem.years.forEach((year, y) => {
      for (const r of RESOURCES) used[y]![r] += costIn(i, r, start, year);
    });
    return true;
  };

  const must = problem.initiatives.filter((i) => i.kept || i.mandatory);
  // Requirements first: an initiative whose requirement is not yet placed cannot start.
  for (let pass = 0; pass < must.length + 1; pass++) if (!must.some((i) => place(i, true))) break;
  if (must.some((i) => !chosen.has(i.id))) return null;

  const totals = Object.fromEntries(RESOURCES.map((r) => [r, problem.budgets[r].reduce<number>((s, x) => s + (x ?? 0), 0)])) as Record<(typeof RESOURCES)[number], number>;
  const weight = (i: ProblemInitiative) => {
    const start = startYears(problem, i)[0] ?? i.earliestStart;
    const cost = RESOURCES.reduce((s, r) => s + (totals[r] > 0 ? problem.years.reduce((c, year) => c + costIn(i, r, start, year), 0) / totals[r] : 0), 0);
    return discounted(problem, i, start) / Math.max(cost, 1e-9);
  };
  const want = (i: ProblemInitiative) => [...(hint?.get(i.id)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const order = problem.initiatives
    .filter((i) => !i.kept && !i.mandatory && !i.excluded)
    .map((i) => ({ i, want: want(i), weight: weight(i) }))
    .sort((a, b) => b.want - a.want || b.weight - a.weight)
    .map((x) => x.i);
  // A second sweep places those whose requirement came in later in the order.
  for (let sweep = 0; sweep < 2; sweep++) for (const i of order) place(i, false);

  const selection = [...chosen].map(([id, start]) => ({ id, start }));
  const byObjective = new Map<string, number>();
  for (const s of selection) for (const [o, v] of Object.entries(problem.initiatives.find((i) => i.id === s.id)!.valueByObjective)) byObjective.set(o, (byObjective.get(o) ?? 0) + v);
  if (problem.objectives.some((o) => (byObjective.get(o.key) ?? 0) < o.minValue - 1e-6)) return null;
  if (problem.years.some((_, y) => RESOURCES.some((r) => { const l = problem.budgets[r][y]; return l !== null && l !== undefined && used[y]![r] > l + 1e-6; }))) return null;
  return selection;
}
