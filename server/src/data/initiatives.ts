import { Invalid, NotFound, PreconditionFailed, type ErrorDetail } from "../domain/errors.js";
import {
  assertDistinctLinks,
  assertPlannedDates,
  changedFields,
  contribution,
  dependencyCycle,
  type HistoryKind,
  initiativeCode,
  type InitiativeKind,
  type InitiativeSnapshot,
  type Link,
  type LinkDirection,
  type LinkSize,
} from "../domain/portfolio/initiative.js";
import { coverage, isObjective, type Coverage, type CoverageInitiative, type CoverageLink, type CoverageSection } from "../domain/portfolio/coverage.js";
import { GATES, isActive, type ActivePhase, type Phase } from "../domain/portfolio/lifecycle.js";
import { reportOverdue, type ReportFrequency } from "../domain/portfolio/status-reports.js";
import type { Adoption as AdoptionRow } from "./adoptions.js";
import type { Benefit as BenefitRow, BenefitActual } from "./benefits.js";
import type { Queryable } from "./db.js";
import { checklistFor, listDecisions, type Checklist, type Decision } from "./gates.js";
import type { Risk as RiskRow, Ros } from "./risks.js";
import type { StatusReport, StatusSummary } from "./status-reports.js";
import { assertRegistered } from "./strategies.js";

/** An initiative as registered or revised; what is left out takes its default (on registration) or stays as it is (on revision). */
export interface InitiativeInput {
  code?: string | undefined;
  title: string;
  description?: string | undefined;
  organisation: string;
  sponsor?: string | undefined;
  ownerName?: string | undefined;
  kind: InitiativeKind;
  tags?: string[] | undefined;
  theme?: string | null | undefined;
  fundingSource?: string | undefined;
  plannedStart?: string | null | undefined;
  plannedEnd?: string | null | undefined;
  reportFrequency?: ReportFrequency | undefined;
  links?: LinkInput[] | undefined;
  participants?: string[] | undefined;
  dependsOn?: string[] | undefined;
}

export interface LinkInput {
  section: string;
  keyResult?: string | null | undefined;
  direction?: LinkDirection | undefined;
  size?: LinkSize | undefined;
  note?: string | undefined;
}

/** What the policy needs to know about an initiative: its portfolio's strategy and owner, and who owns the initiative. */
export interface InitiativeScope {
  id: string;
  strategyId: string;
  organisationId: string;
  version: number;
}

export async function initiativeScope(db: Queryable, id: string): Promise<InitiativeScope> {
  const [row] = await db.query<InitiativeScope>(
    `SELECT id, strategy_id AS "strategyId", organisation_id AS "organisationId", version FROM initiatives WHERE id = $1`,
    [id],
  );
  if (!row) throw new NotFound(`no initiative ${id}`);
  return row;
}

// ---- The strategy an initiative serves ---------------------------------------------------------

interface ObjectiveSection extends CoverageSection {
  kind: string;
  keyResultCount: number;
}

/** The sections of the strategy's current version that state objectives, in reading order, with their current key results. */
async function objectiveSections(db: Queryable, strategyId: string): Promise<ObjectiveSection[]> {
  const rows = await db.query<ObjectiveSection & { parentKey: string | null }>(
    `SELECT x.key, x.kind, x.code, x.title,
            coalesce(json_agg(json_build_object('id', k.id, 'code', k.code, 'title', kv.title) ORDER BY k.position, k.code) FILTER (WHERE k.id IS NOT NULL), '[]') AS "keyResults",
            count(k.id)::int AS "keyResultCount"
       FROM strategies s
       JOIN sections x ON x.strategy_id = s.id AND x.strategy_version = s.current_version
       LEFT JOIN key_results k ON k.strategy_id = s.id AND k.section_key = x.key AND (k.retired_from IS NULL OR k.retired_from > current_date)
       LEFT JOIN key_result_versions kv ON kv.key_result_id = k.id AND kv.version = k.current_version
      WHERE s.id = $1
      GROUP BY x.key, x.kind, x.code, x.title, x.parent_key, x.position
      ORDER BY x.parent_key NULLS FIRST, x.position`,
    [strategyId],
  );
  return rows.filter(isObjective);
}

/** Refuses links to what is not an objective of the strategy, a key result outside the linked focus area, or a theme that is not one of the strategy's initiatives. */
async function assertStrategyRefs(tx: Queryable, strategyId: string, links: readonly LinkInput[], theme: string | null): Promise<void> {
  assertDistinctLinks(links.map((l) => ({ section: l.section, keyResult: l.keyResult ?? null })));
  const sections = new Map((await objectiveSections(tx, strategyId)).map((s) => [s.key, s]));
  const faults: ErrorDetail[] = [];
  links.forEach((l, i) => {
    const s = sections.get(l.section);
    if (!s) faults.push({ path: `links.${i}.section`, message: `no focus area "${l.section}" in this strategy` });
    else if (l.keyResult && !s.keyResults.some((k) => k.id === l.keyResult)) faults.push({ path: `links.${i}.keyResult`, message: `not a current key result of ${l.section}` });
  });
  if (theme !== null) {
    const found = await tx.query(
      `SELECT 1 FROM sections x JOIN strategies s ON s.id = x.strategy_id AND s.current_version = x.strategy_version
        WHERE s.id = $1 AND x.key = $2 AND x.kind = 'initiative'`,
      [strategyId, theme],
    );
    if (found.length === 0) faults.push({ path: "theme", message: `no strategic initiative "${theme}" in this strategy` });
  }
  if (faults.length > 0) throw new Invalid("the initiative refers to what is not in its strategy", faults);
}

