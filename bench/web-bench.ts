/**
 * Figure 3: the web app. Builds it from the current sources with Vite's JS API into .bench/web,
 * serves that with the real server (buildApp with webDir: the SPA fallback and @fastify/compress),
 * and opens the overview of the bench strategy in headless Chromium:
 *
 * 1. the JavaScript the overview needs before it is rendered: every script response, bytes on the
 *    wire (gzip) and uncompressed, cross-checked against gzip -9 of the same files from disk; CSS
 *    beside it for information;
 * 2. the time from navigation start until the overview is rendered with its data (the page sets
 *    `data-overview-ready` then): one cold run on the just-started server, then the median of 5.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Response } from "playwright-core";
import { build } from "vite";
import type { Db } from "../server/src/data/db.js";
import { buildApp } from "../server/src/http/app.js";
import { REGION_ID } from "./data.js";
import type { Installation } from "./setup.js";
import { statusPeriods } from "./status-bench.js";

/** The issue's budget for the overview's initial JavaScript, gzip; KB = 1000 bytes. */
export const JS_TARGET_BYTES = 250_000;
/** The issue's budget for the time to a rendered overview (median of the warm runs). */
export const READY_TARGET_MS = 1000;
const RUNS = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const READY = "[data-overview-ready]";
/** Generous: the cold run computes the status page of the large region from the database. */
const READY_TIMEOUT_MS = 120_000;

export interface ShippedFile {
  /** Path as requested, e.g. /assets/index-abc123.js. */
  path: string;
  kind: "script" | "stylesheet";
  /** content-encoding of the answer ("identity" when none). */
  encoding: string;
  /** Body bytes on the wire (as encoded), from Chromium's network layer. */
  wireBytes: number;
  /** Body bytes after decoding. */
  bytes: number;
  /** The same file from the build directory, gzip level 9 (0 when it is not a built file). */
  gzip9Bytes: number;
  /** Finished before the overview was rendered (counted), or after it (listed only). */
  beforeReady: boolean;
  /** When the response finished, ms after navigation start. */
  finishedMs: number;
}

export interface ApiCall {
  path: string;
  status: number;
  /** When the request started and how long until its last byte, ms (start from navigation start). */
  startMs: number;
  durationMs: number;
  wireBytes: number;
}

export interface RunFigure {
  /** performance.now() when `[data-overview-ready]` appeared (observed in the page, not polled). */
  readyMs: number;
  /** Navigation timing of the document. */
  responseEndMs: number;
  domContentLoadedMs: number;
  /** Scripts finished before ready, as this run's browser negotiated them. */
  scriptWireBytes: number;
  scriptEncodings: string[];
  api: ApiCall[];
  /** Requests that did not go to this server (a font CDN, …): they would make the figure depend on the internet. */
  foreign: string[];
}

export interface ChunkContents {
  file: string;
  /** Source before minification, grouped by npm package (or the app's own code), largest first. */
  parts: { what: string; bytes: number; share: number }[];
}

export interface WebResults {
  database: Db["kind"];
  strategyId: string;
  /** Whether the server caches status pages: then only the cold run computes it. */
  serverCachesStatus: boolean;
  url: string;
  period: string;
  chromium: string;
  build: { seconds: number; outDir: string };
  /** The size figure: a fresh context that accepts gzip only, as the issue's budget is stated in gzip. */
  js: {
    files: ShippedFile[];
    wireBytes: number;
    bytes: number;
    gzip9Bytes: number;
    targetBytes: number;
    targetMet: boolean;
  };
  css: { files: ShippedFile[]; wireBytes: number; bytes: number; gzip9Bytes: number };
  /** Scripts that arrived after the overview was rendered (lazy pages prefetched, …): not counted. */
  laterScripts: ShippedFile[];
  chunks: ChunkContents[];
  /** The first, cold run: a server that has computed no status page yet, and a browser that has loaded nothing. */
  cold: RunFigure;
  runs: RunFigure[];
  /** The machine's 1-minute load average before the cold run and after the last run: other work inflates the times. */
  loadAverage: { before: number; after: number; cores: number };
  medianReadyMs: number;
  targetMs: number;
  targetMet: boolean;
}

