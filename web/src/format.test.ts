import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatValue } from "./format.js";

describe("Norwegian formats", () => {
  it("writes a decimal comma and a narrow no-break space between thousands", () => {
    expect(formatNumber(1234567.891, 2)).toBe("1\u202f234\u202f567,89");
    expect(formatNumber(-3.25)).toBe("−3,3");
    expect(formatNumber(null)).toBe("–");
  });
  it("adds the unit's sign", () => {
    expect(formatValue(42.46, "percent")).toBe("42,5 %");
    expect(formatValue(12000, "nok")).toBe("12\u202f000 kr");
    expect(formatValue(7, "count")).toBe("7");
  });
  it("writes dates as 22.11.2026 and instants in Oslo time", () => {
    expect(formatDate("2026-11-22")).toBe("22.11.2026");
    expect(formatDateTime("2026-11-22T23:30:00Z")).toBe("23.11.2026, 00:30");
  });
});
