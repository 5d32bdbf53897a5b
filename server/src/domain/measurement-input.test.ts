import { describe, expect, it } from "vitest";
import type { ErrorDetail } from "./errors.js";
import {
  createValidator,
  findDuplicates,
  type Locator,
  type MeasurementContext,
  type MeasurementInput,
  type RawMeasurement,
} from "./measurement-input.js";

const ctx: MeasurementContext = {
  keyResults: [
    { id: "kr-sum", code: "1.4", aggregation: "sum", frequency: "quarter", dimensions: [] },
    {
      id: "kr-ratio",
      code: "2.1a",
      aggregation: "ratio",
      frequency: "month",
      dimensions: [{ key: "forløpstype", label: "Forløpstype", values: ["Hjertesvikt", "Hjerneslag"] }],
    },
    {
      id: "kr-tertial",
      code: "3.2",
      aggregation: "mean",
      frequency: "tertial",
      dimensions: [{ key: "enhet", label: "Enhet", values: [] }],
    },
    { id: "kr-year", code: "4.1", aggregation: "latest", frequency: "year", dimensions: [] },
  ],
  organisations: [
    { id: "ahus", name: "Akershus universitetssykehus HF", shortName: "Ahus" },
    { id: "sshf", name: "Sørlandet sykehus HF", shortName: "SSHF" },
    { id: "ous", name: "Oslo universitetssykehus HF", shortName: "OUS" },
    // Two organisations sharing a short name: looking one up by it is ambiguous.
    { id: "x1", name: "Enhet X én", shortName: "X" },
    { id: "x2", name: "Enhet X to", shortName: "X" },
  ],
};

const validate = createValidator(ctx);
const at: Locator = (field) => ({ path: `items.0.${field}` });
const ok = (raw: RawMeasurement): MeasurementInput => {
  const r = validate(raw, at);
  if ("errors" in r) throw new Error(JSON.stringify(r.errors));
  return r.ok;
};
const errs = (raw: RawMeasurement): ErrorDetail[] => {
  const r = validate(raw, at);
  if ("ok" in r) throw new Error(`expected errors, got ${JSON.stringify(r.ok)}`);
  return r.errors;
};
const codes = (raw: RawMeasurement) => errs(raw).map((e) => [e.path, e.code]);

const sum: RawMeasurement = { keyResult: "1.4", organisation: "ahus", period: "2025-Q1", value: "12,5" };
const ratio: RawMeasurement = {
  keyResult: "2.1a",
  organisation: "ahus",
  period: "2025-03",
  numerator: "3",
  denominator: 4,
  breakdown: { forløpstype: "Hjertesvikt" },
};

