/**
 * `npm run bench`: builds a large installation and prints the figures of the issue — the CSV import
 * against a bare COPY, the status route under load against a trivial route, and the web app's
 * overview (JavaScript shipped, time to a rendered page). Figures, not pass/fail. See bench/README.md.
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
import { PORTFOLIO_P95_TARGET_MS, runPortfolioBench, type PortfolioResults } from "./portfolio-bench.js";
import { buildWebApp, runWebBench, type ShippedFile, type WebBuild, type WebResults } from "./web-bench.js";
import { TARGETS as OPTIMISER_TARGETS, runOptimiserBench, type OptimiserResults } from "./optimiser-bench.js";
import { NAIVE_SLOWER_EXPECTED, RATIO_TARGET, runFhirBench, type FhirResults } from "./fhir-bench.js";

const cfg = readConfig(process.argv.slice(2), process.env);
const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

if (cfg.engine === "postgres" && !url && cfg.only !== "optimiser" && cfg.only !== "fhir") {
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

function host(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "?",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

async function machine(db: Db) {
  const facts = host();
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

const kb = (bytes: number) => fixed(bytes / 1000, 1);

function printWeb(w: WebResults) {
  log("");
  log(`Figure 3 — the web app's overview (${w.url}), Vite production build, served by the real server, headless Chromium ${w.chromium}`);
  log("");
  log(
    `Initial JavaScript (every script that finished before the overview was rendered; a fresh context accepting gzip only): ` +
      `${kb(w.js.wireBytes)} KB gzip on the wire, ${kb(w.js.bytes)} KB uncompressed; target ≤ ${kb(w.js.targetBytes)} KB gzip: ${w.js.targetMet ? "met" : "NOT MET"}`,
  );
  const rows = (files: ShippedFile[]) =>
    files.map((f) => [f.path, f.encoding, kb(f.wireBytes), kb(f.bytes), kb(f.gzip9Bytes), f.gzip9Bytes ? pct(f.wireBytes / f.gzip9Bytes - 1) : "–", int(f.finishedMs)]);
  const header = ["file", "encoding", "KB wire", "KB uncompressed", "KB gzip -9 from disk", "wire vs -9", "done at ms"];
  log(table(header, [...rows(w.js.files), ["total JavaScript", "", kb(w.js.wireBytes), kb(w.js.bytes), kb(w.js.gzip9Bytes), w.js.gzip9Bytes ? pct(w.js.wireBytes / w.js.gzip9Bytes - 1) : "–", ""]]));
  log(`  CSS, for information (not in the budget): ${kb(w.css.wireBytes)} KB gzip on the wire, ${kb(w.css.bytes)} KB uncompressed`);
  log(table(header, rows(w.css.files)));
  if (w.laterScripts.length > 0) {
    log(`  scripts loaded after the overview was rendered (not counted): ${w.laterScripts.map((f) => `${f.path} ${kb(f.wireBytes)} KB`).join(", ")}`);
  }
  log("  What the counted chunks hold (source before minification, by package):");
  for (const c of w.chunks) {
    const top = c.parts.slice(0, 6).map((p) => `${p.what} ${pct(p.share)}`);
    log(`    ${c.file}: ${top.join(", ")}${c.parts.length > 6 ? `, … (${c.parts.length} in all)` : ""}`);
  }
  log("");
  log(
    `Time to a rendered overview (navigation start → [data-overview-ready] in the DOM, performance.now() in the page), ` +
      `each visit a fresh context (cold browser cache); target ≤ ${int(w.targetMs)} ms for the median of ${w.runs.length}`,
  );
  const all = [["cold", w.cold] as const, ...w.runs.map((r, i) => [String(i + 1), r] as const)];
  log(
    table(
      ["run", "ready ms", "responseEnd ms", "DOMContentLoaded ms", "last API answer ms", "JS KB wire (encoding)"],
      all.map(([name, r]) => [
        name,
        int(r.readyMs),
        int(r.responseEndMs),
        int(r.domContentLoadedMs),
        r.api.length > 0 ? int(Math.max(...r.api.map((a) => a.startMs + a.durationMs))) : "–",
        `${kb(r.scriptWireBytes)} (${r.scriptEncodings.join(", ")})`,
      ]),
    ),
  );
  // The API calls of each run, by path with the strategy id shortened: when each started and how long it took.
  const short = (path: string) => path.replace(/^\/api\/v1/, "").replace(`/${encodeURIComponent(w.strategyId)}`, "/{id}");
  const paths = [...new Set(all.flatMap(([, r]) => r.api.map((a) => short(a.path))))];
  log(
    `  API calls of each run: started at + took, ms${w.database === "pglite" ? " (PGlite has one connection: concurrent calls queue behind each other)" : ""}:`,
  );
  log(
    table(
      ["call", ...all.map(([name]) => name)],
      paths.map((p) => [
        p,
        ...all.map(([, r]) => {
          const c = r.api.filter((a) => short(a.path) === p);
          return c.map((a) => `${int(a.startMs)}+${int(a.durationMs)}${a.status === 200 ? "" : ` HTTP ${a.status}`}`).join(" ");
        }),
      ]),
    )
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n"),
  );
  log(
    w.serverCachesStatus
      ? `  cold run: ${int(w.cold.readyMs)} ms — a server that had just started (its status cache empty: the status page was computed) ` +
          `and the browser's first page; runs 1–${w.runs.length} find the status page cached on the server.`
      : `  cold run: ${int(w.cold.readyMs)} ms — a server that had just started and the browser's first page (this server caches no status pages).`,
  );
  log(`  median of runs 1–${w.runs.length}: ${int(w.medianReadyMs)} ms; target ≤ ${int(w.targetMs)} ms: ${w.targetMet ? "met" : "NOT MET"}`);
  const { before, after, cores } = w.loadAverage;
  log(
    `  load average (1 min) before the cold run ${fixed(before, 2)}, after run ${w.runs.length} ${fixed(after, 2)}, on ${cores} cores` +
      (Math.max(before, after) > cores ? " — the machine was busy with other work: these times are pessimistic" : ""),
  );
  const foreign = [...new Set([w.cold, ...w.runs].flatMap((r) => r.foreign))];
  if (foreign.length > 0) log(`  !!! requests to other hosts (the figure depends on them): ${foreign.join(", ")}`);
}

function printPortfolio(p: PortfolioResults) {
  log("");
  log(
    `Figure 4 — the portfolio under load: ${int(p.initiatives)} initiatives, ${int(p.rows.status_reports ?? 0)} status reports, ` +
      `${int(p.rows.benefit_actuals ?? 0)} benefit actuals (loaded in ${fixed(p.loadSeconds)} s); ${cfg.connections} keep-alive connections; target p95 ≤ ${PORTFOLIO_P95_TARGET_MS} ms`,
  );
  log(
    table(
      ["route", "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms", "non-200", "KiB/resp", `p95 ≤ ${PORTFOLIO_P95_TARGET_MS} ms`],
      p.routes.map((r) => [r.name, fixed(r.requestsPerSecond), fixed(r.latencyMs.mean), fixed(r.latencyMs.p50), fixed(r.latencyMs.p95), fixed(r.latencyMs.p99), fixed(r.latencyMs.max), int(r.non200), fixed(r.responseBytes / 1024), r.p95TargetMet ? "met" : "NOT MET"]),
    ),
  );
}

function printOptimiser(o: OptimiserResults) {
  const met = (ok: boolean) => (ok ? "MET" : "NOT MET");
  const gapPct = (g: number) => (Number.isFinite(g) ? `${(g * 100).toFixed(3)} %` : "no bound");
  const n = o.shape.initiatives;
  log("");
  log(
    `Figure 5 — the portfolio optimiser (HiGHS in WebAssembly, one thread per solve): ${n} candidates, ${o.shape.years} years, windows of ${o.shape.window + 1} start years, ` +
      `${o.shape.dependencies} dependencies, ${o.shape.exclusive} exclusive pairs, ${o.shape.mandatory} mandatory, budgets at ${o.shape.tightness * 100} % of all candidates' costs, ` +
      `a minimum per objective${o.scale === 1 ? "" : ` (SCALED ×${o.scale}: the targets are for the full size)`}`,
  );
  log(`  runtime load ${fixed(o.loadSeconds, 2)} s; first solve of 30 candidates cold ${fixed(o.coldSolveSeconds, 2)} s, warm ${fixed(o.warmSolveSeconds, 2)} s; the figures below are warm`);
  log(
    table(
      ["figure", "result", "target", ""],
      [
        [`${n} candidates: time to a 1 % gap`, `${fixed(o.toGap1.seconds, 2)} s (gap ${gapPct(o.toGap1.gap)}, ${o.toGap1.status})`, `≤ ${OPTIMISER_TARGETS.gap1Seconds} s`, met(o.toGap1.seconds <= OPTIMISER_TARGETS.gap1Seconds && o.toGap1.gap <= 0.01)],
        [`${n} candidates: gap after 10 s`, `${gapPct(o.after10s.gap)} (${o.after10s.status}, ${fixed(o.after10s.seconds, 1)} s)`, `≤ ${OPTIMISER_TARGETS.gapAfter10s * 100} %`, met(o.after10s.gap <= OPTIMISER_TARGETS.gapAfter10s)],
        ...o.prove200.map((p) => [`${o.smallInitiatives} candidates (${p.seed}): time to prove optimal (gap ≤ 0.01 %, HiGHS's default)`, `${fixed(p.seconds, 2)} s (${p.status}, gap ${gapPct(p.gap)})`, `≤ ${OPTIMISER_TARGETS.prove200Seconds} s`, met(p.status === "optimal" && p.seconds <= OPTIMISER_TARGETS.prove200Seconds)]),
        [`  median of the 3 seeds`, `${fixed(o.prove200Median, 2)} s`, `≤ ${OPTIMISER_TARGETS.prove200Seconds} s`, met(o.prove200.every((p) => p.status === "optimal") && o.prove200Median <= OPTIMISER_TARGETS.prove200Seconds)],
        [
          `${n} candidates: efficient frontier, ${o.frontier.levels} levels (each a relaxation and ≤ 0.3 s of search, gap ≤ 0.5 %)`,
          `${fixed(o.frontier.seconds, 1)} s in all; largest gap ${gapPct(o.frontier.maxGap)}, ${o.frontier.timeLimited} levels stopped by the time limit, ${o.frontier.infeasible} infeasible`,
          `≤ ${OPTIMISER_TARGETS.frontierSeconds} s`,
          met(o.frontier.seconds <= OPTIMISER_TARGETS.frontierSeconds),
        ],
        ...o.greedyShare.map((g) => [`greedy value per cost, ${g.set}`, `${pct(g.share)} of the optimum (${fixed(g.greedy)} of ${fixed(g.optimum)}, optimum's gap ${gapPct(g.optimumGap)})`, "", ""]),
        [
          `pool of ${o.threads} threads: two boards at once vs one alone`,
          `${fixed(o.pool.pairSeconds, 2)} s vs ${fixed(o.pool.aloneSeconds, 2)} s = ${fixed(o.pool.ratio, 2)}× (expected from ${o.threads} cores: ${fixed(o.pool.expected, 1)}×)`,
          `≤ ${fixed(o.pool.expected * 1.25, 2)}×`,
          met(o.pool.ratio <= o.pool.expected * 1.25),
        ],
      ],
      ["l", "l", "l", "l"],
    ),
  );
  log(`  the pool's threads each loaded their runtime and warmed up with one solve in ${fixed(o.pool.threadWarmupSeconds, 1)} s (both at once), not counted`);
  log(
    `  two boards at once ${o.pool.ratio <= o.pool.expected * 1.25 ? "did not slow each other more than" : "slowed each other MORE than"} the core count says ` +
      `(${o.threads} cores: two solves should take ${o.pool.expected === 1 ? "as long as one" : "twice as long as one"})`,
  );
  const { before, after, cores } = o.loadAverage;
  log(
    `  load average (1 min) before ${fixed(before, 2)}, after ${fixed(after, 2)}, on ${cores} cores` +
      (Math.max(before, after) > cores ? " — the machine was busy with other work: these times are pessimistic" : ""),
  );
}

function printFhir(f: FhirResults) {
  log("");
  log(
    `Figure 6 — key results from FHIR data: ${f.indicators.length} shipped indicators (${f.views.length} ViewDefinitions) over synthetic exports (veivalg synth), ` +
      `the whole computation (fingerprints, line check, views, queries) vs a bare DuckDB count of the same files' rows; target ≤ ${RATIO_TARGET}×`,
  );
  log(
    table(
      ["resources", "MB", "synth s", "bare scan s", "compute s", "ratio", `≤ ${RATIO_TARGET}×`, "s per M resources", "result rows"],
      f.sizes.map((s) => [
        int(s.resources),
        int(s.megabytes),
        fixed(s.synthSeconds),
        fixed(s.scanSeconds, 2),
        fixed(s.computeSeconds, 2),
        `${fixed(s.ratio, 2)}×`,
        s.ratio <= RATIO_TARGET ? "met" : "NOT MET",
        fixed(s.computeSeconds / (s.resources / 1e6), 2),
        int(s.resultRows),
      ]),
    ),
  );
  log("  where the computation spends its time (seconds):");
  log(table(["resources", ...f.sizes[0]!.steps.map((s) => s.step)], f.sizes.map((s) => [int(s.resources), ...s.steps.map((x) => fixed(x.seconds, 2))])));
  const n = f.naive;
  log(
    `  naive evaluation (JSON.parse + the fhirpath package per resource, the same views): ${int(n.resources)} resources in ${fixed(n.seconds)} s = ${int(n.perSecond)} resources/s; ` +
      `the compiled views in DuckDB ${int(n.duckdbPerSecond)} resources/s = ${fixed(n.slower, 1)}× faster (expected ≥ ${NAIVE_SLOWER_EXPECTED}×: ${n.slower >= NAIVE_SLOWER_EXPECTED ? "met" : "NOT MET"})`,
  );
}

/** `--only=optimiser` and `--only=fhir`: figures 5 and 6 need no database. */
async function withoutDatabase() {
  const facts = host();
  log(`Veivalg benchmark ${stamp} — ${cfg.only} only (no database)`);
  log(`Machine: ${facts.cores} cores (${facts.cpu}), ${facts.memoryGiB} GiB, ${facts.os}, Node ${facts.node}`);
  log("");
  let optimiser: OptimiserResults | undefined;
  let fhir: FhirResults | undefined;
  if (cfg.only === "optimiser") {
    log("Figure 5 (the portfolio optimiser):");
    optimiser = await runOptimiserBench(cfg.optimiserScale, log, () => os.loadavg()[0]!);
  } else {
    log("Figure 6 (key results from FHIR data):");
    fhir = await runFhirBench(cfg.fhirSizes, log);
  }
  log("");
  log("=".repeat(100));
  log(`RESULTS — ${facts.cores} cores, Node ${facts.node}`);
  if (optimiser) printOptimiser(optimiser);
  if (fhir) printFhir(fhir);
  const file = `${dir}/results-${stamp}.json`;
  writeFileSync(file, JSON.stringify({ stamp, config: cfg, machine: facts, optimiser, fhir }, null, 2));
  log("");
  log(`JSON: ${file}`);
}

