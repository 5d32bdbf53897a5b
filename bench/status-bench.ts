/**
 * Figure 2: the real server (buildApp + listen on 127.0.0.1) under N keep-alive connections from a
 * load generator in worker threads: `GET /api/v1/strategies/{id}/status` for a month, a quarter and a
 * year, and `GET /healthz` as the trivial route, one after the other in the same run. Then, without
 * load, which statements a status call spends its time in, and EXPLAIN ANALYZE of each.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { Db } from "../server/src/data/db.js";
import { parsePeriod } from "../server/src/domain/period.js";
import { DEFAULT_SMALL_COUNT_THRESHOLD } from "../server/src/domain/small-counts.js";
import { buildApp } from "../server/src/http/app.js";
import { strategyStatus } from "../server/src/services/status.js";
import type { BenchConfig } from "./config.js";
import type { LoadJob, LoadResult, WindowMessage } from "./loadgen.js";
import { label, Recorder, timedDb } from "./timed-db.js";
import type { Installation } from "./setup.js";

/** As an anonymous visitor sees the status page, whose calls the load test makes. */
const NO_SMALL_NUMBERS = { threshold: DEFAULT_SMALL_COUNT_THRESHOLD, sees: () => false };

export const P95_TARGET_MS = 50;

export interface RouteFigure {
  name: string;
  path: string;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  non200: number;
  socketErrors: number;
  socketErrorMessages: string[];
  statuses: Record<string, number>;
  responseBytes: number;
  /** This route's requests/s over /healthz's; only for status routes. */
  throughputRatioToHealthz?: number | undefined;
  /**
   * Cores busy during the measured window (from the load generator's window start/end): the whole
   * machine, the server's main thread (Fastify + the service + the pg driver), its event-loop
   * utilisation (0–1), the load generator thread, other Node threads (GC, …), and everything outside
   * this Node process — PostgreSQL when it runs on this machine and nothing else is busy.
   */
  cpu?:
    | {
        cores: number;
        systemBusy: number;
        serverMainThread: number;
        serverEventLoopUtilization: number;
        loadGenerator: number;
        nodeOtherThreads: number;
        outsideNode: number;
      }
    | undefined;
  p95TargetMet?: boolean | undefined;
}

export interface StatementProfile {
  period: string;
  calls: number;
  /** Mean wall time of one strategyStatus call without load. */
  meanCallMs: number;
  statements: { statement: string; meanMs: number; rows: number; explainMs?: number | undefined }[];
}

