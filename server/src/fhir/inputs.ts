/**
 * A FHIR Bulk Data export on disk: a folder, or a `.tar`/`.tar.gz`/`.zip` of one, holding NDJSON
 * files of one resource type each, optionally gzip-compressed. Finds the files and names their type,
 * fingerprints them (SHA-256), and names the faulty lines of a file found faulty. An archive is
 * unpacked into a temporary folder within limits (UnpackLimits), its bytes counted as they are written.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { Transform, type TransformCallback } from "node:stream";
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

/**
 * How far an archive may unpack. A FHIR export's NDJSON compresses about 10–25 times; a zip bomb,
 * hundreds or thousands of times. Unpacking stops at the first byte over a limit, removes what it
 * wrote and refuses the export (Invalid, naming the archive member and the limit).
 */
export interface UnpackLimits {
  /** Bytes all members may unpack to together, whatever the archive's size. */
  maxBytes: number;
  /**
   * Times its compressed size a member (zip), and the whole archive (zip, tar, tar.gz), may unpack
   * to. The compressed sizes a zip declares are not trusted beyond the archive's real size.
   */
  maxRatio: number;
  /** Unpacked bytes below which the ratio is not checked (small files compress unevenly). */
  ratioFloor: number;
  /** Where archives are unpacked (the system's temporary folder by default). */
  tempDir?: string | undefined;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** 16 GiB in all, and 100 times the compressed size (above 1 MiB). */
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxBytes: 16 * GiB, maxRatio: 100, ratioFloor: 1 * MiB };

const NDJSON = /\.(ndjson|jsonl)(\.gz)?$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const MAX_REPORTED = 20;

/** Opens the export at `source`; refuses it (Invalid, naming each file) when a file's type cannot be told. */
export async function openInputs(source: string, limits: Partial<UnpackLimits> = {}): Promise<Inputs> {
  const info = await stat(source).catch(() => {
    throw new Invalid(`No FHIR export at ${source}`, [{ path: "source", message: "no such file or folder" }]);
  });
  let root = source;
  let unpacked: string | null = null;
  if (!info.isDirectory()) {
    const within: UnpackLimits = { ...DEFAULT_UNPACK_LIMITS, ...limits };
    unpacked = await mkdtemp(join(within.tempDir ?? tmpdir(), "veivalg-fhir-"));
    try {
      await unpack(source, unpacked, new Budget(basename(source), info.size, within));
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

async function unpack(archive: string, into: string, budget: Budget): Promise<void> {
  if (/\.(tar|tar\.gz|tgz)$/i.test(archive)) {
    await untar(archive, into, budget);
  } else if (/\.zip$/i.test(archive)) {
    await unzip(archive, into, budget);
  } else {
    throw new Invalid(`${basename(archive)} is neither a folder nor a .tar, .tar.gz or .zip archive`, [
      { path: "source", message: "unsupported archive" },
    ]);
  }
}

const wanted = (name: string) => NDJSON.test(name) && !name.split(/[\\/]/).includes("..");

const size = (bytes: number) =>
  bytes >= GiB ? `${+(bytes / GiB).toFixed(1)} GiB` : bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;

/** The bytes an archive may still unpack to; each member's bytes are counted as they are written. */
export class Budget {
  private written = 0;
  /** The first limit crossed, once one is. */
  refusal: Invalid | null = null;
  private readonly total: number;

  constructor(
    private readonly archive: string,
    archiveBytes: number,
    private readonly limits: UnpackLimits,
  ) {
    this.total = Math.min(limits.maxBytes, Math.max(limits.maxRatio * archiveBytes, limits.ratioFloor));
  }

  /**
   * A pass-through stream counting one member's bytes. At the first byte over a limit it fails with
   * the refusal, or, given `onRefusal`, ends (so the file being written is closed) and calls it.
   */
  counter(member: string, compressedBytes?: number, onRefusal?: (refusal: Invalid) => void): Transform {
    const budget = this;
    const entryLimit = compressedBytes === undefined ? Infinity : Math.max(this.limits.maxRatio * compressedBytes, this.limits.ratioFloor);
    let entryWritten = 0;
    let ended = false;
    return new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
        if (ended) return done();
        entryWritten += chunk.length;
        budget.written += chunk.length;
        const refusal = budget.refusal ?? budget.check(member, entryWritten, entryLimit, compressedBytes);
        if (!refusal) return done(null, chunk);
        if (!onRefusal) return done(refusal);
        ended = true;
        this.push(null);
        onRefusal(refusal);
        done();
      },
    });
  }

  private check(member: string, entryWritten: number, entryLimit: number, compressedBytes: number | undefined): Invalid | null {
    const refuse = (limit: string) =>
      (this.refusal = new Invalid(`${this.archive}: ${member} unpacks to more than ${limit}; the archive is refused (a likely zip bomb) and nothing of it is kept`, [
        { path: `source.${member}`, message: `unpacks to more than ${limit}` },
      ]));
    if (entryWritten > entryLimit) return refuse(`${this.limits.maxRatio} times its compressed size of ${size(compressedBytes ?? 0)} (${size(entryLimit)})`);
    if (this.written > this.total) {
      return this.total === this.limits.maxBytes
        ? refuse(`the limit of ${size(this.total)} for an unpacked archive`)
        : refuse(`the limit of ${this.limits.maxRatio} times the archive's size (${size(this.total)} in all)`);
    }
    return null;
  }
}

