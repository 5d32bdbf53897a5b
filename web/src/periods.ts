import * as calendar from "../../server/src/domain/period.js";
import type { Frequency } from "../../server/src/domain/strategy.js";
import type { Lang } from "./i18n/i18n.js";

/**
 * Periods as the API writes them (`2025`, `2025-T1`, `2025-Q1`, `2025-03`), as plain strings for
 * addresses and selects. The calendar arithmetic is the server's own pure module, so the app and the
 * API never disagree about which period comes before which.
 */
export type Grain = Frequency;

const parse = (period: string) => calendar.parsePeriod(period);

export function grainOf(period: string): Grain {
  return parse(period).grain;
}

const monthNames: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { month: "long", year: "numeric", timeZone: "UTC" }),
  // Nynorsk month names are bokmål's, and not every runtime has nn data (Chromium falls back to English).
  nn: new Intl.DateTimeFormat("nb-NO", { month: "long", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }),
};

/** `2026-Q3` → "3. kvartal 2026" / "Q3 2026"; `2026-03` → "mars 2026". */
export function periodLabel(period: string, lang: Lang): string {
  const year = period.slice(0, 4);
  switch (grainOf(period)) {
    case "year":
      return year;
    case "quarter":
      return lang === "en" ? `Q${period.slice(6)} ${year}` : `${period.slice(6)}. kvartal ${year}`;
    case "tertial":
      return lang === "en" ? `T${period.slice(6)} ${year}` : `${period.slice(6)}. tertial ${year}`;
    case "month":
      return monthNames[lang].format(new Date(`${period}-01T00:00:00Z`));
  }
}

/** The last period of a grain that has ended on `today` (YYYY-MM-DD). */
export function lastCompleted(grain: Grain, today: string): string {
  return calendar.lastCompleted(grain, today).id;
}

/** Periods of a grain, newest first, back to `fromYear`. */
export function periodsBack(grain: Grain, today: string, fromYear: number): string[] {
  const out: string[] = [];
  let p = lastCompleted(grain, today);
  while (Number(p.slice(0, 4)) >= fromYear) {
    out.push(p);
    p = previous(p);
  }
  return out;
}

export function previous(period: string): string {
  return calendar.previous(parse(period)).id;
}

/** The period after one of the same grain. */
export function next(period: string): string {
  return calendar.next(parse(period)).id;
}

/** The day a period starts: `2026-Q3` → `2026-07-01`. */
export function periodStart(period: string): string {
  return parse(period).start;
}

/** The first day after a period: `2026-Q3` → `2026-10-01`. */
export function periodEnd(period: string): string {
  return parse(period).end;
}

/** The period of a grain a calendar day falls in: (`2024-05-17`, quarter) → `2024-Q2`. */
export function periodOfDate(date: string, grain: Grain): string {
  const month = calendar.makePeriod("month", Number(date.slice(0, 4)), Number(date.slice(5, 7)));
  return calendar.enclosing(month, grain)!.id;
}

/** `n` periods before (n > 0) or after (n < 0) a period. */
export function shift(period: string, n: number): string {
  let p = period;
  for (let i = 0; i < Math.abs(n); i++) p = n > 0 ? previous(p) : next(p);
  return p;
}

export const today = (): string => new Date().toISOString().slice(0, 10);
