import { randomUUID } from "node:crypto";
import { Conflict, Invalid, NotFound } from "../domain/errors.js";
import type { MeasurementInput } from "../domain/measurement-input.js";
import { periodsWithin, type Period } from "../domain/period.js";
import type { Partial } from "../domain/rollup.js";
import { copyField } from "./copy.js";
import type { Queryable } from "./db.js";

export type MeasurementSource = "manual" | "import" | "api" | "computed" | "demo";

export interface RecordOptions {
  source: MeasurementSource;
  actor: string;
  /** Per item (by index): the id of the current measurement the writer saw, or null for "none yet". */
  expectCurrent?: ReadonlyMap<number, number | null>;
  /** The batch's id when the caller names it (a FHIR run's measurements carry the run's id); new otherwise. */
  batchId?: string;
}

export interface RecordResult {
  batchId: string;
  recorded: number;
  superseded: number;
}


const STAGE_COLUMNS =
  "ord, key_result_id, organisation_id, period, period_start, period_end, grain, breakdown, breakdown_key, value, numerator, denominator, comment";

/**
 * Writes a batch of validated measurements in the caller's transaction: loads them with COPY into
 * a staging table, supersedes the current rows they correct, appends them, and brings
 * `measurement_totals` up to date for the key result × organisation × period groups touched.
 * Set-based throughout, so a million-row import is a handful of statements.
 */