/** Refuses participants that are not registered or are the owner itself. */
async function assertParticipants(tx: Queryable, owner: string, participants: readonly string[]): Promise<void> {
  const i = participants.indexOf(owner);
  if (i >= 0) throw new Invalid("the owner takes part already", [{ path: `participants.${i}`, message: "is the owner" }]);
  await assertRegistered(tx, participants.map((organisation, n) => ({ path: `participants.${n}`, organisation })));
}

/** Refuses dependencies outside the portfolio, on itself, or that would close a circle (`id` is null for a new initiative, on which nothing depends yet). */
async function assertDependencies(tx: Queryable, strategyId: string, id: string | null, dependsOn: readonly string[]): Promise<void> {
  if (dependsOn.length === 0) return;
  const found = new Set(
    (await tx.query<{ id: string }>("SELECT id FROM initiatives WHERE strategy_id = $1 AND id = ANY($2::uuid[])", [strategyId, dependsOn])).map((r) => r.id),
  );
  const faults: ErrorDetail[] = [];
  dependsOn.forEach((d, i) => {
    if (d === id) faults.push({ path: `dependsOn.${i}`, message: "an initiative cannot depend on itself" });
    else if (!found.has(d)) faults.push({ path: `dependsOn.${i}`, message: "no initiative of this portfolio" });
  });
  if (faults.length > 0) throw new Invalid("the initiative depends on what it cannot", faults);
  if (id === null) return;
  const rows = await tx.query<{ from: string; to: string }>(
    `SELECT d.initiative_id AS "from", d.depends_on AS "to" FROM initiative_dependencies d JOIN initiatives i ON i.id = d.initiative_id WHERE i.strategy_id = $1`,
    [strategyId],
  );
  const edges = new Map<string, string[]>();
  for (const r of rows) if (r.from !== id) edges.set(r.from, [...(edges.get(r.from) ?? []), r.to]);
  const cycle = dependencyCycle(edges, id, dependsOn);
  if (cycle) {
    const codes = new Map(
      (await tx.query<{ id: string; code: string }>("SELECT id, code FROM initiatives WHERE id = ANY($1::uuid[])", [cycle])).map((r) => [r.id, r.code]),
    );
    const chain = cycle.map((c) => codes.get(c) ?? "this initiative").join(" → ");
    throw new Invalid(`the dependencies would go in a circle: ${chain}`, [{ path: "dependsOn", message: `circular: ${chain}`, code: "dependency_cycle" }]);
  }
}

const linkOf = (l: LinkInput): Link => ({ section: l.section, keyResult: l.keyResult ?? null, direction: l.direction ?? "positive", size: l.size ?? "medium", note: l.note ?? "" });

// ---- Writing -------------------------------------------------------------------------------------

/** Codes are given out and checked one transaction at a time per portfolio, so two cannot take the same. */
const lockCodes = (tx: Queryable, strategyId: string) => tx.query("SELECT pg_advisory_xact_lock(hashtext('initiative-code:' || $1))", [strategyId]);

/** A code for a new initiative of `owner` this year: the next free number. */
async function nextCode(tx: Queryable, strategyId: string, owner: string): Promise<string> {
  const [org] = await tx.query<{ shortName: string }>(`SELECT short_name AS "shortName" FROM organisations WHERE id = $1`, [owner]);
  const year = new Date().getUTCFullYear();
  const prefix = initiativeCode(org!.shortName, year, 0).slice(0, -3);
  const [row] = await tx.query<{ n: number }>(
    `SELECT coalesce(max(substr(code, length($2) + 1)::int), 0)::int AS n FROM initiatives
      WHERE strategy_id = $1 AND starts_with(code, $2) AND substr(code, length($2) + 1) ~ '^[0-9]{1,9}$'`,
    [strategyId, prefix],
  );
  return initiativeCode(org!.shortName, year, row!.n + 1);
}

async function assertCodeFree(tx: Queryable, strategyId: string, code: string, except: string | null): Promise<void> {
  const taken = await tx.query("SELECT 1 FROM initiatives WHERE strategy_id = $1 AND lower(code) = lower($2) AND id IS DISTINCT FROM $3::uuid", [strategyId, code, except]);
  if (taken.length > 0) throw new Invalid(`the code ${code} is taken in this portfolio`, [{ path: "code", message: "taken", code: "code_taken" }]);
}

