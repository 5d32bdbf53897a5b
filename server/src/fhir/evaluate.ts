/**
 * Computes key results from a FHIR export: each indicator's ViewDefinitions compiled to SQL and run
 * in an embedded DuckDB over the NDJSON files, then its query over the views. Only the query's
 * aggregates leave DuckDB; no resource is kept.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { Invalid, type ErrorDetail } from "../domain/errors.js";
import { faultyLines, openInputs, printable, sha256Of, type InputFile, type UnpackLimits } from "./inputs.js";
import { compileView, InvalidView, type CompiledView } from "./view/compile.js";
import { runView } from "./view/run.js";

export interface OrganisationIdentifier {
  system: string;
  value: string;
  organisationId: string;
}

/** What the runner needs of a definition (server/src/fhir/indicators.ts loads them). */
export interface IndicatorSource {
  keyResult: string;
  views: readonly { name: string; definition: unknown }[];
  query: string;
}

export interface IndicatorRow {
  keyResult: string;
  organisationId: string;
  period: string;
  breakdown: Record<string, string>;
  value?: number;
  numerator?: number;
  denominator?: number;
}

export interface FileCount extends InputFile {
  sha256: string;
  resources: number;
}

export interface Evaluation {
  files: FileCount[];
  views: { name: string; rows: number }[];
  rows: IndicatorRow[];
  /** Result rows whose organisation is not one of Veivalg's (left out). */
  unmapped: number;
}

export type Progress = (step: string, done: number, total: number) => void;

const RESULT_COLUMNS = new Set(["organisation_id", "period", "value", "numerator", "denominator"]);

/** Every Organization's identifiers, to tell which Veivalg organisation a reference points at. */
const ORGANIZATION_KEYS = {
  resourceType: "ViewDefinition",
  resource: "Organization",
  name: "veivalg_organization_identifier",
  select: [
    { column: [{ name: "org_key", path: "getResourceKey()" }] },
    { forEach: "identifier", column: [{ name: "system", path: "system", type: "uri" }, { name: "value", path: "value", type: "string" }] },
  ],
};

/** An export opened in a fresh in-memory DuckDB: its files checked and counted, each resource type readable as a table. */
async function withExport<T>(
  dataDir: string,
  progress: Progress,
  fn: (conn: DuckDBConnection, files: FileCount[], source: (t: string) => string) => Promise<T>,
  limits: Partial<UnpackLimits> = {},
): Promise<T> {
  const inputs = await openInputs(dataDir, limits);
  let instance: DuckDBInstance | undefined;
  let conn: DuckDBConnection | undefined;
  try {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    progress("check", 0, inputs.files.length);
    // Hashing runs on this thread while DuckDB checks the lines on its own threads.
    const [hashes, counts] = await Promise.all([Promise.all(inputs.files.map(sha256Of)), countAndCheck(conn, inputs.files)]);
    const files = inputs.files.map((f, i) => ({ ...f, sha256: hashes[i]!, resources: counts.get(f.path) ?? 0 }));
    progress("check", inputs.files.length, inputs.files.length);
    return await fn(conn, files, sourceOf(files));
  } finally {
    // What was unpacked is removed even when DuckDB could not be opened.
    conn?.closeSync();
    instance?.closeSync();
    await inputs.close();
  }
}

/** The rows of one ViewDefinition over an export (`veivalg view run`). */
export async function runViewOnExport(view: unknown, dataDir: string): Promise<Record<string, unknown>[]> {
  return withExport(dataDir, () => {}, async (conn, _files, source) => runView(conn, compile("view", view, source)));
}

