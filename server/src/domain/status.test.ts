import { describe, expect, it } from "vitest";
import { parsePeriod } from "./period.js";
import { statusOf, targetFor } from "./status.js";

describe("status against target", () => {
  it("rates by direction with a tolerance band", () => {
    expect(statusOf(40, 40, "increase", 0.1)).toBe("on_track");
    expect(statusOf(36, 40, "increase", 0.1)).toBe("at_risk");
    expect(statusOf(35.9, 40, "increase", 0.1)).toBe("off_track");
    expect(statusOf(9, 10, "decrease", 0.1)).toBe("on_track");
    expect(statusOf(11, 10, "decrease", 0.1)).toBe("at_risk");
    expect(statusOf(11.5, 10, "decrease", 0.1)).toBe("off_track");
    expect(statusOf(99, 100, "maintain", 0.01)).toBe("on_track");
    expect(statusOf(98.5, 100, "maintain", 0.01)).toBe("at_risk");
    expect(statusOf(97, 100, "maintain", 0.01)).toBe("off_track");
    expect(statusOf(null, 100, "increase", 0.1)).toBe("no_data");
    expect(statusOf(5, null, "increase", 0.1)).toBe("no_target");
  });

  it("finds the target that applies", () => {
    const targets = [
      { period: "2025", value: 40 },
      { period: "2025", organisation: "sunnaas", value: 20 },
      { period: "2025-01", value: 3 },
      { period: "2025-02", value: 4 },
      { period: "2025-03", value: 5 },
    ];
    expect(targetFor(targets, parsePeriod("2025-Q2"), "ahus", "ratio")).toBe(40);
    expect(targetFor(targets, parsePeriod("2025-Q2"), "sunnaas", "ratio")).toBe(20);
    expect(targetFor(targets, parsePeriod("2025-Q2"), null, "ratio")).toBe(40);
    expect(targetFor(targets, parsePeriod("2025-Q1"), null, "sum")).toBe(12);
    expect(targetFor(targets, parsePeriod("2025-Q2"), null, "sum")).toBeNull();
    expect(targetFor(targets, parsePeriod("2024"), null, "mean")).toBeNull();
  });
});
