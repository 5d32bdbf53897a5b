/**
 * Who is expected to report a key result, and who has not (docs/decisions/0008-missing-reports.md).
 */
import type { OrganisationKind } from "./strategy.js";

/** The kinds of organisation that report for their region: health trusts and shared services. */
export const REPORTING_KINDS: readonly string[] = ["hf", "shared_service"] satisfies OrganisationKind[];

export interface ReportingOrg {
  id: string;
  parent: string | null;
  kind: string;
}

/** What the organisations have reported of one key result: for the period asked about, and before it. */
export interface ReportedBy {
  organisationId: string;
  reported: boolean;
  reportedBefore: boolean;
}

/**
 * The reporters of `region` (its trusts and shared services directly below it, in the order given),
 * and for each organisation the reporter it reports through: itself, or the reporter above it.
 */
export function reportersOf(region: string, orgs: readonly ReportingOrg[]): { reporters: string[]; through: Map<string, string> } {
  const reporters = orgs.filter((o) => o.parent === region && REPORTING_KINDS.includes(o.kind)).map((o) => o.id);
  const parents = new Map(orgs.map((o) => [o.id, o.parent]));
  const through = new Map<string, string>();
  for (const o of orgs) {
    const seen = new Set<string>();
    for (let at: string | null | undefined = o.id; at && !seen.has(at); at = parents.get(at)) {
      seen.add(at);
      if (reporters.includes(at)) {
        through.set(o.id, at);
        break;
      }
    }
  }
  return { reporters, through };
}

/**
 * For one key result and period: the reporters expected (those that have reported it for an
 * earlier period; all of them when none has) and those of them with no current measurement for the
 * period. A unit's measurement counts for the trust above it, as in the roll-up.
 */
export function missingReports(
  reporters: readonly string[],
  through: ReadonlyMap<string, string>,
  record: readonly ReportedBy[],
): { expected: string[]; missing: string[] } {
  const before = new Set<string>();
  const now = new Set<string>();
  for (const r of record) {
    const reporter = through.get(r.organisationId);
    if (reporter === undefined) continue;
    if (r.reportedBefore) before.add(reporter);
    if (r.reported) now.add(reporter);
  }
  const expected = before.size > 0 ? reporters.filter((id) => before.has(id)) : [...reporters];
  return { expected, missing: expected.filter((id) => !now.has(id)) };
}

/** The same lists turned around: per reporter, in the order given, what it has not reported (those with nothing missing left out). */
export function missingByOrganisation<K extends { missing: readonly string[] }>(
  reporters: readonly string[],
  keyResults: readonly K[],
): { organisation: string; missing: K[] }[] {
  return reporters
    .map((organisation) => ({ organisation, missing: keyResults.filter((k) => k.missing.includes(organisation)) }))
    .filter((o) => o.missing.length > 0);
}