describe("createValidator", () => {
  it("accepts a valid sum measurement", () => {
    expect(ok(sum)).toEqual({
      keyResultId: "kr-sum",
      keyResultCode: "1.4",
      organisationId: "ahus",
      period: expect.objectContaining({ id: "2025-Q1", grain: "quarter" }),
      value: 12.5,
      numerator: null,
      denominator: null,
      comment: null,
      breakdown: {},
      breakdownKey: "",
    });
  });

  it("accepts a valid ratio measurement and stores the canonical dimension value", () => {
    const m = ok({ ...ratio, breakdown: { forløpstype: " hjertesvikt " } });
    expect(m).toMatchObject({ value: null, numerator: 3, denominator: 4, breakdown: { forløpstype: "Hjertesvikt" } });
    expect(m.breakdownKey).toBe("forløpstype=Hjertesvikt");
  });

  it("matches key results by code case-insensitively and trimmed, or by id", () => {
    expect(ok({ ...ratio, keyResult: " 2.1A " }).keyResultId).toBe("kr-ratio");
    expect(ok({ ...sum, keyResult: "KR-SUM" }).keyResultId).toBe("kr-sum");
  });

  it("matches organisations by id, short name or full name, case-insensitively", () => {
    for (const name of ["sshf", "SSHF", "sørlandet sykehus hf", " Sørlandet  sykehus HF "]) {
      expect(ok({ ...sum, organisation: name }).organisationId).toBe("sshf");
    }
    // Decomposed ø (as typed on a Mac) matches too.
    expect(ok({ ...sum, organisation: "Sørlandet sykehus HF".normalize("NFD") }).organisationId).toBe("sshf");
  });

  it("names unknown and ambiguous references", () => {
    expect(errs({ ...sum, keyResult: "9.9" })).toEqual([
      { path: "items.0.keyResult", code: "unknown_key_result", message: 'unknown key result "9.9"' },
    ]);
    expect(errs({ ...sum, organisation: "Helse Bergn" })).toEqual([
      { path: "items.0.organisation", code: "unknown_organisation", message: 'unknown organisation "Helse Bergn"' },
    ]);
    expect(codes({ ...sum, organisation: "x" })).toEqual([["items.0.organisation", "ambiguous_organisation"]]);
    expect(ok({ ...sum, organisation: "x1" }).organisationId).toBe("x1");
  });

  it("requires key result, organisation and period", () => {
    expect(codes({ value: "1" })).toEqual([
      ["items.0.keyResult", "missing_value"],
      ["items.0.organisation", "missing_value"],
      ["items.0.period", "missing_value"],
    ]);
    expect(codes({ ...sum, period: "  " })).toEqual([["items.0.period", "missing_value"]]);
  });

  it("rejects text that is not a period", () => {
    expect(errs({ ...sum, period: "2025-13" })).toEqual([
      {
        path: "items.0.period",
        code: "bad_period",
        message: '"2025-13" is not a period (write 2025, 2025-Q1, 2025-T1 or 2025-03)',
      },
    ]);
  });

  it("accepts the key result's frequency or coarser, and K for kvartal", () => {
    expect(ok({ ...sum, period: "2025-k2" }).period.id).toBe("2025-Q2");
    expect(ok({ ...sum, period: "2025" }).period.id).toBe("2025");
    expect(ok({ ...ratio, period: "2025-T2" }).period.id).toBe("2025-T2");
    expect(ok({ ...ratio, period: "2025-Q4" }).period.id).toBe("2025-Q4");
    expect(ok({ keyResult: "3.2", organisation: "ous", period: "2025-T3", value: 1, breakdown: { enhet: "a" } }).period.id).toBe(
      "2025-T3",
    );
  });

  it("rejects periods finer than the frequency, and quarters/tertials that do not nest", () => {
    expect(errs({ ...sum, period: "2025-03" })).toEqual([
      { path: "items.0.period", code: "period_too_fine", message: "period 2025-03 is finer than the key result's frequency (quarter)" },
    ]);
    expect(codes({ ...sum, period: "2025-T1" })).toEqual([["items.0.period", "period_grain_mismatch"]]);
    const tertial = { keyResult: "3.2", organisation: "ous", value: 1, breakdown: { enhet: "a" } };
    expect(codes({ ...tertial, period: "2025-Q1" })).toEqual([["items.0.period", "period_grain_mismatch"]]);
    expect(codes({ ...tertial, period: "2025-04" })).toEqual([["items.0.period", "period_too_fine"]]);
    expect(codes({ keyResult: "4.1", organisation: "ous", value: 1, period: "2025-Q1" })).toEqual([
      ["items.0.period", "period_too_fine"],
    ]);
  });

  it("reads numbers from strings with parseDecimal and takes finite JSON numbers", () => {
    expect(ok({ ...sum, value: "1 234,5" }).value).toBe(1234.5);
    expect(ok({ ...sum, value: -7 }).value).toBe(-7);
    expect(errs({ ...sum, value: "12,5x" })).toEqual([
      { path: "items.0.value", code: "not_a_number", message: '"12,5x" is not a number' },
    ]);
    expect(codes({ ...sum, value: Number.POSITIVE_INFINITY })).toEqual([["items.0.value", "not_a_number"]]);
    expect(codes({ ...sum, value: Number.NaN })).toEqual([["items.0.value", "not_a_number"]]);
    expect(codes({ ...sum, value: "50 %" })).toEqual([["items.0.value", "not_a_number"]]);
  });

  it("requires a value and no numerator/denominator for non-ratio key results", () => {
    expect(errs({ ...sum, value: "" })).toEqual([
      { path: "items.0.value", code: "missing_value", message: "value is required" },
    ]);
    expect(codes({ ...sum, value: null })).toEqual([["items.0.value", "missing_value"]]);
    expect(errs({ ...sum, numerator: "1", denominator: "2" })).toEqual([
      { path: "items.0.numerator", code: "unexpected_value", message: "numerator must be empty: key result 1.4 takes value" },
      { path: "items.0.denominator", code: "unexpected_value", message: "denominator must be empty: key result 1.4 takes value" },
    ]);
  });

  it("requires numerator ≥ 0 and denominator > 0, and no value, for ratio key results", () => {
    expect(codes({ ...ratio, numerator: undefined, denominator: null })).toEqual([
      ["items.0.numerator", "missing_value"],
      ["items.0.denominator", "missing_value"],
    ]);
    expect(codes({ ...ratio, value: "0,75" })).toEqual([["items.0.value", "unexpected_value"]]);
    expect(errs({ ...ratio, numerator: "-1", denominator: "0" })).toEqual([
      { path: "items.0.numerator", code: "out_of_range", message: "numerator -1 must not be negative" },
      { path: "items.0.denominator", code: "out_of_range", message: "denominator 0 must be greater than 0" },
    ]);
    expect(ok({ ...ratio, numerator: "0" }).numerator).toBe(0);
    // A bad number is reported once, not also as missing.
    expect(codes({ ...ratio, denominator: "fire" })).toEqual([["items.0.denominator", "not_a_number"]]);
  });

  it("requires every dimension, from its list when it has one", () => {
    expect(errs({ ...ratio, breakdown: {} })).toEqual([
      { path: "items.0.forløpstype", code: "missing_dimension", message: "forløpstype is required" },
    ]);
    expect(codes({ ...ratio, breakdown: undefined })).toEqual([["items.0.forløpstype", "missing_dimension"]]);
    expect(codes({ ...ratio, breakdown: { forløpstype: " " } })).toEqual([["items.0.forløpstype", "missing_dimension"]]);
    expect(errs({ ...ratio, breakdown: { forløpstype: "Lungekreft" } })).toEqual([
      {
        path: "items.0.forløpstype",
        code: "unknown_dimension_value",
        message: '"Lungekreft" is not a value of forløpstype (Hjertesvikt, Hjerneslag)',
      },
    ]);
    // Free-text dimension: any non-empty value, kept as written (trimmed).
    const free = ok({ keyResult: "3.2", organisation: "ous", period: "2025-T1", value: 2, breakdown: { Enhet: " Medisinsk klinikk " } });
    expect(free.breakdown).toEqual({ enhet: "Medisinsk klinikk" });
    // The error names the key as the client wrote it.
    expect(codes({ ...ratio, breakdown: { Forløpstype: "x" } })).toEqual([["items.0.Forløpstype", "unknown_dimension_value"]]);
  });

  it("rejects values for dimensions the key result does not have, but allows them empty", () => {
    expect(errs({ ...sum, breakdown: { forløpstype: "Hjertesvikt" } })).toEqual([
      {
        path: "items.0.forløpstype",
        code: "unexpected_column",
        message: "forløpstype does not apply to key result 1.4; leave it empty",
      },
    ]);
    expect(ok({ ...sum, breakdown: { forløpstype: "", enhet: null, kjønn: undefined } }).breakdown).toEqual({});
  });

  it("sorts the breakdown key", () => {
    const two: MeasurementContext = {
      keyResults: [
        {
          id: "k",
          code: "5",
          aggregation: "sum",
          frequency: "year",
          dimensions: [
            { key: "kjønn", label: "", values: ["K", "M"] },
            { key: "alder", label: "", values: [] },
          ],
        },
      ],
      organisations: ctx.organisations,
    };
    const r = createValidator(two)({ keyResult: "5", organisation: "ous", period: "2024", value: "1", breakdown: { kjønn: "k", alder: "0-17" } }, at);
    expect("ok" in r && r.ok.breakdownKey).toBe("alder=0-17\u001fkjønn=K");
  });

  it("trims comments and limits them to 2000 characters", () => {
    expect(ok({ ...sum, comment: "  foreløpig tall  " }).comment).toBe("foreløpig tall");
    expect(ok({ ...sum, comment: "ø".repeat(2000) }).comment).toHaveLength(2000);
    expect(codes({ ...sum, comment: "x".repeat(2001) })).toEqual([["items.0.comment", "too_long"]]);
  });

  it("collects every error of a record, with the locator's position", () => {
    const fileAt: Locator = (field) => ({ path: `row 7, column ${field}`, row: 7, column: field });
    const r = validate({ keyResult: "1.4", organisation: "nowhere", period: "2025-03", value: "x", comment: "y".repeat(2001) }, fileAt);
    expect("errors" in r && r.errors).toEqual([
      { path: "row 7, column organisation", row: 7, column: "organisation", code: "unknown_organisation", message: 'unknown organisation "nowhere"' },
      expect.objectContaining({ row: 7, column: "period", code: "period_too_fine" }),
      expect.objectContaining({ row: 7, column: "value", code: "not_a_number" }),
      expect.objectContaining({ row: 7, column: "comment", code: "too_long" }),
    ]);
  });

  it("still checks what it can when the key result is unknown", () => {
    expect(codes({ keyResult: "9.9", organisation: "ahus", period: "2025-99", value: "x", breakdown: { a: "b" } })).toEqual([
      ["items.0.keyResult", "unknown_key_result"],
      ["items.0.period", "bad_period"],
      ["items.0.value", "not_a_number"],
    ]);
  });
});

describe("findDuplicates", () => {
  it("reports each repeat of key result + organisation + period + breakdown", () => {
    const a = ok(ratio);
    const b = ok({ ...ratio, organisation: "Ahus", numerator: "5" }); // same organisation by another name
    const c = ok({ ...ratio, breakdown: { forløpstype: "Hjerneslag" } });
    const d = ok({ ...ratio, period: "2025-04" });
    const e = ok({ ...ratio, organisation: "Akershus universitetssykehus HF" });
    const errors = findDuplicates([a, b, c, d, e], (i) => `row ${i + 2}`);
    expect(errors).toEqual([
      { path: "row 3", code: "duplicate", message: "2.1a / ahus / 2025-03 [forløpstype=Hjertesvikt] is also given at row 2" },
      { path: "row 6", code: "duplicate", message: "2.1a / ahus / 2025-03 [forløpstype=Hjertesvikt] is also given at row 2" },
    ]);
  });

  it("finds nothing in distinct items", () => {
    expect(findDuplicates([ok(sum), ok({ ...sum, period: "2025-Q2" })], String)).toEqual([]);
  });
});