export interface StatusResults {
  /** Whether the server caches status pages; then the status routes are measured served and computed. */
  serverCachesStatus: boolean;
  database: Db["kind"];
  connections: number;
  poolMax: number;
  warmupSeconds: number;
  durationSeconds: number;
  loadWorkers: number;
  periods: { month: string; quarter: string; year: string };
  routes: RouteFigure[];
  profiles: StatementProfile[];
  explainFile: string;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function runWorker(job: LoadJob, onWindow: (w: WindowMessage["window"]) => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./loadgen.ts", import.meta.url), { workerData: job });
    worker.on("message", (msg: LoadResult | WindowMessage | { error: string }) => {
      if ("window" in msg) return onWindow(msg.window);
      if ("error" in msg) reject(new Error(msg.error));
      else resolve(msg);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

interface CpuSample {
  t: number;
  main: NodeJS.CpuUsage;
  process: NodeJS.CpuUsage;
  system: { busy: number; total: number };
  elu: EventLoopUtilization;
}

function cpuSample(): CpuSample {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const { user, nice, sys, idle, irq } = c.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + idle + irq;
  }
  return {
    t: performance.now(),
    main: process.threadCpuUsage(),
    process: process.cpuUsage(),
    system: { busy, total },
    elu: performance.eventLoopUtilization(),
  };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Drives `path` with the configured connections and load workers; the latency figures and where the CPU went. */
export async function loadRoute(cfg: BenchConfig, port: number, name: string, path: string, acceptEncoding?: string): Promise<RouteFigure> {
  const per = Math.floor(cfg.connections / cfg.loadWorkers);
  const jobs = Array.from({ length: cfg.loadWorkers }, (_, i) => ({
    host: "127.0.0.1",
    port,
    path,
    connections: per + (i < cfg.connections % cfg.loadWorkers ? 1 : 0),
    warmupMs: cfg.warmupSeconds * 1000,
    durationMs: cfg.durationSeconds * 1000,
    acceptEncoding,
  }));
  let first: CpuSample | undefined;
  let last: CpuSample | undefined;
  const results = await Promise.all(
    jobs.map((job, i) =>
      runWorker(job, (w) => {
        if (i !== 0) return;
        if (w === "start") first = cpuSample();
        else last = cpuSample();
      }),
    ),
  );
  let cpu: RouteFigure["cpu"];
  if (first && last) {
    const wall = last.t - first.t;
    const cores = os.cpus().length;
    const mainMs = cpuMs(last.main) - cpuMs(first.main);
    const processMs = cpuMs(last.process) - cpuMs(first.process);
    const loadgenMs = results.reduce((a, r) => a + r.cpuMs, 0);
    const systemBusy = ((last.system.busy - first.system.busy) / (last.system.total - first.system.total)) * cores;
    cpu = {
      cores,
      systemBusy,
      serverMainThread: mainMs / wall,
      serverEventLoopUtilization: performance.eventLoopUtilization(last.elu, first.elu).utilization,
      loadGenerator: loadgenMs / wall,
      nodeOtherThreads: Math.max(0, (processMs - mainMs - loadgenMs) / wall),
      outsideNode: Math.max(0, systemBusy - processMs / wall),
    };
  }
  const n = results.reduce((a, r) => a + r.requests, 0);
  const all = new Float64Array(n);
  let at = 0;
  for (const r of results) {
    all.set(r.latencies, at);
    at += r.latencies.length;
  }
  all.sort();
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  const socketErrors = results.reduce((a, r) => a + r.socketErrors, 0);
  const messages = results.flatMap((r) => r.errorMessages);
  const mean = n ? all.reduce((a, b) => a + b, 0) / n : NaN;
  return {
    name,
    path,
    requests: n,
    requestsPerSecond: n / cfg.durationSeconds,
    latencyMs: { mean, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), max: all[n - 1] ?? NaN },
    non200: n - (statuses["200"] ?? 0),
    socketErrors,
    socketErrorMessages: messages,
    statuses,
    responseBytes: n ? results.reduce((a, r) => a + r.bytes, 0) / n : 0,
    cpu,
  };
}

/** Periods inside the background data: its last whole year, that year's second quarter, and June. */
export function statusPeriods(inst: Installation): { month: string; quarter: string; year: string } {
  const last = inst.months[inst.months.length - 1]!;
  const year = last.index === 12 ? last.year : last.year - 1;
  return { month: `${year}-06`, quarter: `${year}-Q2`, year: String(year) };
}

export async function runStatusBench(
  db: Db,
  inst: Installation,
  cfg: BenchConfig,
  dir: string,
  stamp: string,
  log: (line: string) => void,
): Promise<StatusResults> {
  const periods = statusPeriods(inst);
  const base = `/api/v1/strategies/${inst.strategyId}/status?period=`;
  const routes: [string, string][] = [
    ["GET /healthz", "/healthz"],
    [`status, month ${periods.month}`, base + periods.month],
    [`status, quarter ${periods.quarter}`, base + periods.quarter],
    [`status, year ${periods.year}`, base + periods.year],
  ];

  const app = await buildApp({ db, logLevel: "silent" });
  // If the server caches status pages (app.statusCache, docs/decisions/0007), the status routes run
  // twice: as served (the cache as built: after the first request, hits validated against the data
  // revision), then with a cache that keeps nothing (capacity 0), so every request computes the page —
  // what a request costs right after a write.
  const server = app as unknown as Record<string, unknown>;
  const cached = typeof (server.statusCache as { get?: unknown } | undefined)?.get === "function";
  const statusModule: Record<string, unknown> = await import("../server/src/services/status.js");
  const Uncached = statusModule.StatusCache as (new (capacity: number) => unknown) | undefined;
  const phases: { label: string; routes: [string, string][]; before?: () => void }[] = [
    { label: "", routes: routes.slice(0, 1) },
    { label: cached ? " (served, cache on)" : "", routes: routes.slice(1) },
  ];
  if (cached && Uncached) {
    phases.push({
      label: " (computed, cache off)",
      routes: routes.slice(1),
      before: () => {
        server.statusCache = new Uncached(0);
      },
    });
  }
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  const figures: RouteFigure[] = [];
  try {
    // One request each first: it must answer 200, and the numbers must come from the loaded data.
    for (const [name, path] of routes) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}: ${text.slice(0, 500)}`);
      if (path !== "/healthz") {
        const body = JSON.parse(text) as {
          sections: { keyResults: { code: string; n: number; status: string; organisations: { n: number }[] }[] }[];
          counts: Record<string, number>;
        };
        const krs = body.sections.flatMap((s) => s.keyResults);
        const rows = krs.reduce((a, k) => a + k.n + k.organisations.reduce((b, o) => b + o.n, 0), 0);
        log(
          `  ${name}: ${krs.length} key results × ${(krs[0]?.organisations.length ?? 0) + 1} organisations, ${rows.toLocaleString("en")} measurement rows behind the values shown, ` +
            `statuses ${JSON.stringify(body.counts)}, ${(text.length / 1024).toFixed(0)} KiB`,
        );
        if (rows === 0) throw new Error(`${name}: the status shows no data; the background data was not found`);
      }
    }
    for (const phase of phases) {
      phase.before?.();
      for (const [route, path] of phase.routes) {
        const name = route + phase.label;
        log(`  load: ${name} — ${cfg.connections} connections, ${cfg.warmupSeconds} s warm-up + ${cfg.durationSeconds} s`);
        const f = await loadRoute(cfg, port, name, path);
        figures.push(f);
        log(`    ${f.requestsPerSecond.toFixed(1)} req/s, p50 ${f.latencyMs.p50.toFixed(1)} ms, p95 ${f.latencyMs.p95.toFixed(1)} ms, p99 ${f.latencyMs.p99.toFixed(1)} ms, non-200 ${f.non200}, socket errors ${f.socketErrors}`);
      }
    }
  } finally {
    await app.close();
  }
  const healthz = figures[0]!;
  for (const f of figures.slice(1)) {
    f.throughputRatioToHealthz = f.requestsPerSecond / healthz.requestsPerSecond;
    f.p95TargetMet = f.non200 === 0 && f.socketErrors === 0 && f.latencyMs.p95 <= P95_TARGET_MS;
  }

  // Without load: where one status call spends its time, statement by statement, and the plans.
  const explainFile = `${dir}/explain-status-${stamp}.txt`;
  writeFileSync(explainFile, `EXPLAIN (ANALYZE, BUFFERS) of every statement of one status call, per period (${stamp})\n`);
  const profiles: StatementProfile[] = [];
  for (const id of [periods.month, periods.quarter, periods.year]) {
    const period = parsePeriod(id);
    const rec = new Recorder();
    const timed = timedDb(db, rec);
    await strategyStatus(timed, inst.strategyId, period, NO_SMALL_NUMBERS); // warm
    rec.reset();
    const t0 = performance.now();
    for (let i = 0; i < cfg.profileCalls; i++) await strategyStatus(timed, inst.strategyId, period, NO_SMALL_NUMBERS);
    const meanCallMs = (performance.now() - t0) / cfg.profileCalls;
    const bySql = new Map<string, { ms: number; rows: number; count: number; params: readonly unknown[] | undefined }>();
    for (const e of rec.events) {
      const s = bySql.get(e.sql) ?? { ms: 0, rows: 0, count: 0, params: e.params };
      s.ms += e.end - e.start;
      s.rows += e.rows ?? 0;
      s.count++;
      bySql.set(e.sql, s);
    }
    appendFileSync(explainFile, `\n######## period ${id}\n`);
    const statements: StatementProfile["statements"] = [];
    for (const [sql, s] of bySql) {
      const plan = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, s.params);
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      const exec = /Execution Time: ([\d.]+) ms/.exec(text);
      appendFileSync(explainFile, `\n---- ${label(sql, 120)}\nparams: ${JSON.stringify(s.params ?? [])}\n\n${text}\n`);
      statements.push({
        statement: label(sql, 100),
        meanMs: s.ms / cfg.profileCalls,
        rows: Math.round(s.rows / s.count),
        explainMs: exec ? Number(exec[1]) : undefined,
      });
    }
    statements.sort((a, b) => b.meanMs - a.meanMs);
    profiles.push({ period: id, calls: cfg.profileCalls, meanCallMs, statements });
  }
  return {
    serverCachesStatus: cached,
    database: db.kind,
    connections: cfg.connections,
    poolMax: cfg.poolMax,
    warmupSeconds: cfg.warmupSeconds,
    durationSeconds: cfg.durationSeconds,
    loadWorkers: cfg.loadWorkers,
    periods,
    routes: figures,
    profiles,
    explainFile,
  };
}
