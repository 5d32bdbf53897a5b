import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combine, EMPTY, rollUpTree, valueOf, type Partial } from "./rollup.js";

const p = (n: number, sumValue: number | null, sumNumerator: number | null = null, sumDenominator: number | null = null): Partial => ({
  n,
  sumValue,
  sumNumerator,
  sumDenominator,
});

describe("roll-up rules", () => {
  it("finishes each rule from additive sums", () => {
    expect(valueOf(p(2, 30), "sum", "count")).toBe(30);
    expect(valueOf(p(2, 30), "mean", "minutes")).toBe(15);
    expect(valueOf(p(1, null, 1, 4), "ratio", "percent")).toBe(25);
    expect(valueOf(p(1, null, 1, 4), "ratio", "ratio")).toBe(0.25);
    expect(valueOf(EMPTY, "sum", "count")).toBeNull();
  });

  it("a ratio of combined parts is Σ numerators / Σ denominators", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.integer({ min: 1, max: 1000 })), { minLength: 1, maxLength: 20 }), (parts) => {
        const total = parts.map(([a, b]) => p(1, null, a, b)).reduce(combine, EMPTY);
        const num = parts.reduce((s, [a]) => s + a, 0);
        const den = parts.reduce((s, [, b]) => s + b, 0);
        expect(valueOf(total, "ratio", "ratio")).toBeCloseTo(num / den, 12);
      }),
    );
  });

  it("uses an organisation's own figures, else its children's, and never counts both", () => {
    const orgs = [
      { id: "rhf", parent: null },
      { id: "hf1", parent: "rhf" },
      { id: "hf2", parent: "rhf" },
      { id: "unit", parent: "hf1" },
    ];
    const tree = rollUpTree(orgs, new Map([["hf1", p(1, 10)], ["unit", p(1, 4)], ["hf2", p(1, 5)]]));
    expect(tree.get("hf1")?.sumValue).toBe(10);
    expect(tree.get("rhf")?.sumValue).toBe(15);
    const fromUnits = rollUpTree(orgs, new Map([["unit", p(1, 4)]]));
    expect(fromUnits.get("hf1")?.sumValue).toBe(4);
    expect(fromUnits.get("hf2")?.n).toBe(0);
  });
});
