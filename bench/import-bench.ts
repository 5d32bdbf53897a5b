/**
 * Figure 1: a 1 M-row CSV import through importMeasurementFile (parse, validate, write, totals) against
 * a bare COPY of the same bytes into an unindexed table of text columns on the same database.
 */
import { systemReporting } from "../server/src/access/system.js";
import { appendFileSync, rmSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Db } from "../server/src/data/db.js";
import { fileLocator, readMeasurementFile } from "../server/src/imports/measurement-file.js";
import { importMeasurementFile, type ImportPreview } from "../server/src/services/imports.js";
import { measurementContext, validateAll } from "../server/src/services/measurements.js";
import type { BenchConfig } from "./config.js";
import { measurementCopyText, writeImportCsv, type CsvFile, type RowsSpec } from "./csv.js";
import { label, Recorder, timedDb, type DbEvent } from "./timed-db.js";
import { MEASUREMENT_COLUMNS, type Installation } from "./setup.js";

export interface TimelineStep {
  step: string;
  ms: number;
  /** Share of the whole import. */
  share: number;
}

export interface ImportFigure {
  kind: "append" | "correct";
  file: { name: string; rows: number; megabytes: number; periods: string };
  importSeconds: number;
  importRowsPerSecond: number;
  copySeconds: number;
  copyRowsPerSecond: number;
  /** import time / bare COPY time; target ≤ 2.0. */
  ratio: number;
  targetMet: boolean;
  /**
   * Appends only: the same rows, already converted, COPYed straight into `measurements` with its
   * indexes and foreign keys, then rolled back — what writing the rows costs before any import logic.
   */
  measurementsCopySeconds?: number | undefined;
  /** What that COPY maintains: indexes, foreign keys and other triggers on `measurements`. */
  measurementsTable?: { indexes: number; foreignKeys: number; triggers: number } | undefined;
  recorded: number;
  corrections: number;
  timeline: TimelineStep[];
  /** The service's JavaScript steps timed again on their own, with the same input. */
  separately: { measurementContextMs: number; readMeasurementFileMs: number; validateAllMs: number };
  /** Peak resident memory of the process so far, MB. */
  maxRssMB: number;
  /** The plan each writing statement got in the timed run, as its first plan nodes. */
  plans: { statement: string; nodes: string }[];
}

