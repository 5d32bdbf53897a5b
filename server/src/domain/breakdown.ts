import { rollUpTree, valueOf, type OrgNode, type Partial } from "./rollup.js";
import type { Aggregation, Unit } from "./strategy.js";

/** A key result's figure for one value of a dimension (`dimensionValue` null: measurements that give none). */
export interface SliceValue {
  dimensionValue: string | null;
  value: number | null;
  /** Σ numerators and Σ denominators behind a ratio; null for other rules. */
  numerator: number | null;
  denominator: number | null;
}

/**
 * A key result's value for `region` per value of one dimension, for one period: per value, the
 * organisations' sums rolled up the tree as the total is (an organisation's own figures, else its
 * children's), then the key result's rule applied. So for a sum the values add up to the region's
 * total, and a ratio is Σ numerators / Σ denominators within each value. Values in the order the
 * dimension lists them, then the others alphabetically, measurements without one last.
 */
export function regionBreakdown(
  kr: { aggregation: Aggregation; unit: Unit },
  region: string,
  orgs: readonly OrgNode[],
  partials: readonly (Partial & { organisationId: string; slice: string | null })[],
  listed: readonly string[] = [],
): SliceValue[] {
  const bySlice = new Map<string | null, Map<string, Partial>>();
  for (const p of partials) {
    const own = bySlice.get(p.slice) ?? new Map<string, Partial>();
    own.set(p.organisationId, p);
    bySlice.set(p.slice, own);
  }
  const rank = (v: string | null) => (v === null ? Infinity : listed.includes(v) ? listed.indexOf(v) : listed.length);
  return [...bySlice]
    .sort(([a], [b]) => rank(a) - rank(b) || (a ?? "").localeCompare(b ?? "", "nb"))
    .map(([dimensionValue, own]) => {
      const p = rollUpTree(orgs, own).get(region);
      const ratio = kr.aggregation === "ratio";
      return {
        dimensionValue,
        value: p ? valueOf(p, kr.aggregation, kr.unit) : null,
        numerator: ratio ? (p?.sumNumerator ?? null) : null,
        denominator: ratio ? (p?.sumDenominator ?? null) : null,
      };
    });
}
