/**
 * `npm run bench`: builds a large installation and prints the two figures of the issue — the CSV
 * import against a bare COPY, and the status route under load against a trivial route. Figures, not
 * pass/fail. See bench/README.md.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openPglite, openPostgres, type Db } from "../server/src/data/db.js";
import { readConfig, type BenchConfig } from "./config.js";
import { runImportBench, type ImportResults } from "./import-bench.js";
import { fixed, int, pct, table } from "./report.js";
import { setUp, type Installation } from "./setup.js";
import { P95_TARGET_MS, runStatusBench, type StatusResults } from "./status-bench.js";

const cfg = readConfig(process.argv.slice(2), process.env);
const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

if (cfg.engine === "postgres" && !url) {
  // No server given: run again under a throwaway cluster (Debian's postgresql binaries).
  if (process.env.VEIVALG_BENCH_REEXEC) throw new Error("scripts/with-postgres.sh did not set TEST_DATABASE_URL");
  const script = fileURLToPath(new URL("../scripts/with-postgres.sh", import.meta.url));
  const self = fileURLToPath(import.meta.url);
  console.log("No BENCH_DATABASE_URL or TEST_DATABASE_URL: starting a throwaway PostgreSQL cluster (scripts/with-postgres.sh).");
  const r = spawnSync(script, [process.execPath, ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, VEIVALG_BENCH_REEXEC: "1" },
  });
  process.exit(r.status ?? 1);
}

const log = (line: string) => console.log(line);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const dir = fileURLToPath(new URL("../.bench/", import.meta.url)).replace(/\/$/, "");
mkdirSync(dir, { recursive: true });

interface Opened {
  db: Db;
  where: string;
  cleanup(): Promise<void>;
}

async function open(config: BenchConfig): Promise<Opened> {
  if (config.engine === "pglite") {
    const db = await openPglite(undefined);
    return { db, where: "PGlite (in memory)", cleanup: () => db.close() };
  }
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres({ connectionString: url!, schema, max: config.poolMax });
  const safeUrl = url!.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, "//$1@");
  let done = false;
  return {
    db,
    where: `${safeUrl}, schema ${schema}`,
    async cleanup() {
      if (done) return;
      done = true;
      await db.close().catch(() => undefined);
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function machine(db: Db) {
  const cpus = os.cpus();
  const facts: Record<string, unknown> = {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "?",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
  const [v] = await db.query<{ version: string }>("SELECT version()");
  facts.database = v?.version ?? "?";
  const settings = await db.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'fsync', 'synchronous_commit',
                     'max_connections', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost')
      ORDER BY name`,
  );
  facts.settings = Object.fromEntries(
    settings.map((s) => {
      const n = Number(s.setting);
      if (s.unit === "8kB") return [s.name, `${Math.round((n * 8) / 1024)}MB`];
      if (s.unit === "kB") return [s.name, n >= 1024 ? `${Math.round(n / 1024)}MB` : `${n}kB`];
      return [s.name, s.setting];
    }),
  );
  return facts;
}

function printImport(results: ImportResults) {
  log("");
  log(`Figure 1 — CSV import (importMeasurementFile: parse + validate + write + totals) vs bare COPY of the same bytes; target ≤ 2.0×`);
  log(
    table(
      ["file", "rows", "MB", "import s", "rows/s", "bare COPY s", "rows/s", "ratio", "≤ 2.0×"],
      results.figures.map((f) => [
        `${f.kind} (${f.file.periods})`,
        int(f.file.rows),
        fixed(f.file.megabytes),
        fixed(f.importSeconds, 2),
        int(f.importRowsPerSecond),
        fixed(f.copySeconds, 2),
        int(f.copyRowsPerSecond),
        `${fixed(f.ratio, 2)}×`,
        f.targetMet ? "met" : "NOT MET",
      ]),
    ),
  );
  for (const f of results.figures) {
    if (f.measurementsCopySeconds === undefined) continue;
    log(
      `  floor for the ${f.kind}: the same rows, already converted, COPYed straight into measurements ` +
        `(its ${f.measurementsTable?.indexes ?? "?"} indexes, ${f.measurementsTable?.foreignKeys ?? "?"} foreign keys, ${f.measurementsTable?.triggers ?? "?"} other triggers; rolled back): ` +
        `${fixed(f.measurementsCopySeconds, 2)} s = ${fixed(f.measurementsCopySeconds / f.copySeconds, 1)}× the bare COPY; the import is ${fixed(f.importSeconds / f.measurementsCopySeconds, 1)}× that`,
    );
  }
  for (const f of results.figures) {
    log("");
    log(`Where the ${f.kind} import spends its ${fixed(f.importSeconds, 2)} s (statements as sent, JavaScript between them):`);
    log(table(["step", "ms", "share"], f.timeline.map((s) => [s.step, int(s.ms), pct(s.share)])));
    log(
      `  the JavaScript steps again on their own: measurementContext ${int(f.separately.measurementContextMs)} ms, ` +
        `readMeasurementFile ${int(f.separately.readMeasurementFileMs)} ms, validateAll ${int(f.separately.validateAllMs)} ms; ` +
        `peak RSS so far ${int(f.maxRssMB)} MB`,
    );
    log("  plans the writing statements got (first nodes):");
    for (const p of f.plans) log(`    ${p.statement}:\n      ${p.nodes}`);
  }
  log(`  plans (and with --explain-import, EXPLAIN ANALYZE of a rolled-back import of each kind): ${results.explainFile}`);
}

function printStatus(s: StatusResults) {
  log("");
  log(
    `Figure 2 — GET status under load: ${s.connections} keep-alive connections over 127.0.0.1, ` +
      `${s.warmupSeconds} s warm-up + ${s.durationSeconds} s measured per route, ` +
      `${s.database === "pglite" ? "PGlite (one connection, in the server's main thread)" : `pg pool ${s.poolMax}`}, ${s.loadWorkers} load worker(s)`,
  );
  if (s.serverCachesStatus) {
    log("  The server caches status pages: \"served\" is the route as built (cache hits, each validated by one revision lookup),");
    log("  \"computed\" the same routes with a cache that keeps nothing (every request computes the page, as right after a write).");
  }
  log(
    table(
      ["route", "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms", "non-200", "socket err", "KiB/resp", "req/s ÷ healthz", `p95 ≤ ${P95_TARGET_MS} ms`],
      s.routes.map((r) => [
        r.name,
        fixed(r.requestsPerSecond),
        fixed(r.latencyMs.mean),
        fixed(r.latencyMs.p50),
        fixed(r.latencyMs.p95),
        fixed(r.latencyMs.p99),
        fixed(r.latencyMs.max),
        int(r.non200),
        int(r.socketErrors),
        fixed(r.responseBytes / 1024),
        r.throughputRatioToHealthz === undefined ? "" : fixed(r.throughputRatioToHealthz, 4),
        r.p95TargetMet === undefined ? "" : r.p95TargetMet ? "met" : "NOT MET",
      ]),
    ),
  );
  for (const r of s.routes) {
    if (r.non200 > 0 || r.socketErrors > 0) {
      log(`  !!! ${r.name}: ${r.non200} non-200 responses ${JSON.stringify(r.statuses)}, ${r.socketErrors} socket errors ${JSON.stringify(r.socketErrorMessages)}`);
    }
  }
  log("");
  log(`CPU during each measured window, in cores busy (of ${s.routes[0]?.cpu?.cores ?? "?"}); "outside Node" is PostgreSQL if nothing else runs here:`);
  log(
    table(
      ["route", "machine", "server main thread", "its event loop busy", "load generator", "other Node threads", "outside Node"],
      s.routes.map((r) => [
        r.name,
        fixed(r.cpu?.systemBusy ?? NaN, 2),
        fixed(r.cpu?.serverMainThread ?? NaN, 2),
        r.cpu ? pct(r.cpu.serverEventLoopUtilization) : "–",
        fixed(r.cpu?.loadGenerator ?? NaN, 2),
        fixed(r.cpu?.nodeOtherThreads ?? NaN, 2),
        fixed(r.cpu?.outsideNode ?? NaN, 2),
      ]),
    ),
  );
  log("");
  log("One status call without load, statement by statement (the last three run in parallel, so they overlap):");
  for (const p of s.profiles) {
    log(`  period ${p.period}: ${fixed(p.meanCallMs, 2)} ms per call (mean of ${p.calls})`);
    log(
      table(
        ["    ms", "EXPLAIN ms", "rows", "statement"],
        p.statements.map((st) => [fixed(st.meanMs, 2), st.explainMs === undefined ? "" : fixed(st.explainMs, 2), int(st.rows), st.statement]),
        ["r", "r", "r", "l"],
      )
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n"),
    );
  }
  log(`  EXPLAIN (ANALYZE, BUFFERS) of each: ${s.explainFile}`);
}

async function main() {
  const opened = await open(cfg);
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    console.error("\ninterrupted: dropping the benchmark schema");
    void opened.cleanup().finally(() => process.exit(130));
  });
  try {
    const { db } = opened;
    const facts = await machine(db);
    const rows = cfg.organisations * cfg.keyResults * cfg.months * cfg.valuesLoaded;
    log(`Veivalg benchmark ${stamp} — ${opened.where}`);
    log(
      `Machine: ${facts.cores} cores (${facts.cpu}), ${facts.memoryGiB} GiB, ${facts.os}, Node ${facts.node}\n` +
        `Database: ${facts.database}\n  ${Object.entries(facts.settings as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(", ")}`,
    );
    log(
      `Installation: ${cfg.organisations} organisations × ${cfg.keyResults} key results × ${cfg.months} months × ${cfg.valuesLoaded} breakdown values ` +
        `= ${int(rows)} measurement rows (scale ${cfg.scale}); imports of ${int(cfg.importRows)} rows`,
    );
    log("Setup:");
    const inst: Installation = await setUp(db, cfg, log);
    log(`Setup took ${fixed(inst.seconds)} s.`);

    let status: StatusResults | undefined;
    let imports: ImportResults | undefined;
    // A figure that fails is reported and the run goes on, so the other figure is not lost.
    const failed: string[] = [];
    const attempt = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (err) {
        console.error(`\n!!! ${name} failed:`, err);
        failed.push(name);
        process.exitCode = 1;
        return undefined;
      }
    };
    if (cfg.only !== "import") {
      log("");
      log("Figure 2 (status under load) runs first, on the installation as set up:");
      status = await attempt("Figure 2", () => runStatusBench(db, inst, cfg, dir, stamp, log));
    }
    if (cfg.only !== "status") {
      log("");
      log("Figure 1 (imports):");
      imports = await attempt("Figure 1", () => runImportBench(db, inst, cfg, dir, stamp, log));
    }

    log("");
    log("=".repeat(100));
    log(`RESULTS — ${int(inst.backgroundRows)} background rows, setup ${fixed(inst.seconds)} s; ${facts.cores} cores, Node ${facts.node}, ${String(facts.database).split(",")[0]}`);
    if (imports) printImport(imports);
    if (status) printStatus(status);
    if (failed.length > 0) log(`\n!!! FAILED: ${failed.join(", ")} (see the error above)`);

    const file = `${dir}/results-${stamp}.json`;
    const { keyResults: _k, organisations: _o, dimensionValues: _d, months, ...installation } = inst;
    writeFileSync(
      file,
      JSON.stringify(
        {
          stamp,
          database: opened.where,
          config: cfg,
          machine: facts,
          installation: { ...installation, firstMonth: months[0]?.id, lastMonth: months[months.length - 1]?.id },
          import: imports,
          status,
        },
        null,
        2,
      ),
    );
    log("");
    log(`JSON: ${file}`);
  } finally {
    if (!interrupted) await opened.cleanup();
  }
}

await main();
