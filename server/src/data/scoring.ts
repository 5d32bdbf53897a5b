import { PreconditionFailed } from "../domain/errors.js";
import {
  assertScoreEntries,
  defaultModel,
  objectiveContributions,
  plannedBenefitNok,
  scoreInitiatives,
  validateModel,
  type Agreed,
  type Criterion,
  type InitiativeFacts,
  type InitiativeScore,
  type Score,
  type ScoringModel,
} from "../domain/prioritisation/scoring.js";
import type { Phase } from "../domain/portfolio/lifecycle.js";
import type { LinkDirection, LinkSize } from "../domain/portfolio/initiative.js";
import type { Queryable } from "./db.js";

const MODEL = `region_id AS "regionId", version, criteria, hour_value AS "hourValue", created_by AS "createdBy", created_at AS "createdAt", note`;

/** The region's current scoring model: its latest version, or the default (version 0) until it saves one. */
export async function readModel(db: Queryable, regionId: string): Promise<ScoringModel> {
  const [row] = await db.query<ScoringModel>(`SELECT ${MODEL} FROM scoring_models WHERE region_id = $1 ORDER BY version DESC LIMIT 1`, [regionId]);
  return row ?? defaultModel(regionId);
}

/** Every version of the region's model, newest first, ending with the default it started from (version 0). */
export async function listModels(db: Queryable, regionId: string): Promise<ScoringModel[]> {
  const rows = await db.query<ScoringModel>(`SELECT ${MODEL} FROM scoring_models WHERE region_id = $1 ORDER BY version DESC`, [regionId]);
  return [...rows, defaultModel(regionId)];
}

export interface ModelInput {
  criteria: Criterion[];
  hourValue: number;
  note?: string | undefined;
}

/** Saves a new version of the region's model if the current one is still `expected`. */
export async function saveModel(tx: Queryable, regionId: string, expected: number, input: ModelInput, actor: string): Promise<{ before: ScoringModel; after: ScoringModel }> {
  validateModel(input.criteria);
  // Versions are appended, so there is no row to lock while a region still has none.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('scoring-model:' || $1))", [regionId]);
  const before = await readModel(tx, regionId);
  if (before.version !== expected) throw new PreconditionFailed(`the scoring model is at version ${before.version}, not ${expected}; reload and apply your changes again`);
  const [after] = await tx.query<ScoringModel>(
    `INSERT INTO scoring_models (region_id, version, criteria, hour_value, note, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${MODEL}`,
    [regionId, expected + 1, JSON.stringify(input.criteria), input.hourValue, input.note ?? "", actor],
  );
  return { before, after: after! };
}

export interface ScoreEntry {
  criterion: string;
  value: number | null;
  comment?: string | undefined;
}

export interface StoredScore extends Score {
  recordedAt: string;
}

export interface StoredAgreed extends Agreed {
  agreedBy: string;
  agreedAt: string;
}

const SCORE = `initiative_id AS initiative, criterion, scorer, value, comment, recorded_at AS "recordedAt"`;
const AGREED = `initiative_id AS initiative, criterion, value, note, agreed_by AS "agreedBy", agreed_at AS "agreedAt"`;

/** Sets (or, for a null value, takes back) the scorer's own scores of an initiative. Returns the scorer's scores of it before and after. */
export async function recordScores(tx: Queryable, initiativeId: string, regionId: string, scorer: string, entries: readonly ScoreEntry[]): Promise<{ before: StoredScore[]; after: StoredScore[] }> {
  assertScoreEntries((await readModel(tx, regionId)).criteria, entries);
  const mine = () => tx.query<StoredScore>(`SELECT ${SCORE} FROM initiative_scores WHERE initiative_id = $1 AND scorer = $2 ORDER BY criterion FOR UPDATE`, [initiativeId, scorer]);
  const before = await mine();
  for (const e of entries) {
    if (e.value === null) await tx.query("DELETE FROM initiative_scores WHERE initiative_id = $1 AND criterion = $2 AND scorer = $3", [initiativeId, e.criterion, scorer]);
    else
      await tx.query(
        `INSERT INTO initiative_scores (initiative_id, criterion, scorer, value, comment) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (initiative_id, criterion, scorer) DO UPDATE SET value = $4, comment = $5, recorded_at = now()`,
        [initiativeId, e.criterion, scorer, e.value, e.comment ?? ""],
      );
  }
  return { before, after: await mine() };
}

/** Sets (or, for a null value, takes back) the board's agreed scores of an initiative. Returns its agreed scores before and after. */
export async function recordAgreed(
  tx: Queryable,
  initiativeId: string,
  regionId: string,
  entries: readonly (Omit<ScoreEntry, "comment"> & { note?: string | undefined })[],
  actor: string,
): Promise<{ before: StoredAgreed[]; after: StoredAgreed[] }> {
  assertScoreEntries((await readModel(tx, regionId)).criteria, entries);
  const agreed = () => tx.query<StoredAgreed>(`SELECT ${AGREED} FROM agreed_scores WHERE initiative_id = $1 ORDER BY criterion FOR UPDATE`, [initiativeId]);
  const before = await agreed();
  for (const e of entries) {
    if (e.value === null) await tx.query("DELETE FROM agreed_scores WHERE initiative_id = $1 AND criterion = $2", [initiativeId, e.criterion]);
    else
      await tx.query(
        `INSERT INTO agreed_scores (initiative_id, criterion, value, note, agreed_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (initiative_id, criterion) DO UPDATE SET value = $3, note = $4, agreed_by = $5, agreed_at = now()`,
        [initiativeId, e.criterion, e.value, e.note ?? "", actor],
      );
  }
  return { before, after: await agreed() };
}

