/**
 * Numbers as people type them into the report form: Norwegian decimal comma, or a point, with or
 * without thousands grouping. The form reads them with the server's own parser, so what the form
 * accepts, the import accepts.
 */
export { parseDecimal } from "../../../../server/src/domain/number.js";

/** A stored number back into a form field, as a Norwegian types it: `12,5`, `1234` (no grouping). */
export function toInputText(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "";
  // Up to 10 decimals, without the float noise of 0.1 + 0.2.
  const text = String(Number(n.toPrecision(15)));
  if (/e/i.test(text)) return n.toFixed(10).replace(/\.?0+$/, "").replace(".", ",");
  return text.replace(".", ",").replace("-", "−");
}

/** What a ratio key result shows for a numerator and denominator: a share in percent, or the plain ratio. */
export function ratioValue(numerator: number, denominator: number, unit: string): number | null {
  if (!(denominator > 0)) return null;
  const r = numerator / denominator;
  return unit === "percent" ? r * 100 : r;
}

/** Whether two numbers are the same figure (ignoring float noise from storage). */
export function sameNumber(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
