/** Runs that compute key results from FHIR data, and the key results' bindings (migration 0008). */
import { randomUUID } from "node:crypto";
import { Conflict, NotFound, type ErrorDetail } from "../domain/errors.js";
import type { Queryable } from "./db.js";

export type RunStatus = "queued" | "running" | "succeeded" | "failed";

export interface RunInput {
  name: string;
  resourceType: string;
  bytes: number;
  sha256: string;
  resources: number;
}

export interface RunDefinition {
  keyResult: string;
  version: number;
  hash: string;
}

export interface FhirRun {
  id: string;
  strategyId: string;
  source: string;
  status: RunStatus;
  progress: { step: string | null; done: number; total: number };
  inputs: RunInput[];
  definitions: RunDefinition[];
  views: { name: string; rows: number }[];
  resultRows: number | null;
  unmappedRows: number | null;
  recorded: number | null;
  superseded: number | null;
  errors: ErrorDetail[];
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

const COLUMNS = `id, strategy_id AS "strategyId", source, status,
  json_build_object('step', step, 'done', done, 'total', total) AS progress,
  inputs, definitions, views, result_rows AS "resultRows", unmapped_rows AS "unmappedRows", recorded, superseded, errors,
  requested_by AS "requestedBy", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
  (extract(epoch FROM finished_at - started_at) * 1000)::int AS "durationMs"`;

/** Queues a run; refused (`run_in_progress`) while another run of the strategy is queued or running. */
export async function createRun(tx: Queryable, strategyId: string, source: string, actor: string): Promise<FhirRun> {
  try {
    const [row] = await tx.query<FhirRun>(
      `INSERT INTO fhir_runs (id, strategy_id, source, status, requested_by) VALUES ($1, $2, $3, 'queued', $4) RETURNING ${COLUMNS}`,
      [randomUUID(), strategyId, source, actor],
    );
    return row!;
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new Conflict("a computation of this strategy is already queued or running; wait for it to finish", [], "run_in_progress");
    }
    throw error;
  }
}

export async function getRun(db: Queryable, id: string): Promise<FhirRun> {
  const [row] = await db.query<FhirRun>(`SELECT ${COLUMNS} FROM fhir_runs WHERE id = $1`, [id]);
  if (!row) throw new NotFound(`no computation run ${id}`);
  return row;
}

export async function listRuns(db: Queryable, strategyId: string, limit = 50): Promise<FhirRun[]> {
  return db.query<FhirRun>(`SELECT ${COLUMNS} FROM fhir_runs WHERE strategy_id = $1 ORDER BY created_at DESC LIMIT $2`, [strategyId, limit]);
}

/** Starts a queued run; false when it is no longer queued (e.g. failed by the watchdog meanwhile). */
export async function markRunning(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(`UPDATE fhir_runs SET status = 'running', started_at = now() WHERE id = $1 AND status = 'queued' RETURNING id`, [id]);
  return rows.length > 0;
}

export async function reportProgress(db: Queryable, id: string, step: string, done: number, total: number): Promise<void> {
  await db.query(`UPDATE fhir_runs SET step = $2, done = $3, total = $4 WHERE id = $1`, [id, step, done, total]);
}

export async function finishRun(
  tx: Queryable,
  id: string,
  r: {
    inputs: RunInput[];
    definitions: RunDefinition[];
    views: { name: string; rows: number }[];
    resultRows: number;
    unmappedRows: number;
    recorded: number;
    superseded: number;
  },
): Promise<void> {
  const rows = await tx.query(
    `UPDATE fhir_runs SET status = 'succeeded', step = 'done', finished_at = now(), inputs = $2, definitions = $3, views = $4,
            result_rows = $5, unmapped_rows = $6, recorded = $7, superseded = $8
      WHERE id = $1 AND status = 'running' RETURNING id`,
    [id, storable(r.inputs), storable(r.definitions), storable(r.views), r.resultRows, r.unmappedRows, r.recorded, r.superseded],
  );
  // A run the watchdog has failed meanwhile must not write: its transaction is rolled back.
  if (rows.length === 0) throw new Conflict(`the computation run ${id} was ended before it finished; nothing was changed`, [], "run_ended");
}

