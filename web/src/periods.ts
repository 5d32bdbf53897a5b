import type { Lang } from "./i18n/i18n.js";

/** Periods as the API writes them: `2025`, `2025-T1`, `2025-Q1`, `2025-03`. */
export type Grain = "year" | "tertial" | "quarter" | "month";

export function grainOf(period: string): Grain {
  if (/^\d{4}$/.test(period)) return "year";
  if (/^\d{4}-T\d$/.test(period)) return "tertial";
  if (/^\d{4}-Q\d$/.test(period)) return "quarter";
  return "month";
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
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (grain) {
    case "year":
      return String(y - 1);
    case "month":
      return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
    case "quarter": {
      const q = Math.floor((m - 1) / 3);
      return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`;
    }
    case "tertial": {
      const t = Math.floor((m - 1) / 4);
      return t === 0 ? `${y - 1}-T3` : `${y}-T${t}`;
    }
  }
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
  const y = Number(period.slice(0, 4));
  switch (grainOf(period)) {
    case "year":
      return String(y - 1);
    case "month": {
      const m = Number(period.slice(5));
      return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
    }
    case "quarter":
    case "tertial": {
      const letter = period[5]!;
      const i = Number(period.slice(6));
      return i === 1 ? `${y - 1}-${letter}${letter === "Q" ? 4 : 3}` : `${y}-${letter}${i - 1}`;
    }
  }
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** The period `n` periods before `period`, of the same grain. */
export function back(period: string, n: number): string {
  let p = period;
  for (let i = 0; i < n; i++) p = previous(p);
  return p;
}
