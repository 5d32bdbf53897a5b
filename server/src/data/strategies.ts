import { Conflict, Invalid, NotFound, PreconditionFailed, type ErrorDetail } from "../domain/errors.js";
import { parsePeriod } from "../domain/period.js";
import type { KeyResultContent, OrganisationInput, StrategyInput } from "../domain/strategy.js";
import {
  changedKeyResultFields,
  diffStrategyVersions,
  flatten,
  nest,
  structuralFaults,
  type FlatKeyResult,
  type FlatSection,
  type Tree,
  type StrategyDiff,
  type VersionSnapshot,
} from "../domain/strategy-tree.js";
import type { Queryable } from "./db.js";

export interface Organisation {
  id: string;
  parent: string | null;
  kind: string;
  name: string;
  shortName: string;
  identifiers: Record<string, string>;
  /** Whether the portfolio summary of its published strategies is public (docs/decisions/0015-publication-policy.md). */
  publishesPortfolioSummary: boolean;
}

export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  return db.query<Organisation>(
    `SELECT id, parent_id AS parent, kind, name, short_name AS "shortName", identifiers,
            publishes_portfolio_summary AS "publishesPortfolioSummary"
       FROM organisations ORDER BY (parent_id IS NOT NULL), parent_id, kind <> 'hf', name`,
  );
}

/** Sets what the organisation publishes of its strategies' portfolios; returns whether it published the summary before. */
export async function setPortfolioSummaryPublished(tx: Queryable, id: string, published: boolean): Promise<boolean> {
  const [row] = await tx.query<{ before: boolean }>(
    `UPDATE organisations o SET publishes_portfolio_summary = $2
       FROM (SELECT publishes_portfolio_summary AS before FROM organisations WHERE id = $1 FOR UPDATE) b
      WHERE o.id = $1 RETURNING b.before`,
    [id, published],
  );
  if (!row) throw new NotFound(`no organisation "${id}"`);
  return row.before;
}

/** Marks strategies' status as changed: those given, or every strategy when none are. */
export async function touchStrategies(tx: Queryable, ids?: readonly string[]): Promise<void> {
  await tx.query("UPDATE strategies SET data_revision = data_revision + 1 WHERE $1::text[] IS NULL OR id = ANY($1)", [ids ?? null]);
}

/** The revision of what a strategy's status depends on (see touchStrategies). */
/**
 * What a portfolio view of the strategy depends on: the strategy's data revision and the portfolio's
 * (see migrations/0005), as one value to compare.
 */
export async function portfolioRevision(db: Queryable, id: string): Promise<string> {
  const [row] = await db.query<{ revision: string }>(
    "SELECT data_revision || '/' || (SELECT n FROM portfolio_revision) AS revision FROM strategies WHERE id = $1",
    [id],
  );
  if (!row) throw new NotFound(`no strategy "${id}"`);
  return row.revision;
}

export async function strategyRevision(db: Queryable, id: string): Promise<number> {
  const [row] = await db.query<{ data_revision: number }>("SELECT data_revision FROM strategies WHERE id = $1", [id]);
  if (!row) throw new NotFound(`no strategy "${id}"`);
  return row.data_revision;
}

/**
 * Refuses references to organisations or strategies that are not registered: the foreign keys would
 * refuse them too, but as a server error rather than as the client's.
 */
