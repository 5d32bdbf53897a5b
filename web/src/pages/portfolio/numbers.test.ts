import { describe, expect, it } from "vitest";
import { fieldText, parseDecimal, parseKroner } from "./numbers.js";

describe("parseKroner", () => {
  it("reads whole kroner with or without thousands spaces", () => {
    expect(parseKroner("1 250 000")).toBe(1_250_000);
    expect(parseKroner("1\u202f250\u00a0000")).toBe(1_250_000);
    expect(parseKroner("0")).toBe(0);
  });
  it("refuses fractions, signs, words and empty text", () => {
    for (const bad of ["", " ", "12,5", "-3", "1e6", "ti", "12.000"]) expect(parseKroner(bad), bad).toBeNull();
  });
});

describe("parseDecimal", () => {
  it("reads a decimal comma or point", () => {
    expect(parseDecimal("2,5")).toBe(2.5);
    expect(parseDecimal("2.5")).toBe(2.5);
    expect(parseDecimal("3")).toBe(3);
  });
  it("refuses negatives and words", () => {
    for (const bad of ["", "-1", "1,2,3", "to"]) expect(parseDecimal(bad), bad).toBeNull();
  });
  it("reads back what fieldText writes", () => {
    expect(parseDecimal(fieldText(1.75))).toBe(1.75);
  });
});