async function main() {
  if (cfg.only === "optimiser" || cfg.only === "fhir") return withoutDatabase();
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

    let status: StatusResults | undefined;
    let imports: ImportResults | undefined;
    let web: WebResults | undefined;
    // A figure that fails is reported and the run goes on, so the other figures are not lost.
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
    // The web app is built before the setup: a build error then shows in seconds, not after minutes.
    const wantWeb = cfg.only === "all" || cfg.only === "web";
    let built: WebBuild | undefined;
    if (wantWeb) {
      log("Web app for figure 3:");
      built = await attempt("Figure 3 (vite build)", () => buildWebApp(dir, log));
      if (!built && cfg.only === "web") {
        log("\n!!! The web app does not build (see above); with --only=web there is nothing else to run.");
        return;
      }
    }

    let portfolio: PortfolioResults | undefined;
    if (cfg.only === "all" || cfg.only === "portfolio") {
      log("");
      log(`Figure 4 (portfolio board and coverage matrix under load), ${int(cfg.initiatives)} initiatives:`);
      portfolio = await attempt("Figure 4", () => runPortfolioBench(db, cfg, log));
      if (cfg.only === "portfolio") {
        if (portfolio) printPortfolio(portfolio);
        return;
      }
    }

    log("Setup:");
    const inst: Installation = await setUp(db, cfg, log);
    log(`Setup took ${fixed(inst.seconds)} s.`);
    if (cfg.only === "all" || cfg.only === "status") {
      log("");
      log("Figure 2 (status under load) runs first, on the installation as set up:");
      status = await attempt("Figure 2", () => runStatusBench(db, inst, cfg, dir, stamp, log));
    }
    if (built) {
      log("");
      log("Figure 3 (web app) runs before the imports, on the installation as set up, with a server of its own:");
      const webBuild = built;
      web = await attempt("Figure 3", () => runWebBench(db, inst, webBuild, log));
    }
    if (cfg.only === "all" || cfg.only === "import") {
      log("");
      log("Figure 1 (imports):");
      imports = await attempt("Figure 1", () => runImportBench(db, inst, cfg, dir, stamp, log));
    }

    let optimiser: OptimiserResults | undefined;
    let fhir: FhirResults | undefined;
    if (cfg.only === "all") {
      log("");
      log("Figure 5 (the portfolio optimiser, no database) runs last, after the database work is done:");
      optimiser = await attempt("Figure 5", () => runOptimiserBench(cfg.optimiserScale, log, () => os.loadavg()[0]!));
      log("");
      log("Figure 6 (key results from FHIR data, no database):");
      fhir = await attempt("Figure 6", () => runFhirBench(cfg.fhirSizes, log));
    }

    log("");
    log("=".repeat(100));
    log(`RESULTS — ${int(inst.backgroundRows)} background rows, setup ${fixed(inst.seconds)} s; ${facts.cores} cores, Node ${facts.node}, ${String(facts.database).split(",")[0]}`);
    if (imports) printImport(imports);
    if (status) printStatus(status);
    if (web) printWeb(web);
    if (portfolio) printPortfolio(portfolio);
    if (optimiser) printOptimiser(optimiser);
    if (fhir) printFhir(fhir);
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
          web,
          portfolio,
          optimiser,
          fhir,
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
