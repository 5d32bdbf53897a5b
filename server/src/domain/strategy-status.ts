import type { Period } from "./period.js";
import { rollUpTree, valueOf, type OrgNode, type Partial } from "./rollup.js";
import { statusOf, targetFor, type Status } from "./status.js";
import type { KeyResultContent } from "./strategy.js";

export interface KeyResultForStatus extends Pick<KeyResultContent, "unit" | "direction" | "aggregation" | "frequency" | "tolerance" | "targets"> {
  id: string;
}

export interface OrganisationStatus {
  organisation: string;
  value: number | null;
  target: number | null;
  status: Status;
  numerator: number | null;
  denominator: number | null;
  /** Measurement rows behind the value. */
  n: number;
}

export interface KeyResultStatus extends Omit<OrganisationStatus, "organisation"> {
  keyResultId: string;
  organisations: OrganisationStatus[];
}

export type StatusCounts = Record<Status, number>;

export const emptyCounts = (): StatusCounts => ({ on_track: 0, at_risk: 0, off_track: 0, no_data: 0, no_target: 0 });

/**
 * Status of one key result for a period: the region's value rolled up from its organisations by
 * the key result's rule, and each organisation's own value, each against its target.
 */
export function keyResultStatus(
  kr: KeyResultForStatus,
  period: Period,
  region: string,
  orgs: readonly OrgNode[],
  own: ReadonlyMap<string, Partial>,
): KeyResultStatus {
  const tree = rollUpTree(orgs, own);
  const evaluate = (orgId: string, targetOrg: string | null): OrganisationStatus => {
    const p = tree.get(orgId) ?? { n: 0, sumValue: null, sumNumerator: null, sumDenominator: null };
    const value = valueOf(p, kr.aggregation, kr.unit);
    const target = targetFor(kr.targets, period, targetOrg, kr.aggregation);
    return {
      organisation: orgId,
      value,
      target,
      status: statusOf(value, target, kr.direction, kr.tolerance),
      numerator: kr.aggregation === "ratio" ? p.sumNumerator : null,
      denominator: kr.aggregation === "ratio" ? p.sumDenominator : null,
      n: p.n,
    };
  };
  const members = orgs.filter((o) => o.id !== region).map((o) => evaluate(o.id, o.id));
  const { organisation: _region, ...regionStatus } = evaluate(region, region);
  if (kr.aggregation === "sum" || kr.aggregation === "latest") {
    // A general target of an additive key result is per organisation; unless the region has a
    // target of its own, its target is the sum of the targets of the organisations that reported.
    const own = kr.targets.some((t) => t.organisation === region);
    if (!own) {
      const reporting = members.filter((m) => m.n > 0 && m.target !== null);
      regionStatus.target = reporting.length > 0 ? reporting.reduce((sum, m) => sum + m.target!, 0) : null;
      regionStatus.status = statusOf(regionStatus.value, regionStatus.target, kr.direction, kr.tolerance);
    }
  }
  return { keyResultId: kr.id, ...regionStatus, organisations: members };
}