/** The phases an initiative is no longer a candidate in. */
const DONE: readonly Phase[] = ["completed", "rejected"];

export interface Candidate {
  id: string;
  code: string;
  title: string;
  phase: Phase;
  organisationId: string;
  organisationName: string;
}

/** The strategy's candidates (initiatives neither completed nor rejected) in code order, with what the derived criteria read of them. */
export async function candidateFacts(db: Queryable, strategyId: string, hourValue: number): Promise<{ candidates: Candidate[]; facts: InitiativeFacts[] }> {
  const candidates = await db.query<Candidate>(
    `SELECT i.id, i.code, i.title, i.phase, i.organisation_id AS "organisationId", o.name AS "organisationName"
       FROM initiatives i JOIN organisations o ON o.id = i.organisation_id
      WHERE i.strategy_id = $1 AND i.phase <> ALL($2::text[]) ORDER BY i.code`,
    [strategyId, DONE],
  );
  const links = await db.query<{ initiative: string; section: string; direction: LinkDirection; size: LinkSize }>(
    `SELECT l.initiative_id AS initiative, l.section_key AS section, l.direction, l.size
       FROM initiative_links l JOIN initiatives i ON i.id = l.initiative_id WHERE i.strategy_id = $1 AND i.phase <> ALL($2::text[])`,
    [strategyId, DONE],
  );
  const benefits = await db.query<{ initiative: string; valueNok: number | null; hoursFreed: number | null }>(
    `SELECT b.initiative_id AS initiative, b.value_nok AS "valueNok", b.hours_freed AS "hoursFreed"
       FROM benefits b JOIN initiatives i ON i.id = b.initiative_id WHERE i.strategy_id = $1 AND i.phase <> ALL($2::text[]) AND b.retired_at IS NULL`,
    [strategyId, DONE],
  );
  const linksOf = byInitiative(links);
  const benefitsOf = byInitiative(benefits);
  const facts = candidates.map((c) => ({
    id: c.id,
    objectives: objectiveContributions(linksOf.get(c.id) ?? []),
    benefitsNok: plannedBenefitNok(benefitsOf.get(c.id) ?? [], hourValue),
  }));
  return { candidates, facts };
}

function byInitiative<T extends { initiative: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.initiative);
    if (list) list.push(r);
    else m.set(r.initiative, [r]);
  }
  return m;
}

export interface ScoringSheet {
  model: ScoringModel;
  /** The focus areas the candidates link to, for the value per objective. */
  objectives: { key: string; code: string | null; title: string }[];
  /** Ranked, best first. */
  candidates: (Candidate & { score: InitiativeScore })[];
  /** The caller's own scores. */
  mine: StoredScore[];
  /** Every board member's scores. */
  scores: StoredScore[];
  agreed: StoredAgreed[];
}

/** The scoring sheet of a strategy's portfolio, as `caller` sees it (under other `weights` for a scenario). */
export async function scoringSheet(db: Queryable, strategyId: string, regionId: string, caller: string, weights?: Record<string, number>): Promise<ScoringSheet> {
  const model = await readModel(db, regionId);
  const { candidates, facts } = await candidateFacts(db, strategyId, model.hourValue);
  const ids = candidates.map((c) => c.id);
  const scores = await db.query<StoredScore>(`SELECT ${SCORE} FROM initiative_scores WHERE initiative_id = ANY($1::uuid[]) ORDER BY initiative_id, criterion, scorer`, [ids]);
  const agreed = await db.query<StoredAgreed>(`SELECT ${AGREED} FROM agreed_scores WHERE initiative_id = ANY($1::uuid[]) ORDER BY initiative_id, criterion`, [ids]);
  const objectives = await db.query<{ key: string; code: string | null; title: string }>(
    `SELECT x.key, x.code, x.title
       FROM strategies s JOIN sections x ON x.strategy_id = s.id AND x.strategy_version = s.current_version
      WHERE s.id = $1 AND x.key IN (SELECT l.section_key FROM initiative_links l WHERE l.initiative_id = ANY($2::uuid[]))
      ORDER BY x.parent_key NULLS FIRST, x.position`,
    [strategyId, ids],
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return {
    model,
    objectives,
    candidates: scoreInitiatives(model, facts, scores, agreed, weights).map((score) => ({ ...byId.get(score.id)!, score })),
    mine: scores.filter((s) => s.scorer === caller),
    scores,
    agreed,
  };
}
