/** Reading amounts as people type them: `1 250 000` kroner, `2,5` person-years. */

/** Whole kroner, 0 or more; spaces between thousands allowed. Null when it is not such a number. */
export function parseKroner(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A decimal number, 0 or more, with a comma or a point. Null when it is not such a number. */
export function parseDecimal(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** A number as a field starts with it: no thousands spaces, a decimal comma. */
export const fieldText = (n: number): string => String(n).replace(".", ",");
