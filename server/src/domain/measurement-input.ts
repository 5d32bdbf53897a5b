/**
 * Validation of raw key-result measurements, shared by the file import and the JSON batch API.
 * Pure: the caller supplies the key results and organisations to match against, and a Locator that
 * says where a field sits (a JSON path, or a row and column of a file).
 */
import type { ErrorDetail } from "./errors.js";
import { parseDecimal } from "./number.js";
import { tryParsePeriod, type Period } from "./period.js";
import type { Aggregation, Dimension, Frequency } from "./strategy.js";

/** The rules a measurement is checked against: those of the key result version in effect for its period. */
export interface KeyResultRules {
  aggregation: Aggregation;
  frequency: Frequency;
  dimensions: Dimension[];
}

export interface KeyResultRef extends KeyResultRules {
  id: string;
  code: string;
  /**
   * Every version's rules with the day it took effect, in version order (the ref's own rules are
   * the current ones). A measurement is checked against the version in effect on its period's
   * first day — the latest that took effect by then, else the first — as the database ties it.
   */
  history?: (KeyResultRules & { effectiveFrom: string })[];
}
export interface OrganisationRef {
  id: string;
  name: string;
  shortName: string;
}
export interface MeasurementContext {
  keyResults: KeyResultRef[];
  organisations: OrganisationRef[];
}

export interface RawMeasurement {
  keyResult?: string;
  organisation?: string;
  period?: string;
  value?: string | number | null;
  numerator?: string | number | null;
  denominator?: string | number | null;
  comment?: string | null;
  /** Dimension key → value. */
  breakdown?: Record<string, string | null | undefined>;
}

export interface MeasurementInput {
  keyResultId: string;
  keyResultCode: string;
  organisationId: string;
  period: Period;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  comment: string | null;
  /** Dimension key → value, in the canonical spelling of both. */
  breakdown: Record<string, string>;
  /** `key=value` pairs sorted by key, joined by U+001F; '' without breakdown. */
  breakdownKey: string;
}

export interface Locator {
  (field: string): Pick<ErrorDetail, "path" | "row" | "column">;
}

export const COMMENT_MAX_LENGTH = 2000;
const BREAKDOWN_SEPARATOR = "\u001f";
const NUMBER_FIELDS = ["value", "numerator", "denominator"] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** How names are compared: Unicode-normalised (æøå typed on a Mac are decomposed), trimmed, case-folded. */
const fold = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
// Most cells are plain ASCII; normalising only the others keeps a million-row import fast.
const NON_ASCII = /[^\x00-\x7f]/;
const text = (v: unknown) => {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return (NON_ASCII.test(s) ? s.normalize("NFC") : s).trim();
};

/** Remembers a function of a cell's text: files repeat the same codes, names and periods on every row. */
function memo<R>(fn: (key: string) => R, max = 100_000): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as R;
    const r = fn(key);
    if (cache.size < max) cache.set(key, r);
    return r;
  };
}
const isEmpty = (v: unknown) => text(v) === "";
const show = (v: unknown) => (typeof v === "string" ? `"${v}"` : String(v));

/**
 * A name lookup over tiers of names (e.g. id, then short name, then full name): the first tier
 * that knows the name decides, so one organisation's short name never clashes with another's
 * full name. Returns every match of that tier; more than one means the name is ambiguous.
 */
function lookup<T>(items: readonly T[], tiers: ((t: T) => string)[]): (name: string) => T[] {
  const maps = tiers.map((name) => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      const key = fold(name(item));
      if (key) map.set(key, [...(map.get(key) ?? []), item]);
    }
    return map;
  });
  return (name) => {
    const key = fold(name);
    for (const map of maps) {
      const hit = map.get(key);
      if (hit) return hit;
    }
    return [];
  };
}

const MONTHS: Record<Frequency, number> = { month: 1, quarter: 3, tertial: 4, year: 12 };

/**
 * Whether a period of `grain` suits a key result measured per `frequency`. A period fits when it is
 * made of whole frequency periods (its length is a multiple). It is "too fine" when it is a
 * whole part of one, and otherwise the two do not nest (quarter vs tertial).
 */
