import { describe, expect, it } from "vitest";
import { parsePeriod } from "./period.js";
import { keyResultStatus, type KeyResultForStatus } from "./strategy-status.js";

const orgs = [
  { id: "rhf", parent: null },
  { id: "a", parent: "rhf" },
  { id: "b", parent: "rhf" },
  { id: "c", parent: "rhf" },
];
const part = (v: number) => ({ n: 1, sumValue: v, sumNumerator: null, sumDenominator: null });
const count: KeyResultForStatus = { id: "k", unit: "count", direction: "increase", aggregation: "sum", frequency: "quarter", tolerance: 0.1, targets: [{ period: "2025-Q1", value: 10 }] };

describe("status of a key result", () => {
  it("gives the region of an additive key result the summed targets of the organisations that reported", () => {
    const s = keyResultStatus(count, parsePeriod("2025-Q1"), "rhf", orgs, new Map([["a", part(12)], ["b", part(9)]]));
    expect(s).toMatchObject({ value: 21, target: 20, status: "on_track" });
    expect(s.organisations.map((o) => [o.organisation, o.target, o.status])).toEqual([
      ["a", 10, "on_track"],
      ["b", 10, "at_risk"],
      ["c", 10, "no_data"],
    ]);
  });

  it("uses a region's own target when it has one, and the general target for a level", () => {
    const withRegion = { ...count, targets: [...count.targets, { period: "2025-Q1", organisation: "rhf", value: 25 }] };
    expect(keyResultStatus(withRegion, parsePeriod("2025-Q1"), "rhf", orgs, new Map([["a", part(23)]]))).toMatchObject({ target: 25, status: "at_risk" });
    const mean = { ...count, aggregation: "mean" as const };
    expect(keyResultStatus(mean, parsePeriod("2025-Q1"), "rhf", orgs, new Map([["a", part(12)], ["b", part(8)]]))).toMatchObject({ value: 10, target: 10, status: "on_track" });
  });
});
