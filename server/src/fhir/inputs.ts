/**
 * A FHIR Bulk Data export on disk: a folder, or a `.tar`/`.tar.gz`/`.zip` of one, holding NDJSON
 * files of one resource type each, optionally gzip-compressed. Finds the files and names their type,
 * fingerprints them (SHA-256), and names the faulty lines of a file found faulty.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import * as tar from "tar";
import * as yauzl from "yauzl";
import { Invalid, type ErrorDetail } from "../domain/errors.js";
import { R4_RESOURCE_TYPES } from "./resource-types.js";

export interface InputFile {
  /** Where the file sits in the export (relative path, archive member name). */
  name: string;
  /** Where it can be read now. */
  path: string;
  resourceType: string;
  bytes: number;
  gzip: boolean;
}

export interface Inputs {
  source: string;
  files: InputFile[];
  /** Removes what was unpacked from an archive. */
  close(): Promise<void>;
}

const NDJSON = /\.(ndjson|jsonl)(\.gz)?$/i;
const MAX_REPORTED = 20;

/** Opens the export at `source`; refuses it (Invalid, naming each file) when a file's type cannot be told. */
export async function openInputs(source: string): Promise<Inputs> {
  const info = await stat(source).catch(() => {
    throw new Invalid(`No FHIR export at ${source}`, [{ path: "source", message: "no such file or folder" }]);
  });
  let root = source;
  let unpacked: string | null = null;
  if (!info.isDirectory()) {
    unpacked = await mkdtemp(join(tmpdir(), "veivalg-fhir-"));
    try {
      await unpack(source, unpacked);
    } catch (error) {
      await rm(unpacked, { recursive: true, force: true });
      throw error;
    }
    root = unpacked;
  }
  const close = async () => {
    if (unpacked) await rm(unpacked, { recursive: true, force: true });
  };
  try {
    const paths = (await walk(root)).filter((p) => NDJSON.test(p)).sort();
    if (paths.length === 0) {
      throw new Invalid(`No NDJSON files in ${source}`, [{ path: "source", message: "expected files such as Patient.ndjson or Patient.ndjson.gz" }]);
    }
    const files = await Promise.all(paths.map((path) => describe(root, path)));
    return { source, files, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function unpack(archive: string, into: string): Promise<void> {
  if (/\.(tar|tar\.gz|tgz)$/i.test(archive)) {
    await tar.x({ file: archive, cwd: into, filter: (path) => NDJSON.test(path) && !path.split("/").includes("..") });
  } else if (/\.zip$/i.test(archive)) {
    await unzip(archive, into);
  } else {
    throw new Invalid(`${basename(archive)} is neither a folder nor a .tar, .tar.gz or .zip archive`, [
      { path: "source", message: "unsupported archive" },
    ]);
  }
}

async function unzip(archive: string, into: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((done, fail) => yauzl.open(archive, { lazyEntries: true }, (e, z) => (e ? fail(e) : done(z))));
  try {
    await new Promise<void>((done, fail) => {
      zip.on("error", fail);
      zip.on("end", done);
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (!NDJSON.test(name) || name.split("/").includes("..")) return zip.readEntry();
        const target = join(into, name);
        zip.openReadStream(entry, (e, stream) => {
          if (e) return fail(e);
          mkdir(dirname(target), { recursive: true })
            .then(() => pipeline(stream, createWriteStream(target)))
            .then(() => zip.readEntry(), fail);
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** `Patient.ndjson`, `Patient.2.ndjson.gz`, `Patient-0001.ndjson`: the type leads the name, as `$export` servers write it. */
function typeFromName(name: string): string | null {
  const lead = /^([A-Z][A-Za-z]+)/.exec(basename(name))?.[1];
  return lead && R4_RESOURCE_TYPES.has(lead) ? lead : null;
}

async function describe(root: string, path: string): Promise<InputFile> {
  const name = relative(root, path);
  const resourceType = typeFromName(name);
  if (!resourceType) {
    throw new Invalid(`Cannot tell the resource type of ${name}`, [
      { path: name, message: "the file name must start with a FHIR R4 resource type, e.g. Observation.ndjson" },
    ]);
  }
  return { name, path, resourceType, bytes: (await stat(path)).size, gzip: /\.gz$/i.test(path) };
}

/** The file's SHA-256, as the run's record of exactly what it read. */
export async function sha256Of(file: InputFile): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file.path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Every line of `file` that is not a JSON object of the file's resource type, with its line number
 * (at most `limit`). Reads in JavaScript, line by line: used to name the fault once the fast check
 * in DuckDB has found that a file has one.
 */
export async function faultyLines(file: InputFile, limit = MAX_REPORTED): Promise<ErrorDetail[]> {
  const raw = createReadStream(file.path);
  const lines = createInterface({ input: file.gzip ? raw.pipe(createGunzip()) : raw, crlfDelay: Infinity });
  const faults: ErrorDetail[] = [];
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === "") continue;
      const message = lineFault(line, file.resourceType);
      if (message) faults.push({ path: `${file.name}:${n}`, row: n, message: `${file.name}, line ${n}: ${message}` });
      if (faults.length >= limit) break;
    }
  } catch (error) {
    faults.push({ path: `${file.name}:${n + 1}`, row: n + 1, message: `${file.name}, line ${n + 1}: ${(error as Error).message}` });
  } finally {
    lines.close();
    raw.destroy();
  }
  return faults;
}

function lineFault(line: string, resourceType: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const type = (value as { resourceType?: unknown }).resourceType;
  if (type !== resourceType) {
    return typeof type === "string" ? `a ${type} in a file of ${resourceType} resources` : "no resourceType";
  }
  return null;
}
