/**
 * Reasons a problem cannot have any solution that can be seen without a solver, each one certain:
 * what must be done already breaks a budget, a mandatory initiative is also forced out or has no
 * start year, it requires something that cannot come, two alternatives are both mandatory, or an
 * objective's minimum exceeds everything on offer. The solver finds the rest (see highs-solve.ts).
 */
import { RESOURCES, costIn, startYears, type Conflict, type Problem } from "./problem.js";

export function conflictsOf(problem: Problem): Conflict[] {
  const out: Conflict[] = [];
  const byId = new Map(problem.initiatives.map((i) => [i.id, i]));
  const must = problem.initiatives.filter((i) => i.kept || i.mandatory);

  for (const i of must) {
    if (i.excluded) out.push({ kind: "mandatory_excluded", initiative: i.id });
    else if (startYears(problem, i).length === 0) out.push({ kind: "no_start_year", initiative: i.id });
  }
  if (out.length > 0) return out;

  // What the initiatives that must come cost at the least in each year, whatever start they take.
  problem.years.forEach((year, y) => {
    for (const resource of RESOURCES) {
      const limit = problem.budgets[resource][y];
      if (limit === null || limit === undefined) continue;
      const least = must.map((i) => ({ id: i.id, cost: Math.min(...startYears(problem, i).map((t) => costIn(i, resource, t, year))) })).filter((c) => c.cost > 0);
      const needed = least.reduce((s, c) => s + c.cost, 0);
      if (needed > limit + 1e-6) out.push({ kind: "over_budget", resource, year, needed, limit, initiatives: least.map((c) => c.id) });
    }
  });

  for (const d of problem.dependencies) {
    const a = byId.get(d.initiative);
    const b = byId.get(d.requires);
    if (!a || !(a.kept || a.mandatory)) continue;
    const earliestA = Math.max(...startYears(problem, a));
    const bStarts = b ? startYears(problem, b) : [];
    if (bStarts.length === 0 || Math.min(...bStarts) > earliestA) out.push({ kind: "requires_unavailable", initiative: a.id, requires: d.requires });
  }

  for (const group of problem.exclusive) {
    const musts = group.filter((id) => {
      const i = byId.get(id);
      return i !== undefined && (i.kept || i.mandatory);
    });
    if (musts.length > 1) out.push({ kind: "exclusive_mandatory", initiatives: musts });
  }

  for (const o of problem.objectives) {
    if (!(o.minValue > 0)) continue;
    const reachable = problem.initiatives.filter((i) => startYears(problem, i).length > 0).reduce((s, i) => s + Math.max(0, i.valueByObjective[o.key] ?? 0), 0);
    if (reachable < o.minValue - 1e-6) out.push({ kind: "objective_unreachable", objective: o.key, minValue: o.minValue, reachable });
  }
  return out;
}

/** A conflict in plain English, for the shell and the logs; the web app words them in nb, nn and en. */
export function describeConflict(problem: Problem, c: Conflict): string {
  const name = (id: string) => {
    const i = problem.initiatives.find((x) => x.id === id);
    return i ? `${i.code} ${i.title}`.trim() : id;
  };
  switch (c.kind) {
    case "over_budget":
      return `the initiatives that must be done need ${c.needed} of ${c.resource} in ${c.year}, but the budget is ${c.limit} (${c.initiatives.map(name).join(", ")})`;
    case "mandatory_excluded":
      return `${name(c.initiative)} is mandatory and forced out at the same time`;
    case "no_start_year":
      return `${name(c.initiative)} is mandatory but cannot start within ${problem.years[0]}–${problem.years.at(-1)}`;
    case "requires_unavailable":
      return `${name(c.initiative)} must be done but requires ${name(c.requires)}, which cannot start in time or is forced out`;
    case "exclusive_mandatory":
      return `${c.initiatives.map(name).join(" and ")} are alternatives to each other, and more than one is mandatory`;
    case "objective_unreachable":
      return `objective ${c.objective} needs a value of at least ${c.minValue}, but all candidates together give ${c.reachable}`;
    case "combination":
      return `these constraints cannot all be met at once: ${c.constraints.map((g) => (g.kind === "budget" ? `the ${g.resource} budget of ${g.year}` : g.kind === "objective" ? `the minimum value for objective ${g.objective}` : `the ${g.kind === "kept" ? "initiatives in execution" : g.kind === "mandatory" ? "mandatory initiatives" : g.kind === "exclusive" ? "exclusive alternatives" : g.kind}`)).join(", ")}`;
  }
}
