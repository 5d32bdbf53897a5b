/**
 * The synthetic data's calendar: every date falls in a fixed window (never today's date, so a data
 * set depends on its patients and seed alone), addressed as a day number from the window's start.
 * Timestamps carry Norway's UTC offset for the day and fall in the daytime, so a reader that keeps
 * the local date and one that converts to UTC put an event on the same day.
 */

export const WINDOW_START = "2024-01-01";
export const WINDOW_END = "2026-09-30";

const DAY_MS = 86_400_000;
const START_MS = Date.parse(`${WINDOW_START}T00:00:00Z`);
/** Number of days in the window (day numbers run 0 … DAYS - 1). */
export const DAYS = (Date.parse(`${WINDOW_END}T00:00:00Z`) - START_MS) / DAY_MS + 1;

/** Summer time runs from the last Sunday of March to the last Sunday of October (by day, for daytime events). */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getTime() - last.getUTCDay() * DAY_MS;
}

const DATES: string[] = [];
const OFFSETS: string[] = [];
for (let d = 0; d < DAYS; d++) {
  const ms = START_MS + d * DAY_MS;
  const year = new Date(ms).getUTCFullYear();
  DATES.push(new Date(ms).toISOString().slice(0, 10));
  OFFSETS.push(ms >= lastSunday(year, 2) && ms < lastSunday(year, 9) ? "+02:00" : "+01:00");
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of day `day` of the window. */
export function date(day: number): string {
  const s = DATES[day];
  if (s === undefined) throw new RangeError(`day ${day} is outside the synthetic window`);
  return s;
}

/** A timestamp on day `day` at `minute` minutes after midnight, Oslo time (06:00–19:59 keeps it on the same UTC day). */
export function dateTime(day: number, minute: number): string {
  return `${date(day)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00${OFFSETS[day]}`;
}

/** How far into the window day `day` is, 0 … 1: drives the trends. */
export const progress = (day: number): number => day / (DAYS - 1);