/** Extracts the NDJSON members of a tar (or tar.gz), counting the bytes written; stops at the first over the budget. */
async function untar(archive: string, into: string, budget: Budget): Promise<void> {
  const source = createReadStream(archive);
  const extract = new tar.Unpack({
    cwd: into,
    filter: (path, entry) => wanted(path) && (!("type" in entry) || entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile"),
    // Our budget is the limit that counts, with its clear message.
    maxDecompressionRatio: Infinity,
    transform: (entry) => {
      // A refusal stops the whole extraction at once (a member's error alone would only be a warning).
      const counter = budget.counter(entry.path, undefined, (refusal) => {
        source.destroy();
        extract.abort(refusal);
      });
      // tar pipes the member into whatever stream this returns; its types ask for a tar entry.
      return counter as unknown as tar.ReadEntry;
    },
  });
  await new Promise<void>((done, fail) => {
    extract.on("error", (error: Error) => fail(budget.refusal ?? error));
    extract.on("close", () => (budget.refusal ? fail(budget.refusal) : done()));
    source.on("error", (error: Error) => fail(budget.refusal ?? error));
    source.pipe(extract);
  });
}

async function unzip(archive: string, into: string, budget: Budget): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((done, fail) => yauzl.open(archive, { lazyEntries: true }, (e, z) => (e ? fail(e) : done(z))));
  try {
    await new Promise<void>((done, fail) => {
      zip.on("error", fail);
      zip.on("end", done);
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (!wanted(name) || name.endsWith("/")) return zip.readEntry();
        const target = join(into, name);
        zip.openReadStream(entry, (e, stream) => {
          if (e) return fail(e);
          mkdir(dirname(target), { recursive: true })
            .then(() => pipeline(stream, budget.counter(name, entry.compressedSize), createWriteStream(target)))
            .then(() => zip.readEntry(), (error: unknown) => fail(budget.refusal ?? error));
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
  const input = file.gzip ? raw.pipe(createGunzip()) : raw;
  // Read byte for byte (latin1), so that each line's UTF-8 is checked on its own.
  input.setEncoding("latin1");
  const lines = createInterface({ input, crlfDelay: Infinity });
  const faults: ErrorDetail[] = [];
  let n = 0;
  try {
    for await (const bytes of lines) {
      n++;
      if (bytes.trim() === "") continue;
      let line: string;
      let message: string | null;
      try {
        line = utf8.decode(Buffer.from(bytes, "latin1"));
        message = lineFault(line, file.resourceType);
      } catch {
        message = "not valid UTF-8";
      }
      if (message) faults.push({ path: `${file.name}:${n}`, row: n, message: `${file.name}, line ${n}: ${message}` });
      if (faults.length >= limit) break;
    }
  } catch (error) {
    faults.push({ path: `${file.name}:${n + 1}`, row: n + 1, message: `${file.name}, line ${n + 1}: ${printable((error as Error).message)}` });
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
    return `not valid JSON (${printable((error as Error).message)})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const type = (value as { resourceType?: unknown }).resourceType;
  if (type !== resourceType) {
    return typeof type === "string" ? `a ${type} in a file of ${resourceType} resources` : "no resourceType";
  }
  return null;
}

/**
 * `text` with its control characters written out (`\u0000`) and lone surrogates replaced: the
 * message of a faulty line quotes the line, and PostgreSQL stores no NUL in text or JSON.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
