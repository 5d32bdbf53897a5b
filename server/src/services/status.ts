import type { Queryable } from "../data/db.js";
import { periodPartials } from "../data/measurements.js";
import { getStrategySummary, listOrganisations, readKeyResultContents, readSections, strategyRevision, type KeyResultVersionRow } from "../data/strategies.js";
import { readingOrder } from "../domain/strategy-tree.js";
import type { Period } from "../domain/period.js";
import { subtree, type Partial } from "../domain/rollup.js";
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
  const strategy = await getStrategySummary(db, strategyId);
  // Key results as they read for this period: its targets, unit and rule are the ones in effect then.
  const [sections, allOrgs, partials, keyResults] = await Promise.all([
    readSections(db, strategyId, strategy.version),
    listOrganisations(db),
    periodPartials(db, strategyId, period),
    readKeyResultContents(db, strategyId, period.start),
  ]);
  const krsBySection = new Map<string, KeyResultVersionRow[]>();
  for (const kr of keyResults) krsBySection.set(kr.sectionKey, [...(krsBySection.get(kr.sectionKey) ?? []), kr]);
  const orgs = subtree(allOrgs, strategy.owner);
  const byKr = new Map<string, Map<string, Partial>>();
  for (const p of partials) {
    const m = byKr.get(p.keyResultId) ?? new Map<string, Partial>();
    m.set(p.organisationId, p);
    byKr.set(p.keyResultId, m);
  }
  const total = emptyCounts();
  const views: SectionStatusView[] = [];
  for (const s of readingOrder(sections)) {
    const sectionKrs = krsBySection.get(s.key) ?? [];
    if (sectionKrs.length === 0) continue;
    const counts = emptyCounts();
    const keyResults = sectionKrs.map((kr) => {
      const st = keyResultStatus(kr, period, strategy.owner, orgs, byKr.get(kr.id) ?? new Map());
      counts[st.status]++;
      total[st.status]++;
      return { ...st, code: kr.code, title: kr.title, unit: kr.unit, aggregation: kr.aggregation, direction: kr.direction, version: kr.version };
    });
    views.push({ key: s.key, code: s.code, kind: s.kind, title: s.title, objective: s.objective, counts, keyResults });
  }
  return {
    strategy: { id: strategy.id, title: strategy.title, version: strategy.version, owner: strategy.owner },
    period: period.id,
    counts: total,
    sections: views,
  };
}

/**
 * Status pages already computed, as JSON, each with the strategy's data revision it was computed
 * at. Every request asks the database for the current revision, so an entry is served only while
 * nothing it depends on has changed, on this instance or any other; the cache holds nothing that
 * is not derived from the database.
 */
export class StatusCache {
  private readonly entries = new Map<string, { revision: number; json: Promise<string> }>();
  constructor(private readonly capacity = 500) {}

  async get(db: Queryable, strategyId: string, period: Period): Promise<string> {
    const revision = await strategyRevision(db, strategyId);
    const key = `${strategyId}\u0000${period.id}`;
    let entry = this.entries.get(key);
    // Requests that miss together share one computation (the entry holds the promise).
    if (!entry || entry.revision < revision) {
      entry = { revision, json: strategyStatus(db, strategyId, period).then((view) => JSON.stringify(view)) };
      entry.json.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    // Refresh its place: the map's order is the eviction order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.json;
  }
}
