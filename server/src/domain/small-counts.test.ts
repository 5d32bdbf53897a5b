import { describe, expect, it } from "vitest";
import { hideSmallCounts, isSmallCount, shownStatus, smallCountFilter, type SmallCountView } from "./small-counts.js";

const figures = (value: number | null, numerator: number | null = null, denominator: number | null = null) => ({ value, numerator, denominator });

describe("small counts", () => {
  it("are more than none and fewer than the threshold", () => {
    expect([0, 1, 4, 5, 6, null, undefined].map((n) => isSmallCount(n, 5))).toEqual([false, true, true, false, false, false, false]);
    expect(isSmallCount(9, 10)).toBe(true);
    expect(isSmallCount(0.5, 5)).toBe(true);
  });

  it("hide the value of a sum or latest key result, and keep zero and larger counts", () => {
    expect(hideSmallCounts(figures(3), "sum", 5)).toEqual({ ...figures(null), suppressed: true });
    expect(hideSmallCounts(figures(4), "latest", 5)).toEqual({ ...figures(null), suppressed: true });
    expect(hideSmallCounts(figures(0), "sum", 5)).toEqual(figures(0));
    expect(hideSmallCounts(figures(5), "sum", 5)).toEqual(figures(5));
    expect(hideSmallCounts(figures(null), "sum", 5)).toEqual(figures(null));
  });

  it("hide a small numerator or denominator and the ratio built on it, and show the other part", () => {
    expect(hideSmallCounts(figures(0.3, 3, 10), "ratio", 5)).toEqual({ ...figures(null, null, 10), suppressed: true });
    expect(hideSmallCounts(figures(100, 4, 4), "ratio", 5)).toEqual({ ...figures(null, null, null), suppressed: true });
    expect(hideSmallCounts(figures(0, 0, 3), "ratio", 5)).toEqual({ ...figures(null, 0, null), suppressed: true });
    expect(hideSmallCounts(figures(50, 5, 10), "ratio", 5)).toEqual(figures(50, 5, 10));
    expect(hideSmallCounts(figures(0, 0, 10), "ratio", 5)).toEqual(figures(0, 0, 10));
  });

  it("leave a mean alone: it is not a count", () => {
    expect(hideSmallCounts(figures(2), "mean", 5)).toEqual(figures(2));
  });

  it("apply to the key results whose counts are suppressed, for organisations the viewer may not see small numbers of", () => {
    const view: SmallCountView = { threshold: 5, sees: (o) => o === "ahus" };
    expect(smallCountFilter(view, true, "sum")(figures(2), "ous")).toEqual({ ...figures(null), suppressed: true });
    expect(smallCountFilter(view, true, "sum")(figures(2), "ahus")).toEqual(figures(2));
    expect(smallCountFilter(view, false, "sum")(figures(2), "ous")).toEqual(figures(2));
    expect(smallCountFilter({ threshold: 3, sees: () => false }, true, "sum")(figures(3), "ous")).toEqual(figures(3));
  });

  it("show no status beside suppressed figures", () => {
    expect(shownStatus("on_track", { suppressed: true })).toBe("suppressed");
    expect(shownStatus("on_track", {})).toBe("on_track");
  });
});
