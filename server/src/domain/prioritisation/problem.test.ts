import { describe, expect, it } from "vitest";
import { costIn, discounted, evaluate, startYears } from "./problem.js";
import { FIRST, initiative, problem } from "./problems.test-support.js";

describe("start years and costs", () => {
  const p = problem([], {}, 3);

  it("clips the window to the horizon", () => {
    expect(startYears(p, initiative("a", { earliestStart: FIRST - 1, latestStart: FIRST + 1 }))).toEqual([FIRST, FIRST + 1]);
    expect(startYears(p, initiative("a", { earliestStart: FIRST + 1, latestStart: FIRST + 9 }))).toEqual([FIRST + 1, FIRST + 2]);
    expect(startYears(p, initiative("a", { earliestStart: FIRST + 3, latestStart: FIRST + 4 }))).toEqual([]);
  });

  it("gives a kept initiative its own start, even before the horizon, and an excluded one none", () => {
    expect(startYears(p, initiative("a", { kept: true, earliestStart: FIRST - 2, latestStart: FIRST + 2 }))).toEqual([FIRST - 2]);
    expect(startYears(p, initiative("a", { excluded: true, latestStart: FIRST + 2 }))).toEqual([]);
    expect(startYears(p, initiative("a", { kept: true, excluded: true }))).toEqual([]);
  });

  it("lays the cost profile out from the start year", () => {
    const i = initiative("a", { investment: [5, 3], operating: [0, 0, 2] });
    expect([FIRST, FIRST + 1, FIRST + 2, FIRST + 3].map((y) => costIn(i, "investment", FIRST + 1, y))).toEqual([0, 5, 3, 0]);
    expect(costIn(i, "operating", FIRST, FIRST + 2)).toBe(2);
    expect(costIn(i, "capacity", FIRST, FIRST)).toBe(0);
  });

  it("discounts value for each year of delay after the earliest start, not before", () => {
    const d = { delayDiscount: 0.1 };
    const i = initiative("a", { value: 100, earliestStart: FIRST + 1 });
    expect(discounted(d, i, FIRST + 1)).toBe(100);
    expect(discounted(d, i, FIRST + 3)).toBeCloseTo(81);
    expect(discounted(d, i, FIRST)).toBe(100);
  });
});

describe("evaluate", () => {
  const base = () =>
    problem(
      [
        initiative("a", { value: 40, valueByObjective: { o1: 10 }, investment: [6], operating: [0, 1], capacity: [1], latestStart: FIRST + 1 }),
        initiative("b", { value: 30, valueByObjective: { o1: 5, o2: 8 }, investment: [5], capacity: [1], latestStart: FIRST + 1 }),
        initiative("c", { value: 20, investment: [2] }),
        initiative("d", { excluded: true }),
        initiative("m", { mandatory: true, value: 1 }),
        initiative("k", { kept: true, earliestStart: FIRST - 1, latestStart: FIRST - 1, investment: [3, 2], capacity: [1, 1] }),
      ],
      {
        budgets: { investment: [10, 10], operating: [null, 1], capacity: [2, null] },
        objectives: [
          { key: "o1", title: "One", minValue: 10 },
          { key: "o2", title: "Two", minValue: 0 },
        ],
        dependencies: [{ initiative: "b", requires: "a" }],
        exclusive: [["a", "c"]],
        delayDiscount: 0.1,
      },
      2,
    );
  const must = [
    { id: "m", start: FIRST },
    { id: "k", start: FIRST - 1 },
  ];

  it("adds up value, discounted objective, value per objective and spend per year", () => {
    const e = evaluate(base(), [...must, { id: "a", start: FIRST }, { id: "b", start: FIRST + 1 }]);
    expect(e.violations).toEqual([]);
    expect(e.feasible).toBe(true);
    expect(e.value).toBe(40 + 30 + 1 + 10);
    expect(e.objective).toBeCloseTo(40 + 30 * 0.9 + 1 + 10);
    expect(e.valueByObjective).toEqual({ o1: 15, o2: 8 });
    // The kept initiative started last year: only the second year of its profile falls in the horizon.
    expect(e.spend.map((s) => s.used)).toEqual([
      { investment: 6 + 2, operating: 0, capacity: 1 + 1 },
      { investment: 5, operating: 1, capacity: 1 },
    ]);
    expect(e.spend[1]!.limit).toEqual({ investment: 10, operating: 1, capacity: null });
  });

  it("names each broken constraint", () => {
    const p = base();
    const cases: [{ id: string; start: number }[], RegExp][] = [
      [[{ id: "k", start: FIRST - 1 }, { id: "a", start: FIRST }], /M is mandatory/],
      [[{ id: "m", start: FIRST }, { id: "a", start: FIRST }], /K is mandatory/],
      [[...must, { id: "a", start: FIRST }, { id: "b", start: FIRST }], /investment 2027: 13 > 10/],
      [[...must, { id: "a", start: FIRST }, { id: "b", start: FIRST }], /capacity 2027: 3 > 2/],
      [[...must, { id: "b", start: FIRST + 1 }, { id: "c", start: FIRST }], /b requires a/],
      [[...must, { id: "a", start: FIRST + 1 }, { id: "b", start: FIRST }], /b requires a/],
      [[...must, { id: "a", start: FIRST }, { id: "c", start: FIRST }], /only one of a, c/],
      [[...must, { id: "b", start: FIRST }], /objective o1 below 10/],
      [[...must, { id: "a", start: FIRST + 1 }, { id: "d", start: FIRST }], /D cannot start in 2027/],
      [[...must, { id: "a", start: FIRST + 2 }], /A cannot start in 2029/],
      [[...must, { id: "a", start: FIRST }, { id: "zz", start: FIRST }], /zz is not in the problem/],
    ];
    for (const [selection, violation] of cases) {
      const e = evaluate(p, selection);
      expect(e.feasible, violation.source).toBe(false);
      expect(e.violations.join("; ")).toMatch(violation);
    }
  });

  it("allows a requirement to start in the same year, and a budget to be spent exactly", () => {
    const p = base();
    p.budgets.investment[0] = 6 + 2;
    expect(evaluate(p, [...must, { id: "a", start: FIRST }, { id: "b", start: FIRST }]).violations).toEqual(["investment 2027: 13 > 8", "capacity 2027: 3 > 2"]);
    expect(evaluate(p, [...must, { id: "a", start: FIRST }, { id: "b", start: FIRST + 1 }]).feasible).toBe(true);
  });
});
