/**
 * The optimiser against HiGHS itself: brute force on small random problems, the greedy heuristic on
 * larger ones, the explanation of infeasible problems, the time limit, the what-ifs and the frontier.
 */
import type { Highs } from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { describeConflict } from "../domain/prioritisation/conflicts.js";
import { greedy } from "../domain/prioritisation/greedy.js";
import { RESOURCES, evaluate, startYears, type Problem } from "../domain/prioritisation/problem.js";
import { FIRST, bruteForce, initiative, problem, smallProblem } from "../domain/prioritisation/problems.test-support.js";
import { BENCH_SHAPE, syntheticProblem, type ProblemShape } from "../seed/problems.js";
import { frontier, solve, solveAndExplain } from "./highs-solve.js";
import { highsRuntime } from "./runtime.js";

let highs: Highs;
beforeAll(async () => {
  highs = await highsRuntime();
});

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const investmentOnly = (investment: (number | null)[]) => ({ investment, operating: investment.map(() => null), capacity: investment.map(() => null) });
const scaled = (initiatives: number, over: Partial<ProblemShape>): Problem =>
  syntheticProblem({ ...BENCH_SHAPE, initiatives, dependencies: Math.round(initiatives * 0.3), exclusive: Math.round(initiatives / 20), mandatory: Math.round(initiatives * 0.03), ...over });

describe("the optimum", () => {
  it("equals brute force on small random problems with every kind of constraint", () => {
    let feasible = 0;
    let infeasible = 0;
    let onlyTheSolverSaw = 0;
    let binding = 0;
    for (let k = 0; k < 32; k++) {
      const seed = `brute-${k}`;
      const p = smallProblem(seed, k % 3 === 2);
      // Every instance has every kind of constraint.
      const is = (f: (i: Problem["initiatives"][number]) => boolean) => p.initiatives.some(f);
      expect([is((i) => i.kept), is((i) => i.mandatory), is((i) => i.excluded), p.dependencies.length > 0, p.exclusive.length > 0, p.objectives.some((o) => o.minValue > 0)], seed).toEqual(Array(6).fill(true));
      for (const r of RESOURCES) expect(p.budgets[r].some((b) => b !== null), `${seed} ${r}`).toBe(true);

      const best = bruteForce(p);
      const s = solve(highs, p);
      if (best === null) {
        infeasible++;
        expect(s.status, seed).toBe("infeasible");
        expect(s.conflicts.length, seed).toBeGreaterThan(0);
        if (s.conflicts.some((c) => c.kind === "combination")) onlyTheSolverSaw++;
        continue;
      }
      feasible++;
      expect(s.status, seed).toBe("optimal");
      const e = evaluate(p, s.selected);
      expect(e.violations, seed).toEqual([]);
      expect(close(s.objective, best.objective), `${seed}: solver ${s.objective}, brute force ${best.objective}`).toBe(true);
      expect(close(e.objective, best.objective), seed).toBe(true);
      expect([s.gap, s.bound >= s.objective - 1e-9], seed).toEqual([0, true]);
      // The constraints bind: the optimum leaves out something that could start.
      if (p.initiatives.some((i) => startYears(p, i).length > 0 && !best.selected.some((x) => x.id === i.id))) binding++;
    }
    expect({ feasible: feasible >= 16, infeasible: infeasible >= 4, onlyTheSolverSaw: onlyTheSolverSaw >= 3, binding: binding >= feasible - 2 }).toEqual({ feasible: true, infeasible: true, onlyTheSolverSaw: true, binding: true });
  });

  it("is never worse than the greedy heuristic on larger problems", () => {
    for (const [initiatives, over] of [
      [100, { seed: "vs-greedy-1" }],
      [150, { seed: "vs-greedy-2", tightness: 0.25, kept: 5 }],
      [200, { seed: "vs-greedy-3", window: 1 }],
      [300, { seed: "vs-greedy-4", tightness: 0.5, balance: 0.1 }],
    ] as const) {
      const p = { ...scaled(initiatives, over), options: { timeLimitSeconds: 2, relativeGap: 0.005 } };
      const g = greedy(p);
      const s = solve(highs, p);
      expect(s.status, over.seed).not.toBe("infeasible");
      expect(evaluate(p, s.selected).violations, over.seed).toEqual([]);
      if (g) expect(s.objective, over.seed).toBeGreaterThanOrEqual(evaluate(p, g).objective - 1e-6);
    }
  });

  it("stops at the time limit with the best portfolio found and its gap", () => {
    const p = { ...syntheticProblem(BENCH_SHAPE), options: { timeLimitSeconds: 3, relativeGap: 0 } };
    const s = solve(highs, p);
    expect(["time_limit", "optimal"]).toContain(s.status);
    expect(evaluate(p, s.selected).violations).toEqual([]);
    expect(s.selected.length).toBeGreaterThan(100);
    expect(s.bound).toBeGreaterThanOrEqual(s.objective);
    if (s.status === "time_limit") {
      expect(s.gap).toBeGreaterThan(0);
      expect(Number.isFinite(s.gap)).toBe(true);
      expect(s.gap).toBeCloseTo((s.bound - s.objective) / s.objective, 9);
    }
    // HiGHS checks the clock between nodes; on a busy machine it may overrun a little.
    expect(s.seconds).toBeLessThan(5);
  });
});

