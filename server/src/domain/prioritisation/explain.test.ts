import { describe, expect, it } from "vitest";
import { frontierFactors, reasons, scaleBudgets, totalBudget } from "./explain.js";
import { evaluate, type Problem, type Selection, type Solution } from "./problem.js";
import { FIRST, initiative, problem } from "./problems.test-support.js";

const solutionOf = (p: Problem, selected: Selection[]): Solution => {
  const e = evaluate(p, selected);
  expect(e.violations).toEqual([]);
  return { status: "optimal", objective: e.objective, bound: e.objective, gap: 0, seconds: 0, selected, value: e.value, valueByObjective: e.valueByObjective, spend: e.spend, conflicts: [] };
};

describe("why an initiative is in or out", () => {
  const p = problem(
    [
      initiative("a", { value: 50, investment: [6] }),
      initiative("c", { value: 30, investment: [4] }),
      initiative("x", { value: 30, investment: [9], earliestStart: FIRST + 1, latestStart: FIRST + 1 }),
      initiative("b", { value: 40, investment: [5], latestStart: FIRST + 1 }),
      initiative("d", { value: 99 }),
      initiative("e", { excluded: true }),
      initiative("f", { value: 99 }),
      initiative("g", { value: 1 }),
      initiative("h", { earliestStart: FIRST + 5, latestStart: FIRST + 6 }),
      initiative("m", { mandatory: true }),
      initiative("k", { kept: true, earliestStart: FIRST - 1, latestStart: FIRST - 1 }),
    ],
    {
      budgets: { investment: [10, 10], operating: [null, null], capacity: [null, null] },
      dependencies: [{ initiative: "d", requires: "e" }],
      exclusive: [["a", "f"]],
    },
    2,
  );
  const solution = solutionOf(p, [
    { id: "a", start: FIRST },
    { id: "c", start: FIRST },
    { id: "x", start: FIRST + 1 },
    { id: "m", start: FIRST },
    { id: "k", start: FIRST - 1 },
  ]);

  it("reads the reasons off the solution", () => {
    expect(reasons(p, solution)).toEqual({
      a: [{ kind: "selected", start: FIRST }],
      c: [{ kind: "selected", start: FIRST }],
      x: [{ kind: "selected", start: FIRST + 1 }],
      // Short by 5 of 10 in 2027 or by 4 of 10 in 2028: the smaller overrun is the one shown.
      b: [{ kind: "does_not_fit", start: FIRST + 1, shortfalls: [{ resource: "investment", year: FIRST + 1, short: 4 }] }],
      d: [{ kind: "requires", requires: "e" }],
      e: [{ kind: "excluded" }],
      f: [{ kind: "alternative", chosen: "a" }],
      g: [{ kind: "less_valuable" }],
      h: [{ kind: "no_start_year" }],
      m: [{ kind: "mandatory" }],
      k: [{ kind: "kept" }],
    });
  });
});

describe("budget levels for the frontier", () => {
  it("runs from a quarter of the budgets to twice them, rising", () => {
    const f = frontierFactors(20);
    expect(f).toHaveLength(20);
    expect([f[0], f.at(-1)]).toEqual([0.25, 2]);
    for (let k = 1; k < f.length; k++) expect(f[k]!).toBeGreaterThan(f[k - 1]!);
    expect(frontierFactors(1)).toEqual([1]);
  });

  it("scales the money and leaves the provider's capacity and the unlimited years alone", () => {
    const budgets = { investment: [10, null], operating: [4, 6], capacity: [3, 3] };
    expect(scaleBudgets(problem([], { budgets }, 2), 1.5)).toEqual({ investment: [15, null], operating: [6, 9], capacity: [3, 3] });
    expect(totalBudget(budgets)).toBe(20);
  });
});
