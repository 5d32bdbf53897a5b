import { describe, expect, it } from "vitest";
import { lastCompleted, periodLabel, periodsBack, previous, shift } from "./periods.js";

describe("periods in the web app", () => {
  it("names periods in each language", () => {
    expect(periodLabel("2026-Q3", "nb")).toBe("3. kvartal 2026");
    expect(periodLabel("2026-Q3", "en")).toBe("Q3 2026");
    expect(periodLabel("2025-T2", "nn")).toBe("2. tertial 2025");
    expect(periodLabel("2026-10", "nn")).toBe("oktober 2026");
    expect(periodLabel("2026-10", "en")).toBe("October 2026");
    expect(periodLabel("2024", "nb")).toBe("2024");
  });
  it("finds the last period that has ended, and steps back across years", () => {
    expect(lastCompleted("quarter", "2026-11-24")).toBe("2026-Q3");
    expect(lastCompleted("quarter", "2026-02-01")).toBe("2025-Q4");
    expect(lastCompleted("tertial", "2026-03-01")).toBe("2025-T3");
    expect(lastCompleted("month", "2026-01-15")).toBe("2025-12");
    expect(previous("2026-Q1")).toBe("2025-Q4");
    expect(previous("2026-T1")).toBe("2025-T3");
    expect(shift("2026-Q3", 7)).toBe("2024-Q4");
    expect(periodsBack("year", "2026-11-24", 2023)).toEqual(["2025", "2024", "2023"]);
  });
});