type BuildOutput = Awaited<ReturnType<typeof build>>;
type OutputItem = Extract<BuildOutput, { output: unknown }>["output"][number];
type OutputChunk = Extract<OutputItem, { type: "chunk" }>;

/** Which npm package a module belongs to, or the app's own code. */
function owner(id: string): string {
  const i = id.lastIndexOf("/node_modules/");
  if (i >= 0) {
    const rest = id.slice(i + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (id.includes("/web/src/")) return "web/src (the app)";
  return id.startsWith("\0") || !id.startsWith("/") ? "(bundler runtime / virtual)" : id;
}

function contents(chunk: OutputChunk): ChunkContents {
  const by = new Map<string, number>();
  for (const [id, m] of Object.entries(chunk.modules)) by.set(owner(id), (by.get(owner(id)) ?? 0) + m.renderedLength);
  const total = [...by.values()].reduce((a, b) => a + b, 0) || 1;
  const parts = [...by].map(([what, bytes]) => ({ what, bytes, share: bytes / total })).sort((a, b) => b.bytes - a.bytes);
  return { file: chunk.fileName, parts };
}

export interface WebBuild {
  outDir: string;
  seconds: number;
  /** The JavaScript chunks Vite wrote, with the modules each holds. */
  chunks: OutputChunk[];
}

/**
 * Vite's production build of web/ from the current sources into `<dir>/web`. run.ts calls it before
 * the installation is set up, so that a web app that does not build fails in seconds, not after the
 * minutes of setup.
 */
export async function buildWebApp(dir: string, log: (line: string) => void): Promise<WebBuild> {
  const webRoot = fileURLToPath(new URL("../web", import.meta.url));
  const outDir = join(dir, "web");
  const t0 = performance.now();
  // Vite builds for production only when NODE_ENV is unset or "production" (React's development build
  // is several times larger), and it sets NODE_ENV for the rest of the process: pin it for the build
  // and put it back, so the figure is what ships and the server afterwards runs as it did before.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    const out = await build({
      root: webRoot,
      configFile: join(webRoot, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
    const outputs = Array.isArray(out) ? out : [out];
    const chunks: OutputChunk[] = [];
    for (const o of outputs) {
      if (!("output" in o)) throw new Error("vite build returned a watcher");
      for (const item of o.output) if (item.type === "chunk") chunks.push(item);
    }
    const seconds = (performance.now() - t0) / 1000;
    log(`  vite build of web/ into ${outDir}: ${seconds.toFixed(1)} s, ${chunks.length} JavaScript chunks`);
    return { outDir, seconds, chunks };
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

/**
 * Set before the app's scripts run: records performance.now() at the DOM mutation that adds the mark
 * (not when Playwright's polling notices it). A string, not a function: tsx compiles this file with
 * esbuild's keepNames, whose `__name(…)` helper would be serialised into the page and not exist there.
 */
const READY_OBSERVER = `(() => {
  const check = () => {
    if (window.__benchReadyAt === undefined && document.querySelector(${JSON.stringify(READY)})) {
      window.__benchReadyAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: [${JSON.stringify(READY.slice(1, -1))}] });
})();`;

interface Visit {
  run: RunFigure;
  files: ShippedFile[];
}

/**
 * One visit in a fresh browser context (empty HTTP cache, no cookies or storage). With `gzipOnly`
 * the context sends `Accept-Encoding: gzip`, so the server answers in gzip rather than the zstd or
 * Brotli this Chromium would otherwise negotiate.
 */
async function visit(browser: Browser, base: string, path: string, outDir: string, gzipOnly: boolean): Promise<Visit> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "nb-NO",
    timezoneId: "Europe/Oslo",
    ...(gzipOnly ? { extraHTTPHeaders: { "accept-encoding": "gzip" } } : {}),
  });
  try {
    await context.addInitScript({ content: READY_OBSERVER });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const responses: Response[] = [];
    page.on("response", (r) => responses.push(r));
    const foreign = new Set<string>();
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.add(r.url());
    });

    await page.goto(base + path, { waitUntil: "commit" });
    try {
      await page.waitForSelector(READY, { state: "attached", timeout: READY_TIMEOUT_MS });
    } catch (err) {
      throw new Error(`${path}: no ${READY} after ${READY_TIMEOUT_MS / 1000} s${errors.length ? `; page errors: ${errors.join("; ")}` : ""}`, { cause: err });
    }
    const t = await page.evaluate(() => {
      // window.performance: the page's (these functions run in the page), not node:perf_hooks'.
      const nav = window.performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return {
        readyAt: (window as unknown as { __benchReadyAt?: number }).__benchReadyAt ?? window.performance.now(),
        timeOrigin: window.performance.timeOrigin,
        responseEnd: nav?.responseEnd ?? NaN,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
      };
    });
    if (errors.length) throw new Error(`${path}: page errors: ${errors.join("; ")}`);
    // Whatever the page loads right after (prefetched lazy pages, …) is listed, not counted.
    await page.waitForLoadState("networkidle", { timeout: 5000 }).catch(() => undefined);
    // When each request started and finished, from the page's Resource Timing: the same clock as
    // readyAt (Playwright's request.timing() comes from the network process and, on a busy machine,
    // can be tens of ms off it). Queued per URL, in case one is fetched twice.
    const entries = await page.evaluate(() =>
      window.performance.getEntriesByType("resource").map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: (e as PerformanceResourceTiming).responseEnd })),
    );
    const timings = new Map<string, { startTime: number; responseEnd: number }[]>();
    for (const e of entries) timings.set(e.name, [...(timings.get(e.name) ?? []), e]);

    const files: ShippedFile[] = [];
    const api: ApiCall[] = [];
    for (const r of responses) {
      await r.finished();
      const req = r.request();
      const url = new URL(r.url());
      const entry = timings.get(r.url())?.shift();
      const timing = req.timing();
      // Without a Resource Timing entry (should not happen for this origin), Playwright's timing;
      // its responseEnd is -1 when Chromium reported none.
      const startMs = entry ? entry.startTime : timing.startTime - t.timeOrigin;
      const finishedMs = entry ? entry.responseEnd : timing.responseEnd >= 0 ? startMs + timing.responseEnd : NaN;
      const sizes = await req.sizes();
      if (url.pathname.startsWith("/api/")) {
        api.push({ path: url.pathname + url.search, status: r.status(), startMs, durationMs: finishedMs - startMs, wireBytes: sizes.responseBodySize });
        continue;
      }
      const type = req.resourceType();
      if (type !== "script" && type !== "stylesheet") continue;
      const body = await r.body();
      let gzip9Bytes = 0;
      try {
        gzip9Bytes = gzipSync(readFileSync(join(outDir, decodeURIComponent(url.pathname))), { level: 9 }).length;
      } catch {
        // Not a file of the build (should not happen): left at 0 and visible in the table.
      }
      files.push({
        path: url.pathname,
        kind: type,
        encoding: (await r.headerValue("content-encoding")) ?? "identity",
        wireBytes: sizes.responseBodySize,
        bytes: body.length,
        gzip9Bytes,
        beforeReady: !(finishedMs > t.readyAt),
        finishedMs,
      });
    }
    const scripts = files.filter((f) => f.kind === "script" && f.beforeReady);
    return {
      files,
      run: {
        readyMs: t.readyAt,
        responseEndMs: t.responseEnd,
        domContentLoadedMs: t.domContentLoaded,
        scriptWireBytes: scripts.reduce((a, f) => a + f.wireBytes, 0),
        scriptEncodings: [...new Set(scripts.map((f) => f.encoding))],
        api,
        foreign: [...foreign],
      },
    };
  } finally {
    await context.close();
  }
}

