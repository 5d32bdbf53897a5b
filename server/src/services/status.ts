import type { Queryable } from "../data/db.js";
import { periodPartials } from "../data/measurements.js";
import { getStrategyTree, listOrganisations, readKeyResultContents, type KeyResultVersionRow, type SectionNode } from "../data/strategies.js";
import type { Period } from "../domain/period.js";
import type { Partial } from "../domain/rollup.js";
import { emptyCounts, keyResultStatus, type KeyResultStatus, type StatusCounts } from "../domain/strategy-status.js";

export interface KeyResultStatusView extends KeyResultStatus {
  code: string;
  title: string;
  unit: string;
  aggregation: string;
  direction: string;
  version: number;
}

export interface SectionStatusView {
  key: string;
  code: string | null;
  kind: string;
  title: string;
  objective: string | null;
  counts: StatusCounts;
  keyResults: KeyResultStatusView[];
}

export interface StrategyStatusView {
  strategy: { id: string; title: string; version: number; owner: string };
  period: string;
  counts: StatusCounts;
  sections: SectionStatusView[];
}

/** The status page of a strategy for a period: per section, key result, and organisation. */
export async function strategyStatus(db: Queryable, strategyId: string, period: Period): Promise<StrategyStatusView> {
  const tree = await getStrategyTree(db, strategyId);
  // Key results as they read for this period: its targets, unit and rule are the ones in effect then.
  const [allOrgs, partials, keyResults] = await Promise.all([
    listOrganisations(db),
    periodPartials(db, strategyId, period),
    readKeyResultContents(db, strategyId, period.start),
  ]);
  const krsBySection = new Map<string, KeyResultVersionRow[]>();
  for (const kr of keyResults) krsBySection.set(kr.sectionKey, [...(krsBySection.get(kr.sectionKey) ?? []), kr]);
  // The owner's sub-tree: the region and every organisation below it.
  const inRegion = new Set([tree.owner]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of allOrgs) {
      if (o.parent && inRegion.has(o.parent) && !inRegion.has(o.id)) {
        inRegion.add(o.id);
        grew = true;
      }
    }
  }
  const orgs = allOrgs.filter((o) => inRegion.has(o.id)).map((o) => ({ id: o.id, parent: o.id === tree.owner ? null : o.parent }));
  const byKr = new Map<string, Map<string, Partial>>();
  for (const p of partials) {
    const m = byKr.get(p.keyResultId) ?? new Map<string, Partial>();
    m.set(p.organisationId, p);
    byKr.set(p.keyResultId, m);
  }
  const total = emptyCounts();
  const sections: SectionStatusView[] = [];
  const visit = (nodes: SectionNode[]) => {
    for (const s of nodes) {
      const sectionKrs = krsBySection.get(s.key) ?? [];
      if (sectionKrs.length > 0) {
        const counts = emptyCounts();
        const keyResults = sectionKrs.map((kr) => {
          const st = keyResultStatus(kr, period, tree.owner, orgs, byKr.get(kr.id) ?? new Map());
          counts[st.status]++;
          total[st.status]++;
          return { ...st, code: kr.code, title: kr.title, unit: kr.unit, aggregation: kr.aggregation, direction: kr.direction, version: kr.version };
        });
        sections.push({ key: s.key, code: s.code, kind: s.kind, title: s.title, objective: s.objective, counts, keyResults });
      }
      visit(s.children);
    }
  };
  visit(tree.sections);
  return {
    strategy: { id: tree.id, title: tree.title, version: tree.version, owner: tree.owner },
    period: period.id,
    counts: total,
    sections,
  };
}
