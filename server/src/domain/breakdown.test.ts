import { describe, expect, it } from "vitest";
import { regionBreakdown } from "./breakdown.js";

const orgs = [
  { id: "rhf", parent: null },
  { id: "a", parent: "rhf" },
  { id: "b", parent: "rhf" },
  { id: "a-unit", parent: "a" },
];
const part = (organisationId: string, slice: string | null, sumValue: number | null, sumNumerator: number | null = null, sumDenominator: number | null = null) => ({
  organisationId,
  slice,
  n: 1,
  sumValue,
  sumNumerator,
  sumDenominator,
});

describe("breakdown of a key result by a dimension", () => {
  it("rolls each value up to the region as the total is, and divides sums for a ratio", () => {
    const parts = [part("a", "x", null, 1, 10), part("b", "x", null, 3, 10), part("b", "y", null, 5, 10)];
    expect(regionBreakdown({ aggregation: "ratio", unit: "percent" }, "rhf", orgs, parts)).toEqual([
      { dimensionValue: "x", value: 20, numerator: 4, denominator: 20 },
      { dimensionValue: "y", value: 50, numerator: 5, denominator: 10 },
    ]);
  });

  it("does not count a unit when its trust reported the same value itself", () => {
    const parts = [part("a", "x", 10), part("a-unit", "x", 4), part("a-unit", "y", 2)];
    expect(regionBreakdown({ aggregation: "sum", unit: "count" }, "rhf", orgs, parts).map((v) => [v.dimensionValue, v.value])).toEqual([
      ["x", 10],
      ["y", 2],
    ]);
  });

  it("orders values as the dimension lists them, then the others, then measurements without one", () => {
    const parts = [part("a", null, 1), part("a", "c", 1), part("a", "b", 1), part("a", "z", 1)];
    expect(regionBreakdown({ aggregation: "mean", unit: "score" }, "rhf", orgs, parts, ["z", "b"]).map((v) => v.dimensionValue)).toEqual(["z", "b", "c", null]);
  });
});
