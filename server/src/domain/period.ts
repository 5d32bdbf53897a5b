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

/** `outer` and every period of every grain that lies inside it. */
export function periodsWithin(outer: Period): Period[] {
  const inner = (["month", "quarter", "tertial", "year"] as const).flatMap((grain) => subPeriods(outer, grain)).filter((p) => p.id !== outer.id);
  return [outer, ...inner];
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

/** The period of the same grain just after `p`. */
export function next(p: Period): Period {
  return p.index < COUNT_PER_YEAR[p.grain] ? makePeriod(p.grain, p.year, p.index + 1) : makePeriod(p.grain, p.year + 1, 1);
}

/** The last complete period of `grain` before the day `today` (`YYYY-MM-DD`). */
export function lastCompleted(grain: Frequency, today: string): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const current = makePeriod(grain, year, Math.floor((month - 1) / MONTHS_PER[grain]) + 1);
  return previous(current);
}

/** The most periods a range may span (`periodRange`): five years of months. */
export const MAX_RANGE = 60;

/**
 * The periods from `from` to `to`, both included, in order. Both must be of one grain and `from`
 * not after `to`; a range of more than `max` periods is refused. The faults name the fields
 * `from` and `to`.
 */
export function periodRange(from: Period, to: Period, max = MAX_RANGE): Period[] {
  if (from.grain !== to.grain) {
    throw new Invalid(`"${from.id}" and "${to.id}" are periods of different grains`, [
      { path: "to", message: `expected a ${from.grain} such as ${from.id}, like from` },
    ]);
  }
  if (from.start > to.start) {
    throw new Invalid(`"${to.id}" is before "${from.id}"`, [{ path: "to", message: `must not be before ${from.id}` }]);
  }
  const count = (to.year - from.year) * COUNT_PER_YEAR[from.grain] + (to.index - from.index) + 1;
  if (count > max) {
    throw new Invalid(`${from.id} to ${to.id} is ${count} periods; at most ${max} are served at once`, [
      { path: "to", message: `at most ${max} periods from ${from.id}` },
    ]);
  }
  const out = [from];
  while (out.length < count) out.push(next(out[out.length - 1]!));
  return out;
}

/** How many periods a range has when only one end, or neither, is given. */
export const DEFAULT_RANGE = 8;

/**
 * The periods a trend shows: `from` to `to` when both are given; with only `to`, the
 * `DEFAULT_RANGE` periods of its grain ending there; with only `from`, from there to the last
 * completed period of its grain; with neither, the last `DEFAULT_RANGE` completed quarters before `today`.
 */
export function trendRange(from: Period | undefined, to: Period | undefined, today: string): Period[] {
  const end = to ?? lastCompleted(from?.grain ?? "quarter", today);
  if (from && !to && from.start > end.start) {
    throw new Invalid(`"${from.id}" is not completed yet`, [{ path: "from", message: `must not be after ${end.id}, the last completed ${end.grain}` }]);
  }
  let start = from ?? end;
  if (!from) for (let i = 1; i < DEFAULT_RANGE; i++) start = previous(start);
  return periodRange(start, end);
}
