/**
 * Figure 6: key results computed from FHIR data. Synthetic exports of 0.25, 1 and 4 million
 * resources (`veivalg synth`); for each, the time to compute every shipped indicator (the whole
 * run: fingerprints, the check of every line, the views, the queries) against a bare DuckDB scan
 * that only counts the rows of the same files; and, on the 1 M set, the rate of a naive evaluation
 * of the same views resource by resource with the `fhirpath` package.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4/index.js";
import { synth } from "../server/src/cli/synth.js";
import { evaluateIndicators } from "../server/src/fhir/evaluate.js";
import { ORGANISATION_SYSTEMS } from "../server/src/fhir/organisation-systems.js";
import { loadIndicatorDefinitions } from "../server/src/fhir/indicators.js";
import { organisations } from "../server/src/seed/organisations.js";

export const RATIO_TARGET = 3;
export const NAIVE_SLOWER_EXPECTED = 10;

export interface FhirSize {
  targetResources: number;
  patients: number;
  resources: number;
  megabytes: number;
  synthSeconds: number;
  scanSeconds: number;
  computeSeconds: number;
  /** compute ÷ scan */
  ratio: number;
  steps: { step: string; seconds: number }[];
  resultRows: number;
}

export interface FhirResults {
  indicators: string[];
  views: string[];
  sizes: FhirSize[];
  /** Seconds per million resources at each size, to judge linear growth. */
  naive: { resources: number; seconds: number; rowsOut: number; perSecond: number; duckdbPerSecond: number; slower: number };
}

const STRATEGY = "hso-teknologi-2023";
const organisationMap = organisations.map((o) => ({ system: ORGANISATION_SYSTEMS.veivalg, value: o.id, organisationId: o.id }));

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /\.ndjson(\.gz)?$/.test(f)).map((f) => join(dir, f));
}