describe("infeasible problems", () => {
  it("names the budget, the year and the mandatory initiatives that exceed it", () => {
    const p = problem([initiative("a", { mandatory: true, investment: [6] }), initiative("b", { mandatory: true, investment: [5] }), initiative("c", { investment: [1] })], { budgets: investmentOnly([10]) });
    const s = solve(highs, p);
    expect(s.status).toBe("infeasible");
    expect(s.selected).toEqual([]);
    expect(s.conflicts).toEqual([{ kind: "over_budget", resource: "investment", year: FIRST, needed: 11, limit: 10, initiatives: ["a", "b"] }]);
    expect(describeConflict(p, s.conflicts[0]!)).toBe("the initiatives that must be done need 11 of investment in 2027, but the budget is 10 (A Initiative a, B Initiative b)");
  });

  it("names a mandatory initiative that is also forced out, and mandatory alternatives", () => {
    const excluded = problem([initiative("a", { mandatory: true, excluded: true })]);
    expect(solve(highs, excluded).conflicts).toEqual([{ kind: "mandatory_excluded", initiative: "a" }]);
    const alternatives = problem([initiative("a", { mandatory: true }), initiative("b", { mandatory: true })], { exclusive: [["a", "b"]] });
    const s = solve(highs, alternatives);
    expect([s.status, s.conflicts]).toEqual(["infeasible", [{ kind: "exclusive_mandatory", initiatives: ["a", "b"] }]]);
  });

  it("finds with the solver the families that cannot hold together when each fits alone", () => {
    // a fits the budget alone, but needs b, and the two do not fit together.
    const requirement = problem(
      [initiative("a", { mandatory: true, investment: [6] }), initiative("b", { investment: [5] }), initiative("c", { investment: [1] })],
      { budgets: investmentOnly([10]), dependencies: [{ initiative: "a", requires: "b" }], exclusive: [["b", "c"]] },
    );
    const s = solve(highs, requirement);
    expect(s.status).toBe("infeasible");
    // The exclusive group plays no part: it is not named.
    expect(s.conflicts).toEqual([{ kind: "combination", constraints: [{ kind: "mandatory" }, { kind: "budget", resource: "investment", year: FIRST }, { kind: "dependencies" }] }]);
    expect(describeConflict(requirement, s.conflicts[0]!)).toBe("these constraints cannot all be met at once: the mandatory initiatives, the investment budget of 2027, the dependencies");

    // Each objective's minimum can be reached, and the kept initiative fits, but not both in 2028.
    const balance = problem(
      [
        initiative("k", { kept: true, earliestStart: FIRST - 1, latestStart: FIRST - 1, capacity: [1, 1, 2] }),
        initiative("x", { valueByObjective: { o1: 5 }, capacity: [1], earliestStart: FIRST + 1, latestStart: FIRST + 1 }),
        initiative("y", { valueByObjective: { o1: 4 }, capacity: [1] }),
      ],
      {
        budgets: { investment: [null, null], operating: [null, null], capacity: [2, 2] },
        objectives: [{ key: "o1", title: "One", minValue: 5 }],
      },
      2,
    );
    const b = solve(highs, balance);
    expect(b.conflicts).toEqual([{ kind: "combination", constraints: [{ kind: "kept" }, { kind: "budget", resource: "capacity", year: FIRST + 1 }, { kind: "objective", objective: "o1" }] }]);
    expect(describeConflict(balance, b.conflicts[0]!)).toBe(
      "these constraints cannot all be met at once: the initiatives in execution, the capacity budget of 2028, the minimum value for objective o1",
    );
  });
});