function fit(grain: Frequency, frequency: Frequency): "ok" | "too_fine" | "mismatch" {
  if (MONTHS[grain] % MONTHS[frequency] === 0) return "ok";
  return MONTHS[frequency] % MONTHS[grain] === 0 ? "too_fine" : "mismatch";
}

export function createValidator(
  ctx: MeasurementContext,
): (raw: RawMeasurement, at: Locator) => { ok: MeasurementInput } | { errors: ErrorDetail[] } {
  // A code wins over an id, so a key result whose id happens to equal another's code is unambiguous.
  const findKeyResult = memo(lookup(ctx.keyResults, [(k) => k.code, (k) => k.id]));
  const findOrganisation = memo(lookup(ctx.organisations, [(o) => o.id, (o) => o.shortName, (o) => o.name]));
  const parsePeriod = memo(tryParsePeriod);
  const folded = memo(fold);
  const versions = new Map<string, KeyResultRef>();
  const versionFor = (kr: KeyResultRef, period: Period) => {
    const key = `${kr.id}\u0000${period.start}`;
    let v = versions.get(key);
    if (!v) versions.set(key, (v = rulesAt(kr, period)));
    return v;
  };
  const allowed = new Map<Dimension, Map<string, string>>();
  const valuesOf = (d: Dimension) => {
    let m = allowed.get(d);
    if (!m) allowed.set(d, (m = new Map(d.values.map((v) => [folded(v), v]))));
    return m;
  };

  return (raw, at) => {
    const errors: ErrorDetail[] = [];
    const fail = (field: string, code: string, message: string) => errors.push({ ...at(field), code, message });

    // Key result
    let keyResult: KeyResultRef | undefined;
    if (isEmpty(raw.keyResult)) fail("keyResult", "missing_value", "key result is required");
    else {
      const hits = findKeyResult(text(raw.keyResult));
      if (hits.length === 1) keyResult = hits[0];
      else if (hits.length === 0) fail("keyResult", "unknown_key_result", `unknown key result ${show(raw.keyResult)}`);
      else fail("keyResult", "ambiguous_key_result", `key result ${show(raw.keyResult)} matches more than one`);
    }

    // Organisation
    let organisation: OrganisationRef | undefined;
    if (isEmpty(raw.organisation)) fail("organisation", "missing_value", "organisation is required");
    else {
      const hits = findOrganisation(text(raw.organisation));
      if (hits.length === 1) organisation = hits[0];
      else if (hits.length === 0) {
        fail("organisation", "unknown_organisation", `unknown organisation ${show(raw.organisation)}`);
      } else {
        fail("organisation", "ambiguous_organisation", `organisation ${show(raw.organisation)} matches more than one`);
      }
    }

    // Period
    let period: Period | undefined;
    if (isEmpty(raw.period)) fail("period", "missing_value", "period is required");
    else {
      period = parsePeriod(text(raw.period));
      if (period && keyResult) keyResult = versionFor(keyResult, period);
      if (!period) {
        fail("period", "bad_period", `${show(raw.period)} is not a period (write 2025, 2025-Q1, 2025-T1 or 2025-03)`);
      } else if (keyResult) {
        const f = fit(period.grain, keyResult.frequency);
        if (f === "too_fine") {
          fail("period", "period_too_fine", `period ${period.id} is finer than the key result's frequency (${keyResult.frequency})`);
        } else if (f === "mismatch") {
          fail(
            "period",
            "period_grain_mismatch",
            `period ${period.id} (${period.grain}) does not fit the key result's frequency (${keyResult.frequency})`,
          );
        }
      }
    }

    // Numbers: parse whatever is given; then, once the key result is known, check which are wanted.
    const numbers = {} as Record<NumberField, number | null>;
    for (const field of NUMBER_FIELDS) {
      const v = raw[field];
      numbers[field] = null;
      if (isEmpty(v)) continue;
      const n = typeof v === "number" ? v : typeof v === "string" ? parseDecimal(v) : undefined;
      if (n === undefined || !Number.isFinite(n)) fail(field, "not_a_number", `${show(v)} is not a number`);
      else numbers[field] = n;
    }
    if (keyResult) {
      const ratio = keyResult.aggregation === "ratio";
      for (const field of NUMBER_FIELDS) {
        const wanted = ratio ? field !== "value" : field === "value";
        const given = !isEmpty(raw[field]);
        if (wanted && !given) fail(field, "missing_value", `${field} is required`);
        if (!wanted && given) {
          const instead = ratio ? "numerator and denominator" : "value";
          fail(field, "unexpected_value", `${field} must be empty: key result ${keyResult.code} takes ${instead}`);
        }
      }
      if (ratio && numbers.numerator !== null && numbers.numerator < 0) {
        fail("numerator", "out_of_range", `numerator ${numbers.numerator} must not be negative`);
      }
      if (ratio && numbers.denominator !== null && numbers.denominator <= 0) {
        fail("denominator", "out_of_range", `denominator ${numbers.denominator} must be greater than 0`);
      }
    }

    // Breakdown: each dimension of the key result needs a value; other keys must be empty.
    const breakdown: Record<string, string> = {};
    if (keyResult) {
      const given = Object.entries(raw.breakdown ?? {});
      const dimensionOf = (key: string) => keyResult.dimensions.find((d) => folded(d.key) === folded(key));
      for (const dimension of keyResult.dimensions) {
        const entry = given.find(([key]) => folded(key) === folded(dimension.key));
        const field = entry?.[0] ?? dimension.key;
        const value = text(entry?.[1]);
        if (!value) {
          fail(field, "missing_dimension", `${dimension.key} is required`);
        } else if (dimension.values.length === 0) {
          breakdown[dimension.key] = value;
        } else {
          const canonical = valuesOf(dimension).get(folded(value));
          if (canonical !== undefined) breakdown[dimension.key] = canonical;
          else {
            const allowed = dimension.values.join(", ");
            fail(field, "unknown_dimension_value", `"${value}" is not a value of ${dimension.key} (${allowed})`);
          }
        }
      }
      for (const [key, value] of given) {
        if (!dimensionOf(key) && !isEmpty(value)) {
          fail(key, "unexpected_column", `${key} does not apply to key result ${keyResult.code}; leave it empty`);
        }
      }
    }

    // Comment
    const comment = text(raw.comment) || null;
    if (comment !== null && [...comment].length > COMMENT_MAX_LENGTH) {
      fail("comment", "too_long", `comment is longer than ${COMMENT_MAX_LENGTH} characters`);
    }

    if (errors.length > 0 || !keyResult || !organisation || !period) return { errors };
    return {
      ok: {
        keyResultId: keyResult.id,
        keyResultCode: keyResult.code,
        organisationId: organisation.id,
        period,
        ...numbers,
        comment,
        breakdown,
        breakdownKey: breakdownKey(breakdown),
      },
    };
  };
}