async function writeRelations(tx: Queryable, id: string, s: InitiativeSnapshot): Promise<void> {
  await tx.query("DELETE FROM initiative_links WHERE initiative_id = $1", [id]);
  await tx.query("DELETE FROM initiative_participants WHERE initiative_id = $1", [id]);
  await tx.query("DELETE FROM initiative_dependencies WHERE initiative_id = $1", [id]);
  if (s.links.length > 0) {
    await tx.query(
      `INSERT INTO initiative_links (initiative_id, section_key, key_result_id, direction, size, note)
       SELECT $1, l.section, l."keyResult", l.direction, l.size, l.note
         FROM json_to_recordset($2::json) AS l(section text, "keyResult" uuid, direction text, size text, note text)`,
      [id, JSON.stringify(s.links)],
    );
  }
  await tx.query("INSERT INTO initiative_participants (initiative_id, organisation_id) SELECT $1, unnest($2::text[])", [id, s.participants]);
  await tx.query("INSERT INTO initiative_dependencies (initiative_id, depends_on) SELECT $1, unnest($2::uuid[])", [id, s.dependsOn]);
}

async function recordVersion(tx: Queryable, id: string, version: number, snapshot: InitiativeSnapshot, reason: string, actor: string): Promise<void> {
  await tx.query("INSERT INTO initiative_versions (initiative_id, version, snapshot, reason, recorded_by) VALUES ($1, $2, $3, $4, $5)", [
    id,
    version,
    JSON.stringify(snapshot),
    reason,
    actor,
  ]);
}

const dedupe = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Checks an initiative's fields against its portfolio and gives the snapshot to store. */
async function validated(tx: Queryable, strategyId: string, id: string | null, code: string, input: Required<Omit<InitiativeInput, "code">>): Promise<InitiativeSnapshot> {
  await assertRegistered(tx, [{ path: "organisation", organisation: input.organisation }]);
  assertPlannedDates(input.plannedStart, input.plannedEnd);
  const links = input.links.map(linkOf);
  await assertStrategyRefs(tx, strategyId, links, input.theme);
  const participants = dedupe(input.participants);
  await assertParticipants(tx, input.organisation, participants);
  const dependsOn = dedupe(input.dependsOn);
  await assertDependencies(tx, strategyId, id, dependsOn);
  return {
    code,
    title: input.title,
    description: input.description,
    organisationId: input.organisation,
    sponsor: input.sponsor,
    ownerName: input.ownerName,
    kind: input.kind,
    tags: dedupe(input.tags),
    themeKey: input.theme,
    fundingSource: input.fundingSource,
    plannedStart: input.plannedStart,
    plannedEnd: input.plannedEnd,
    reportFrequency: input.reportFrequency,
    links,
    participants,
    dependsOn,
  };
}

/** Registers an initiative in the idea phase (version 1); returns its id. */
export async function createInitiative(tx: Queryable, strategyId: string, input: InitiativeInput, reason: string, actor: string): Promise<string> {
  await assertRegistered(tx, [{ path: "organisation", organisation: input.organisation }]);
  await lockCodes(tx, strategyId);
  const code = input.code ?? (await nextCode(tx, strategyId, input.organisation));
  await assertCodeFree(tx, strategyId, code, null);
  const s = await validated(tx, strategyId, null, code, {
    title: input.title,
    description: input.description ?? "",
    organisation: input.organisation,
    sponsor: input.sponsor ?? "",
    ownerName: input.ownerName ?? "",
    kind: input.kind,
    tags: input.tags ?? [],
    theme: input.theme ?? null,
    fundingSource: input.fundingSource ?? "",
    plannedStart: input.plannedStart ?? null,
    plannedEnd: input.plannedEnd ?? null,
    reportFrequency: input.reportFrequency ?? "month",
    links: input.links ?? [],
    participants: input.participants ?? [],
    dependsOn: input.dependsOn ?? [],
  });
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO initiatives (strategy_id, code, title, description, organisation_id, sponsor, owner_name, kind, tags, theme_key, funding_source,
                              planned_start, planned_end, report_frequency, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [strategyId, s.code, s.title, s.description, s.organisationId, s.sponsor, s.ownerName, s.kind, s.tags, s.themeKey, s.fundingSource, s.plannedStart, s.plannedEnd, s.reportFrequency, actor],
  );
  await writeRelations(tx, row!.id, s);
  await recordVersion(tx, row!.id, 1, s, reason, actor);
  return row!.id;
}

