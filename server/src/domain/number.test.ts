import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal } from "./number.js";

describe("parseDecimal", () => {
  it.each([
    ["12,5", 12.5],
    ["12.5", 12.5],
    ["0", 0],
    ["-0", 0],
    ["  42  ", 42],
    ["-3,25", -3.25],
    ["\u22123,25", -3.25],
    ["1 234,5", 1234.5],
    ["1\u00A0234,5", 1234.5],
    ["1\u202F234,5", 1234.5],
    ["1\u2009234,5", 1234.5],
    ["12 345 678", 12345678],
    ["1,234", 1.234],
    ["1.234", 1.234],
    ["1.234,5", 1234.5],
    ["1.234.567,25", 1234567.25],
    ["1,234.5", 1234.5],
    ["1.234.567", 1234567],
    ["1,234,567", 1234567],
    [",5", 0.5],
    ["-.5", -0.5],
    ["007", 7],
  ])("reads %j as %d", (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "-",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e5",
    "12,5x",
    "abc",
    "50%",
    "50 %",
    "kr 100",
    "5,",
    "5.",
    ",",
    "1.23,4", // irregular grouping
    "1.234,5,6",
    "1,2.3.4",
    "12 34",
    "1234 567",
    "1 234.567,8", // two grouping styles
    "1 234,567 8", // grouping in the fraction
    "- 5",
    "--5",
    "+5",
    "1" + "0".repeat(400), // overflows to Infinity
  ])("rejects %j", (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  const noNegativeZero = (n: number) => (n === 0 ? 0 : n);
  const nb = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 6, useGrouping: true });
  const en = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6, useGrouping: false });
  const closeTo = (parsed: number, x: number) =>
    Math.abs(parsed - x) <= 5e-7 * (1 + 1e-9) + Math.abs(x) * Number.EPSILON;

  it("reads back any double formatted for nb-NO with grouping (rounded to 6 decimals)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const parsed = parseDecimal(nb.format(x));
        expect(parsed).toBe(noNegativeZero(Number(en.format(x))));
        expect(closeTo(parsed!, x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back any double formatted for en-US without grouping", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = en.format(x);
        const parsed = parseDecimal(text);
        expect(parsed).toBe(noNegativeZero(Number(text)));
        expect(closeTo(parsed!, x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back moderate numbers in the ranges reporters use", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), (x) => {
        expect(closeTo(parseDecimal(nb.format(x))!, x)).toBe(true);
      }),
    );
  });
});
