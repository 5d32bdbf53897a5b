import { describe, expect, it } from "vitest";
import { periodIn, trendRange } from "./queries.js";

describe("the focus area's chart periods", () => {
  it("finds the period of a grain that holds a period's last month", () => {
    expect(periodIn("2024-Q3", "year")).toBe("2024");
    expect(periodIn("2024-Q3", "month")).toBe("2024-09");
    expect(periodIn("2024-T2", "quarter")).toBe("2024-Q3");
    expect(periodIn("2024", "tertial")).toBe("2024-T3");
    expect(periodIn("2024-05", "quarter")).toBe("2024-Q2");
    expect(periodIn("2024-Q2", "quarter")).toBe("2024-Q2");
  });
  it("goes no later than the last period that has ended", () => {
    expect(periodIn("2150-Q1", "year")).toBe(String(new Date().getUTCFullYear() - 1));
  });
  it("spans two years of quarters and a year of months", () => {
    expect(trendRange("2026-Q3")).toEqual({ from: "2024-Q4", to: "2026-Q3" });
    expect(trendRange("2026-09")).toEqual({ from: "2025-10", to: "2026-09" });
  });
});