export async function assertRegistered(tx: Queryable, refs: readonly { path: string; organisation?: string; strategy?: string }[]): Promise<void> {
  const faults: ErrorDetail[] = [];
  for (const { path, organisation, strategy } of refs) {
    const [table, id] = organisation !== undefined ? ["organisations", organisation] : ["strategies", strategy];
    if ((await tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length === 0) {
      faults.push({ path, message: `no ${organisation !== undefined ? "organisation" : "strategy"} "${id}"` });
    }
  }
  if (faults.length > 0) throw new Invalid("the request refers to what is not registered", faults);
}

/** Adds one organisation; its id and short name must be new and its parent must exist. */
export async function createOrganisation(tx: Queryable, o: OrganisationInput): Promise<void> {
  if (o.parent !== undefined) await assertRegistered(tx, [{ path: "parent", organisation: o.parent }]);
  const taken = await tx.query<{ id: string }>("SELECT id FROM organisations WHERE id = $1 OR lower(short_name) = lower($2)", [o.id, o.shortName]);
  if (taken.length > 0) throw new Conflict("an organisation with this id or short name exists", [{ path: taken[0]!.id === o.id ? "id" : "shortName", message: "taken" }]);
  await upsertOrganisations(tx, [o]);
  // A new organisation joins its region's status tables.
  await touchStrategies(tx);
}

export async function upsertOrganisations(tx: Queryable, orgs: readonly OrganisationInput[]): Promise<void> {
  for (const o of orgs) {
    await tx.query(
      `INSERT INTO organisations (id, parent_id, kind, name, short_name, identifiers)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET parent_id = $2, kind = $3, name = $4, short_name = $5, identifiers = $6`,
      [o.id, o.parent ?? null, o.kind, o.name, o.shortName, JSON.stringify(o.identifiers ?? {})],
    );
  }
}

/** The day a strategy version takes effect: its adoption date, else the start of its period. */
const effectiveDate = (s: Pick<StrategyInput, "adoptedOn" | "periodFrom">) => s.adoptedOn ?? parsePeriod(s.periodFrom, "periodFrom").start;

const parentRef = (input: StrategyInput) => (input.parent === undefined ? [] : [{ path: "parent", strategy: input.parent }]);

function assertWellFormed(input: StrategyInput): void {
  const faults = structuralFaults(input);
  if (faults.length > 0) throw new Invalid("the strategy's structure is not valid", faults);
}

async function insertVersion(
  tx: Queryable,
  input: StrategyInput,
  version: number,
  effectiveFrom: string,
  reason: string,
  actor: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO strategy_versions (strategy_id, version, title, language, period_from, period_to, status, adopted_on,
                                    reference, source, summary, effective_from, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      input.id,
      version,
      input.title,
      input.language,
      input.periodFrom,
      input.periodTo ?? null,
      input.status,
      input.adoptedOn ?? null,
      input.reference ?? null,
      input.source ?? null,
      input.summary ?? null,
      effectiveFrom,
      reason,
      actor,
    ],
  );
  const { sections } = flatten(input.sections);
  for (const s of sections) {
    await tx.query(
      `INSERT INTO sections (strategy_id, strategy_version, key, parent_key, kind, code, position, title, objective, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [input.id, version, s.key, s.parentKey, s.kind, s.code, s.position, s.title, s.objective, s.description],
    );
  }
}

async function insertKeyResultVersion(
  tx: Queryable,
  keyResultId: string,
  version: number,
  effectiveFrom: string,
  content: KeyResultContent,
  reason: string,
  actor: string,
): Promise<void> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO key_result_versions (key_result_id, version, effective_from, title, definition, unit, direction,
                                      aggregation, frequency, dimensions, baseline, tolerance, owner, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      keyResultId,
      version,
      effectiveFrom,
      content.title,
      content.definition,
      content.unit,
      content.direction,
      content.aggregation,
      content.frequency,
      JSON.stringify(content.dimensions),
      content.baseline ? JSON.stringify(content.baseline) : null,
      content.tolerance,
      content.owner ?? null,
      reason,
      actor,
    ],
  );
  await assertRegistered(
    tx,
    content.targets.flatMap((t) => (t.organisation === undefined ? [] : [{ path: `targets.${t.period}.organisation`, organisation: t.organisation }])),
  );
  for (const t of content.targets) {
    parsePeriod(t.period, `targets.${t.period}`);
    await tx.query(
      "INSERT INTO key_result_targets (key_result_version_id, period, organisation_id, value) VALUES ($1, $2, $3, $4)",
      [row!.id, t.period, t.organisation ?? null, t.value],
    );
  }
}

/** A new key result with its first version. */
async function insertKeyResult(
  tx: Queryable,
  strategyId: string,
  kr: FlatKeyResult,
  effectiveFrom: string,
  reason: string,
  actor: string,
): Promise<void> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO key_results (strategy_id, section_key, code, parent_code, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [strategyId, kr.sectionKey, kr.code, kr.parentCode ?? null, kr.position],
  );
  await insertKeyResultVersion(tx, row!.id, 1, effectiveFrom, kr, reason, actor);
}

/** Registers a new strategy as version 1, with its sections and key results. */
export async function createStrategy(tx: Queryable, input: StrategyInput, actor: string): Promise<void> {
  assertWellFormed(input);
  await assertRegistered(tx, [{ path: "owner", organisation: input.owner }, ...parentRef(input)]);
  const exists = await tx.query("SELECT 1 FROM strategies WHERE id = $1", [input.id]);
  if (exists.length > 0) throw new Conflict(`strategy "${input.id}" exists already`, [{ path: "id", message: "taken" }]);
  await tx.query(
    "INSERT INTO strategies (id, owner_id, parent_id, kind, published, current_version) VALUES ($1, $2, $3, $4, $5, 1)",
    [input.id, input.owner, input.parent ?? null, input.kind, input.published],
  );
  const effectiveFrom = effectiveDate(input);
  await insertVersion(tx, input, 1, effectiveFrom, "Første versjon", actor);
  const { keyResults } = flatten(input.sections);
  for (const kr of keyResults) {
    await insertKeyResult(tx, input.id, kr, effectiveFrom, "Første versjon", actor);
  }
}

export interface RevisionResult {
  version: number;
  keyResultsChanged: string[];
  keyResultsAdded: string[];
  keyResultsRetired: string[];
}

/**
 * A revision: the whole strategy as it now reads becomes the next version. Sections are stored
 * anew; a key result whose content changed gets a new version effective from the revision, one
 * that disappeared is retired from then, so measurements already reported keep their version.
 */
export async function reviseStrategy(
  tx: Queryable,
  input: StrategyInput,
  expectedVersion: number,
  effectiveFrom: string,
  reason: string,
  actor: string,
): Promise<RevisionResult> {
  assertWellFormed(input);
  await assertRegistered(tx, parentRef(input));
  const [current] = await tx.query<{ current_version: number; owner_id: string }>(
    "SELECT current_version, owner_id FROM strategies WHERE id = $1 FOR UPDATE",
    [input.id],
  );
  if (!current) throw new NotFound(`no strategy "${input.id}"`);
  if (current.current_version !== expectedVersion) {
    throw new PreconditionFailed(
      `strategy "${input.id}" is at version ${current.current_version}, not ${expectedVersion}; reload and apply your changes again`,
    );
  }
  const version = expectedVersion + 1;
  await tx.query("UPDATE strategies SET current_version = $2, parent_id = $3, kind = $4, published = $5 WHERE id = $1", [
    input.id,
    version,
    input.parent ?? null,
    input.kind,
    input.published,
  ]);
  await insertVersion(tx, input, version, effectiveFrom, reason, actor);

  const existing = new Map(
    (await readKeyResultContents(tx, input.id, "current")).map((k) => [k.code, k] as const),
  );
  const result: RevisionResult = { version, keyResultsChanged: [], keyResultsAdded: [], keyResultsRetired: [] };
  const { keyResults } = flatten(input.sections);
  for (const kr of keyResults) {
    const old = existing.get(kr.code);
    existing.delete(kr.code);
    if (!old) {
      await insertKeyResult(tx, input.id, kr, effectiveFrom, reason, actor);
      result.keyResultsAdded.push(kr.code);
      continue;
    }
    await tx.query(
      "UPDATE key_results SET section_key = $2, parent_code = $3, position = $4, retired_from = NULL WHERE id = $1",
      [old.id, kr.sectionKey, kr.parentCode ?? null, kr.position],
    );
    if (changedKeyResultFields(old, kr).length > 0) {
      await addKeyResultVersion(tx, old.id, old.version, effectiveFrom, kr, reason, actor);
      result.keyResultsChanged.push(kr.code);
    }
  }
  for (const gone of existing.values()) {
    await tx.query("UPDATE key_results SET retired_from = $2 WHERE id = $1", [gone.id, effectiveFrom]);
    result.keyResultsRetired.push(gone.code);
  }
  await touchStrategies(tx, [input.id]);
  return result;
}

/** Appends a key result version, refusing when `expectedVersion` is no longer the current one. */
export async function addKeyResultVersion(
  tx: Queryable,
  keyResultId: string,
  expectedVersion: number,
  effectiveFrom: string,
  content: KeyResultContent,
  reason: string,
  actor: string,
): Promise<number> {
  const [row] = await tx.query<{ current_version: number }>(
    "SELECT current_version FROM key_results WHERE id = $1 FOR UPDATE",
    [keyResultId],
  );
  if (!row) throw new NotFound(`no key result ${keyResultId}`);
  if (row.current_version !== expectedVersion) {
    throw new PreconditionFailed(
      `the key result is at version ${row.current_version}, not ${expectedVersion}; reload and apply your change again`,
    );
  }
  const [latest] = await tx.query<{ effective_from: string }>(
    "SELECT max(effective_from) AS effective_from FROM key_result_versions WHERE key_result_id = $1",
    [keyResultId],
  );
  if (latest?.effective_from && effectiveFrom < latest.effective_from) {
    throw new Invalid("a new version cannot take effect before the current one", [
      { path: "effectiveFrom", message: `must be on or after ${latest.effective_from}` },
    ]);
  }
  const version = expectedVersion + 1;
  await insertKeyResultVersion(tx, keyResultId, version, effectiveFrom, content, reason, actor);
  const [kr] = await tx.query<{ strategy_id: string }>(
    "UPDATE key_results SET current_version = $2 WHERE id = $1 RETURNING strategy_id",
    [keyResultId, version],
  );
  await touchStrategies(tx, [kr!.strategy_id]);
  return version;
}

export interface KeyResultVersionRow extends KeyResultContent {
  id: string;
  versionId: string;
  code: string;
  parentCode: string | null;
  sectionKey: string;
  strategyId: string;
  version: number;
  currentVersion: number;
  effectiveFrom: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  retiredFrom: string | null;
}

const KR_VERSION_COLUMNS = `
  k.id, v.id AS "versionId", k.code, k.parent_code AS "parentCode", k.section_key AS "sectionKey",
  k.strategy_id AS "strategyId", v.version, k.current_version AS "currentVersion",
  v.effective_from AS "effectiveFrom", v.title, v.definition, v.unit, v.direction, v.aggregation, v.frequency,
  v.dimensions, v.baseline, v.tolerance, v.owner, v.reason, v.created_by AS "createdBy", v.created_at AS "createdAt",
  k.retired_from AS "retiredFrom",
  coalesce((SELECT json_agg(json_build_object('period', t.period, 'organisation', t.organisation_id, 'value', t.value)
                            ORDER BY t.period, t.organisation_id NULLS FIRST)
              FROM key_result_targets t WHERE t.key_result_version_id = v.id), '[]') AS targets`;

function normaliseTargets<R extends KeyResultVersionRow>(rows: R[]): R[] {
  for (const r of rows) {
    // json_agg gives numerics as JSON numbers or strings and a general target's organisation as null.
    r.targets = r.targets.map(({ period, organisation, value }) =>
      organisation ? { period, organisation, value: Number(value) } : { period, value: Number(value) },
    );
    r.baseline = r.baseline ?? undefined;
    r.owner = r.owner ?? undefined;
  }
  return rows;
}

/**
 * The key results of a strategy as they read at a point: `"current"` (each one's latest version)
 * or a date (the version in effect that day, leaving out those retired by then).
 */
export async function readKeyResultContents(
  db: Queryable,
  strategyId: string,
  at: "current" | string,
): Promise<KeyResultVersionRow[]> {
  if (at !== "current") return (await readKeyResultContentsOn(db, strategyId, [at]))[0] ?? [];
  const rows = await db.query<KeyResultVersionRow>(
    `SELECT ${KR_VERSION_COLUMNS} FROM key_results k
       JOIN key_result_versions v ON v.key_result_id = k.id AND v.version = k.current_version
      WHERE k.strategy_id = $1 AND k.retired_from IS NULL ORDER BY k.section_key, k.position`,
    [strategyId],
  );
  return normaliseTargets(rows);
}

/**
 * The key results of a strategy (or only `keyResultId`) as they read on each of `dates`, in one
 * query: per date (by its index), the version in effect that day of each key result that had taken
 * effect and was not retired by then. A version in effect on several dates is read once.
 */
export async function readKeyResultContentsOn(
  db: Queryable,
  strategyId: string,
  dates: readonly string[],
  keyResultId?: string,
): Promise<KeyResultVersionRow[][]> {
  const rows = await db.query<KeyResultVersionRow & { onDates: number[] }>(
    `WITH pick AS (
       SELECT d.i, d.at, k.id AS key_result_id, key_result_version_at(k.id, d.at) AS version_id
         FROM unnest($2::date[]) WITH ORDINALITY AS d(at, i) CROSS JOIN key_results k
        WHERE k.strategy_id = $1 AND ($3::uuid IS NULL OR k.id = $3::uuid) AND (k.retired_from IS NULL OR k.retired_from > d.at))
     SELECT ${KR_VERSION_COLUMNS}, array_agg((p.i - 1)::int ORDER BY p.i) AS "onDates"
       FROM pick p JOIN key_results k ON k.id = p.key_result_id JOIN key_result_versions v ON v.id = p.version_id
      WHERE v.effective_from <= p.at
      GROUP BY k.id, v.id
      ORDER BY k.section_key, k.position`,
    [strategyId, dates, keyResultId ?? null],
  );
  const out = dates.map((): KeyResultVersionRow[] => []);
  for (const { onDates, ...row } of normaliseTargets(rows)) for (const i of onDates) out[i]?.push(row);
  return out;
}

export async function getKeyResultVersions(db: Queryable, keyResultId: string): Promise<KeyResultVersionRow[]> {
  const rows = await db.query<KeyResultVersionRow>(
    `SELECT ${KR_VERSION_COLUMNS} FROM key_results k JOIN key_result_versions v ON v.key_result_id = k.id
      WHERE k.id = $1 ORDER BY v.version`,
    [keyResultId],
  );
  if (rows.length === 0) throw new NotFound(`no key result ${keyResultId}`);
  return normaliseTargets(rows);
}

export async function getKeyResult(db: Queryable, keyResultId: string): Promise<KeyResultVersionRow> {
  const rows = await db.query<KeyResultVersionRow>(
    `SELECT ${KR_VERSION_COLUMNS} FROM key_results k
       JOIN key_result_versions v ON v.key_result_id = k.id AND v.version = k.current_version
      WHERE k.id = $1`,
    [keyResultId],
  );
  if (rows.length === 0) throw new NotFound(`no key result ${keyResultId}`);
  return normaliseTargets(rows)[0]!;
}

export interface StrategySummary {
  id: string;
  /** The strategy's latest version; `version` is the one this summary shows. */
  currentVersion: number;
  owner: string;
  ownerName: string;
  parent: string | null;
  kind: string;
  published: boolean;
  version: number;
  title: string;
  language: string;
  periodFrom: string;
  periodTo: string | null;
  status: string;
  adoptedOn: string | null;
  reference: string | null;
  source: string | null;
  summary: string | null;
  effectiveFrom: string;
}

const SUMMARY_COLUMNS = `s.id, s.current_version AS "currentVersion", s.owner_id AS owner, o.name AS "ownerName", s.parent_id AS parent, s.kind, s.published,
  v.version, v.title, v.language, v.period_from AS "periodFrom", v.period_to AS "periodTo", v.status,
  v.adopted_on AS "adoptedOn", v.reference, v.source, v.summary, v.effective_from AS "effectiveFrom"`;

export async function listStrategies(db: Queryable, owner?: string): Promise<StrategySummary[]> {
  return db.query<StrategySummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM strategies s
       JOIN strategy_versions v ON v.strategy_id = s.id AND v.version = s.current_version
       JOIN organisations o ON o.id = s.owner_id
      WHERE $1::text IS NULL OR s.owner_id = $1 OR o.parent_id = $1
      ORDER BY o.name, v.period_from DESC, s.id`,
    [owner ?? null],
  );
}

export async function getStrategySummary(db: Queryable, id: string, version?: number): Promise<StrategySummary> {
  const [row] = await db.query<StrategySummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM strategies s
       JOIN strategy_versions v ON v.strategy_id = s.id AND v.version = coalesce($2, s.current_version)
       JOIN organisations o ON o.id = s.owner_id WHERE s.id = $1`,
    [id, version ?? null],
  );
  if (!row) throw new NotFound(version ? `strategy "${id}" has no version ${version}` : `no strategy "${id}"`);
  return row;
}

export interface AlignmentLink {
  id: string;
  fromStrategy: string;
  fromSection: string;
  fromTitle: string | null;
  toStrategy: string;
  toSection: string;
  toTitle: string | null;
  note: string | null;
}

/** Alignment links touching a strategy, in both directions, with the titles the ends now have. */
export async function listAlignments(db: Queryable, strategyId: string): Promise<AlignmentLink[]> {
  return db.query<AlignmentLink>(
    `SELECT a.id, a.from_strategy_id AS "fromStrategy", a.from_section_key AS "fromSection", fs.title AS "fromTitle",
            a.to_strategy_id AS "toStrategy", a.to_section_key AS "toSection", ts.title AS "toTitle", a.note
       FROM alignments a
       LEFT JOIN strategies f ON f.id = a.from_strategy_id
       LEFT JOIN sections fs ON fs.strategy_id = f.id AND fs.strategy_version = f.current_version AND fs.key = a.from_section_key
       LEFT JOIN strategies t ON t.id = a.to_strategy_id
       LEFT JOIN sections ts ON ts.strategy_id = t.id AND ts.strategy_version = t.current_version AND ts.key = a.to_section_key
      WHERE a.from_strategy_id = $1 OR a.to_strategy_id = $1
      ORDER BY a.from_strategy_id, a.from_section_key, a.to_strategy_id, a.to_section_key`,
    [strategyId],
  );
}

export async function addAlignment(
  tx: Queryable,
  link: { fromStrategy: string; fromSection: string; toStrategy: string; toSection: string; note?: string | undefined },
  actor: string,
): Promise<string> {
  for (const [strategy, key, path] of [
    [link.fromStrategy, link.fromSection, "from"],
    [link.toStrategy, link.toSection, "to"],
  ] as const) {
    const found = await tx.query(
      `SELECT 1 FROM strategies s JOIN sections x ON x.strategy_id = s.id AND x.strategy_version = s.current_version
        WHERE s.id = $1 AND x.key = $2`,
      [strategy, key],
    );
    if (found.length === 0) throw new Invalid(`no section "${key}" in strategy "${strategy}"`, [{ path, message: "not found" }]);
  }
  if (link.fromStrategy === link.toStrategy) {
    throw new Invalid("a strategy cannot serve itself", [{ path: "to", message: "must be another strategy" }]);
  }
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO alignments (from_strategy_id, from_section_key, to_strategy_id, to_section_key, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [link.fromStrategy, link.fromSection, link.toStrategy, link.toSection, link.note ?? null, actor],
  );
  if (rows.length === 0) throw new Conflict("this link exists already");
  return rows[0]!.id;
}

export type SectionNode = Tree<FlatSection & { keyResults: KeyResultVersionRow[]; serves: AlignmentLink[]; servedBy: AlignmentLink[] }>;

export interface StrategyTree extends StrategySummary {
  sections: SectionNode[];
  children: { id: string; title: string }[];
}

export async function readSections(db: Queryable, id: string, version: number): Promise<FlatSection[]> {
  return db.query<FlatSection>(
    `SELECT key, parent_key AS "parentKey", kind, code, position, title, objective, description
       FROM sections WHERE strategy_id = $1 AND strategy_version = $2 ORDER BY parent_key NULLS FIRST, position`,
    [id, version],
  );
}

/** Key results as a version shows them: the current ones for the latest version, else as on its day. */
const keyResultsAt = (s: StrategySummary): "current" | string => (s.version === s.currentVersion ? "current" : s.effectiveFrom);

/** The whole strategy: sections nested, key results under their sections, alignment both ways. */
export async function getStrategyTree(db: Queryable, id: string, version?: number): Promise<StrategyTree> {
  const summary = await getStrategySummary(db, id, version);
  const flat = await readSections(db, id, summary.version);
  const keyResults = await readKeyResultContents(db, id, keyResultsAt(summary));
  const links = await listAlignments(db, id);
  const roots = nest(flat, () => ({ keyResults: [] as KeyResultVersionRow[], serves: [] as AlignmentLink[], servedBy: [] as AlignmentLink[] }));
  const nodes = new Map<string, SectionNode>();
  const index = (list: SectionNode[]) => list.forEach((n) => (nodes.set(n.key, n), index(n.children)));
  index(roots);
  for (const kr of keyResults) nodes.get(kr.sectionKey)?.keyResults.push(kr);
  for (const l of links) {
    if (l.fromStrategy === id) nodes.get(l.fromSection)?.serves.push(l);
    if (l.toStrategy === id) nodes.get(l.toSection)?.servedBy.push(l);
  }
  const children = await db.query<{ id: string; title: string }>(
    `SELECT s.id, v.title FROM strategies s JOIN strategy_versions v ON v.strategy_id = s.id AND v.version = s.current_version
      WHERE s.parent_id = $1 ORDER BY s.id`,
    [id],
  );
  return { ...summary, sections: roots, children };
}

export interface VersionInfo {
  version: number;
  title: string;
  status: string;
  effectiveFrom: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export async function listStrategyVersions(db: Queryable, id: string): Promise<VersionInfo[]> {
  const rows = await db.query<VersionInfo>(
    `SELECT version, title, status, effective_from AS "effectiveFrom", reason, created_by AS "createdBy", created_at AS "createdAt"
       FROM strategy_versions WHERE strategy_id = $1 ORDER BY version`,
    [id],
  );
  if (rows.length === 0) throw new NotFound(`no strategy "${id}"`);
  return rows;
}

async function snapshot(db: Queryable, id: string, version: number): Promise<VersionSnapshot> {
  const summary = await getStrategySummary(db, id, version);
  const { version: v, title, language, periodFrom, periodTo, status, adoptedOn, reference, source, summary: text } = summary;
  const krs = await readKeyResultContents(db, id, keyResultsAt(summary));
  return {
    version: v,
    metadata: { title, language, periodFrom, periodTo, status, adoptedOn, reference, source, summary: text },
    sections: await readSections(db, id, v),
    keyResults: krs,
  };
}

export async function diffStrategy(db: Queryable, id: string, from: number, to: number): Promise<StrategyDiff> {
  return diffStrategyVersions(await snapshot(db, id, from), await snapshot(db, id, to));
}
