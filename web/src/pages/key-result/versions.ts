/** What changed between two versions of a key result, and which version rules a period. */

export const TRACKED_FIELDS = [
  "title",
  "definition",
  "unit",
  "direction",
  "aggregation",
  "frequency",
  "tolerance",
  "baseline",
  "targets",
  "dimensions",
  "owner",
  "parentCode",
  "sectionKey",
  "retiredFrom",
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export type VersionLike = { [K in TrackedField]?: unknown } & { version: number; effectiveFrom: string };

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The fields whose content differs from one version to the next, in a fixed order. */
export function changedFields(before: VersionLike, after: VersionLike): TrackedField[] {
  return TRACKED_FIELDS.filter((f) => stableJson(before[f]) !== stableJson(after[f]));
}

/**
 * The version in effect on a day: the latest that took effect by then, else the first (as the
 * server files a measurement under the version in effect on its period's first day).
 */
export function versionAt<V extends { version: number; effectiveFrom: string }>(versions: readonly V[], day: string): V | undefined {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return sorted.filter((v) => v.effectiveFrom <= day).at(-1) ?? sorted[0];
}
