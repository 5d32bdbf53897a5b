/**
 * Norwegian formats in every language of the app: decimal comma, a narrow no-break space between
 * thousands (it never wraps), dates as 22.11.2026, times in Europe/Oslo.
 */
const NARROW_NBSP = "\u202f";

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = numberFormats.get(String(digits));
  if (!f) {
    f = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberFormats.set(String(digits), f);
  }
  return f;
}

/** A number as Norwegians write it: `12 345,6`, `−3`. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return numberFormat(digits)
    .formatToParts(value)
    .map((p) => (p.type === "group" ? NARROW_NBSP : p.type === "minusSign" ? "−" : p.value))
    .join("");
}

const UNIT_SUFFIX: Record<string, string> = { percent: " %", nok: " kr", tonnes: " t" };

/** A value with its unit where the unit has a short sign (`42,5 %`). */
export function formatValue(value: number | null | undefined, unit: string): string {
  const text = formatNumber(value, unit === "count" || unit === "nok" ? 0 : 1);
  return text === "–" ? text : text + (UNIT_SUFFIX[unit] ?? "");
}

const dateFormat = new Intl.DateTimeFormat("nb-NO", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Oslo" });
const dateTimeFormat = new Intl.DateTimeFormat("nb-NO", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Oslo",
});

/** `2026-11-22` or an ISO instant → `22.11.2026`. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  // A calendar date has no time zone: read it as noon UTC so Oslo shows the same day.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

/** An instant → `22.11.2026, 14:05` in Oslo time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}
