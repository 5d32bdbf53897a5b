import { tryParsePeriod } from "../../server/src/domain/period.js";

/**
 * What a value in the page's address can fail to be: a period, a calendar day, an id (a UUID), or
 * something the page knows by name — an organisation, a dimension of a key result, a version.
 */
export type AddressProblem = "period" | "date" | "id" | "organisation" | "dimension" | "version";

/**
 * A value in the page's address (`?period=2026-Q9`) that the page cannot show anything for. Pages
 * throw it where they read the value; the page's error boundary says what is wrong with it, in the
 * user's language, and offers the same page without it.
 */
export class AddressError extends Error {
  constructor(
    readonly problem: AddressProblem,
    /** The query parameter that holds the value. */
    readonly param: string,
    readonly value: string,
  ) {
    super(`?${param}=${value} is not a valid ${problem}`);
    this.name = "AddressError";
  }
}

/** A period as written in an address, in the form the API writes it (`2026-q3` → `2026-Q3`); else an AddressError. */
export function periodParam(param: string, value: string): string {
  const p = tryParsePeriod(value);
  if (!p) throw new AddressError("period", param, value);
  return p.id;
}

/** A calendar day `YYYY-MM-DD` that exists. */
export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A calendar day as written in an address; else an AddressError. */
export function dateParam(param: string, value: string): string {
  if (!isDate(value)) throw new AddressError("date", param, value);
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text has the shape of the API's ids. */
export const isId = (s: string): boolean => UUID.test(s);

/** A comma-separated list of ids (`?ids=a,b`), without repeats; an AddressError names the first that is not one. */
export function idsParam(param: string, value: string): string[] {
  const ids = [...new Set(value.split(",").map((x) => x.trim()).filter((x) => x !== ""))];
  const bad = ids.find((x) => !isId(x));
  if (bad !== undefined) throw new AddressError("id", param, bad);
  return ids;
}

/** The address `path?search` without one query parameter: the page as it is without the faulty value. */
export function withoutParam(path: string, search: string, param: string): string {
  const params = new URLSearchParams(search);
  params.delete(param);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
