/**
 * Builds the large installation: migrate, organisations and the synthetic strategy through the
 * product's own functions, then the background measurements loaded fast (COPY text straight into
 * `measurements`, secondary indexes built afterwards, `measurement_totals` from one INSERT … SELECT
 * … GROUP BY that matches what recordMeasurements keeps). This is setup, not a measured import.
 */
import { performance } from "node:perf_hooks";
import type { Db } from "../server/src/data/db.js";
import { migrate } from "../server/src/data/migrate.js";
import { createStrategy, upsertOrganisations } from "../server/src/data/strategies.js";
import type { Period } from "../server/src/domain/period.js";
import type { Aggregation } from "../server/src/domain/strategy.js";
import type { BenchConfig } from "./config.js";
import { benchOrganisations, benchStrategy, DIMENSION_KEY, dimensionValues, monthAt, sample, STRATEGY_ID } from "./data.js";

export interface BenchKeyResult {
  id: string;
  versionId: string;
  code: string;
  aggregation: Aggregation;
  /** Position in generation order (seeds the values). */
  index: number;
}

export interface Installation {
  strategyId: string;
  organisations: { id: string; name: string; shortName: string; index: number }[];
  keyResults: BenchKeyResult[];
  dimensionValues: string[];
  months: Period[];
  backgroundRows: number;
  totalsRows: number;
  /** Seconds per setup step. */
  steps: Record<string, number>;
  seconds: number;
}

export const MEASUREMENT_COLUMNS =
  "key_result_id, key_result_version_id, organisation_id, period, period_start, period_end, grain, breakdown, breakdown_key, value, numerator, denominator, source, recorded_by";

const num = (n: number | null) => (n === null ? "\\N" : String(n));

export async function setUp(db: Db, cfg: BenchConfig, log: (line: string) => void): Promise<Installation> {
  const t0 = performance.now();
  const steps: Record<string, number> = {};
  let mark = t0;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = (now - mark) / 1000;
    mark = now;
    log(`  ${name}: ${steps[name]!.toFixed(1)} s`);
  };

  await migrate(db);
  step("migrate");

  const orgs = benchOrganisations(cfg);
  const input = benchStrategy(cfg);
  await db.transaction(async (tx) => {
    await upsertOrganisations(tx, orgs);
    await createStrategy(tx, input, "bench");
  });
  const rows = await db.query<{ id: string; versionId: string; code: string; aggregation: Aggregation }>(
    `SELECT k.id, v.id AS "versionId", k.code, v.aggregation
       FROM key_results k JOIN key_result_versions v ON v.key_result_id = k.id AND v.version = 1
      WHERE k.strategy_id = $1`,
    [STRATEGY_ID],
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const codes = input.sections.flatMap((s) => (s.keyResults ?? []).map((k) => k.code));
  const keyResults = codes.map((code, index) => ({ ...byCode.get(code)!, index }));
  step("organisations and strategy (createStrategy)");

  const values = dimensionValues(cfg);
  const months = Array.from({ length: cfg.months }, (_, i) => monthAt(cfg, i));
  const orgRefs = orgs.map((o, index) => ({ id: o.id, name: o.name, shortName: o.shortName, index }));

  // Secondary indexes are built once after the load (much faster than maintaining them row by row).
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'measurements' AND indexname <> 'measurements_pkey'`,
  );
  for (const ix of indexes) await db.exec(`DROP INDEX ${ix.indexname}`);
  // Foreign-key checks are skipped for the load where allowed (superuser): the generated references are valid.
  const [su] = await db.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
  const replica = su?.rolsuper === true;

  const perValue = values.slice(0, cfg.valuesLoaded).map((v) => `${JSON.stringify({ [DIMENSION_KEY]: v })}\t${DIMENSION_KEY}=${v}`);
  const chunkFor = (m: number): string => {
    const p = months[m]!;
    const periodCols = `${p.id}\t${p.start}\t${p.end}\t${p.grain}`;
    const lines: string[] = [];
    for (const kr of keyResults) {
      const krCols = `${kr.id}\t${kr.versionId}`;
      for (const o of orgRefs) {
        const head = `${krCols}\t${o.id}\t${periodCols}\t`;
        for (let v = 0; v < perValue.length; v++) {
          const s = sample(kr.aggregation, kr.index, o.index, m, v);
          lines.push(`${head}${perValue[v]}\t${num(s.value)}\t${num(s.numerator)}\t${num(s.denominator)}\timport\tbench-setup`);
        }
      }
    }
    return lines.join("\n") + "\n";
  };
  const copyChunk = (text: string) =>
    db.transaction(async (tx) => {
      if (replica) await tx.query("SET LOCAL session_replication_role = replica");
      await tx.copyIn(`measurements (${MEASUREMENT_COLUMNS})`, "(FORMAT text)", text);
    });
  // One month per COPY; two in flight, so generating the next overlaps loading the last.
  const inFlight: Promise<void>[] = [];
  let bytes = 0;
  const loadStart = performance.now();
  const tty = process.stdout.isTTY === true;
  for (let m = 0; m < months.length; m++) {
    const text = chunkFor(m);
    bytes += text.length;
    if (inFlight.length >= 2) await inFlight.shift();
    inFlight.push(copyChunk(text));
    if ((m + 1) % (tty ? 6 : 30) === 0 || m === months.length - 1) {
      const done = (m + 1) * keyResults.length * orgRefs.length * perValue.length;
      const text = `  loading: ${m + 1}/${months.length} months, ${done.toLocaleString("en")} rows, ${((performance.now() - loadStart) / 1000).toFixed(0)} s`;
      if (tty) process.stdout.write(`\r${text}   `);
      else log(text);
    }
  }
  await Promise.all(inFlight);
  if (tty) process.stdout.write("\n");
  const backgroundRows = months.length * keyResults.length * orgRefs.length * perValue.length;
  step(`COPY ${backgroundRows.toLocaleString("en")} background rows (${(bytes / 1e6).toFixed(0)} MB COPY text${replica ? ", FK triggers off" : ""})`);

  await db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("SET LOCAL work_mem = '512MB'");
    await tx.query(
      `INSERT INTO measurement_totals (key_result_id, organisation_id, period, period_start, period_end, grain, n,
                                       sum_value, sum_numerator, sum_denominator)
       SELECT key_result_id, organisation_id, period, min(period_start), min(period_end), min(grain), count(*),
              sum(value), sum(numerator), sum(denominator)
         FROM measurements WHERE superseded_at IS NULL
        GROUP BY key_result_id, organisation_id, period`,
    );
  });
  const [totals] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurement_totals");
  step(`measurement_totals (${totals!.n.toLocaleString("en")} rows, one INSERT … SELECT … GROUP BY)`);

  for (const ix of indexes) {
    await db.transaction(async (tx) => {
      if (db.kind === "postgres") await tx.query("SET LOCAL maintenance_work_mem = '1GB'");
      await tx.exec(ix.indexdef);
    });
  }
  step(`indexes (${indexes.map((i) => i.indexname).join(", ")})`);

  await db.exec("VACUUM (ANALYZE) measurements");
  await db.exec("VACUUM (ANALYZE) measurement_totals");
  await db.exec("ANALYZE");
  step("VACUUM ANALYZE");

  return {
    strategyId: STRATEGY_ID,
    organisations: orgRefs,
    keyResults,
    dimensionValues: values,
    months,
    backgroundRows,
    totalsRows: totals!.n,
    steps,
    seconds: (performance.now() - t0) / 1000,
  };
}
