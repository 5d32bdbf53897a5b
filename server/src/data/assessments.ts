import { Conflict, Invalid } from "../domain/errors.js";
import type { Queryable } from "./db.js";
import { assertRegistered } from "./strategies.js";

export interface AssessmentInput {
  strategyId: string;
  keyResultId?: string | undefined;
  sectionKey?: string | undefined;
  organisationId?: string | undefined;
  period: string;
  confidence: "on_track" | "at_risk" | "off_track";
  done: string;
  learned: string;
  next: string;
  /** Id of the current assessment the writer saw; null when expecting none. */
  replaces?: number | null | undefined;
}

/** An assessment as stored: what was not given is null. */
export interface Assessment extends Omit<AssessmentInput, "replaces" | "keyResultId" | "sectionKey" | "organisationId"> {
  id: number;
  keyResultId: string | null;
  sectionKey: string | null;
  organisationId: string | null;
  recordedBy: string;
  recordedAt: string;
  supersededAt: string | null;
}

const COLUMNS = `id, strategy_id AS "strategyId", key_result_id AS "keyResultId", section_key AS "sectionKey",
  organisation_id AS "organisationId", period, confidence, done, learned, next, recorded_by AS "recordedBy",
  recorded_at AS "recordedAt", superseded_at AS "supersededAt"`;

const SAME_SUBJECT = `strategy_id = $1 AND key_result_id IS NOT DISTINCT FROM $2::uuid AND section_key IS NOT DISTINCT FROM $3
  AND organisation_id IS NOT DISTINCT FROM $4 AND period = $5`;

/** Refuses an assessment of a key result or section that is not in its strategy, or for an unknown organisation. */
async function assertSubject(tx: Queryable, a: AssessmentInput): Promise<void> {
  if (a.keyResultId !== undefined && (await tx.query("SELECT 1 FROM key_results WHERE id = $1 AND strategy_id = $2", [a.keyResultId, a.strategyId])).length === 0) {
    throw new Invalid(`no key result ${a.keyResultId} in strategy "${a.strategyId}"`, [{ path: "keyResult", message: "not in this strategy" }]);
  }
  if (a.sectionKey !== undefined) {
    const found = await tx.query(
      "SELECT 1 FROM sections x JOIN strategies s ON s.id = x.strategy_id AND s.current_version = x.strategy_version WHERE s.id = $1 AND x.key = $2",
      [a.strategyId, a.sectionKey],
    );
    if (found.length === 0) throw new Invalid(`no section "${a.sectionKey}" in strategy "${a.strategyId}"`, [{ path: "section", message: "not in this strategy" }]);
  }
  if (a.organisationId !== undefined) await assertRegistered(tx, [{ path: "organisation", organisation: a.organisationId }]);
}

/** Records an assessment; the earlier one for the same subject and period stays as history. */
export async function recordAssessment(tx: Queryable, a: AssessmentInput, actor: string): Promise<Assessment> {
  if (!a.keyResultId === !a.sectionKey) {
    throw new Invalid("an assessment is of one key result or one focus area", [{ path: "keyResult", message: "give keyResult or section" }]);
  }
  await assertSubject(tx, a);
  const subject = [a.strategyId, a.keyResultId ?? null, a.sectionKey ?? null, a.organisationId ?? null, a.period];
  const current = await tx.query<{ id: number }>(`SELECT id FROM assessments WHERE ${SAME_SUBJECT} AND superseded_at IS NULL FOR UPDATE`, subject);
  if (a.replaces !== undefined && (current[0]?.id ?? null) !== a.replaces) {
    throw new Conflict("someone else has written an assessment for this period since you read it", [
      { path: "replaces", message: `current assessment is ${current[0]?.id ?? "none"}` },
    ], "stale_assessment");
  }
  await tx.query(`UPDATE assessments SET superseded_at = now() WHERE ${SAME_SUBJECT} AND superseded_at IS NULL`, subject);
  try {
    const [row] = await tx.query<Assessment>(
      `INSERT INTO assessments (strategy_id, key_result_id, section_key, organisation_id, period, confidence, done, learned, next, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [...subject, a.confidence, a.done, a.learned, a.next, actor],
    );
    return row!;
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new Conflict("another assessment for this period was saved at the same moment; reload and try again", [], "concurrent_write");
    }
    throw err;
  }
}

export interface AssessmentQuery {
  strategyId: string;
  keyResultId?: string | undefined;
  sectionKey?: string | undefined;
  period?: string | undefined;
  history?: boolean | undefined;
}

export async function listAssessments(db: Queryable, q: AssessmentQuery): Promise<Assessment[]> {
  return db.query<Assessment>(
    `SELECT ${COLUMNS} FROM assessments
      WHERE strategy_id = $1 AND ($2::uuid IS NULL OR key_result_id = $2) AND ($3::text IS NULL OR section_key = $3)
        AND ($4::text IS NULL OR period = $4) AND ($5::boolean OR superseded_at IS NULL)
      ORDER BY period DESC, recorded_at DESC, id DESC`,
    [q.strategyId, q.keyResultId ?? null, q.sectionKey ?? null, q.period ?? null, q.history ?? false],
  );
}
