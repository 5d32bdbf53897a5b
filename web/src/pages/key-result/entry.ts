/**
 * The report form's rules, kept pure so they can be tested without a browser: which rows it offers,
 * how a row's typed text becomes numbers (or problems), and what it sends to POST /measurements.
 */
import { parseDecimal, sameNumber } from "./numbers.js";

export type NumberField = "value" | "numerator" | "denominator";
export type Breakdown = Record<string, string>;
export interface Dimension {
  key: string;
  label: string;
  values: string[];
}
/** The current measurement of one organisation, period and breakdown, as the API lists it. */
export interface CurrentMeasurement {
  id: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  breakdown: Breakdown;
}

/** A ratio key result takes a numerator and a denominator; every other one a value (measurement-input.ts). */
export function numberFields(aggregation: string): NumberField[] {
  return aggregation === "ratio" ? ["numerator", "denominator"] : ["value"];
}

/** The server's key for a breakdown: `key=value` pairs sorted by key, joined by U+001F. */
export function breakdownKey(b: Breakdown): string {
  return Object.keys(b)
    .sort()
    .map((k) => `${k}=${b[k]}`)
    .join("\u001f");
}

/** A breakdown restricted to the key result's dimensions; undefined when one of them has no value. */
function restrict(b: Breakdown, dimensions: readonly Dimension[]): Breakdown | undefined {
  const out: Breakdown = {};
  for (const d of dimensions) {
    const v = b[d.key];
    if (v === undefined || v.trim() === "") return undefined;
    out[d.key] = v;
  }
  return out;
}

/**
 * The rows a reporter fills in: one without dimensions; with dimensions, every combination of
 * their fixed values (when there are few), then every combination seen in recent reports, so this
 * month's form has last month's rows.
 */
export function entryRows(dimensions: readonly Dimension[], seen: readonly Breakdown[], maxProduct = 24): Breakdown[] {
  if (dimensions.length === 0) return [{}];
  const rows = new Map<string, Breakdown>();
  const product = dimensions.reduce((n, d) => n * d.values.length, 1);
  if (product > 0 && product <= maxProduct) {
    let combos: Breakdown[] = [{}];
    for (const d of dimensions) combos = combos.flatMap((c) => d.values.map((v) => ({ ...c, [d.key]: v })));
    for (const c of combos) rows.set(breakdownKey(c), c);
  }
  const extra = seen
    .map((b) => restrict(b, dimensions))
    .filter((b): b is Breakdown => b !== undefined)
    .filter((b) => !rows.has(breakdownKey(b)));
  const unique = new Map(extra.map((b) => [breakdownKey(b), b]));
  const collator = new Intl.Collator("nb", { numeric: true, sensitivity: "base" });
  const sorted = [...unique.values()].sort((a, b) => {
    for (const d of dimensions) {
      const c = collator.compare(a[d.key]!, b[d.key]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  for (const b of sorted) rows.set(breakdownKey(b), b);
  return [...rows.values()];
}

export type RowText = Record<NumberField, string>;
export const EMPTY_ROW: RowText = { value: "", numerator: "", denominator: "" };

export type Problem = "required" | "notANumber" | "negative" | "notPositive" | "cleared" | "dimensionRequired" | "duplicate";

export interface RowCheck {
  /** skip: nothing typed, or the same figures as now; send: new or changed figures; invalid: see problems. */
  status: "skip" | "send" | "invalid";
  /** Per field (a number field, or `dim:<key>` for a dimension typed in): what is wrong. */
  problems: Record<string, Problem>;
  numbers: Partial<Record<NumberField, number>>;
}

/** The text a current measurement puts in the form's fields. */
export function rowTextOf(current: CurrentMeasurement | undefined, fields: readonly NumberField[], toText: (n: number | null) => string): RowText {
  const text = { ...EMPTY_ROW };
  if (current) for (const f of fields) text[f] = toText(current[f]);
  return text;
}

/** Checks one row's typed figures against what is stored now. */
export function checkRow(fields: readonly NumberField[], text: RowText, current: CurrentMeasurement | undefined): RowCheck {
  const problems: Record<string, Problem> = {};
  const numbers: Partial<Record<NumberField, number>> = {};
  const typed = fields.filter((f) => text[f].trim() !== "");
  if (typed.length === 0) {
    // A stored figure cannot be deleted from the form: a cleared row is a mistake, not a delete.
    if (current) problems[fields[0]!] = "cleared";
    return { status: current ? "invalid" : "skip", problems, numbers };
  }
  for (const f of fields) {
    const t = text[f].trim();
    if (t === "") {
      problems[f] = "required";
      continue;
    }
    const n = parseDecimal(t);
    if (n === undefined) problems[f] = "notANumber";
    else if (f === "numerator" && n < 0) problems[f] = "negative";
    else if (f === "denominator" && n <= 0) problems[f] = "notPositive";
    else numbers[f] = n;
  }
  if (Object.keys(problems).length > 0) return { status: "invalid", problems, numbers };
  if (current && fields.every((f) => sameNumber(numbers[f], current[f]))) return { status: "skip", problems, numbers };
  return { status: "send", problems, numbers };
}

/** Problems with rows the reporter added: every dimension needs a value, and no row may repeat another. */
export function checkAddedBreakdown(dimensions: readonly Dimension[], breakdown: Breakdown, otherKeys: ReadonlySet<string>): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  for (const d of dimensions) if (!(breakdown[d.key] ?? "").trim()) problems[`dim:${d.key}`] = "dimensionRequired";
  if (Object.keys(problems).length === 0) {
    const trimmed = Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, v.trim()]));
    if (otherKeys.has(breakdownKey(trimmed).toLowerCase())) problems[`dim:${dimensions[0]!.key}`] = "duplicate";
  }
  return problems;
}

export interface BatchItem {
  keyResult: string;
  organisation: string;
  period: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  breakdown?: Record<string, string>;
  comment?: string | null;
  replaces: number | null;
}

/**
 * One item of the batch. `replaces` is the id of the measurement the reporter saw (null: none), so
 * the server refuses the write if someone else reported in between instead of overwriting it.
 */
export function batchItem(args: {
  keyResultId: string;
  organisation: string;
  period: string;
  fields: readonly NumberField[];
  numbers: Partial<Record<NumberField, number>>;
  breakdown: Breakdown;
  comment: string;
  current: CurrentMeasurement | undefined;
}): BatchItem {
  const item: BatchItem = { keyResult: args.keyResultId, organisation: args.organisation, period: args.period, replaces: args.current?.id ?? null };
  for (const f of args.fields) item[f] = args.numbers[f] ?? null;
  if (Object.keys(args.breakdown).length > 0) item.breakdown = Object.fromEntries(Object.entries(args.breakdown).map(([k, v]) => [k, v.trim()]));
  const comment = args.comment.trim();
  if (comment) item.comment = comment;
  return item;
}

/** A server error's path (`items.3.numerator`) as the item index and field it names. */
export function parseItemPath(path: string): { index: number; field: string } | undefined {
  const m = /^items\.(\d+)\.(.+)$/.exec(path);
  return m ? { index: Number(m[1]), field: m[2]! } : undefined;
}

/** An Idempotency-Key: a random UUID, also where `crypto.randomUUID` is missing (plain http off localhost). */
export function newIdempotencyKey(c: Pick<Crypto, "getRandomValues"> & { randomUUID?: () => string } = globalThis.crypto): string {
  if (typeof c.randomUUID === "function") return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
