import { NotFound } from "../domain/errors.js";
import type { MeasurementInput } from "../domain/measurement-input.js";
import { assertComputable, countsByPeriod, measurementsToWrite, type Computation, type CurrentValue, type MonthCount } from "../domain/portfolio/computed.js";
import type { Aggregation, Dimension, Frequency } from "../domain/strategy.js";
import type { Queryable } from "./db.js";
import { recordMeasurements } from "./measurements.js";

const MONTH = (day: string) => `to_char(${day}, 'YYYY-MM')`;

/** Each query of the catalogue as one statement over the portfolio of strategy $1: counts per organisation and month. */
function compile(c: Computation): { sql: string; params: unknown[] } {
  switch (c.query) {
    case "initiatives_entered_phase":
      return {
        sql: `SELECT i.organisation_id AS "organisationId", ${MONTH("d.meeting_date")} AS month, count(DISTINCT i.id)::int AS count
                FROM gate_decisions d JOIN initiatives i ON i.id = d.initiative_id
               WHERE i.strategy_id = $1 AND d.outcome = 'approved' AND d.to_phase = $2
                 AND ($3::text[] IS NULL OR i.kind = ANY($3)) AND ($4::text[] IS NULL OR i.tags && $4)
               GROUP BY 1, 2`,
        params: [c.params.phase, c.params.kinds ?? null, c.params.tags ?? null],
      };
    case "adoptions":
      return {
        sql: `SELECT a.organisation_id AS "organisationId", ${MONTH("a.adopted_on")} AS month, count(*)::int AS count
                FROM adoptions a JOIN initiatives i ON i.id = a.initiative_id
               WHERE i.strategy_id = $1
               GROUP BY 1, 2`,
        params: [],
      };
    case "ros_performed_or_reused":
      return {
        sql: `SELECT i.organisation_id AS "organisationId", ${MONTH("e.day")} AS month, count(*)::int AS count
                FROM (SELECT initiative_id, performed_on AS day FROM ros_analyses
                      UNION ALL SELECT initiative_id, reused_on FROM ros_reuses) e
                JOIN initiatives i ON i.id = e.initiative_id
               WHERE i.strategy_id = $1
               GROUP BY 1, 2`,
        params: [],
      };
  }
}

type Binding = Computation & {
  keyResultId: string;
  code: string;
  frequency: Frequency;
};

/**
 * Brings the measurements of every computed key result of the strategy in line with its portfolio,
 * in the caller's transaction: call it in every write that changes what a query counts (gate
 * decisions, adoptions, ROS analyses and their reuse). Writes (source `computed`, by `actor`) only
 * what differs, so a rerun writes nothing. Returns how many measurements it wrote.
 */
export async function refreshComputed(tx: Queryable, strategyId: string, actor: string): Promise<number> {
  // One refresh per strategy at a time: a second waits, and then counts what the first committed.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('computed:' || $1))", [strategyId]);
  const bindings = await tx.query<Binding>(
    `SELECT c.key_result_id AS "keyResultId", k.code, v.frequency, c.query, c.params
       FROM key_result_computations c
       JOIN key_results k ON k.id = c.key_result_id
       JOIN key_result_versions v ON v.key_result_id = k.id AND v.version = k.current_version
      WHERE k.strategy_id = $1 AND k.retired_from IS NULL`,
    [strategyId],
  );
  const inputs: MeasurementInput[] = [];
  for (const b of bindings) {
    const { sql, params } = compile(b);
    const counts = await tx.query<MonthCount>(sql, [strategyId, ...params]);
    const current = await tx.query<CurrentValue>(
      `SELECT organisation_id AS "organisationId", period, sum(value) AS value, bool_and(source = 'computed') AS computed
         FROM measurements
        WHERE key_result_id = $1 AND grain = $2 AND superseded_at IS NULL
        GROUP BY 1, 2`,
      [b.keyResultId, b.frequency],
    );
    for (const w of measurementsToWrite(countsByPeriod(counts, b.frequency), current)) {
      inputs.push({
        keyResultId: b.keyResultId,
        keyResultCode: b.code,
        organisationId: w.organisationId,
        period: w.period,
        value: w.value,
        numerator: null,
        denominator: null,
        comment: null,
        breakdown: {},
        breakdownKey: "",
      });
    }
  }
  const result = await recordMeasurements(tx, inputs, { source: "computed", actor });
  return result.recorded;
}

export interface ComputationBinding {
  keyResultId: string;
  code: string;
  query: Computation["query"];
  params: Computation["params"];
  boundBy: string;
  boundAt: string;
}

const BINDING = `c.key_result_id AS "keyResultId", k.code, c.query, c.params, c.bound_by AS "boundBy", c.bound_at AS "boundAt"`;

/** Binds a key result to a query of the catalogue (replacing any binding it had); the caller then refreshes. */
export async function bindComputation(tx: Queryable, keyResultId: string, c: Computation, actor: string): Promise<{ before: ComputationBinding | null; after: ComputationBinding }> {
  const [kr] = await tx.query<{ code: string; aggregation: Aggregation; dimensions: Dimension[] }>(
    `SELECT k.code, v.aggregation, v.dimensions FROM key_results k
       JOIN key_result_versions v ON v.key_result_id = k.id AND v.version = k.current_version
      WHERE k.id = $1 FOR UPDATE OF k`,
    [keyResultId],
  );
  if (!kr) throw new NotFound(`no key result ${keyResultId}`);
  assertComputable(kr);
  const before = await readBinding(tx, keyResultId);
  await tx.query(
    `INSERT INTO key_result_computations (key_result_id, query, params, bound_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_result_id) DO UPDATE SET query = EXCLUDED.query, params = EXCLUDED.params, bound_by = EXCLUDED.bound_by, bound_at = now()`,
    [keyResultId, c.query, JSON.stringify(c.params), actor],
  );
  return { before, after: (await readBinding(tx, keyResultId))! };
}

/** Ends a key result's binding: its measurements stay as they are, and are no longer kept current. */
export async function unbindComputation(tx: Queryable, keyResultId: string): Promise<ComputationBinding> {
  const before = await readBinding(tx, keyResultId);
  if (!before) throw new NotFound(`key result ${keyResultId} is not computed from the portfolio`);
  await tx.query("DELETE FROM key_result_computations WHERE key_result_id = $1", [keyResultId]);
  return before;
}

async function readBinding(db: Queryable, keyResultId: string): Promise<ComputationBinding | null> {
  const [row] = await db.query<ComputationBinding>(`SELECT ${BINDING} FROM key_result_computations c JOIN key_results k ON k.id = c.key_result_id WHERE c.key_result_id = $1`, [keyResultId]);
  return row ?? null;
}

/** The computed key results of a strategy, in code order. */
export async function listComputations(db: Queryable, strategyId: string): Promise<ComputationBinding[]> {
  const rows = await db.query<ComputationBinding>(
    `SELECT ${BINDING} FROM key_result_computations c JOIN key_results k ON k.id = c.key_result_id WHERE k.strategy_id = $1`,
    [strategyId],
  );
  return rows.sort((a, b) => a.code.localeCompare(b.code, "nb", { numeric: true }));
}
