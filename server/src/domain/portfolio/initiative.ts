/**
 * An initiative of the portfolio: what it is, whom it belongs to, and what in the strategy it is
 * expected to move (links to focus areas and key results, each with a direction and a size).
 */
import { Invalid, type ErrorDetail } from "../errors.js";

export const INITIATIVE_KINDS = ["regional_project", "local_solution", "procurement", "operations_improvement", "service_design", "development", "other"] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

export const LINK_DIRECTIONS = ["positive", "negative"] as const;
export type LinkDirection = (typeof LINK_DIRECTIONS)[number];
export const LINK_SIZES = ["small", "medium", "large"] as const;
export type LinkSize = (typeof LINK_SIZES)[number];

/** What a link weighs in an initiative's strategic contribution. */
const SIZE_WEIGHT: Record<LinkSize, number> = { small: 1, medium: 2, large: 3 };

export interface Link {
  section: string;
  keyResult: string | null;
  direction: LinkDirection;
  size: LinkSize;
  note: string;
}

/** The strategic contribution of an initiative: its links' sizes, positive ones added and negative ones taken away. */
export function contribution(links: readonly Pick<Link, "direction" | "size">[]): number {
  return links.reduce((sum, l) => sum + (l.direction === "positive" ? 1 : -1) * SIZE_WEIGHT[l.size], 0);
}

/** Refuses two links to the same focus area and key result (or the focus area alone twice). */
export function assertDistinctLinks(links: readonly Pick<Link, "section" | "keyResult">[]): void {
  const seen = new Set<string>();
  const faults: ErrorDetail[] = [];
  links.forEach((l, i) => {
    const key = `${l.section}\u0000${l.keyResult ?? ""}`;
    if (seen.has(key)) faults.push({ path: `links.${i}`, message: "the same focus area and key result are linked twice" });
    seen.add(key);
  });
  if (faults.length > 0) throw new Invalid("an initiative links to each focus area and key result once", faults);
}

/** Refuses a planned end before the planned start. */
export function assertPlannedDates(start: string | null, end: string | null): void {
  if (start !== null && end !== null && end < start) {
    throw new Invalid("the planned end is before the planned start", [{ path: "plannedEnd", message: `must not be before ${start}` }]);
  }
}

/**
 * A chain of dependencies that would lead from `id` back to itself if it depended on `dependsOn`,
 * given who depends on whom now (`edges`: initiative → the initiatives it depends on); null when
 * there is none. The chain starts and ends with `id`.
 */
export function dependencyCycle(edges: ReadonlyMap<string, readonly string[]>, id: string, dependsOn: readonly string[]): string[] | null {
  const seen = new Set<string>();
  const walk = (node: string, path: string[]): string[] | null => {
    if (node === id) return [...path, node];
    if (seen.has(node)) return null;
    seen.add(node);
    for (const next of edges.get(node) ?? []) {
      const found = walk(next, [...path, node]);
      if (found) return found;
    }
    return null;
  };
  for (const first of dependsOn) {
    const found = walk(first, [id]);
    if (found) return found;
  }
  return null;
}

/** The short reference of the `n`-th initiative a portfolio registers for an owner in a year: `HSØ-2026-007`. */
export function initiativeCode(ownerShortName: string, year: number, n: number): string {
  const prefix = ownerShortName.trim().toUpperCase().replace(/\s+/g, "-");
  return `${prefix}-${year}-${String(n).padStart(3, "0")}`;
}

/** An initiative's own fields as a version records them (its links, participants and dependencies included). */
export interface InitiativeSnapshot {
  code: string;
  title: string;
  description: string;
  organisationId: string;
  sponsor: string;
  ownerName: string;
  kind: InitiativeKind;
  tags: string[];
  themeKey: string | null;
  fundingSource: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  reportFrequency: string;
  links: Link[];
  participants: string[];
  dependsOn: string[];
}

const SNAPSHOT_FIELDS: readonly (keyof InitiativeSnapshot)[] = [
  "code", "title", "description", "organisationId", "sponsor", "ownerName", "kind", "tags", "themeKey", "fundingSource",
  "plannedStart", "plannedEnd", "reportFrequency", "links", "participants", "dependsOn",
];

/** The fields that differ between two versions, in the order a form shows them (for the history). Lists compare as sets. */
export function changedFields(before: InitiativeSnapshot, after: InitiativeSnapshot): (keyof InitiativeSnapshot)[] {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return JSON.stringify(v.map(canonical).sort());
    if (v !== null && typeof v === "object") return JSON.stringify(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]));
    return JSON.stringify(v ?? null);
  };
  return SNAPSHOT_FIELDS.filter((k) => canonical(before[k]) !== canonical(after[k]));
}

/** What the initiative page's history shows. */
export const HISTORY_KINDS = ["created", "revised", "decision", "status_report", "benefit_actual", "risk", "ros", "adoption", "cost"] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