/** Records a run's failure, unless it has ended already (the first end stands). Returns whether it did. */
export async function failRun(db: Queryable, id: string, errors: readonly ErrorDetail[], inputs: readonly RunInput[] = []): Promise<boolean> {
  const rows = await db.query(
    `UPDATE fhir_runs SET status = 'failed', finished_at = now(), errors = $2, inputs = CASE WHEN $3::jsonb = '[]' THEN inputs ELSE $3::jsonb END
      WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
    [id, storable(errors), storable(inputs)],
  );
  return rows.length > 0;
}

/**
 * Fails a strategy's runs that are queued or running but not carried out by this process (`active`)
 * and began longer ago than `olderThanMs`: their worker died (a process killed mid-run). Returns
 * their ids. For one server process; a run of another process (`veivalg compute`) is spared until
 * it is that old.
 */
export async function failAbandonedRuns(db: Queryable, strategyId: string, active: readonly string[], olderThanMs: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE fhir_runs SET status = 'failed', finished_at = now(), errors = $4
      WHERE strategy_id = $1 AND status IN ('queued', 'running') AND id <> ALL($2::uuid[])
        AND coalesce(started_at, created_at) < now() - $3::float8 * interval '1 millisecond'
      RETURNING id`,
    [
      strategyId,
      active,
      olderThanMs,
      storable([{ path: "run", message: `the run's worker stopped without recording its end (no sign of it for ${Math.round(olderThanMs / 60_000)} minutes); nothing was changed` }]),
    ],
  );
  return rows.map((r) => r.id);
}

/**
 * JSON that PostgreSQL can store: text and jsonb hold no NUL, and jsonb no lone surrogate, so such
 * characters (quoted from a faulty line, say) are written out rather than failing the write.
 */
function storable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "string"
      ? v
          .replace(/\u0000/g, "\\u0000")
          .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
      : v,
  );
}

/** Runs a stopped server left queued or running: they will not finish, so say so. Returns how many. */
export async function failInterruptedRuns(db: Queryable): Promise<number> {
  const rows = await db.query(
    `UPDATE fhir_runs SET status = 'failed', finished_at = now(),
            errors = '[{"path": "run", "message": "the server stopped before the run finished; nothing was changed"}]'
      WHERE status IN ('queued', 'running') RETURNING id`,
  );
  return rows.length;
}

export interface Binding {
  keyResultId: string;
  definitionVersion: number;
  definitionHash: string;
  countsAre: "persons" | "events" | "types";
  suppressSmallCounts: boolean;
}

/**
 * Records which definition each key result was computed by, in the run's transaction. When whether
 * small counts are hidden changes, the strategy's status pages change too: its data revision moves
 * so cached pages are built again.
 */
export async function bindKeyResults(tx: Queryable, runId: string, bindings: readonly Binding[]): Promise<void> {
  if (bindings.length === 0) return;
  const changed = await tx.query<{ strategyId: string }>(
    `WITH b AS (
       SELECT b."keyResultId"::uuid AS key_result_id, b."definitionVersion", b."definitionHash", b."countsAre", b."suppressSmallCounts"
         FROM json_to_recordset($2::json) AS b("keyResultId" text, "definitionVersion" int, "definitionHash" text, "countsAre" text, "suppressSmallCounts" boolean)),
     before AS (SELECT key_result_id, suppress_small_counts FROM key_result_fhir_bindings WHERE key_result_id IN (SELECT key_result_id FROM b)),
     up AS (
       INSERT INTO key_result_fhir_bindings (key_result_id, definition_version, definition_hash, counts_are, suppress_small_counts, run_id)
       SELECT key_result_id, "definitionVersion", "definitionHash", "countsAre", "suppressSmallCounts", $1 FROM b
       ON CONFLICT (key_result_id) DO UPDATE SET definition_version = EXCLUDED.definition_version, definition_hash = EXCLUDED.definition_hash,
         counts_are = EXCLUDED.counts_are, suppress_small_counts = EXCLUDED.suppress_small_counts, run_id = EXCLUDED.run_id
       RETURNING 1)
     SELECT DISTINCT k.strategy_id AS "strategyId"
       FROM b JOIN key_results k ON k.id = b.key_result_id LEFT JOIN before o ON o.key_result_id = b.key_result_id
      WHERE o.suppress_small_counts IS DISTINCT FROM b."suppressSmallCounts"`,
    [runId, JSON.stringify(bindings)],
  );
  if (changed.length > 0) {
    await tx.query("UPDATE strategies SET data_revision = data_revision + 1 WHERE id = ANY($1::text[])", [changed.map((c) => c.strategyId)]);
  }
}

export interface CurrentMeasurement {
  keyResultId: string;
  organisationId: string;
  period: string;
  breakdownKey: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** The current measurements of these key results, to write only what a run changes. */
export async function currentMeasurements(db: Queryable, keyResultIds: readonly string[]): Promise<CurrentMeasurement[]> {
  return db.query<CurrentMeasurement>(
    `SELECT key_result_id AS "keyResultId", organisation_id AS "organisationId", period, breakdown_key AS "breakdownKey",
            value::float8 AS value, numerator::float8 AS numerator, denominator::float8 AS denominator
       FROM measurements WHERE key_result_id = ANY($1::uuid[]) AND superseded_at IS NULL`,
    [keyResultIds],
  );
}

/** Organisations and their identifiers (system → value), to map FHIR Organizations to them. */
export async function organisationIdentifiers(db: Queryable): Promise<{ id: string; identifiers: Record<string, string> }[]> {
  return db.query(`SELECT id, identifiers FROM organisations ORDER BY id`);
}
