import { describe, expect, it } from "vitest";
import { conflictsOf, describeConflict } from "./conflicts.js";
import { FIRST, initiative, problem } from "./problems.test-support.js";

const limits = (investment: (number | null)[]) => ({ investment, operating: investment.map(() => null), capacity: investment.map(() => null) });

describe("certain conflicts", () => {
  it("finds none in a problem that has a portfolio", () => {
    const p = problem([initiative("a", { mandatory: true, investment: [5] }), initiative("b", { investment: [50] })], { budgets: limits([5]) });
    expect(conflictsOf(p)).toEqual([]);
  });

  it("adds up what must be done in each year at its cheapest start, and names the initiatives", () => {
    const p = problem(
      [
        initiative("a", { mandatory: true, investment: [6] }),
        initiative("b", { mandatory: true, investment: [5], latestStart: FIRST + 1 }),
        initiative("k", { kept: true, earliestStart: FIRST - 1, latestStart: FIRST - 1, investment: [9, 3] }),
        initiative("c", { investment: [1] }),
      ],
      { budgets: limits([10, 10]) },
      2,
    );
    // b can move out of 2027, so it does not count there; the kept one's second year does.
    expect(conflictsOf(p)).toEqual([]);
    p.budgets.investment[0] = 8;
    const [c] = conflictsOf(p);
    expect(c).toEqual({ kind: "over_budget", resource: "investment", year: FIRST, needed: 9, limit: 8, initiatives: ["a", "k"] });
    expect(describeConflict(p, c!)).toBe("the initiatives that must be done need 9 of investment in 2027, but the budget is 8 (A Initiative a, K Initiative k)");
  });

  it("reports a mandatory initiative that is forced out or cannot start, and nothing else then", () => {
    const p = problem(
      [
        initiative("a", { mandatory: true, excluded: true, investment: [50] }),
        initiative("b", { mandatory: true, earliestStart: FIRST + 3, latestStart: FIRST + 4 }),
        initiative("c", { mandatory: true, investment: [50] }),
      ],
      { budgets: limits([10]) },
    );
    const found = conflictsOf(p);
    expect(found).toEqual([
      { kind: "mandatory_excluded", initiative: "a" },
      { kind: "no_start_year", initiative: "b" },
    ]);
    expect(found.map((c) => describeConflict(p, c))).toEqual([
      "A Initiative a is mandatory and forced out at the same time",
      "B Initiative b is mandatory but cannot start within 2027–2027",
    ]);
  });

  it("reports a mandatory initiative whose requirement cannot come in time", () => {
    const p = problem(
      [
        initiative("a", { mandatory: true, latestStart: FIRST + 1 }),
        initiative("b", { earliestStart: FIRST + 2, latestStart: FIRST + 2 }),
        initiative("c", { mandatory: true }),
        initiative("d", { excluded: true }),
        initiative("e", { mandatory: true }),
        initiative("f", { earliestStart: FIRST + 1, latestStart: FIRST + 2 }),
      ],
      {
        dependencies: [
          { initiative: "a", requires: "b" },
          { initiative: "c", requires: "d" },
          { initiative: "e", requires: "gone" },
          { initiative: "f", requires: "d" },
          { initiative: "a", requires: "f" },
        ],
      },
      3,
    );
    expect(conflictsOf(p)).toEqual([
      { kind: "requires_unavailable", initiative: "a", requires: "b" },
      { kind: "requires_unavailable", initiative: "c", requires: "d" },
      { kind: "requires_unavailable", initiative: "e", requires: "gone" },
    ]);
    expect(describeConflict(p, conflictsOf(p)[0]!)).toBe("A Initiative a must be done but requires B Initiative b, which cannot start in time or is forced out");
  });

  it("reports alternatives of which more than one must be done", () => {
    const p = problem([initiative("a", { mandatory: true }), initiative("b", { kept: true }), initiative("c", { mandatory: true }), initiative("d")], { exclusive: [["a", "b", "d"], ["c", "d"]] });
    const found = conflictsOf(p);
    expect(found).toEqual([{ kind: "exclusive_mandatory", initiatives: ["a", "b"] }]);
    expect(describeConflict(p, found[0]!)).toBe("A Initiative a and B Initiative b are alternatives to each other, and more than one is mandatory");
  });

  it("reports an objective's minimum above all that can be selected", () => {
    const p = problem([initiative("a", { valueByObjective: { o1: 10 } }), initiative("b", { valueByObjective: { o1: 30 }, excluded: true }), initiative("c", { valueByObjective: { o1: -5, o2: 3 } })], {
      objectives: [
        { key: "o1", title: "One", minValue: 11 },
        { key: "o2", title: "Two", minValue: 3 },
      ],
    });
    const found = conflictsOf(p);
    expect(found).toEqual([{ kind: "objective_unreachable", objective: "o1", minValue: 11, reachable: 10 }]);
    expect(describeConflict(p, found[0]!)).toBe("objective o1 needs a value of at least 11, but all candidates together give 10");
  });

  it("words a combination found by the solver", () => {
    const p = problem([]);
    const sentence = describeConflict(p, {
      kind: "combination",
      constraints: [{ kind: "mandatory" }, { kind: "kept" }, { kind: "budget", resource: "capacity", year: 2028 }, { kind: "dependencies" }, { kind: "exclusive" }, { kind: "objective", objective: "o2" }],
    });
    expect(sentence).toBe(
      "these constraints cannot all be met at once: the mandatory initiatives, the initiatives in execution, the capacity budget of 2028, the dependencies, the exclusive alternatives, the minimum value for objective o2",
    );
  });
});
