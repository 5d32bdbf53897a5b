import { describe, expect, it } from "vitest";
import { parsePeriod } from "../period.js";
import { assertComputable, countsByPeriod, measurementsToWrite } from "./computed.js";

describe("key results computed from the portfolio", () => {
  it("sums the months' counts into the key result's periods", () => {
    const rows = [
      { organisationId: "ahus", month: "2025-01", count: 1 },
      { organisationId: "ahus", month: "2025-03", count: 2 },
      { organisationId: "ahus", month: "2025-04", count: 1 },
      { organisationId: "ous", month: "2025-02", count: 5 },
    ];
    const quarters = countsByPeriod(rows, "quarter").map((c) => [c.organisationId, c.period.id, c.value]);
    expect(quarters).toEqual([
      ["ahus", "2025-Q1", 3],
      ["ahus", "2025-Q2", 1],
      ["ous", "2025-Q1", 5],
    ]);
    expect(countsByPeriod(rows, "year").map((c) => [c.organisationId, c.period.id, c.value])).toEqual([
      ["ahus", "2025", 4],
      ["ous", "2025", 5],
    ]);
  });

  it("writes only what differs, and zero where a computed count is gone", () => {
    const computed = [
      { organisationId: "ahus", period: parsePeriod("2025-Q1"), value: 3 },
      { organisationId: "ous", period: parsePeriod("2025-Q1"), value: 1 },
      { organisationId: "sunnaas", period: parsePeriod("2025-Q2"), value: 2 },
    ];
    const current = [
      { organisationId: "ahus", period: "2025-Q1", value: 3, computed: true },
      { organisationId: "ous", period: "2025-Q1", value: 7, computed: false },
      { organisationId: "ous", period: "2024-Q4", value: 2, computed: true },
      { organisationId: "ous", period: "2024-Q3", value: 0, computed: true },
      { organisationId: "ous", period: "2024-Q2", value: 9, computed: false },
    ];
    expect(measurementsToWrite(computed, current).map((w) => [w.organisationId, w.period.id, w.value])).toEqual([
      ["ous", "2025-Q1", 1],
      ["sunnaas", "2025-Q2", 2],
      ["ous", "2024-Q4", 0],
    ]);
    expect(measurementsToWrite([], [{ organisationId: "ahus", period: "2025-Q1", value: 0, computed: true }])).toEqual([]);
  });

  it("computes only counts without a breakdown", () => {
    expect(() => assertComputable({ code: "6.3", aggregation: "sum", dimensions: [] })).not.toThrow();
    expect(() => assertComputable({ code: "7.4", aggregation: "ratio", dimensions: [] })).toThrow(/cannot be computed/);
    expect(() => assertComputable({ code: "2.1", aggregation: "sum", dimensions: [{ key: "type", label: "Type", values: [] }] })).toThrow(/breakdown/);
  });
});
