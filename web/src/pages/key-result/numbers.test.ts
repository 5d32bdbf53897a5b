import { describe, expect, it } from "vitest";
import { parseDecimal, ratioValue, sameNumber, toInputText } from "./numbers.js";

describe("the form's numbers", () => {
  it("reads back what it writes into a field", () => {
    for (const n of [12.5, -3.25, 1234567, 0.1 + 0.2, 0.000123]) expect(parseDecimal(toInputText(n))).toBeCloseTo(n, 9);
  });
});

describe("toInputText", () => {
  it("writes a decimal comma without grouping or float noise", () => {
    expect(toInputText(12.5)).toBe("12,5");
    expect(toInputText(1234567)).toBe("1234567");
    expect(toInputText(0.1 + 0.2)).toBe("0,3");
    expect(toInputText(-3)).toBe("−3");
    expect(toInputText(null)).toBe("");
  });
  it("round-trips through parseDecimal", () => {
    for (const n of [0, 1, 12.5, 1234.75, -0.25, 99.999, 1e-7]) expect(parseDecimal(toInputText(n))).toBeCloseTo(n, 12);
  });
});

describe("ratioValue and sameNumber", () => {
  it("gives a percent share for percent key results, the plain ratio otherwise", () => {
    expect(ratioValue(1, 4, "percent")).toBe(25);
    expect(ratioValue(3, 2, "nok")).toBe(1.5);
    expect(ratioValue(3, 0, "percent")).toBeNull();
  });
  it("compares stored and typed figures without float noise", () => {
    expect(sameNumber(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameNumber(1, 2)).toBe(false);
    expect(sameNumber(null, undefined)).toBe(true);
    expect(sameNumber(null, 0)).toBe(false);
  });
});
