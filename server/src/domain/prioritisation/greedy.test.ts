import { describe, expect, it } from "vitest";
import { BENCH_SHAPE, syntheticProblem } from "../../seed/problems.js";
import { greedy } from "./greedy.js";
import { evaluate } from "./problem.js";
import { FIRST, initiative, problem } from "./problems.test-support.js";

const investmentOnly = (investment: (number | null)[]) => ({ investment, operating: investment.map(() => null), capacity: investment.map(() => null) });

describe("the greedy heuristic", () => {
  it("finds a feasible portfolio of synthetic problems of several shapes", () => {
    for (const [initiatives, tightness, kept, seed] of [
      [100, 0.35, 0, "g1"],
      [200, 0.2, 5, "g2"],
      [300, 0.5, 10, "g3"],
    ] as const) {
      const p = syntheticProblem({ ...BENCH_SHAPE, initiatives, tightness, kept, dependencies: Math.round(initiatives * 0.3), exclusive: initiatives / 20, mandatory: Math.round(initiatives * 0.03), seed });
      const g = greedy(p);
      expect(g, seed).not.toBeNull();
      expect(evaluate(p, g!).violations, seed).toEqual([]);
    }
  });

  it("takes the best value per cost first, which is not always best", () => {
    const p = problem([initiative("a", { value: 60, investment: [10] }), initiative("b", { value: 35, investment: [5] }), initiative("c", { value: 20, investment: [6] })], { budgets: investmentOnly([10]) });
    expect(greedy(p)).toEqual([{ id: "b", start: FIRST }]);
  });

  it("puts what must be done in first, requirements before what needs them and never two alternatives", () => {
    const p = problem(
      [
        initiative("a", { value: 90, investment: [1, 1], latestStart: FIRST + 2 }),
        initiative("b", { value: 1, investment: [1], earliestStart: FIRST + 1, latestStart: FIRST + 2 }),
        initiative("m", { mandatory: true, value: 1, investment: [4], latestStart: FIRST + 1 }),
        initiative("x", { value: 80, investment: [1] }),
        initiative("y", { value: 70, investment: [1] }),
      ],
      { budgets: investmentOnly([5, 5, 5]), dependencies: [{ initiative: "a", requires: "b" }], exclusive: [["x", "y"]] },
      3,
    );
    const g = greedy(p)!;
    expect(evaluate(p, g).violations).toEqual([]);
    expect(new Map(g.map((s) => [s.id, s.start]))).toEqual(
      new Map([
        ["m", FIRST],
        ["x", FIRST],
        ["b", FIRST + 1],
        ["a", FIRST + 1],
      ]),
    );
  });

  it("gives up when what must be done breaks a budget or an objective's minimum is not reached", () => {
    const over = problem([initiative("m", { mandatory: true, investment: [6] }), initiative("k", { kept: true, investment: [5] })], { budgets: investmentOnly([10]) });
    expect(greedy(over)).toBeNull();
    const short = problem([initiative("a", { valueByObjective: { o1: 5 }, investment: [6] }), initiative("b", { valueByObjective: { o1: 5 }, investment: [6] })], {
      budgets: investmentOnly([10]),
      objectives: [{ key: "o1", title: "One", minValue: 10 }],
    });
    expect(greedy(short)).toBeNull();
  });

  it("follows a solver's hint: the most wanted first, each at its most wanted start", () => {
    const p = problem([initiative("a", { value: 10, investment: [5], latestStart: FIRST + 1 }), initiative("b", { value: 50, investment: [5], latestStart: FIRST + 1 })], { budgets: investmentOnly([5, 5]) }, 2);
    expect(greedy(p)).toEqual([
      { id: "b", start: FIRST },
      { id: "a", start: FIRST + 1 },
    ]);
    const hint = new Map([
      ["a", new Map([[FIRST, 0.9], [FIRST + 1, 0.1]])],
      ["b", new Map([[FIRST, 0.2], [FIRST + 1, 0.7]])],
    ]);
    expect(greedy(p, hint)).toEqual([
      { id: "a", start: FIRST },
      { id: "b", start: FIRST + 1 },
    ]);
  });
});
