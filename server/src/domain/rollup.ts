import type { Aggregation, Unit } from "./strategy.js";

/**
 * Sums that combine by addition whatever the key result's rule. SQL reduces millions of
 * measurement rows to one of these per key result and organisation; the rule is applied only when
 * a value is shown, so a ratio is always Σ numerators / Σ denominators and a mean is the mean of
 * all underlying values — never an average of averages.
 */
export interface Partial {
  /** Number of measurement rows behind the sums. */
  n: number;
  sumValue: number | null;
  sumNumerator: number | null;
  sumDenominator: number | null;
}

export const EMPTY: Partial = { n: 0, sumValue: null, sumNumerator: null, sumDenominator: null };

const addNullable = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

export function combine(a: Partial, b: Partial): Partial {
  return {
    n: a.n + b.n,
    sumValue: addNullable(a.sumValue, b.sumValue),
    sumNumerator: addNullable(a.sumNumerator, b.sumNumerator),
    sumDenominator: addNullable(a.sumDenominator, b.sumDenominator),
  };
}

/** The value people see; null when there is nothing to show. Percent ratios are scaled to 0–100. */
export function valueOf(p: Partial, aggregation: Aggregation, unit: Unit): number | null {
  if (p.n === 0) return null;
  switch (aggregation) {
    case "sum":
    case "latest":
      return p.sumValue;
    case "mean":
      return p.sumValue === null ? null : p.sumValue / p.n;
    case "ratio": {
      if (p.sumNumerator === null || !p.sumDenominator) return null;
      const ratio = p.sumNumerator / p.sumDenominator;
      return unit === "percent" ? ratio * 100 : ratio;
    }
  }
}

export interface OrgNode {
  id: string;
  parent: string | null;
}

/**
 * The partial of every organisation in a tree: its own figures where it reported any, otherwise
 * the combination of its children's. A trust that reports for itself is never counted twice
 * with its units, and a region that reports nothing is the sum of its trusts.
 */
export function rollUpTree(orgs: readonly OrgNode[], own: ReadonlyMap<string, Partial>): Map<string, Partial> {
  const children = new Map<string, string[]>();
  for (const o of orgs) {
    if (o.parent === null) continue;
    const list = children.get(o.parent) ?? [];
    list.push(o.id);
    children.set(o.parent, list);
  }
  const result = new Map<string, Partial>();
  const visit = (id: string): Partial => {
    const known = result.get(id);
    if (known) return known;
    const mine = own.get(id);
    const p = mine && mine.n > 0 ? mine : (children.get(id) ?? []).map(visit).reduce(combine, EMPTY);
    result.set(id, p);
    return p;
  };
  for (const o of orgs) visit(o.id);
  return result;
}

/** The organisation `root` and everything below it, with `root` as the top (its parent cut off). */
export function subtree(orgs: readonly OrgNode[], root: string): OrgNode[] {
  const inside = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of orgs) {
      if (o.parent !== null && inside.has(o.parent) && !inside.has(o.id)) {
        inside.add(o.id);
        grew = true;
      }
    }
  }
  return orgs.filter((o) => inside.has(o.id)).map((o) => ({ id: o.id, parent: o.id === root ? null : o.parent }));
}