export async function evaluateIndicators(options: {
  dataDir: string;
  definitions: readonly IndicatorSource[];
  organisationMap: readonly OrganisationIdentifier[];
  onProgress?: Progress;
  /** How far an archived export may unpack (inputs.ts's defaults unless told). */
  unpackLimits?: Partial<UnpackLimits> | undefined;
}): Promise<Evaluation> {
  const progress: Progress = options.onProgress ?? (() => {});
  return withExport(options.dataDir, progress, async (conn, files, source) => {
    const views = new Map<string, unknown>();
    for (const d of options.definitions) for (const v of d.views) views.set(v.name, v.definition);
    const viewCounts: Evaluation["views"] = [];
    let done = 0;
    for (const [name, definition] of views) {
      progress("views", done++, views.size);
      viewCounts.push({ name, rows: await materialise(conn, name, definition, source) });
    }
    await materialise(conn, ORGANIZATION_KEYS.name, ORGANIZATION_KEYS, source);
    await organisationKeys(conn, options.organisationMap);

    const rows: IndicatorRow[] = [];
    let unmapped = 0;
    done = 0;
    for (const d of options.definitions) {
      progress("indicators", done++, options.definitions.length);
      const result = await readIndicator(conn, d);
      rows.push(...result.rows);
      unmapped += result.unmapped;
    }
    progress("indicators", done, options.definitions.length);
    return { files, views: viewCounts, rows, unmapped };
  }, options.unpackLimits);
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const identifier = (s: string) => `"${s.replaceAll('"', '""')}"`;
const list = (files: readonly InputFile[]) => `[${files.map((f) => literal(f.path)).join(", ")}]`;

/**
 * One pass over each resource type's files in DuckDB: counts the resources and finds lines that are
 * not JSON or not of the file's type. A faulty file fails the whole run, named to the line.
 */
async function countAndCheck(conn: DuckDBConnection, files: readonly InputFile[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const faulty: InputFile[] = [];
  const unread: { group: InputFile[]; message: string }[] = [];
  for (const [type, group] of groupByType(files)) {
    try {
      // Reading whole objects and extracting one field is several times faster than read_json with a column list.
      const reader = await conn.runAndReadAll(
        `SELECT filename, count(*) AS n, count(*) FILTER (WHERE json_extract_string(json, '$.resourceType') IS DISTINCT FROM ${literal(type)}) AS wrong
           FROM read_ndjson_objects(${list(group)}, format = 'newline_delimited', filename = true)
          GROUP BY filename`,
      );
      for (const row of reader.getRowObjectsJS()) {
        counts.set(String(row.filename), Number(row.n));
        if (Number(row.wrong) > 0) faulty.push(group.find((f) => f.path === row.filename)!);
      }
    } catch (error) {
      faulty.push(...group);
      unread.push({ group, message: (error as Error).message });
    }
  }
  if (faulty.length > 0) {
    const details: ErrorDetail[] = [];
    for (const f of faulty) details.push(...(await faultyLines(f)));
    // What DuckDB could not read and the line-by-line check found no fault in: DuckDB's own words
    // (it names the file and line), with the file's name in the export for its path on disk.
    for (const { group, message } of unread) {
      if (group.some((f) => details.some((d) => d.path.startsWith(`${f.name}:`)))) continue;
      let named = message;
      for (const f of group) named = named.replaceAll(f.path, f.name);
      const file = group.find((f) => message.includes(f.path)) ?? group[0]!;
      details.push({ path: file.name, message: printable(named) });
    }
    throw new Invalid(
      details.length > 0 ? `The FHIR export has faulty lines: ${details[0]!.message}` : "DuckDB could not read the FHIR export",
      details,
    );
  }
  return counts;
}

function groupByType(files: readonly InputFile[]): Map<string, InputFile[]> {
  const groups = new Map<string, InputFile[]>();
  for (const f of files) groups.set(f.resourceType, [...(groups.get(f.resourceType) ?? []), f]);
  return groups;
}

function sourceOf(files: readonly InputFile[]): (resourceType: string) => string {
  const groups = groupByType(files);
  return (type) => {
    const group = groups.get(type);
    return group
      ? `(SELECT json AS resource FROM read_ndjson_objects(${list(group)}, format = 'newline_delimited'))`
      : "(SELECT NULL::JSON AS resource WHERE false)";
  };
}

function compile(name: string, definition: unknown, source: (t: string) => string): CompiledView {
  try {
    return compileView(definition, source);
  } catch (error) {
    if (error instanceof InvalidView) throw new Invalid(`View ${name}: ${error.message}`, [{ path: `views.${name}`, message: error.message }]);
    throw error;
  }
}

async function materialise(conn: DuckDBConnection, name: string, definition: unknown, source: (t: string) => string): Promise<number> {
  const { sql } = compile(name, definition, source);
  await conn.run(`CREATE TEMP TABLE ${identifier(name)} AS ${sql}`);
  const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${identifier(name)}`);
  return Number(reader.getRowObjectsJS()[0]!.n);
}

/** `organisation_key(org_key, organisation_id)`: Organization resource key → Veivalg organisation. */
async function organisationKeys(conn: DuckDBConnection, map: readonly OrganisationIdentifier[]): Promise<void> {
  const values = map.map((m) => `(${literal(m.system)}, ${literal(m.value)}, ${literal(m.organisationId)})`);
  await conn.run(
    `CREATE TEMP TABLE organisation_map (system TEXT, value TEXT, organisation_id TEXT);
     ${values.length > 0 ? `INSERT INTO organisation_map VALUES ${values.join(", ")};` : ""}
     CREATE TEMP TABLE organisation_key AS
       SELECT DISTINCT i.org_key, m.organisation_id
         FROM ${ORGANIZATION_KEYS.name} i JOIN organisation_map m ON m.system = i.system AND m.value = i.value;`,
  );
}

async function readIndicator(conn: DuckDBConnection, d: IndicatorSource): Promise<{ rows: IndicatorRow[]; unmapped: number }> {
  const fault = (message: string) => new Invalid(`Indicator ${d.keyResult}: ${message}`, [{ path: `indicators.${d.keyResult}.query`, message }]);
  let reader;
  try {
    reader = await conn.runAndReadAll(d.query);
  } catch (error) {
    throw fault((error as Error).message);
  }
  const columns = reader.columnNames();
  for (const required of ["organisation_id", "period"]) {
    if (!columns.includes(required)) throw fault(`the query yields no column ${required}`);
  }
  const ratio = columns.includes("numerator") && columns.includes("denominator");
  if (!ratio && !columns.includes("value")) throw fault("the query yields neither value nor numerator and denominator");
  const dimensions = columns.filter((c) => !RESULT_COLUMNS.has(c));
  const rows: IndicatorRow[] = [];
  let unmapped = 0;
  for (const r of reader.getRowObjectsJS()) {
    if (r.organisation_id === null) {
      unmapped++;
      continue;
    }
    const breakdown: Record<string, string> = {};
    for (const k of dimensions) if (r[k] !== null) breakdown[k] = String(r[k]);
    const row: IndicatorRow = { keyResult: d.keyResult, organisationId: String(r.organisation_id), period: String(r.period), breakdown };
    if (ratio) {
      row.numerator = Number(r.numerator);
      row.denominator = Number(r.denominator);
    } else {
      row.value = Number(r.value);
    }
    rows.push(row);
  }
  return { rows, unmapped };
}