/** The current snapshot of an initiative (its own fields and relations), locked for the caller's transaction. */
async function lockedSnapshot(tx: Queryable, id: string): Promise<{ strategyId: string; version: number; snapshot: InitiativeSnapshot }> {
  const [row] = await tx.query<{ strategyId: string; version: number; snapshot: InitiativeSnapshot }>(
    `SELECT strategy_id AS "strategyId", version, json_build_object(
       'code', code, 'title', title, 'description', description, 'organisationId', organisation_id, 'sponsor', sponsor,
       'ownerName', owner_name, 'kind', kind, 'tags', tags, 'themeKey', theme_key, 'fundingSource', funding_source,
       'plannedStart', planned_start, 'plannedEnd', planned_end, 'reportFrequency', report_frequency) AS snapshot
       FROM initiatives WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!row) throw new NotFound(`no initiative ${id}`);
  const rel = await relations(tx, [id]);
  return { ...row, snapshot: { ...row.snapshot, links: rel.links.get(id) ?? [], participants: rel.participants.get(id) ?? [], dependsOn: (rel.dependsOn.get(id) ?? []).map((d) => d.id) } };
}

export interface RevisionResult {
  version: number;
  before: InitiativeSnapshot;
  after: InitiativeSnapshot;
  changed: (keyof InitiativeSnapshot)[];
}

/**
 * Revises an initiative's own fields, links, participants and dependencies (not its phase: only a
 * decision moves that) if it is still at `expected`; records the new version with `reason`.
 */
export async function reviseInitiative(tx: Queryable, id: string, expected: number, input: InitiativeInput, reason: string, actor: string): Promise<RevisionResult> {
  const current = await lockedSnapshot(tx, id);
  if (current.version !== expected) {
    throw new PreconditionFailed(`the initiative is at version ${current.version}, not ${expected}; reload and apply your changes again`);
  }
  const was = current.snapshot;
  const code = input.code ?? was.code;
  if (code !== was.code) {
    await lockCodes(tx, current.strategyId);
    await assertCodeFree(tx, current.strategyId, code, id);
  }
  const after = await validated(tx, current.strategyId, id, code, {
    title: input.title,
    description: input.description ?? was.description,
    organisation: input.organisation,
    sponsor: input.sponsor ?? was.sponsor,
    ownerName: input.ownerName ?? was.ownerName,
    kind: input.kind,
    tags: input.tags ?? was.tags,
    theme: input.theme === undefined ? was.themeKey : input.theme,
    fundingSource: input.fundingSource ?? was.fundingSource,
    plannedStart: input.plannedStart === undefined ? was.plannedStart : input.plannedStart,
    plannedEnd: input.plannedEnd === undefined ? was.plannedEnd : input.plannedEnd,
    reportFrequency: input.reportFrequency ?? (was.reportFrequency as ReportFrequency),
    links: input.links ?? was.links,
    participants: input.participants ?? was.participants,
    dependsOn: input.dependsOn ?? was.dependsOn,
  });
  const version = current.version + 1;
  await tx.query(
    `UPDATE initiatives SET code = $2, title = $3, description = $4, organisation_id = $5, sponsor = $6, owner_name = $7, kind = $8, tags = $9,
            theme_key = $10, funding_source = $11, planned_start = $12, planned_end = $13, report_frequency = $14, version = $15, updated_at = now()
      WHERE id = $1`,
    [id, after.code, after.title, after.description, after.organisationId, after.sponsor, after.ownerName, after.kind, after.tags, after.themeKey, after.fundingSource, after.plannedStart, after.plannedEnd, after.reportFrequency, version],
  );
  await writeRelations(tx, id, after);
  await recordVersion(tx, id, version, after, reason, actor);
  return { version, before: was, after, changed: changedFields(was, after) };
}

// ---- Reading -------------------------------------------------------------------------------------

interface Relations {
  links: Map<string, Link[]>;
  participants: Map<string, string[]>;
  dependsOn: Map<string, InitiativeRef[]>;
  dependents: Map<string, InitiativeRef[]>;
}

export interface InitiativeRef {
  id: string;
  code: string;
  title: string;
  phase: Phase;
}

const group = <T>(rows: readonly (T & { of: string })[]): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const { of, ...rest } of rows) m.set(of, [...(m.get(of) ?? []), rest as unknown as T]);
  return m;
};

async function relations(db: Queryable, ids: readonly string[]): Promise<Relations> {
  const links = await db.query<Link & { of: string }>(
    `SELECT initiative_id AS of, section_key AS section, key_result_id AS "keyResult", direction, size, note
       FROM initiative_links WHERE initiative_id = ANY($1::uuid[]) ORDER BY section_key, key_result_id NULLS FIRST`,
    [ids],
  );
  const participants = await db.query<{ of: string; organisation: string }>(
    "SELECT initiative_id AS of, organisation_id AS organisation FROM initiative_participants WHERE initiative_id = ANY($1::uuid[]) ORDER BY organisation_id",
    [ids],
  );
  const refs = async (mine: string, theirs: string) =>
    group(
      await db.query<InitiativeRef & { of: string }>(
        `SELECT d.${mine} AS of, i.id, i.code, i.title, i.phase FROM initiative_dependencies d JOIN initiatives i ON i.id = d.${theirs}
          WHERE d.${mine} = ANY($1::uuid[]) ORDER BY i.code`,
        [ids],
      ),
    );
  return {
    links: group(links),
    participants: new Map([...group(participants)].map(([k, v]) => [k, v.map((p) => p.organisation)])),
    dependsOn: await refs("initiative_id", "depends_on"),
    dependents: await refs("depends_on", "initiative_id"),
  };
}

export interface Totals {
  investmentEstimate: number;
  operatingEstimate: number;
  investmentActual: number;
  operatingActual: number;
  providerPersonYears: number;
}

export interface InitiativeSummary {
  id: string;
  code: string;
  title: string;
  kind: InitiativeKind;
  phase: Phase;
  organisationId: string;
  themeKey: string | null;
  tags: string[];
  fundingSource: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  sectionKeys: string[];
  keyResultIds: string[];
  totals: Totals;
  latestStatus: StatusSummary | null;
  reportOverdue: boolean;
  riskScore: number | null;
  contribution: number;
  version: number;
}

export interface InitiativeQuery {
  strategyId: string;
  phase?: Phase | undefined;
  kind?: InitiativeKind | undefined;
  organisation?: string | undefined;
  section?: string | undefined;
  /** One initiative only. */
  id?: string | undefined;
  /** The day overdue status reports are judged at (`YYYY-MM-DD`). */
  today: string;
}

const TOTALS = `json_build_object('investmentEstimate', coalesce(sum(investment_estimate), 0), 'operatingEstimate', coalesce(sum(operating_estimate), 0),
  'investmentActual', coalesce(sum(investment_actual), 0), 'operatingActual', coalesce(sum(operating_actual), 0),
  'providerPersonYears', coalesce(sum(provider_person_years), 0))`;

/** One initiative as the portfolio summary publishes it (docs/decisions/0015-publication-policy.md). */
export interface PortfolioSummaryItem {
  id: string;
  code: string;
  title: string;
  phase: Phase;
  sectionKeys: string[];
  plannedStart: string | null;
  plannedEnd: string | null;
}

/** The portfolio summary: every initiative but the rejected, with nothing beyond what may be published. */
export async function portfolioSummary(db: Queryable, strategyId: string): Promise<PortfolioSummaryItem[]> {
  return db.query<PortfolioSummaryItem>(
    `SELECT i.id, i.code, i.title, i.phase,
            ARRAY(SELECT DISTINCT l.section_key FROM initiative_links l WHERE l.initiative_id = i.id ORDER BY 1) AS "sectionKeys",
            to_char(i.planned_start, 'YYYY-MM-DD') AS "plannedStart", to_char(i.planned_end, 'YYYY-MM-DD') AS "plannedEnd"
       FROM initiatives i
      WHERE i.strategy_id = $1 AND i.phase <> 'rejected'
      ORDER BY i.planned_start NULLS LAST, i.code`,
    [strategyId],
  );
}

/**
 * The portfolio: one row per initiative with what the board table, the roadmap and the bubble chart
 * show. One statement, each per-initiative figure an index lookup, however large the portfolio.
 */
export async function listInitiatives(db: Queryable, q: InitiativeQuery): Promise<InitiativeSummary[]> {
  type Row = Omit<InitiativeSummary, "sectionKeys" | "keyResultIds" | "contribution" | "reportOverdue" | "latestStatus"> & {
    reportFrequency: ReportFrequency;
    links: Pick<Link, "section" | "keyResult" | "direction" | "size">[];
    latestStatus: StatusSummary | null;
    phaseSince: string;
  };
  const rows = await db.query<Row>(
    `SELECT i.id, i.code, i.title, i.kind, i.phase, i.organisation_id AS "organisationId", i.theme_key AS "themeKey", i.tags,
            i.funding_source AS "fundingSource", i.planned_start AS "plannedStart", i.planned_end AS "plannedEnd",
            i.report_frequency AS "reportFrequency", i.version, l.links, c.totals, s.status AS "latestStatus", r.score AS "riskScore",
            coalesce(d.meeting_date, i.created_at::date)::text AS "phaseSince"
       FROM initiatives i
       LEFT JOIN LATERAL (
         SELECT coalesce(json_agg(json_build_object('section', section_key, 'keyResult', key_result_id, 'direction', direction, 'size', size)), '[]') AS links
           FROM initiative_links WHERE initiative_id = i.id) l ON true
       LEFT JOIN LATERAL (SELECT ${TOTALS} AS totals
           FROM initiative_costs WHERE initiative_id = i.id) c ON true
       LEFT JOIN LATERAL (
         SELECT json_build_object('period', period, 'overall', overall, 'scope', scope, 'schedule', schedule, 'cost', cost, 'benefits', benefits) AS status
           FROM status_reports WHERE initiative_id = i.id AND superseded_at IS NULL ORDER BY period_start DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (SELECT max(likelihood * consequence) AS score FROM risks WHERE initiative_id = i.id AND status = 'open') r ON true
       LEFT JOIN LATERAL (SELECT meeting_date FROM gate_decisions WHERE initiative_id = i.id ORDER BY recorded_at DESC LIMIT 1) d ON true
      WHERE i.strategy_id = $1 AND ($2::text IS NULL OR i.phase = $2) AND ($3::text IS NULL OR i.kind = $3) AND ($4::text IS NULL OR i.organisation_id = $4)
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM initiative_links x WHERE x.initiative_id = i.id AND x.section_key = $5))
        AND ($6::uuid IS NULL OR i.id = $6)
      ORDER BY i.code`,
    [q.strategyId, q.phase ?? null, q.kind ?? null, q.organisation ?? null, q.section ?? null, q.id ?? null],
  );
  return rows.map(({ links, reportFrequency, phaseSince, ...r }) => ({
    ...r,
    sectionKeys: dedupe(links.map((l) => l.section)).sort(),
    keyResultIds: dedupe(links.flatMap((l) => (l.keyResult === null ? [] : [l.keyResult]))),
    contribution: contribution(links),
    reportOverdue: reportOverdue({ phase: r.phase, frequency: reportFrequency, phaseSince, latestPeriod: r.latestStatus?.period ?? null }, q.today),
  }));
}

export interface Cost extends Omit<Totals, "investmentActual" | "operatingActual"> {
  year: number;
  investmentActual: number | null;
  operatingActual: number | null;
  updatedBy: string;
  updatedAt: string;
}

/** The initiative's latest current status report (data/status-reports.ts). */
export type LatestStatus = Omit<StatusReport, "initiativeId" | "supersededAt">;

/** A risk of the initiative (data/risks.ts), without the initiative it belongs to. */
export type Risk = Omit<RiskRow, "initiativeId">;

/** A ROS analysis the initiative made or reuses (data/risks.ts), with who made it and who reuses it. */
export interface RosAnalysis extends Ros {
  initiativeCode: string;
  /** Another initiative's analysis, reused by this one. */
  reused: boolean;
  reusedOn: string | null;
  reusedBy: { initiativeId: string; code: string; reusedOn: string }[];
}

/** An organisation that took the initiative into use (data/adoptions.ts). */
export type Adoption = Omit<AdoptionRow, "initiativeId">;

/** A benefit of the initiative (data/benefits.ts) with its current actuals. */
export interface Benefit extends Omit<BenefitRow, "initiativeId"> {
  actuals: Omit<BenefitActual, "benefitId" | "supersededAt">[];
}

export interface Initiative extends Omit<InitiativeSummary, "sectionKeys" | "keyResultIds" | "latestStatus"> {
  strategyId: string;
  description: string;
  sponsor: string;
  ownerName: string;
  pausedPhase: ActivePhase | null;
  reportFrequency: ReportFrequency;
  /** The decision point that ends the current phase; null when the initiative has none (paused, rejected, completed). */
  gate: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  links: Link[];
  participants: string[];
  dependsOn: InitiativeRef[];
  dependents: InitiativeRef[];
  costs: Cost[];
  checklist: Checklist | null;
  decisions: Decision[];
  latestStatus: LatestStatus | null;
  risks: Risk[];
  ros: RosAnalysis[];
  adoptions: Adoption[];
  benefits: Benefit[];
  needs: { id: string; title: string; organisationId: string; status: string }[];
}

/** The initiative's risk register, open risks first, the gravest first. */
export async function initiativeRisks(db: Queryable, id: string): Promise<Risk[]> {
  return db.query<Risk>(
    `SELECT id, title, description, likelihood, consequence, likelihood * consequence AS score, owner_name AS "ownerName", mitigation, status, version,
            recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM risks WHERE initiative_id = $1 ORDER BY status, likelihood * consequence DESC, recorded_at`,
    [id],
  );
}

/** The ROS analyses the initiative made or reuses, newest first. */
export async function initiativeRos(db: Queryable, id: string): Promise<RosAnalysis[]> {
  return db.query<RosAnalysis>(
    `SELECT r.id, r.initiative_id AS "initiativeId", o.code AS "initiativeCode", r.title, r.performed_on AS "performedOn", r.conclusion, r.document,
            r.initiative_id <> $1 AS reused, u.reused_on AS "reusedOn",
            coalesce((SELECT json_agg(json_build_object('initiativeId', x.initiative_id, 'code', xi.code, 'reusedOn', x.reused_on) ORDER BY x.reused_on)
                        FROM ros_reuses x JOIN initiatives xi ON xi.id = x.initiative_id WHERE x.ros_id = r.id), '[]') AS "reusedBy",
            r.recorded_by AS "recordedBy", r.recorded_at AS "recordedAt"
       FROM ros_analyses r JOIN initiatives o ON o.id = r.initiative_id
       LEFT JOIN ros_reuses u ON u.ros_id = r.id AND u.initiative_id = $1
      WHERE r.initiative_id = $1 OR u.initiative_id IS NOT NULL
      ORDER BY coalesce(u.reused_on, r.performed_on) DESC`,
    [id],
  );
}

/** Everything about one initiative: its fields, what it serves and depends on, its gates, money, status, risks and benefits. */
export async function getInitiative(db: Queryable, id: string, today: string, regionId: string): Promise<Initiative> {
  const [row] = await db.query<Omit<Initiative, "links" | "participants" | "dependsOn" | "dependents" | "costs" | "checklist" | "decisions" | "risks" | "ros" | "adoptions" | "benefits" | "needs" | "contribution" | "reportOverdue" | "gate" | "latestStatus" | "totals" | "riskScore">>(
    `SELECT id, strategy_id AS "strategyId", code, title, description, organisation_id AS "organisationId", sponsor, owner_name AS "ownerName",
            kind, tags, theme_key AS "themeKey", funding_source AS "fundingSource", phase, paused_phase AS "pausedPhase",
            planned_start AS "plannedStart", planned_end AS "plannedEnd", report_frequency AS "reportFrequency", version,
            created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM initiatives WHERE id = $1`,
    [id],
  );
  if (!row) throw new NotFound(`no initiative ${id}`);
  const [summary] = await listInitiatives(db, { strategyId: row.strategyId, id, today });
  const rel = await relations(db, [id]);
  const costs = await db.query<Cost>(
    `SELECT year, investment_estimate AS "investmentEstimate", investment_actual AS "investmentActual", operating_estimate AS "operatingEstimate",
            operating_actual AS "operatingActual", provider_person_years AS "providerPersonYears", updated_by AS "updatedBy", updated_at AS "updatedAt"
       FROM initiative_costs WHERE initiative_id = $1 ORDER BY year`,
    [id],
  );
  const [latest] = await db.query<LatestStatus>(
    `SELECT id, period, overall, scope, schedule, cost, benefits, narrative, top_risks AS "topRisks", recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM status_reports WHERE initiative_id = $1 AND superseded_at IS NULL ORDER BY period_start DESC LIMIT 1`,
    [id],
  );
  const risks = await initiativeRisks(db, id);
  const ros = await initiativeRos(db, id);
  const adoptions = await db.query<Adoption>(
    `SELECT organisation_id AS "organisationId", adopted_on AS "adoptedOn", note, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM adoptions WHERE initiative_id = $1 ORDER BY adopted_on, organisation_id`,
    [id],
  );
  const benefits = await db.query<Benefit>(
    `SELECT b.id, b.change, b.title, b.kind, b.priced, b.responsible, b.organisation_id AS "organisationId", b.key_result_id AS "keyResultId",
            b.indicator, b.unit, b.baseline, b.baseline_date AS "baselineDate", b.target, b.value_nok AS "valueNok", b.hours_freed AS "hoursFreed",
            b.realise_by AS "realiseBy", b.version, b.retired_at AS "retiredAt", b.recorded_by AS "recordedBy", b.recorded_at AS "recordedAt",
            coalesce((SELECT json_agg(json_build_object('id', a.id, 'period', a.period, 'value', a.value, 'valueNok', a.value_nok, 'hoursFreed', a.hours_freed,
                                                        'comment', a.comment, 'recordedBy', a.recorded_by, 'recordedAt', a.recorded_at) ORDER BY a.period_start)
                        FROM benefit_actuals a WHERE a.benefit_id = b.id AND a.superseded_at IS NULL), '[]') AS actuals
       FROM benefits b WHERE b.initiative_id = $1 ORDER BY b.retired_at NULLS FIRST, b.recorded_at`,
    [id],
  );
  const needs = await db.query<Initiative["needs"][number]>(
    `WITH RECURSIVE came AS (
       SELECT id FROM needs WHERE initiative_id = $1
       UNION SELECT n.id FROM needs n JOIN came ON n.merged_into = came.id)
     SELECT n.id, n.title, n.organisation_id AS "organisationId", n.status FROM needs n JOIN came USING (id) ORDER BY n.submitted_at`,
    [id],
  );
  return {
    ...row,
    gate: isActive(row.phase) ? GATES[row.phase] : null,
    totals: summary!.totals,
    latestStatus: latest ?? null,
    reportOverdue: summary!.reportOverdue,
    riskScore: summary!.riskScore,
    contribution: summary!.contribution,
    links: rel.links.get(id) ?? [],
    participants: rel.participants.get(id) ?? [],
    dependsOn: rel.dependsOn.get(id) ?? [],
    dependents: rel.dependents.get(id) ?? [],
    costs,
    checklist: isActive(row.phase) ? await checklistFor(db, regionId, row.phase) : null,
    decisions: await listDecisions(db, id),
    risks,
    ros,
    adoptions,
    benefits,
    needs,
  };
}

// ---- History -------------------------------------------------------------------------------------

export interface HistoryEvent {
  at: string;
  kind: HistoryKind;
  summary: string;
  actor: string;
  details: Record<string, unknown>;
}

/** Everything that happened to an initiative, newest first: its versions, decisions, reports, actuals, risks, analyses, adoptions and costs. */
export async function initiativeHistory(db: Queryable, id: string): Promise<HistoryEvent[]> {
  await initiativeScope(db, id);
  const versions = await db.query<{ version: number; snapshot: InitiativeSnapshot; reason: string; recordedBy: string; recordedAt: string }>(
    `SELECT version, snapshot, reason, recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM initiative_versions WHERE initiative_id = $1 ORDER BY version`,
    [id],
  );
  const events: HistoryEvent[] = versions.map((v, i) => {
    const before = versions[i - 1];
    if (!before) return { at: v.recordedAt, kind: "created", summary: `Registered as ${v.snapshot.code}: ${v.snapshot.title}`, actor: v.recordedBy, details: { version: v.version, reason: v.reason } };
    const changed = changedFields(before.snapshot, v.snapshot);
    return {
      at: v.recordedAt,
      kind: "revised",
      summary: `Revised${changed.length > 0 ? ` (${changed.join(", ")})` : ""}${v.reason ? `: ${v.reason}` : ""}`,
      actor: v.recordedBy,
      details: { version: v.version, reason: v.reason, changed },
    };
  });
  const others = await db.query<HistoryEvent>(
    `SELECT recorded_at AS at, 'decision' AS kind, gate || ' ' || outcome || ': ' || from_phase || ' → ' || to_phase || ' (' || body || ', ' || meeting_date || ')' AS summary,
            recorded_by AS actor, json_build_object('id', id, 'gate', gate, 'outcome', outcome, 'fromPhase', from_phase, 'toPhase', to_phase, 'meetingDate', meeting_date, 'decision', decision, 'conditions', conditions) AS details
       FROM gate_decisions WHERE initiative_id = $1
     UNION ALL
     SELECT recorded_at, 'status_report', 'Status report ' || period || ': overall ' || overall || CASE WHEN superseded_at IS NULL THEN '' ELSE ' (corrected since)' END,
            recorded_by, json_build_object('id', id, 'period', period, 'overall', overall, 'scope', scope, 'schedule', schedule, 'cost', cost, 'benefits', benefits, 'superseded', superseded_at IS NOT NULL)
       FROM status_reports WHERE initiative_id = $1
     UNION ALL
     SELECT a.recorded_at, 'benefit_actual', 'Benefit realised in ' || a.period || ': ' || b.title, a.recorded_by,
            json_build_object('id', a.id, 'benefitId', b.id, 'period', a.period, 'value', a.value, 'valueNok', a.value_nok, 'hoursFreed', a.hours_freed, 'superseded', a.superseded_at IS NOT NULL)
       FROM benefit_actuals a JOIN benefits b ON b.id = a.benefit_id WHERE b.initiative_id = $1
     UNION ALL
     SELECT recorded_at, 'risk', 'Risk registered: ' || title || ' (' || likelihood || ' × ' || consequence || ')', recorded_by,
            json_build_object('id', id, 'title', title, 'likelihood', likelihood, 'consequence', consequence, 'status', status)
       FROM risks WHERE initiative_id = $1
     UNION ALL
     SELECT recorded_at, 'ros', 'Risk assessment (ROS) performed: ' || title, recorded_by, json_build_object('id', id, 'performedOn', performed_on)
       FROM ros_analyses WHERE initiative_id = $1
     UNION ALL
     SELECT u.recorded_at, 'ros', 'Risk assessment (ROS) reused: ' || r.title, u.recorded_by, json_build_object('id', r.id, 'reusedOn', u.reused_on, 'from', r.initiative_id)
       FROM ros_reuses u JOIN ros_analyses r ON r.id = u.ros_id WHERE u.initiative_id = $1
     UNION ALL
     SELECT recorded_at, 'adoption', 'Taken into use by ' || organisation_id || ' on ' || adopted_on, recorded_by, json_build_object('organisationId', organisation_id, 'adoptedOn', adopted_on)
       FROM adoptions WHERE initiative_id = $1
     UNION ALL
     SELECT updated_at, 'cost', 'Costs for ' || year || ' updated', updated_by,
            json_build_object('year', year, 'investmentEstimate', investment_estimate, 'operatingEstimate', operating_estimate, 'investmentActual', investment_actual, 'operatingActual', operating_actual, 'providerPersonYears', provider_person_years)
       FROM initiative_costs WHERE initiative_id = $1`,
    [id],
  );
  return [...events, ...others].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

// ---- Coverage ------------------------------------------------------------------------------------

/** The coverage matrix of a strategy's portfolio (domain/portfolio/coverage.ts). */
export async function strategyCoverage(db: Queryable, strategyId: string): Promise<Coverage> {
  const sections = await objectiveSections(db, strategyId);
  const initiatives = await db.query<CoverageInitiative>("SELECT id, code, title, phase FROM initiatives WHERE strategy_id = $1 ORDER BY code", [strategyId]);
  const links = await db.query<CoverageLink>(
    `SELECT l.initiative_id AS initiative, l.section_key AS section, l.key_result_id AS "keyResult", l.direction, l.size
       FROM initiative_links l JOIN initiatives i ON i.id = l.initiative_id WHERE i.strategy_id = $1 ORDER BY i.code, l.section_key, l.key_result_id NULLS FIRST`,
    [strategyId],
  );
  return coverage(
    sections.map(({ key, code, title, keyResults }) => ({ key, code, title, keyResults })),
    initiatives,
    links,
  );
}
