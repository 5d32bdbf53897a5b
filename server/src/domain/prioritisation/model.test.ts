import { describe, expect, it } from "vitest";
import { BENCH_SHAPE, syntheticProblem } from "../../seed/problems.js";
import { buildMilp, columnValues, familyKey, type Milp } from "./model.js";
import { startYears } from "./problem.js";
import { FIRST, initiative, problem } from "./problems.test-support.js";

/** Row r as (column, coefficient) pairs with its bounds. */
const row = (m: Milp, r: number) => ({
  family: familyKey(m.families[r]!),
  lo: m.rowLower[r],
  hi: m.rowUpper[r],
  entries: Array.from(m.indices.subarray(m.starts[r]!, m.starts[r + 1]!), (j, k) => [j, m.values[m.starts[r]! + k]!]),
});

describe("the mixed-integer programme", () => {
  const p = problem(
    [
      initiative("a", { value: 10, valueByObjective: { o1: 3 }, investment: [4], operating: [0, 2], latestStart: FIRST + 1 }),
      initiative("b", { value: 20, valueByObjective: { o1: 4 }, investment: [6], mandatory: true }),
      initiative("c", { excluded: true, investment: [1] }),
      initiative("d", { excluded: true, mandatory: true }),
      initiative("k", { value: 5, kept: true, earliestStart: FIRST - 1, latestStart: FIRST - 1, investment: [3, 1] }),
    ],
    {
      budgets: { investment: [10, 20], operating: [null, 5], capacity: [2, 2] },
      objectives: [
        { key: "o1", title: "One", minValue: 5 },
        { key: "o2", title: "Two", minValue: 0 },
      ],
      dependencies: [{ initiative: "a", requires: "k" }],
      exclusive: [["a", "b"], ["a", "c"], ["c", "d"]],
      delayDiscount: 0.1,
    },
    2,
  );
  const m = buildMilp(p);

  it("has a column per initiative and start year it may take, worth its discounted value", () => {
    expect(m.columns).toEqual([
      { initiative: 0, start: FIRST },
      { initiative: 0, start: FIRST + 1 },
      { initiative: 1, start: FIRST },
      { initiative: 4, start: FIRST - 1 },
    ]);
    expect(Array.from(m.colCost)).toEqual([10, 9, 20, 5]);
  });

  it("has one row per constraint, in families, with money scaled to a limit of 1", () => {
    const rows = m.families.map((_, r) => row(m, r));
    expect(rows).toEqual([
      { family: "assign", lo: 0, hi: 1, entries: [[0, 1], [1, 1]] },
      { family: "mandatory", lo: 1, hi: 1, entries: [[2, 1]] },
      // Mandatory and forced out: a row nothing can satisfy, so the solver sees the conflict too.
      { family: "mandatory", lo: 1, hi: 1, entries: [] },
      { family: "kept", lo: 1, hi: 1, entries: [[3, 1]] },
      // The kept initiative's second year of cost falls in 2027; no row where nothing costs or there is no limit.
      { family: "budget:investment:2027", lo: -Infinity, hi: 1, entries: [[0, 0.4], [2, 0.6], [3, 0.1]] },
      { family: "budget:investment:2028", lo: -Infinity, hi: 1, entries: [[1, 0.2]] },
      { family: "budget:operating:2028", lo: -Infinity, hi: 1, entries: [[0, 0.4]] },
      { family: "dependencies", lo: -Infinity, hi: 0, entries: [[0, 1], [3, -1]] },
      { family: "dependencies", lo: -Infinity, hi: 0, entries: [[1, 1], [3, -1]] },
      { family: "exclusive", lo: -Infinity, hi: 1, entries: [[0, 1], [1, 1], [2, 1]] },
      { family: "exclusive", lo: -Infinity, hi: 1, entries: [[0, 1], [1, 1]] },
      { family: "objective:o1", lo: 1, hi: Infinity, entries: [[0, 0.6], [1, 0.6], [2, 0.8]] },
    ]);
    expect(Array.from(m.assignRow)).toEqual([0, 1, -1, 2, 3]);
  });

  it("lets a requirement start in the same year or earlier, and forbids one that is not there", () => {
    const q = problem(
      [initiative("a", { latestStart: FIRST + 2 }), initiative("b", { earliestStart: FIRST + 1, latestStart: FIRST + 2 })],
      { dependencies: [{ initiative: "a", requires: "b" }, { initiative: "b", requires: "gone" }] },
      3,
    );
    const n = buildMilp(q);
    const deps = n.families.flatMap((f, r) => (f.kind === "dependencies" ? [row(n, r).entries] : []));
    // Columns: a 2027, 2028, 2029 (0–2); b 2028, 2029 (3–4).
    expect(deps).toEqual([[[0, 1]], [[1, 1], [3, -1]], [[2, 1], [3, -1], [4, -1]], [[3, 1]], [[4, 1]]]);
  });

  it("keeps every money and capacity row of a large problem within [-1, 1], its limit at 1", () => {
    const big = syntheticProblem({ ...BENCH_SHAPE, initiatives: 300, dependencies: 90, exclusive: 15, mandatory: 9, seed: "model" });
    const n = buildMilp(big);
    expect(n.columns.length).toBe(big.initiatives.reduce((s, i) => s + startYears(big, i).length, 0));
    const scaled = n.families.flatMap((f, r) => (f.kind === "budget" || f.kind === "objective" ? [row(n, r)] : []));
    // No operating cost falls in the first year (it follows the investment), so that row is left out.
    expect(scaled.map((r) => r.family).filter((f) => f.startsWith("budget")).length).toBe(big.years.length * 3 - 1);
    expect(scaled.filter((r) => r.family.startsWith("objective")).length).toBe(big.objectives.length);
    for (const r of scaled) {
      expect(Math.max(...r.entries.map(([, v]) => Math.abs(v!)), Number.isFinite(r.hi) ? r.hi! : r.lo!), r.family).toBeCloseTo(1, 12);
      expect(Math.min(...r.entries.map(([, v]) => Math.abs(v!))), r.family).toBeGreaterThan(0);
    }
  });

  it("turns a selection into column values", () => {
    expect(Array.from(columnValues(m, p, [{ id: "a", start: FIRST + 1 }, { id: "b", start: FIRST }, { id: "c", start: FIRST }]))).toEqual([0, 1, 1, 0]);
  });
});
