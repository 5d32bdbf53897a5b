/** COPY's text format: backslash, tab and line breaks escaped; NULL as `\N`. */
export function copyField(v: string | number | null): string {
  if (v === null) return "\\N";
  return String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
