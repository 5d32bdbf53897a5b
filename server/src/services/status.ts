import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Queryable } from "../data/db.js";
import { periodPartials } from "../data/measurements.js";
import {
  getStrategySummary,
  listOrganisations,
  readKeyResultContentsOn,
  readSections,
  strategyRevision,
  type KeyResultVersionRow,
} from "../data/strategies.js";
import { suppressedKeyResults } from "../data/small-counts.js";
import { bySection } from "../domain/strategy-tree.js";
import type { Period } from "../domain/period.js";
import { subtree, type OrgNode, type Partial } from "../domain/rollup.js";
import { shownStatus, smallCountFilter, type Figures, type Shown, type ShownStatus, type SmallCountFilter, type SmallCountView } from "../domain/small-counts.js";
import type { Status } from "../domain/status.js";
import { emptyCounts, keyResultStatus, type KeyResultStatus, type OrganisationStatus } from "../domain/strategy-status.js";

/** A status cell as the viewer sees it: its small counts hidden, and then its status too. */
export type ShownCell<T extends { status: Status }> = Shown<Omit<T, "status">> & { status: ShownStatus };
export type ShownKeyResultStatus = ShownCell<Omit<KeyResultStatus, "organisations">> & { organisations: ShownCell<OrganisationStatus>[] };
export type ShownCounts = Record<ShownStatus, number>;

export interface KeyResultStatusView extends ShownKeyResultStatus {
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
  counts: ShownCounts;
  keyResults: KeyResultStatusView[];
}

export interface StrategyStatusView {
  strategy: { id: string; title: string; version: number; owner: string };
  period: string;
  counts: ShownCounts;
  sections: SectionStatusView[];
}

/** A key result as it read in a period, with its status then as the viewer sees it. */
export interface RatedKeyResult {
  kr: KeyResultVersionRow;
  status: ShownKeyResultStatus;
}

function shownCell<T extends Figures & { status: Status }>(cell: T, organisation: string, filter: SmallCountFilter): ShownCell<T> {
  const figures = filter(cell, organisation);
  return { ...figures, status: shownStatus(cell.status, figures) } as ShownCell<T>;
}

/** The region's cell and each organisation's, each by whether the viewer may see that organisation's small numbers. */
function shownKeyResultStatus(status: KeyResultStatus, region: string, filter: SmallCountFilter): ShownKeyResultStatus {
  const { organisations, ...own } = status;
  return { ...shownCell(own, region, filter), organisations: organisations.map((o) => shownCell(o, o.organisation, filter)) };
}

/** The organisations of a region: the owner of a strategy and everything below it, as the roll-up sees them. */
export async function regionOrganisations(db: Queryable, region: string): Promise<OrgNode[]> {
  return subtree(await listOrganisations(db), region);
}

/**
 * For each of `periods` (by index), the status of each key result of a strategy (or only
 * `keyResultId`) as it read at the period's start: its targets, unit and rule are the ones in effect
 * then; its small counts as `view` may see them. Four queries whatever the number of periods: the
 * key results' versions, the sums, the organisations, the key results whose small counts are suppressed.
 */
export async function statusOverPeriods(
  db: Queryable,
  strategyId: string,
  region: string,
  periods: readonly Period[],
  view: SmallCountView,
  keyResultId?: string,
): Promise<RatedKeyResult[][]> {
  const [contents, partials, orgs, suppressed] = await Promise.all([
    readKeyResultContentsOn(db, strategyId, periods.map((p) => p.start), keyResultId),
    periodPartials(db, strategyId, periods, keyResultId),
    regionOrganisations(db, region),
    suppressedKeyResults(db, strategyId, keyResultId),
  ]);
  // period → key result → organisation → sums
  const own = new Map<string, Map<string, Map<string, Partial>>>();
  for (const p of partials) {
    const byKr = own.get(p.period) ?? new Map<string, Map<string, Partial>>();
    own.set(p.period, byKr);
    const byOrg = byKr.get(p.keyResultId) ?? new Map<string, Partial>();
    byKr.set(p.keyResultId, byOrg);
    byOrg.set(p.organisationId, p);
  }
  return periods.map((period, i) =>
    (contents[i] ?? []).map((kr) => {
      const status = keyResultStatus(kr, period, region, orgs, own.get(period.id)?.get(kr.id) ?? new Map());
      return { kr, status: shownKeyResultStatus(status, region, smallCountFilter(view, suppressed.has(kr.id), kr.aggregation)) };
    }),
  );
}