/** The first plan nodes, e.g. "Update on measurements m ← Merge Join ← Index Scan using measurements_history on measurements m". */
export function planNodes(plan: string, max = 5): string {
  return plan
    .split("\n")
    .filter((l) => l.includes("(cost="))
    .slice(0, max)
    .map((l) => l.replace(/^\s*(->\s*)?/, "").replace(/\s*\(cost=.*$/, ""))
    .join(" ← ");
}

export interface ImportResults {
  figures: ImportFigure[];
  /** Plans of the timed imports' statements, and with --explain-import EXPLAIN ANALYZE of each. */
  explainFile: string;
}

const NAMES: [RegExp, string][] = [
  [/^SELECT 1 FROM strategies/, "check the strategy exists"],
  [/^SELECT k\.id, k\.code, v\.aggregation/, "measurementContext: key results"],
  [/FROM organisations ORDER BY/, "listOrganisations"],
  [/^CREATE TEMP TABLE staged_measurements/, "CREATE TEMP TABLE staged_measurements"],
  [/^COPY staged_measurements/, "COPY … staged_measurements (FORMAT text)"],
  [/UPDATE measurements m SET superseded_at/, "supersede: UPDATE measurements … FROM staged (current rows)"],
  [/INSERT INTO measurements/, "INSERT INTO measurements … SELECT … key_result_version_at()"],
  [/^CREATE TEMP TABLE touched/, "CREATE TEMP TABLE touched AS SELECT DISTINCT …"],
  [/^DELETE FROM measurement_totals/, "DELETE FROM measurement_totals USING touched"],
  [/^INSERT INTO measurement_totals/, "INSERT INTO measurement_totals … GROUP BY (re-aggregate touched)"],
];

export function statementName(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  for (const [re, name] of NAMES) if (re.test(flat)) return name;
  return label(flat, 70);
}

/** The import as a sequence of statements and the JavaScript (or driver) time between them. */
function timeline(events: DbEvent[], t0: number, t1: number): TimelineStep[] {
  const total = t1 - t0;
  const steps: TimelineStep[] = [];
  const push = (step: string, ms: number) => {
    if (ms > 0.05) steps.push({ step, ms, share: ms / total });
  };
  const tx = events.find((e) => e.kind === "transaction");
  const statements = events.filter((e) => e.kind !== "transaction").sort((a, b) => a.start - b.start);
  let cursor = t0;
  for (const e of statements) {
    if (tx && e.start >= tx.start && cursor <= tx.start) {
      push("JS: readMeasurementFile + validateAll + preview", tx.start - cursor);
      push("pool connect + BEGIN", e.start - tx.start);
    } else {
      const next = statementName(e.sql);
      push(next.startsWith("COPY") ? "JS: build COPY text (recordMeasurements)" : `JS/driver between statements`, e.start - cursor);
    }
    const mb = e.bytes ? ` (${(e.bytes / 1e6).toFixed(0)} MB)` : "";
    if (e.kind === "explain") push(`EXPLAIN (plan only, recorded) of: ${statementName(e.sql)}`, e.end - e.start);
    else push(`SQL: ${statementName(e.sql)}${mb}`, e.end - e.start);
    cursor = e.end;
  }
  if (tx && tx.end > cursor) {
    push("COMMIT", tx.end - cursor);
    cursor = tx.end;
  }
  push("return", t1 - cursor);
  return steps;
}

async function bareCopy(db: Db, file: CsvFile): Promise<number> {
  await db.exec("DROP TABLE IF EXISTS bench_copy_baseline");
  await db.exec(
    `CREATE TABLE bench_copy_baseline (nokkelresultat text, organisasjon text, periode text, verdi text, teller text, nevner text, enhet text)`,
  );
  const t0 = performance.now();
  await db.copyIn("bench_copy_baseline", "(FORMAT csv, DELIMITER ';', HEADER true)", file.bytes);
  const seconds = (performance.now() - t0) / 1000;
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM bench_copy_baseline");
  if (row?.n !== file.rows) throw new Error(`bare COPY loaded ${row?.n} rows, the file has ${file.rows}`);
  await db.exec("DROP TABLE bench_copy_baseline");
  return seconds;
}

/** COPY of the rows as `measurements` COPY text into the real table, rolled back. */
async function measurementsCopy(db: Db, text: string): Promise<number> {
  const rollback = new Error("rollback");
  const t0 = performance.now();
  let seconds = 0;
  await db
    .transaction(async (tx) => {
      await tx.copyIn(`measurements (${MEASUREMENT_COLUMNS})`, "(FORMAT text)", text);
      seconds = (performance.now() - t0) / 1000;
      throw rollback;
    })
    .catch((err: unknown) => {
      if (err !== rollback) throw err;
    });
  return seconds;
}

async function vacuum(db: Db): Promise<void> {
  await db.exec("VACUUM (ANALYZE) measurements");
  await db.exec("VACUUM (ANALYZE) measurement_totals");
}

async function timeImport(
  db: Db,
  inst: Installation,
  file: CsvFile,
  kind: ImportFigure["kind"],
  explainFile: string,
  log: (line: string) => void,
): Promise<ImportFigure> {
  const rec = new Recorder();
  // The plan of each writing statement as it is about to run (plain EXPLAIN, ~1 ms each): plans can flip with statistics.
  rec.planFirst = writing;
  const timed = timedDb(db, rec);
  log(`  importing ${file.name}: ${file.rows.toLocaleString("en")} rows, ${(file.bytes.length / 1e6).toFixed(1)} MB, ${file.firstPeriod} … ${file.lastPeriod}`);
  const t0 = performance.now();
  const preview: ImportPreview = await importMeasurementFile(timed, inst.strategyId, { bytes: file.bytes, name: file.name }, { dryRun: false, actor: "bench", access: systemReporting("bench") });
  const t1 = performance.now();
  const importSeconds = (t1 - t0) / 1000;
  if (preview.rows !== file.rows) throw new Error(`the import recorded ${preview.rows} rows, the file has ${file.rows}`);
  const expectCorrections = kind === "correct" ? file.rows : 0;
  if (preview.corrections !== expectCorrections) {
    throw new Error(`the ${kind} import superseded ${preview.corrections} rows, expected ${expectCorrections}`);
  }
  log(`    import: ${importSeconds.toFixed(2)} s (${Math.round(file.rows / importSeconds).toLocaleString("en")} rows/s), ${preview.corrections.toLocaleString("en")} corrections`);
  const maxRssMB = process.resourceUsage().maxRSS / 1024;

  // The service's own steps again, one by one, on the same input.
  let m = performance.now();
  const ctx = await measurementContext(db, inst.strategyId);
  const measurementContextMs = performance.now() - m;
  const dimensionKeys = [...new Set(ctx.keyResults.flatMap((k) => k.dimensions.map((d) => d.key)))];
  m = performance.now();
  const parsed = await readMeasurementFile(file.bytes, file.name, dimensionKeys);
  const readMeasurementFileMs = performance.now() - m;
  m = performance.now();
  validateAll(
    ctx,
    parsed.records.map((r) => r.raw),
    (i, field) => fileLocator(parsed, parsed.records[i]!)(field),
  );
  const validateAllMs = performance.now() - m;

  appendFileSync(explainFile, `\n######## plans chosen in the timed ${kind} import of ${file.name} (${file.rows} rows): plain EXPLAIN just before each statement\n`);
  for (const p of rec.plans) appendFileSync(explainFile, `\n---- ${statementName(p.sql)}\n\n${p.plan}\n`);
  const copySeconds = await bareCopy(db, file);
  log(`    bare COPY: ${copySeconds.toFixed(2)} s → ratio ${(importSeconds / copySeconds).toFixed(2)}×`);
  return {
    kind,
    file: { name: file.name, rows: file.rows, megabytes: file.bytes.length / 1e6, periods: `${file.firstPeriod} … ${file.lastPeriod}` },
    importSeconds,
    importRowsPerSecond: file.rows / importSeconds,
    copySeconds,
    copyRowsPerSecond: file.rows / copySeconds,
    ratio: importSeconds / copySeconds,
    targetMet: importSeconds / copySeconds <= 2.0,
    recorded: preview.rows,
    corrections: preview.corrections,
    timeline: timeline(rec.events, t0, t1),
    separately: { measurementContextMs, readMeasurementFileMs, validateAllMs },
    maxRssMB,
    plans: rec.plans.map((p) => ({ statement: statementName(p.sql), nodes: planNodes(p.plan) })),
  };
}

const writing = (sql: string) => /^\s*(WITH|UPDATE|INSERT|DELETE)\b/i.test(sql) || /^\s*CREATE TEMP TABLE \w+ ON COMMIT DROP AS\b/i.test(sql);

/** A rolled-back import with EXPLAIN ANALYZE in place of each writing statement; the plans go to `out`. */
async function explainImport(db: Db, inst: Installation, file: CsvFile, title: string, out: string): Promise<void> {
  const rec = new Recorder();
  rec.explain = writing;
  await importMeasurementFile(timedDb(db, rec), inst.strategyId, { bytes: file.bytes, name: file.name }, { dryRun: true, actor: "bench", access: systemReporting("bench") });
  appendFileSync(out, `\n######## ${title}: ${file.name}, ${file.rows} rows (rolled back)\n`);
  for (const p of rec.plans) appendFileSync(out, `\n---- ${statementName(p.sql)}\n${p.sql.replace(/\s+/g, " ").trim()}\n\n${p.plan}\n`);
}

export async function runImportBench(
  db: Db,
  inst: Installation,
  cfg: BenchConfig,
  dir: string,
  stamp: string,
  log: (line: string) => void,
): Promise<ImportResults> {
  const figures: ImportFigure[] = [];
  const files: CsvFile[] = [];
  const perMonthNew = inst.keyResults.length * inst.organisations.length * inst.dimensionValues.length;
  const perMonthOld = inst.keyResults.length * inst.organisations.length * cfg.valuesLoaded;
  const explainFile = `${dir}/explain-import-${stamp}.txt`;
  try {
    writeFileSync(explainFile, `Plans of the import's writing statements (${stamp})\n`);
    await vacuum(db);

    // Appends: months after the background, every breakdown value.
    const appendSpec: RowsSpec = { firstMonth: cfg.months, rows: cfg.importRows, values: inst.dimensionValues.length, salt: 0 };
    const append = writeImportCsv(inst, cfg, dir, `import-append-${stamp}.csv`, appendSpec);
    files.push(append);
    // First the floor: the same rows written straight into measurements, rolled back.
    const [measurementsTable] = await db.query<{ indexes: number; foreignKeys: number; triggers: number }>(
      `SELECT (SELECT count(*)::int FROM pg_index WHERE indrelid = 'measurements'::regclass) AS indexes,
              (SELECT count(*)::int FROM pg_constraint WHERE conrelid = 'measurements'::regclass AND contype = 'f') AS "foreignKeys",
              (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = 'measurements'::regclass AND NOT tgisinternal) AS triggers`,
    );
    const measurementsCopySeconds = await measurementsCopy(db, measurementCopyText(inst, cfg, appendSpec));
    log(
      `  COPY of the same ${append.rows.toLocaleString("en")} rows straight into measurements (${measurementsTable!.indexes} indexes, ` +
        `${measurementsTable!.foreignKeys} foreign keys; rolled back): ${measurementsCopySeconds.toFixed(2)} s`,
    );
    await vacuum(db);
    figures.push({ ...(await timeImport(db, inst, append, "append", explainFile, log)), measurementsCopySeconds, measurementsTable });

    // Corrections: the latest background months again, with other values; every row supersedes one.
    let correct: CsvFile | undefined;
    if (cfg.corrections) {
      const rows = Math.min(cfg.importRows, inst.backgroundRows);
      const months = Math.ceil(rows / perMonthOld);
      correct = writeImportCsv(inst, cfg, dir, `import-correct-${stamp}.csv`, {
        firstMonth: cfg.months - months,
        rows,
        values: cfg.valuesLoaded,
        salt: 1,
      });
      files.push(correct);
      await vacuum(db);
      figures.push(await timeImport(db, inst, correct, "correct", explainFile, log));
    }

    if (cfg.explainImport) {
      log(`  EXPLAIN ANALYZE of the import statements (rolled back) → ${explainFile}`);
      await vacuum(db);
      // The same situation as the append: months nobody has reported yet.
      const monthsUsed = Math.ceil(cfg.importRows / perMonthNew);
      const append2 = writeImportCsv(inst, cfg, dir, `import-append2-${stamp}.csv`, {
        firstMonth: cfg.months + monthsUsed,
        rows: cfg.importRows,
        values: inst.dimensionValues.length,
        salt: 0,
      });
      files.push(append2);
      // Diagnostics only: a failure here is reported, and the figures above stand.
      try {
        await explainImport(db, inst, append2, "append", explainFile);
        if (correct) await explainImport(db, inst, correct, "correct", explainFile);
      } catch (err) {
        log(`  !!! EXPLAIN ANALYZE pass failed: ${err instanceof Error ? err.message : String(err)}`);
        appendFileSync(explainFile, `\n!!! EXPLAIN ANALYZE pass failed: ${String(err)}\n`);
      }
    }
  } finally {
    if (!cfg.keepFiles) for (const f of files) rmSync(f.path, { force: true });
  }
  return { figures, explainFile };
}
