/** One field of an audited object that a change touched: what it was and what it became. */
export interface FieldChange {
  key: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON with keys sorted, so two values compare equal when their content is. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRecord(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/**
 * The fields an audit entry's before and after differ in, in the order they appear (a new object:
 * all its fields; a removed one: all it had). Null when before or after is not an object, so the
 * caller shows the values as they are.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] | null {
  const b = before ?? {};
  const a = after ?? {};
  if (!isRecord(b) || !isRecord(a)) return null;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => canonical(b[k]) !== canonical(a[k])).map((k) => ({ key: k, before: b[k], after: a[k] }));
}

/** A value in one line: text as it is, anything else as JSON; nothing as a dash. */
export function compact(v: unknown): string {
  if (v === undefined || v === null) return "–";
  return typeof v === "string" ? v : JSON.stringify(v);
}