const emptyShownCounts = (): ShownCounts => ({ ...emptyCounts(), suppressed: 0 });

/** The status page of a strategy for a period, as `view` may see it: per section, key result, and organisation. */
export async function strategyStatus(db: Queryable, strategyId: string, period: Period, view: SmallCountView): Promise<StrategyStatusView> {
  const strategy = await getStrategySummary(db, strategyId);
  const [sections, [rated = []]] = await Promise.all([
    readSections(db, strategyId, strategy.version),
    statusOverPeriods(db, strategyId, strategy.owner, [period], view),
  ]);
  const total = emptyShownCounts();
  const views: SectionStatusView[] = bySection(sections, rated, (r) => r.kr.sectionKey).map(({ section: s, keyResults: items }) => {
    const counts = emptyShownCounts();
    const keyResults = items.map(({ kr, status: st }) => {
      counts[st.status]++;
      total[st.status]++;
      return { ...st, code: kr.code, title: kr.title, unit: kr.unit, aggregation: kr.aggregation, direction: kr.direction, version: kr.version };
    });
    return { key: s.key, code: s.code, kind: s.kind, title: s.title, objective: s.objective, counts, keyResults };
  });
  return {
    strategy: { id: strategy.id, title: strategy.title, version: strategy.version, owner: strategy.owner },
    period: period.id,
    counts: total,
    sections: views,
  };
}

/**
 * Pages derived from a strategy's measurements (status for a period, trends over periods) already
 * computed, as JSON, each with the strategy's data revision it was computed at. Every request asks
 * the database for the current revision, so an entry is served only while nothing it depends on has
 * changed, on this instance or any other; the cache holds nothing that is not derived from the
 * database. It keeps at most `capacity` pages and `maxChars` characters (a 60-month trend is MBs).
 */
const gzipAsync = promisify(gzip);

export class StatusCache {
  private readonly entries = new Map<string, { revision: number | string; json: Promise<string>; chars: number; gzip?: Promise<Buffer> }>();
  private chars = 0;
  constructor(
    private readonly capacity = 500,
    private readonly maxChars = 64 * 1024 * 1024,
  ) {}

  /** The page serialised; `revisionOf` tells what it depends on (the strategy's data revision unless told). */
  async get(
    db: Queryable,
    strategyId: string,
    page: string,
    compute: () => Promise<unknown>,
    revisionOf: (db: Queryable, strategyId: string) => Promise<number | string> = strategyRevision,
  ): Promise<string> {
    return (await this.page(db, strategyId, page, compute, revisionOf)).json;
  }

  /**
   * The page serialised, and gzip'd once when first asked for: a portfolio board of thousands of
   * initiatives is MBs of JSON, and compressing it for every request would cost more than serving it.
   */
  async page(
    db: Queryable,
    strategyId: string,
    page: string,
    compute: () => Promise<unknown>,
    revisionOf: (db: Queryable, strategyId: string) => Promise<number | string> = strategyRevision,
  ): Promise<{ json: string; gzip: () => Promise<Buffer> }> {
    const revision = await revisionOf(db, strategyId);
    const key = `${strategyId}\u0000${page}`;
    let entry = this.entries.get(key);
    // Requests that miss together share one computation (the entry holds the promise).
    if (!entry || entry.revision !== revision) {
      if (entry) this.remove(key);
      const fresh = { revision, json: compute().then((view) => JSON.stringify(view)), chars: 0 };
      fresh.json.then(
        (json) => {
          if (this.entries.get(key) !== fresh) return;
          fresh.chars = json.length;
          this.chars += json.length;
          this.evict();
        },
        () => this.entries.get(key) === fresh && this.remove(key),
      );
      entry = fresh;
    }
    // Refresh its place: the map's order is the eviction order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict();
    const json = await entry.json;
    const held = entry;
    return { json, gzip: () => (held.gzip ??= gzipAsync(json)) };
  }

  private remove(key: string): void {
    this.chars -= this.entries.get(key)?.chars ?? 0;
    this.entries.delete(key);
  }

  private evict(): void {
    while (this.entries.size > this.capacity || (this.chars > this.maxChars && this.entries.size > 0)) {
      this.remove(this.entries.keys().next().value!);
    }
  }
}