async function bareScan(dir: string): Promise<{ seconds: number; rows: number }> {
  const list = (await files(dir)).map((f) => `'${f}'`).join(", ");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const started = performance.now();
    const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_ndjson_objects([${list}], format = 'newline_delimited')`);
    return { seconds: (performance.now() - started) / 1000, rows: Number(reader.getRowObjectsJS()[0]!.n) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function compute(dir: string): Promise<{ seconds: number; steps: { step: string; seconds: number }[]; rows: number }> {
  const definitions = await loadIndicatorDefinitions(STRATEGY);
  const started = performance.now();
  const marks: { step: string; at: number }[] = [{ step: "open", at: started }];
  const evaluation = await evaluateIndicators({
    dataDir: dir,
    definitions,
    organisationMap,
    onProgress: (step) => {
      if (marks.at(-1)!.step !== step) marks.push({ step, at: performance.now() });
    },
  });
  const ended = performance.now();
  const steps = marks.map((m, i) => ({ step: m.step, seconds: ((marks[i + 1]?.at ?? ended) - m.at) / 1000 }));
  return { seconds: (ended - started) / 1000, steps, rows: evaluation.rows.length };
}

/** Patients per resource of the generator, measured on a small export. */
async function resourcesPerPatient(root: string): Promise<number> {
  const out = join(root, "probe");
  const r = await synth({ patients: 2000, seed: 1, out });
  await rm(out, { recursive: true, force: true });
  return r.files.reduce((s, f) => s + f.count, 0) / 2000;
}

/**
 * The views evaluated as a naive runner would: each resource parsed, each column's FHIRPath
 * evaluated by the `fhirpath` package, forEach/unionAll/select expanded in JavaScript. Stops after
 * `budgetSeconds` and reports the rate.
 */
async function naive(dir: string, budgetSeconds: number): Promise<{ resources: number; seconds: number; rowsOut: number }> {
  const definitions = await loadIndicatorDefinitions(STRATEGY);
  const views = new Map<string, ViewNode & { resource: string; constant?: { name: string; [k: string]: unknown }[] }>();
  for (const d of definitions) for (const v of d.views) views.set(v.name, v.definition as ViewNode & { resource: string });
  const byType = new Map<string, Compiled[]>();
  for (const view of views.values()) {
    const env: Record<string, unknown> = {};
    for (const c of view.constant ?? []) env[c.name] = Object.entries(c).find(([k]) => k.startsWith("value"))?.[1];
    byType.set(view.resource, [...(byType.get(view.resource) ?? []), compileNode(view, env)]);
  }
  let resources = 0;
  let rowsOut = 0;
  const started = performance.now();
  const deadline = started + budgetSeconds * 1000;
  outer: for (const file of await files(dir)) {
    const type = /([A-Z][A-Za-z]+)[^/]*$/.exec(file)![1]!;
    const compiled = byType.get(type);
    if (!compiled) continue;
    const raw = createReadStream(file);
    const lines = createInterface({ input: file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw, crlfDelay: Infinity });
    for await (const line of lines) {
      const resource = JSON.parse(line) as object;
      for (const c of compiled) rowsOut += c(resource).length;
      resources++;
      if ((resources & 1023) === 0 && performance.now() > deadline) {
        lines.close();
        raw.destroy();
        break outer;
      }
    }
  }
  return { resources, seconds: (performance.now() - started) / 1000, rowsOut };
}

interface ViewNode {
  column?: { name: string; path: string; collection?: boolean }[];
  select?: ViewNode[];
  unionAll?: ViewNode[];
  forEach?: string;
  forEachOrNull?: string;
  where?: { path: string }[];
}
type Row = Record<string, unknown>;
type Compiled = (node: object) => Row[];

function compileNode(node: ViewNode, env: Record<string, unknown>): Compiled {
  const options = {
    userInvocationTable: {
      getResourceKey: { fn: (inputs: { id?: string }[]) => inputs.map((r) => r.id), arity: { 0: [] } },
      getReferenceKey: {
        // fhirpath.js passes a type specifier as an object with its name.
        fn: (inputs: { reference?: string }[], type?: { name?: string }) =>
          inputs.flatMap((r) => {
            const [t, id] = (r.reference ?? "").split("/");
            return id && (!type?.name || t === type.name) ? [id] : [];
          }),
        arity: { 0: [], 1: ["TypeSpecifier"] },
      },
    },
  };
  const path = (expression: string) => fhirpath.compile(expression, r4, options as never) as unknown as (resource: object, env: object) => unknown[];
  const columns = (node.column ?? []).map((c) => ({ name: c.name, collection: c.collection === true, fn: path(c.path) }));
  const selects = (node.select ?? []).map((s) => compileNode(s, env));
  const unions = (node.unionAll ?? []).map((s) => compileNode(s, env));
  const wheres = (node.where ?? []).map((w) => path(w.path));
  const each = node.forEach ?? node.forEachOrNull;
  const eachFn = each ? path(each) : null;
  const rowsAt = (focus: object): Row[] => {
    let rows: Row[] = [{}];
    const own: Row = {};
    for (const c of columns) {
      const v = c.fn(focus, env);
      own[c.name] = c.collection ? v : (v[0] ?? null);
    }
    rows = [own];
    for (const s of selects) rows = rows.flatMap((r) => s(focus).map((x) => ({ ...r, ...x })));
    if (unions.length > 0) rows = rows.flatMap((r) => unions.flatMap((u) => u(focus)).map((x) => ({ ...r, ...x })));
    return rows;
  };
  return (focus) => {
    for (const w of wheres) if (w(focus, env)[0] !== true) return [];
    if (!eachFn) return rowsAt(focus);
    const items = eachFn(focus, env) as object[];
    if (items.length === 0) return node.forEachOrNull ? [Object.fromEntries(columns.map((c) => [c.name, null]))] : [];
    return items.flatMap((item) => rowsAt(item));
  };
}

export async function runFhirBench(sizes: readonly number[], log: (line: string) => void, naiveBudgetSeconds = 20): Promise<FhirResults> {
  const root = await mkdtemp(join(tmpdir(), "veivalg-fhir-bench-"));
  try {
    const definitions = await loadIndicatorDefinitions(STRATEGY);
    const perPatient = await resourcesPerPatient(root);
    log(`  the generator writes ${perPatient.toFixed(1)} resources per patient`);
    const results: FhirSize[] = [];
    let naiveResult: FhirResults["naive"] | null = null;
    for (const target of sizes) {
      const dir = join(root, `set-${target}`);
      const patients = Math.round(target / perPatient);
      const synthStarted = performance.now();
      const written = await synth({ patients, seed: 1, out: dir });
      const synthSeconds = (performance.now() - synthStarted) / 1000;
      const resources = written.files.reduce((s, f) => s + f.count, 0);
      let bytes = 0;
      for (const f of await files(dir)) bytes += (await stat(f)).size;
      // Warm the page cache once, so neither side pays for the disk.
      await bareScan(dir);
      const scan = await bareScan(dir);
      const run = await compute(dir);
      const size: FhirSize = {
        targetResources: target,
        patients,
        resources,
        megabytes: bytes / 1e6,
        synthSeconds,
        scanSeconds: scan.seconds,
        computeSeconds: run.seconds,
        ratio: run.seconds / scan.seconds,
        steps: run.steps,
        resultRows: run.rows,
      };
      results.push(size);
      log(`  ${resources} resources (${(bytes / 1e6).toFixed(0)} MB): synth ${synthSeconds.toFixed(1)} s, scan ${scan.seconds.toFixed(2)} s, compute ${run.seconds.toFixed(2)} s = ${size.ratio.toFixed(2)}×`);
      if (target === 1_000_000 || (naiveResult === null && target === sizes.at(-1))) {
        const n = await naive(dir, naiveBudgetSeconds);
        const viewSeconds = run.steps.filter((s) => s.step === "views").reduce((a, s) => a + s.seconds, 0);
        const duckdbPerSecond = resources / Math.max(viewSeconds, 1e-9);
        naiveResult = { ...n, perSecond: n.resources / n.seconds, duckdbPerSecond, slower: duckdbPerSecond / (n.resources / n.seconds) };
        log(`  naive fhirpath: ${n.resources} resources in ${n.seconds.toFixed(1)} s = ${Math.round(naiveResult.perSecond)}/s; DuckDB views ${Math.round(duckdbPerSecond)}/s`);
      }
      await rm(dir, { recursive: true, force: true });
    }
    return {
      indicators: definitions.map((d) => d.keyResult),
      views: [...new Set(definitions.flatMap((d) => d.views.map((v) => v.name)))],
      sizes: results,
      naive: naiveResult!,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
