import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contains, enclosing, lastCompleted, makePeriod, next, parsePeriod, periodRange, periodsWithin, previous, subPeriods, trendRange, tryParsePeriod } from "./period.js";

describe("periods", () => {
  it("parses each grain with its first day and the day after", () => {
    expect(parsePeriod("2025")).toMatchObject({ grain: "year", start: "2025-01-01", end: "2026-01-01" });
    expect(parsePeriod("2025-Q4")).toMatchObject({ id: "2025-Q4", grain: "quarter", start: "2025-10-01", end: "2026-01-01" });
    expect(parsePeriod("2025-k2")).toMatchObject({ id: "2025-Q2", start: "2025-04-01" });
    expect(parsePeriod("2025-T2")).toMatchObject({ grain: "tertial", start: "2025-05-01", end: "2025-09-01" });
    expect(parsePeriod("2025-03")).toMatchObject({ grain: "month", start: "2025-03-01", end: "2025-04-01" });
  });

  it("rejects what is not a period, naming the field", () => {
    for (const bad of ["2025-13", "2025-Q5", "2025-T4", "25", "2025-1", "mars 2025", ""]) {
      expect(tryParsePeriod(bad)).toBeUndefined();
    }
    expect(() => parsePeriod("2025-00", "items.0.period")).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: "items.0.period" })] }));
  });

  it("nests months in quarters, tertials and years, but not quarters in tertials", () => {
    expect(subPeriods(parsePeriod("2025-Q2"), "month").map((p) => p.id)).toEqual(["2025-04", "2025-05", "2025-06"]);
    expect(subPeriods(parsePeriod("2025"), "tertial").map((p) => p.id)).toEqual(["2025-T1", "2025-T2", "2025-T3"]);
    expect(subPeriods(parsePeriod("2025-T2"), "quarter")).toEqual([]);
    expect(enclosing(parsePeriod("2025-05"), "quarter")?.id).toBe("2025-Q2");
    expect(enclosing(parsePeriod("2025-Q2"), "tertial")).toBeUndefined();
    expect(previous(parsePeriod("2025-Q1")).id).toBe("2024-Q4");
    expect(lastCompleted("month", "2026-11-24").id).toBe("2026-10");
    expect(lastCompleted("quarter", "2026-11-24").id).toBe("2026-Q3");
  });

  it("round-trips every period through its text, and a month lies in exactly one period of each coarser grain", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const m = makePeriod("month", year, month);
        expect(parsePeriod(m.id)).toEqual(m);
        for (const grain of ["quarter", "tertial", "year"] as const) {
          const outer = enclosing(m, grain)!;
          expect(contains(outer, m)).toBe(true);
          expect(subPeriods(outer, "month").filter((x) => x.id === m.id)).toHaveLength(1);
        }
      }),
    );
  });

  it("lists the periods of a range across years, and refuses mixed grains, backwards ranges and too many periods", () => {
    const ids = (from: string, to: string) => periodRange(parsePeriod(from), parsePeriod(to)).map((p) => p.id);
    expect(ids("2024-T3", "2025-T2")).toEqual(["2024-T3", "2025-T1", "2025-T2"]);
    expect(ids("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(ids("2025", "2025")).toEqual(["2025"]);
    expect(ids("2021-02", "2026-01")).toHaveLength(60);
    const fault = (from: string, to: string) => {
      try {
        periodRange(parsePeriod(from), parsePeriod(to));
      } catch (err) {
        return (err as { details: { path: string }[] }).details[0]?.path;
      }
      return undefined;
    };
    expect(fault("2025-Q1", "2025-06")).toBe("to");
    expect(fault("2025-Q2", "2025-Q1")).toBe("to");
    expect(fault("2021-01", "2026-01")).toBe("to");
    expect(next(parsePeriod("2025-12")).id).toBe("2026-01");
    expect(periodsWithin(parsePeriod("2025-T2")).map((p) => p.id)).toEqual(["2025-T2", "2025-05", "2025-06", "2025-07", "2025-08"]);
    expect(periodsWithin(parsePeriod("2025")).map((p) => p.id)).toHaveLength(1 + 12 + 4 + 3);
  });

  it("defaults a trend to the last eight completed quarters, or eight periods ending at `to`", () => {
    const ids = (from: string | undefined, to: string | undefined, today: string) =>
      trendRange(from ? parsePeriod(from) : undefined, to ? parsePeriod(to) : undefined, today).map((p) => p.id);
    expect(ids(undefined, undefined, "2026-02-10")).toEqual(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    expect(ids(undefined, "2025", "2026-02-10")).toEqual(["2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]);
    expect(ids("2025-10", undefined, "2026-02-10")).toEqual(["2025-10", "2025-11", "2025-12", "2026-01"]);
    expect(() => ids("2026-02", undefined, "2026-02-10")).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: "from" })] }));
  });
});