const sum = (files: ShippedFile[], key: "wireBytes" | "bytes" | "gzip9Bytes") => files.reduce((a, f) => a + f[key], 0);

export async function runWebBench(db: Db, inst: Installation, built: WebBuild, log: (line: string) => void): Promise<WebResults> {
  const { outDir, chunks } = built;

  const period = statusPeriods(inst).quarter;
  const path = `/${encodeURIComponent(REGION_ID)}/${encodeURIComponent(inst.strategyId)}?period=${period}`;
  // A new server: its status cache (if it has one, docs/decisions/0007) has served nothing, so the
  // first visit computes the status page, and the later ones get it from the cache.
  const app = await buildApp({ db, logLevel: "warn", webDir: outDir });
  const serverCachesStatus = typeof (app as unknown as { statusCache?: { get?: unknown } }).statusCache?.get === "function";
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const version = browser.version();
    log(`  ${base}${path} in Chromium ${version} (headless), each visit in a fresh context (empty cache)`);

    const loadBefore = os.loadavg()[0]!;
    const cold = await visit(browser, base, path, outDir, false);
    log(`    cold run (new server${serverCachesStatus ? ", status cache empty" : ""}; first page of this browser): ${cold.run.readyMs.toFixed(0)} ms`);
    const runs: RunFigure[] = [];
    for (let i = 0; i < RUNS; i++) {
      const v = await visit(browser, base, path, outDir, false);
      runs.push(v.run);
      log(`    run ${i + 1}: ${v.run.readyMs.toFixed(0)} ms`);
    }
    const loadAverage = { before: loadBefore, after: os.loadavg()[0]!, cores: os.cpus().length };
    const sorted = runs.map((r) => r.readyMs).sort((a, b) => a - b);
    const medianReadyMs = sorted[Math.floor(sorted.length / 2)]!;

    // The size figure last, so that it does not warm anything the cold run should find cold.
    const sized = await visit(browser, base, path, outDir, true);
    const scripts = sized.files.filter((f) => f.kind === "script" && f.beforeReady);
    const styles = sized.files.filter((f) => f.kind === "stylesheet" && f.beforeReady);
    const notGzip = scripts.filter((f) => f.encoding !== "gzip");
    if (notGzip.length > 0) log(`    !!! not gzip although only gzip was accepted: ${notGzip.map((f) => `${f.path} (${f.encoding})`).join(", ")}`);
    const jsWire = sum(scripts, "wireBytes");
    const counted = new Set(scripts.map((f) => f.path.replace(/^\//, "")));
    return {
      database: db.kind,
      strategyId: inst.strategyId,
      serverCachesStatus,
      url: path,
      period,
      chromium: version,
      build: { seconds: built.seconds, outDir },
      js: {
        files: scripts,
        wireBytes: jsWire,
        bytes: sum(scripts, "bytes"),
        gzip9Bytes: sum(scripts, "gzip9Bytes"),
        targetBytes: JS_TARGET_BYTES,
        targetMet: jsWire <= JS_TARGET_BYTES,
      },
      css: { files: styles, wireBytes: sum(styles, "wireBytes"), bytes: sum(styles, "bytes"), gzip9Bytes: sum(styles, "gzip9Bytes") },
      laterScripts: sized.files.filter((f) => f.kind === "script" && !f.beforeReady),
      chunks: chunks.filter((c) => counted.has(c.fileName)).map(contents),
      cold: cold.run,
      runs,
      loadAverage,
      medianReadyMs,
      targetMs: READY_TARGET_MS,
      targetMet: medianReadyMs <= READY_TARGET_MS,
    };
  } finally {
    await browser?.close();
    await app.close();
  }
}
