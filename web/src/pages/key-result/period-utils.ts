import type { Lang } from "../../i18n/i18n.js";
import { grainOf, lastCompleted, next, previous, type Grain } from "../../periods.js";

/** Periods of one grain: the page's pickers, the chart's axis and the version marks. */

/** Whether a text is a period of the given grain, e.g. a `?period=` from the address. */
export function isPeriodOf(text: string | undefined, grain: Grain): text is string {
  if (!text) return false;
  const re = { year: /^\d{4}$/, quarter: /^\d{4}-Q[1-4]$/, tertial: /^\d{4}-T[1-3]$/, month: /^\d{4}-(0[1-9]|1[0-2])$/ }[grain];
  return re.test(text);
}

/** The `count` most recent completed periods of a grain, newest first. */
export function recentPeriods(grain: Grain, today: string, count: number): string[] {
  const out: string[] = [];
  let p = lastCompleted(grain, today);
  for (let i = 0; i < count; i++) {
    out.push(p);
    p = previous(p);
  }
  return out;
}

/** How many periods the trend shows by default: about two years, a little more for years. */
export const DEFAULT_SPAN: Record<Grain, number> = { month: 12, quarter: 8, tertial: 6, year: 5 };

/** The periods from `from` to `to` of one grain, in order; empty when `from` comes after `to`. */
export function periodRange(from: string, to: string, max = 240): string[] {
  const out: string[] = [];
  let p = from;
  while (p <= to && out.length < max) {
    out.push(p);
    p = next(p);
  }
  return out;
}

const shortMonth: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { month: "short", timeZone: "UTC" }),
  // Nynorsk month names are bokmål's, and not every runtime has nn data (Chromium falls back to English).
  nn: new Intl.DateTimeFormat("nb-NO", { month: "short", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }),
};

/** A period short enough for a chart axis: `3. kv. 2026` / `Q3 2026`, `2. t. 2026`, `mar. 2026`. */
export function shortPeriodLabel(period: string, lang: Lang): string {
  const year = period.slice(0, 4);
  switch (grainOf(period)) {
    case "year":
      return year;
    case "quarter":
      return lang === "en" ? `Q${period.slice(6)} ${year}` : `${period.slice(6)}. kv. ${year}`;
    case "tertial":
      return lang === "en" ? `T${period.slice(6)} ${year}` : `${period.slice(6)}. t. ${year}`;
    case "month": {
      const name = shortMonth[lang].format(new Date(`${period}-01T00:00:00Z`)).replace(/\.$/, "");
      return `${name} ${year}`;
    }
  }
}