describe("the explanation", () => {
  // 10 of investment: a and c (80) beat a and b (90, but 11) and f and c (75); g never fits; d needs what is forced out.
  const p = problem(
    [
      initiative("a", { value: 50, investment: [6] }),
      initiative("b", { value: 40, investment: [5] }),
      initiative("c", { value: 30, investment: [4] }),
      initiative("d", { value: 99 }),
      initiative("e", { value: 99, excluded: true }),
      initiative("f", { value: 45, investment: [6] }),
      initiative("g", { value: 99, investment: [20] }),
    ],
    { budgets: investmentOnly([10]), dependencies: [{ initiative: "d", requires: "e" }], exclusive: [["a", "f"]] },
  );

  it("says what 10 % more budget brings, what forcing each candidate costs, and why each is out", () => {
    const { solution, explanation } = solveAndExplain(highs, p);
    expect(solution.status).toBe("optimal");
    expect(solution.objective).toBe(80);
    expect(solution.selected.map((s) => s.id).sort()).toEqual(["a", "c"]);
    expect(explanation!.budgets).toEqual([{ resource: "investment", year: FIRST, used: 10, limit: 10, gain: 10, gap: expect.any(Number), comesIn: ["b"], goesOut: ["c"] }]);
    // A what-if is solved to a coarser gap (0.2 %) than the base.
    expect(explanation!.budgets[0]!.gap).toBeLessThanOrEqual(2e-3);

    const forced = new Map(explanation!.forced.map((f) => [f.id, f]));
    expect(forced.get("a")).toMatchObject({ force: "out", loss: 5 });
    expect(forced.get("c")).toMatchObject({ force: "out", loss: 30 });
    expect(forced.get("b")).toMatchObject({ force: "in", loss: 10 });
    expect(forced.get("d")).toMatchObject({ force: "in", loss: null });
    expect(forced.get("g")).toMatchObject({ force: "in", loss: null });
    expect(forced.has("e")).toBe(false);
    for (const f of explanation!.forced) if (f.loss !== null) expect(f.loss).toBeGreaterThanOrEqual(0);

    expect(explanation!.reasons).toMatchObject({
      a: [{ kind: "selected", start: FIRST }],
      b: [{ kind: "does_not_fit", start: FIRST, shortfalls: [{ resource: "investment", year: FIRST, short: 5 }] }],
      d: [{ kind: "requires", requires: "e" }],
      e: [{ kind: "excluded" }],
      f: [{ kind: "alternative", chosen: "a" }],
      g: [{ kind: "does_not_fit", start: FIRST, shortfalls: [{ resource: "investment", year: FIRST, short: 20 }] }],
    });
  });
});

describe("the efficient frontier", () => {
  it("never falls as the budgets grow", () => {
    const p = { ...syntheticProblem({ ...BENCH_SHAPE, initiatives: 16, dependencies: 5, exclusive: 1, mandatory: 0, objectives: 3, seed: "frontier" }), options: { timeLimitSeconds: 1, relativeGap: 0.005 } };
    const points = frontier(highs, p, 20, { timeLimitSeconds: 1, relativeGap: 0.005 });
    expect(points).toHaveLength(20);
    for (let k = 1; k < points.length; k++) {
      const [a, b] = [points[k - 1]!, points[k]!];
      expect(b.factor).toBeGreaterThan(a.factor);
      expect(b.budget).toBeGreaterThan(a.budget);
      // Once there is a portfolio there is one at every larger budget, worth at least as much.
      if (a.status !== "infeasible") expect(b.status).not.toBe("infeasible");
      expect(b.objective).toBeGreaterThanOrEqual(a.objective - 1e-9);
    }
    const feasible = points.filter((q) => q.status !== "infeasible");
    expect(feasible.length).toBeGreaterThan(15);
    expect(feasible.at(-1)!.objective).toBeGreaterThan(feasible[0]!.objective);
    for (const q of feasible) expect(q.gap, String(q.factor)).toBeLessThanOrEqual(q.status === "optimal" ? 0.005 : Infinity);
  });
});