/** The key result with the rules in effect on the period's first day (see KeyResultRef.history). */
function rulesAt(kr: KeyResultRef, period: Period): KeyResultRef {
  if (!kr.history?.length) return kr;
  const rules = kr.history.filter((h) => h.effectiveFrom <= period.start).at(-1) ?? kr.history[0]!;
  return { ...kr, aggregation: rules.aggregation, frequency: rules.frequency, dimensions: rules.dimensions };
}

export function breakdownKey(breakdown: Record<string, string>): string {
  return Object.keys(breakdown)
    .sort()
    .map((key) => `${key}=${breakdown[key]}`)
    .join(BREAKDOWN_SEPARATOR);
}

/** The same key result, organisation, period and breakdown more than once in one batch; reports each repeat. */
export function findDuplicates(items: MeasurementInput[], at: (index: number) => string): ErrorDetail[] {
  const first = new Map<string, number>();
  const errors: ErrorDetail[] = [];
  items.forEach((m, i) => {
    const key = [m.keyResultId, m.organisationId, m.period.id, m.breakdownKey].join("\u001e");
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, i);
      return;
    }
    const breakdown = m.breakdownKey ? ` [${m.breakdownKey.split(BREAKDOWN_SEPARATOR).join(", ")}]` : "";
    errors.push({
      path: at(i),
      code: "duplicate",
      message: `${m.keyResultCode} / ${m.organisationId} / ${m.period.id}${breakdown} is also given at ${at(earlier)}`,
    });
  });
  return errors;
}
