import { describe, expect, it } from "vitest";
import { next, periodOfDate, periodStart, shift } from "../../periods.js";
import { isPeriodOf, periodRange, recentPeriods, shortPeriodLabel } from "./period-utils.js";

describe("period helpers", () => {
  it("gives the first day of a period", () => {
    expect(periodStart("2026")).toBe("2026-01-01");
    expect(periodStart("2026-Q3")).toBe("2026-07-01");
    expect(periodStart("2026-T2")).toBe("2026-05-01");
    expect(periodStart("2026-11")).toBe("2026-11-01");
  });
  it("finds the period a day falls in", () => {
    expect(periodOfDate("2024-05-17", "quarter")).toBe("2024-Q2");
    expect(periodOfDate("2024-12-31", "tertial")).toBe("2024-T3");
    expect(periodOfDate("2024-01-01", "month")).toBe("2024-01");
    expect(periodOfDate("2024-01-01", "year")).toBe("2024");
  });
  it("steps forwards and backwards across years", () => {
    expect(next("2025-Q4")).toBe("2026-Q1");
    expect(next("2025-T3")).toBe("2026-T1");
    expect(next("2025-12")).toBe("2026-01");
    expect(next("2025")).toBe("2026");
    expect(shift("2026-Q1", 2)).toBe("2025-Q3");
    expect(shift("2025-11", -3)).toBe("2026-02");
  });
  it("checks a period's grain", () => {
    expect(isPeriodOf("2026-Q3", "quarter")).toBe(true);
    expect(isPeriodOf("2026-Q5", "quarter")).toBe(false);
    expect(isPeriodOf("2026-09", "quarter")).toBe(false);
    expect(isPeriodOf("2026-09", "month")).toBe(true);
    expect(isPeriodOf(undefined, "year")).toBe(false);
  });
  it("lists recent completed periods newest first, and ranges in order", () => {
    expect(recentPeriods("quarter", "2026-11-24", 3)).toEqual(["2026-Q3", "2026-Q2", "2026-Q1"]);
    expect(recentPeriods("month", "2026-01-10", 2)).toEqual(["2025-12", "2025-11"]);
    expect(periodRange("2025-Q3", "2026-Q2")).toEqual(["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]);
    expect(periodRange("2026-Q2", "2025-Q3")).toEqual([]);
  });
  it("labels periods briefly for a chart axis", () => {
    expect(shortPeriodLabel("2026-Q3", "nb")).toBe("3. kv. 2026");
    expect(shortPeriodLabel("2026-Q3", "en")).toBe("Q3 2026");
    expect(shortPeriodLabel("2026-T2", "nn")).toBe("2. t. 2026");
    expect(shortPeriodLabel("2026-03", "en")).toBe("Mar 2026");
    expect(shortPeriodLabel("2026-03", "nb")).toMatch(/^mar 2026$/);
  });
});
