import { describe, expect, it } from "vitest";
import { batchItem, breakdownKey, checkAddedBreakdown, checkRow, entryRows, newIdempotencyKey, numberFields, parseItemPath, rowTextOf } from "./entry.js";
import { toInputText } from "./numbers.js";

const type = { key: "forløpstype", label: "Forløpstype", values: [] as string[] };

describe("entryRows", () => {
  it("offers one row without dimensions", () => {
    expect(entryRows([], [{ x: "y" }])).toEqual([{}]);
  });
  it("offers the fixed values, then what was reported recently, sorted and unique", () => {
    const dims = [{ key: "gruppe", label: "Gruppe", values: ["pasienter", "ansatte"] }];
    expect(entryRows(dims, [{ gruppe: "pårørende" }, { gruppe: "ansatte" }, { gruppe: "Andre" }])).toEqual([
      { gruppe: "pasienter" },
      { gruppe: "ansatte" },
      { gruppe: "Andre" },
      { gruppe: "pårørende" },
    ]);
    expect(entryRows([type], [{ forløpstype: "kreft" }, { forløpstype: "KOLS" }, { forløpstype: "kreft" }, {}])).toEqual([
      { forløpstype: "KOLS" },
      { forløpstype: "kreft" },
    ]);
  });
  it("does not spell out a large product of fixed values", () => {
    const many = (key: string) => ({ key, label: key, values: Array.from({ length: 10 }, (_, i) => `${key}${i}`) });
    expect(entryRows([many("a"), many("b")], [{ a: "a1", b: "b2" }])).toEqual([{ a: "a1", b: "b2" }]);
  });
});

describe("checkRow", () => {
  const ratio = numberFields("ratio");
  const current = { id: 7, value: null, numerator: 122, denominator: 311, breakdown: {} };
  it("asks ratio key results for numerator and denominator, others for a value", () => {
    expect(ratio).toEqual(["numerator", "denominator"]);
    expect(numberFields("sum")).toEqual(["value"]);
  });
  it("skips an empty row, but refuses to clear a stored figure", () => {
    expect(checkRow(ratio, { value: "", numerator: "", denominator: " " }, undefined).status).toBe("skip");
    expect(checkRow(ratio, { value: "", numerator: "", denominator: "" }, current)).toMatchObject({ status: "invalid", problems: { numerator: "cleared" } });
  });
  it("reads decimal commas and reports each field's problem", () => {
    expect(checkRow(["value"], { value: "12,5", numerator: "", denominator: "" }, undefined)).toEqual({ status: "send", problems: {}, numbers: { value: 12.5 } });
    expect(checkRow(ratio, { value: "", numerator: "abc", denominator: "" }, undefined).problems).toEqual({ numerator: "notANumber", denominator: "required" });
    expect(checkRow(ratio, { value: "", numerator: "-1", denominator: "0" }, undefined).problems).toEqual({ numerator: "negative", denominator: "notPositive" });
  });
  it("skips unchanged figures and sends corrections", () => {
    const text = rowTextOf(current, ratio, toInputText);
    expect(text).toEqual({ value: "", numerator: "122", denominator: "311" });
    expect(checkRow(ratio, text, current).status).toBe("skip");
    expect(checkRow(ratio, { ...text, numerator: "123" }, current).status).toBe("send");
  });
});

describe("added rows", () => {
  it("need every dimension and must not repeat a row", () => {
    const taken = new Set([breakdownKey({ forløpstype: "kreft" }).toLowerCase()]);
    expect(checkAddedBreakdown([type], { forløpstype: " " }, taken)).toEqual({ "dim:forløpstype": "dimensionRequired" });
    expect(checkAddedBreakdown([type], { forløpstype: "Kreft " }, taken)).toEqual({ "dim:forløpstype": "duplicate" });
    expect(checkAddedBreakdown([type], { forløpstype: "astma" }, taken)).toEqual({});
  });
});

describe("batchItem", () => {
  it("sends the numbers the key result takes, the breakdown, the comment, and what it replaces", () => {
    expect(
      batchItem({
        keyResultId: "kr",
        organisation: "ahus",
        period: "2026-Q3",
        fields: ["numerator", "denominator"],
        numbers: { numerator: 1, denominator: 4 },
        breakdown: { forløpstype: " KOLS" },
        comment: "  rettet ",
        current: { id: 9, value: null, numerator: 2, denominator: 4, breakdown: {} },
      }),
    ).toEqual({ keyResult: "kr", organisation: "ahus", period: "2026-Q3", numerator: 1, denominator: 4, breakdown: { forløpstype: "KOLS" }, comment: "rettet", replaces: 9 });
    expect(batchItem({ keyResultId: "kr", organisation: "ous", period: "2026-09", fields: ["value"], numbers: { value: 3 }, breakdown: {}, comment: "", current: undefined })).toEqual({
      keyResult: "kr",
      organisation: "ous",
      period: "2026-09",
      value: 3,
      replaces: null,
    });
  });
  it("reads the server's item paths", () => {
    expect(parseItemPath("items.3.numerator")).toEqual({ index: 3, field: "numerator" });
    expect(parseItemPath("items.0.forløpstype")).toEqual({ index: 0, field: "forløpstype" });
    expect(parseItemPath("file")).toBeUndefined();
  });
  it("makes a version-4 UUID even without crypto.randomUUID", () => {
    const key = newIdempotencyKey({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => a });
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
