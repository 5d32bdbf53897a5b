/**
 * Decimal numbers as Norwegian and English users type them or Excel writes them.
 *
 * Accepted: an optional leading minus (`-` or U+2212 `−`, which `nb-NO` formatting emits), digits,
 * at most one decimal separator, and optionally thousands grouping in the integer part.
 *
 * - Grouping by space, no-break space (U+00A0, what Excel and `Intl` use for `nb-NO`), narrow
 *   no-break space (U+202F) or thin space (U+2009): `1 234 567,5`.
 * - A `,` or `.` that occurs exactly once, and last, is the decimal separator: `12,5`, `12.5`,
 *   and `1,234` is 1.234 (Norwegian users write decimal commas far more often than English users
 *   write thousands commas, and guessing "thousands" silently multiplies by 1000).
 * - Decision on mixed separators: when both `.` and `,` occur, the one that comes last is the
 *   decimal separator and the other must be a well-formed thousands grouping (1–3 digits, then
 *   groups of exactly 3). So `1.234,5` (Norwegian/European) and `1,234.5` (English) both read as
 *   1234.5; there is no other plausible reading of either. Anything irregular (`1.23,4`,
 *   `1.234,5,6`, `1 234.567,8`) is rejected rather than guessed.
 * - A separator that occurs more than once is grouping, so `1.234.567` and `1,234,567` are
 *   1234567, again only when the groups are well formed.
 *
 * Rejected: empty text, letters (including `NaN`, `Infinity`, exponents like `1e5`), percent and
 * currency signs, a separator without digits after it (`5,`), and results that overflow.
 */
export function parseDecimal(text: string): number | undefined {
  const m = /^([-\u2212]?)([\d.,\u0020\u00A0\u202F\u2009]+)$/.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] ? "-" : "";
  const body = m[2]!;

  const dots = count(body, ".");
  const commas = count(body, ",");
  let decimal: "." | "," | undefined;
  if (dots > 0 && commas > 0) decimal = body.lastIndexOf(".") > body.lastIndexOf(",") ? "." : ",";
  else if (dots === 1) decimal = ".";
  else if (commas === 1) decimal = ",";

  const cut = decimal ? body.lastIndexOf(decimal) : body.length;
  const integer = body.slice(0, cut);
  const fraction = decimal ? body.slice(cut + 1) : "";
  // The fraction is plain digits: this also rejects a second decimal separator or grouping after it.
  if (decimal && !/^\d+$/.test(fraction)) return undefined;

  // Whatever non-digits remain in the integer part are grouping; all of one kind (the spaces count
  // as one kind), and only between well-formed groups.
  const separators = new Set(integer.replace(/\d/g, "").replace(/[\u0020\u00A0\u202F\u2009]/g, " "));
  if (separators.size > 1) return undefined;
  if (separators.size === 1 && !/^\d{1,3}(?:\D\d{3})+$/.test(integer)) return undefined;
  const digits = integer.replace(/\D/g, "");
  if (digits === "" && fraction === "") return undefined;

  const n = Number(`${sign}${digits || "0"}.${fraction || "0"}`);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n; // no -0
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
