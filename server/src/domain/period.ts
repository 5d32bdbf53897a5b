import { Invalid } from "./errors.js";
import type { Frequency } from "./strategy.js";

/**
 * Calendar periods as people write them: `2025` (year), `2025-Q1` (quarter; `K1` is accepted as
 * the Norwegian "kvartal"), `2025-T1` (tertial, four months), `2025-03` (month).
 * `start` is the first day, `end` the first day after the period (exclusive), both `YYYY-MM-DD`.
 */
export interface Period {
  readonly id: string;
  readonly grain: Frequency;
  readonly year: number;
  /** 1-based month, quarter or tertial number; 1 for a year. */
  readonly index: number;
  readonly start: string;
  readonly end: string;
}

const MONTHS_PER: Record<Frequency, number> = { month: 1, quarter: 3, tertial: 4, year: 12 };
const COUNT_PER_YEAR: Record<Frequency, number> = { month: 12, quarter: 4, tertial: 3, year: 1 };

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const firstOfMonth = (year: number, month0: number) => {
  const y = year + Math.floor(month0 / 12);
  return `${pad(y, 4)}-${pad((month0 % 12) + 1)}-01`;
};

export function makePeriod(grain: Frequency, year: number, index: number): Period {
  const months = MONTHS_PER[grain];
  const month0 = (index - 1) * months;
  const id =
    grain === "year"
      ? `${year}`
      : grain === "month"
        ? `${year}-${pad(index)}`
        : `${year}-${grain === "quarter" ? "Q" : "T"}${index}`;
  return { id, grain, year, index, start: firstOfMonth(year, month0), end: firstOfMonth(year, month0 + months) };
}

const PATTERN = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|([QqKk])([1-4])|([Tt])([1-3])))?$/;

/** Parses a period; returns undefined when the text is not one. */
export function tryParsePeriod(text: string): Period | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1900 || year > 2200) return undefined;
  if (m[2]) return makePeriod("month", year, Number(m[2]));
  if (m[3]) return makePeriod("quarter", year, Number(m[4]));
  if (m[5]) return makePeriod("tertial", year, Number(m[6]));
  return makePeriod("year", year, 1);
}

export function parsePeriod(text: string, path = "period"): Period {
  const p = tryParsePeriod(text);
  if (!p) {
    throw new Invalid(`"${text}" is not a period`, [
      { path, message: "expected a period such as 2025, 2025-Q1, 2025-T1 or 2025-03" },
    ]);
  }
  return p;
}

export function contains(outer: Period, inner: Period): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** The periods of `grain` that lie inside `outer`, in order; empty when `grain` is not finer. */
export function subPeriods(outer: Period, grain: Frequency): Period[] {
  if (MONTHS_PER[grain] > MONTHS_PER[outer.grain]) return [];
  const out: Period[] = [];
  for (let i = 1; i <= COUNT_PER_YEAR[grain]; i++) {
    const p = makePeriod(grain, outer.year, i);
    if (contains(outer, p)) out.push(p);
  }
  return out;
}

/** The period of `grain` that holds `inner`, if one does (a quarter holds no tertial). */
export function enclosing(inner: Period, grain: Frequency): Period | undefined {
  if (MONTHS_PER[grain] < MONTHS_PER[inner.grain]) return undefined;
  const month0 = Number(inner.start.slice(5, 7)) - 1;
  const p = makePeriod(grain, inner.year, Math.floor(month0 / MONTHS_PER[grain]) + 1);
  return contains(p, inner) ? p : undefined;
}

/** The period of the same grain just before `p`. */
export function previous(p: Period): Period {
  return p.index > 1 ? makePeriod(p.grain, p.year, p.index - 1) : makePeriod(p.grain, p.year - 1, COUNT_PER_YEAR[p.grain]);
}

/** The last complete period of `grain` before the day `today` (`YYYY-MM-DD`). */
export function lastCompleted(grain: Frequency, today: string): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const current = makePeriod(grain, year, Math.floor((month - 1) / MONTHS_PER[grain]) + 1);
  return previous(current);
}