export async function recordMeasurements(tx: Queryable, items: readonly MeasurementInput[], opts: RecordOptions): Promise<RecordResult> {
  const batchId = opts.batchId ?? randomUUID();
  if (items.length === 0) return { batchId, recorded: 0, superseded: 0 };
  // A second batch in the same transaction starts from clean staging tables.
  await tx.query("DROP TABLE IF EXISTS pg_temp.staged_measurements, pg_temp.touched");
  await tx.query(
    `CREATE TEMP TABLE staged_measurements (
       ord integer, key_result_id uuid, organisation_id text, period text, period_start date, period_end date, grain text,
       breakdown jsonb, breakdown_key text, value numeric, numerator numeric, denominator numeric, comment text
     ) ON COMMIT DROP`,
  );
  const lines: string[] = [];
  items.forEach((m, i) => {
    lines.push(
      [
        i,
        m.keyResultId,
        m.organisationId,
        m.period.id,
        m.period.start,
        m.period.end,
        m.period.grain,
        JSON.stringify(m.breakdown),
        m.breakdownKey,
        m.value,
        m.numerator,
        m.denominator,
        m.comment,
      ]
        .map(copyField)
        .join("\t"),
    );
  });
  await tx.copyIn(`staged_measurements (${STAGE_COLUMNS})`, "(FORMAT text)", lines.join("\n") + "\n");
  // Temporary tables get no statistics by themselves; without them the joins below are planned blind.
  await tx.query("ANALYZE staged_measurements");
  // Big batches aggregate in memory rather than spilling, and skip JIT compilation, which costs more
  // than it saves on these one-off statements.
  await tx.query("SET LOCAL work_mem = '64MB'");
  await tx.query("SET LOCAL jit = off");
  await tx.query(
    `CREATE TEMP TABLE touched ON COMMIT DROP AS
       SELECT DISTINCT key_result_id, organisation_id, period, false AS fresh FROM staged_measurements`,
  );

  // Claim the totals row of every group touched, in one order (key result, organisation, period), before
  // reading anything of them. A group without one (nothing current: totals are kept for every group
  // that has current rows) gets its row inserted with its final sums, those of the batch's rows, and
  // is marked fresh; an existing row is locked, not written (DO UPDATE … WHERE false locks the row it
  // meets). Concurrent writers of the same group queue here — a writer waits on another's uncommitted
  // row, inserted or locked, until that transaction ends — so each statement after this one reads what
  // the others committed (READ COMMITTED takes a snapshot per statement): the supersede sees the value
  // another wrote a moment ago, and the totals are summed from every current row, none missing, no key
  // inserted twice. One order for all keeps the waits free of deadlocks; row locks, unlike advisory
  // locks, take no room in the shared lock table, so an import claims tens of thousands of groups alike.
  const [claim] = await tx.query<{ existing: boolean }>(
    `WITH claimed AS (
       INSERT INTO measurement_totals AS t (key_result_id, organisation_id, period, period_start, period_end, grain, n,
                                            sum_value, sum_numerator, sum_denominator)
       SELECT key_result_id, organisation_id, period, min(period_start), min(period_end), min(grain), count(*),
              sum(value), sum(numerator), sum(denominator)
         FROM staged_measurements GROUP BY key_result_id, organisation_id, period
        ORDER BY key_result_id, organisation_id, period
       ON CONFLICT (key_result_id, organisation_id, period) DO UPDATE SET n = t.n WHERE false
       RETURNING t.key_result_id, t.organisation_id, t.period),
     marked AS (
       UPDATE touched g SET fresh = true FROM claimed c
        WHERE g.key_result_id = c.key_result_id AND g.organisation_id = c.organisation_id AND g.period = c.period
       RETURNING 1)
     SELECT (SELECT count(*) FROM marked) < (SELECT count(*) FROM touched) AS existing`,
  );
  await tx.query("ANALYZE touched");

  // Supersede and compare in one statement: what it returns is exactly what this batch overwrote (the
  // claim keeps every other writer of these groups out until this transaction ends). Only groups that
  // had a totals row (not fresh) can hold a current row to supersede; a batch of new periods only (the
  // usual append) skips the probe altogether.
  const supersede = `UPDATE measurements m SET superseded_at = now()
       FROM staged_measurements st JOIN touched g
         ON g.key_result_id = st.key_result_id AND g.organisation_id = st.organisation_id AND g.period = st.period AND NOT g.fresh
      WHERE m.superseded_at IS NULL AND m.key_result_id = st.key_result_id AND m.organisation_id = st.organisation_id
        AND m.period = st.period AND m.breakdown_key = st.breakdown_key`;
  let superseded = 0;
  if (!claim?.existing) {
    // Nothing is current in these groups: nothing to supersede, so only "expect none" holds.
    if (opts.expectCurrent) checkExpectations([], opts.expectCurrent);
  } else if (opts.expectCurrent && opts.expectCurrent.size > 0) {
    const replaced = await tx.query<{ ord: number; id: number }>(`${supersede} RETURNING st.ord, m.id`);
    checkExpectations(replaced, opts.expectCurrent);
    superseded = replaced.length;
  } else {
    const [row] = await tx.query<{ n: number }>(`WITH s AS (${supersede} RETURNING 1) SELECT count(*)::int AS n FROM s`);
    superseded = row?.n ?? 0;
  }
  try {
    // The joins are the reference check: a row whose key result version or organisation does not
    // exist is not inserted, and the count below then refuses the batch.
    const inserted = await tx.query<{ n: number }>(
      // MATERIALIZED: inlined, the version function would run twice per row instead of once per
      // key result and period (13 of 21 seconds on a million rows).
      `WITH v AS MATERIALIZED (
         SELECT key_result_id, period_start, version_id
           FROM (SELECT key_result_id, period_start, key_result_version_at(key_result_id, period_start) AS version_id
                   FROM (SELECT DISTINCT key_result_id, period_start FROM staged_measurements) d) x
          WHERE version_id IS NOT NULL),
       ins AS (
         INSERT INTO measurements (key_result_id, key_result_version_id, organisation_id, period, period_start, period_end, grain,
                                   breakdown, breakdown_key, value, numerator, denominator, source, comment, recorded_by, batch_id)
         SELECT st.key_result_id, v.version_id, st.organisation_id, st.period, st.period_start, st.period_end, st.grain,
                st.breakdown, st.breakdown_key, st.value, st.numerator, st.denominator, $1, st.comment, $2, $3
           FROM staged_measurements st
           JOIN v ON v.key_result_id = st.key_result_id AND v.period_start = st.period_start
           JOIN organisations o ON o.id = st.organisation_id
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [opts.source, opts.actor, batchId],
    );
    if (inserted[0]?.n !== items.length) {
      throw new Invalid("some measurements refer to a key result or organisation that does not exist; nothing was saved");
    }
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new Conflict(
        "another report for the same key result, organisation, period and breakdown was saved at the same moment; reload and try again",
        [],
        "concurrent_write",
      );
    }
    throw err;
  }
  await refreshTotals(tx, claim?.existing ?? true);
  return { batchId, recorded: items.length, superseded };
}

function checkExpectations(replaced: readonly { ord: number; id: number }[], expect: ReadonlyMap<number, number | null>): void {
  const overwrote = new Map(replaced.map((r) => [r.ord, r.id]));
  const stale = [...expect].filter(([ord, id]) => (overwrote.get(ord) ?? null) !== id);
  if (stale.length > 0) {
    throw new Conflict(
      "the measurements you are correcting have changed since you read them",
      stale.map(([ord, id]) => ({
        path: `items.${ord}.replaces`,
        message: `current measurement is ${overwrote.get(ord) ?? "none"}, not ${id ?? "none"}`,
      })),
      "stale_measurement",
    );
  }
}

/**
 * Re-aggregates the groups the batch touched that had current rows before it (fresh ones got their
 * sums when claimed), and marks the strategies of all it touched as changed. The claim holds their
 * totals rows, so every current row of them is committed or this transaction's own; each such group
 * has a current row still (the batch's own), so an update covers it.
 */
async function refreshTotals(tx: Queryable, existing: boolean): Promise<void> {
  if (existing) {
    await tx.query(
      `UPDATE measurement_totals t
          SET n = s.n, sum_value = s.sum_value, sum_numerator = s.sum_numerator, sum_denominator = s.sum_denominator
         FROM (SELECT m.key_result_id, m.organisation_id, m.period, count(*) AS n, sum(m.value) AS sum_value,
                      sum(m.numerator) AS sum_numerator, sum(m.denominator) AS sum_denominator
                 FROM measurements m JOIN touched g
                   ON m.key_result_id = g.key_result_id AND m.organisation_id = g.organisation_id AND m.period = g.period AND NOT g.fresh
                WHERE m.superseded_at IS NULL
                GROUP BY m.key_result_id, m.organisation_id, m.period) s
        WHERE t.key_result_id = s.key_result_id AND t.organisation_id = s.organisation_id AND t.period = s.period`,
    );
  }
  await tx.query(
    `UPDATE strategies SET data_revision = data_revision + 1
      WHERE id IN (SELECT DISTINCT k.strategy_id FROM key_results k JOIN touched t ON t.key_result_id = k.id)`,
  );
}

export interface MeasurementRow {
  id: number;
  keyResultId: string;
  keyResultVersion: number;
  organisation: string;
  period: string;
  breakdown: Record<string, string>;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  source: MeasurementSource;
  comment: string | null;
  recordedBy: string;
  recordedAt: string;
  supersededAt: string | null;
  /** The FHIR computation that computed it (source `computed` from FHIR data), else null. */
  runId: string | null;
}

export interface MeasurementQuery {
  organisation?: string | undefined;
  from?: Period | undefined;
  to?: Period | undefined;
  /** Reproduce what was reported as of this instant (ISO timestamp). */
  asOf?: string | undefined;
  /** Include superseded rows (the full correction history). */
  history?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function listMeasurements(db: Queryable, keyResultId: string, q: MeasurementQuery): Promise<MeasurementRow[]> {
  const exists = await db.query("SELECT 1 FROM key_results WHERE id = $1", [keyResultId]);
  if (exists.length === 0) throw new NotFound(`no key result ${keyResultId}`);
  return db.query<MeasurementRow>(
    `SELECT m.id, m.key_result_id AS "keyResultId", v.version AS "keyResultVersion", m.organisation_id AS organisation,
            m.period, m.breakdown, m.value, m.numerator, m.denominator, m.source, m.comment,
            m.recorded_by AS "recordedBy", m.recorded_at AS "recordedAt", m.superseded_at AS "supersededAt", r.id AS "runId"
       FROM measurements m JOIN key_result_versions v ON v.id = m.key_result_version_id
       LEFT JOIN fhir_runs r ON r.id = m.batch_id
      WHERE m.key_result_id = $1
        AND ($2::text IS NULL OR m.organisation_id = $2)
        AND ($3::date IS NULL OR m.period_start >= $3)
        AND ($4::date IS NULL OR m.period_end <= $4)
        AND CASE WHEN $5::timestamptz IS NOT NULL
                 THEN m.recorded_at <= $5 AND (m.superseded_at IS NULL OR m.superseded_at > $5)
                 WHEN $6::boolean THEN true
                 ELSE m.superseded_at IS NULL END
      ORDER BY m.period_start, m.organisation_id, m.breakdown_key, m.recorded_at, m.id
      LIMIT $7 OFFSET $8`,
    [keyResultId, q.organisation ?? null, q.from?.start ?? null, q.to?.end ?? null, q.asOf ?? null, q.history ?? false, q.limit, q.offset],
  );
}

export interface OwnPartial extends Partial {
  /** The period (of those asked for) the sums are for. */
  period: string;
  keyResultId: string;
  organisationId: string;
  periodsReported: number;
}

/** Per breakdown value: `slice` is the measurements' value of the dimension asked for (null where they have none). */
export interface SlicePartial extends OwnPartial {
  slice: string | null;
}

const TOTALS = "(SELECT *, NULL::text AS slice FROM measurement_totals)";

/** Current measurements of key result $8 in the candidate periods, summed per organisation, period and value of dimension $9. */
const SLICES = `(SELECT key_result_id, organisation_id, period, min(period_start) AS period_start, count(*)::int AS n, sum(value) AS sum_value,
                        sum(numerator) AS sum_numerator, sum(denominator) AS sum_denominator, breakdown->>$9::text AS slice
                   FROM measurements WHERE key_result_id = $8 AND superseded_at IS NULL AND period = ANY($5::text[])
                  GROUP BY key_result_id, organisation_id, period, 9)`;

/**
 * The sums for each of `periods`, per key result and organisation (and per value of a dimension
 * when `source` is SLICES), in one statement. Each period reads the key result version in effect at
 * its start; measurements reported for the period itself count where there are any for that key
 * result and organisation, otherwise those of the version's reporting grain lying inside it
 * (months into a quarter, quarters into a year). For `latest` only the last sub-period with data
 * counts. Parameters (partialsParams): $1 strategy, $2 and $3 the periods' ids and starts, $4–$7
 * the candidates (per period, every period lying inside it, with its grain and start), $8 one key
 * result or null.
 */
function partialsQuery(source: string): string {
  // The candidates make the join to the sums an equality on (key result, period start, period), an
  // exact lookup in measurement_totals_period, where a date range had the planner compare every
  // period with every row of the key result.
  return `WITH kr AS MATERIALIZED (
       SELECT p.id AS for_period, k.id, v.aggregation, v.frequency
         FROM unnest($2::text[], $3::date[]) AS p(id, start_date) CROSS JOIN key_results k
         JOIN key_result_versions v ON v.id = key_result_version_at(k.id, p.start_date)
        WHERE k.strategy_id = $1 AND ($8::uuid IS NULL OR k.id = $8::uuid)),
     src AS (
       SELECT t.key_result_id, t.organisation_id, t.period_start, t.n, t.sum_value, t.sum_numerator, t.sum_denominator, t.slice,
              kr.for_period, kr.aggregation, CASE WHEN t.period = kr.for_period THEN 0 ELSE 1 END AS prio
         FROM kr
         JOIN unnest($4::text[], $5::text[], $6::text[], $7::date[]) AS c(for_period, period, grain, start_date)
           ON c.for_period = kr.for_period AND (c.period = kr.for_period OR c.grain = kr.frequency)
         JOIN ${source} t ON t.key_result_id = kr.id AND t.period_start = c.start_date AND t.period = c.period),
     chosen AS (
       SELECT * FROM (
         SELECT src.*, rank() OVER (PARTITION BY for_period, key_result_id, organisation_id
                                    ORDER BY prio, CASE WHEN aggregation = 'latest' THEN period_start END DESC NULLS LAST) AS r
           FROM src) x
        WHERE r = 1)
     SELECT for_period AS period, key_result_id AS "keyResultId", organisation_id AS "organisationId", slice, sum(n)::int AS n,
            sum(sum_value) AS "sumValue", sum(sum_numerator) AS "sumNumerator", sum(sum_denominator) AS "sumDenominator",
            count(*)::int AS "periodsReported"
       FROM chosen GROUP BY for_period, key_result_id, organisation_id, slice`;
}

/** $1–$7 of partialsQuery. */
function partialsParams(strategyId: string, periods: readonly Period[]): unknown[] {
  const candidates = periods.flatMap((p) => periodsWithin(p).map((c) => ({ for: p.id, ...c })));
  return [
    strategyId,
    periods.map((p) => p.id),
    periods.map((p) => p.start),
    candidates.map((c) => c.for),
    candidates.map((c) => c.id),
    candidates.map((c) => c.grain),
    candidates.map((c) => c.start),
  ];
}

/**
 * Per period, key result of a strategy (or only `keyResultId`) and organisation, the sums from
 * `measurement_totals`, for all `periods` in one query (see partialsQuery for which measurements count).
 */
export async function periodPartials(
  db: Queryable,
  strategyId: string,
  periods: readonly Period[],
  keyResultId?: string,
): Promise<OwnPartial[]> {
  const rows = await db.query<SlicePartial>(partialsQuery(TOTALS), [...partialsParams(strategyId, periods), keyResultId ?? null]);
  return rows.map(({ slice: _slice, ...p }) => p);
}

/**
 * The same sums as periodPartials for one key result, split by the value its current measurements
 * give for `dimension`: the same measurements count, so the slices add up to the totals.
 */
export async function breakdownPartials(
  db: Queryable,
  strategyId: string,
  keyResultId: string,
  dimension: string,
  periods: readonly Period[],
): Promise<SlicePartial[]> {
  return db.query<SlicePartial>(partialsQuery(SLICES), [...partialsParams(strategyId, periods), keyResultId, dimension]);
}

export interface ReportingRecord {
  keyResultId: string;
  organisationId: string;
  /** Has a current measurement for the period asked about. */
  reported: boolean;
  /** Has a current measurement for a period that ended by the start of the one asked about. */
  reportedBefore: boolean;
}

/** For each key result and period asked about, the organisations with current measurements: for that period, and before it. */
export async function reportingRecord(db: Queryable, asked: readonly { keyResultId: string; period: Period }[]): Promise<ReportingRecord[]> {
  return db.query<ReportingRecord>(
    `SELECT a.key_result_id AS "keyResultId", t.organisation_id AS "organisationId",
            bool_or(t.period = a.period) AS reported, bool_or(t.period_end <= a.start_date) AS "reportedBefore"
       FROM unnest($1::uuid[], $2::text[], $3::date[]) AS a(key_result_id, period, start_date)
       JOIN measurement_totals t ON t.key_result_id = a.key_result_id
      GROUP BY a.key_result_id, t.organisation_id`,
    [asked.map((a) => a.keyResultId), asked.map((a) => a.period.id), asked.map((a) => a.period.start)],
  );
}

/** The period of the latest-ending current measurement of a key result for any of `organisations`; null when there is none. */
export async function latestReportedPeriod(db: Queryable, keyResultId: string, organisations: readonly string[]): Promise<string | null> {
  const [row] = await db.query<{ period: string }>(
    `SELECT period FROM measurements
      WHERE key_result_id = $1 AND organisation_id = ANY($2::text[]) AND superseded_at IS NULL
      ORDER BY period_end DESC, period_start DESC LIMIT 1`,
    [keyResultId, organisations],
  );
  return row?.period ?? null;
}
