/**
 * Writes resources as a FHIR Bulk Data export does: one NDJSON file per resource type, named
 * `<Type>.ndjson` (or `.ndjson.gz`). Lines are gathered into chunks before they reach the stream,
 * and the caller waits on `drained()` whenever a stream pushes back, so memory stays flat however
 * many resources pass through.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { createGzip, type ZlibOptions } from "node:zlib";
import type { Resource } from "./generate.js";

export interface WrittenFile {
  resourceType: string;
  path: string;
  count: number;
}

interface Sink extends WrittenFile {
  chunk: string;
  out: Writable;
  done: Promise<void>;
}

const CHUNK = 1 << 16;
// Room for several chunks, so the disk (or gzip) works while the next chunk is drawn.
const BUFFER = 1 << 20;

export class NdjsonWriter {
  private readonly sinks = new Map<string, Sink>();
  private waits: Promise<unknown>[] = [];

  private constructor(
    private readonly dir: string,
    private readonly gzip: boolean,
  ) {}

  /** Opens `dir` for writing, removing the files of `types` a previous run left there (in either form). */
  static async open(dir: string, types: readonly string[], options: { gzip: boolean }): Promise<NdjsonWriter> {
    await mkdir(dir, { recursive: true });
    await Promise.all(types.flatMap((t) => [rm(join(dir, `${t}.ndjson`), { force: true }), rm(join(dir, `${t}.ndjson.gz`), { force: true })]));
    return new NdjsonWriter(dir, options.gzip);
  }

  readonly write = (resource: Resource): void => {
    const sink = this.sinks.get(resource.resourceType) ?? this.sink(resource.resourceType);
    sink.chunk += `${JSON.stringify(resource)}\n`;
    sink.count++;
    if (sink.chunk.length >= CHUNK) this.flush(sink);
  };

  /** Whether a stream has asked the caller to wait. */
  get blocked(): boolean {
    return this.waits.length > 0;
  }

  async drained(): Promise<void> {
    const waits = this.waits;
    this.waits = [];
    await Promise.all(waits);
  }

  /** Flushes and closes every file; the files in the order they were first written. */
  async close(): Promise<WrittenFile[]> {
    for (const sink of this.sinks.values()) {
      this.flush(sink);
      sink.out.end();
    }
    await Promise.all([...this.sinks.values()].map((s) => s.done));
    return [...this.sinks.values()].map(({ resourceType, path, count }) => ({ resourceType, path, count }));
  }

  /** Stops writing after a failure; what was written stays as it is. */
  abort(): void {
    for (const sink of this.sinks.values()) sink.out.destroy();
  }

  private sink(resourceType: string): Sink {
    const path = join(this.dir, `${resourceType}.ndjson${this.gzip ? ".gz" : ""}`);
    const file = createWriteStream(path, { highWaterMark: BUFFER });
    // Level 1: the export is read once, and the fastest level keeps gzip off the critical path.
    // The stream options pass through to the Transform; Node's typings leave them out.
    const gzip = this.gzip ? createGzip({ level: 1, highWaterMark: BUFFER } as ZlibOptions) : null;
    const out: Writable = gzip ?? file;
    const done = gzip ? pipeline(gzip, file) : finished(file);
    // Awaited in close(); a failure before then must not go unhandled.
    done.catch(() => {});
    const sink: Sink = { resourceType, path, count: 0, chunk: "", out, done };
    this.sinks.set(resourceType, sink);
    return sink;
  }

  private flush(sink: Sink): void {
    if (sink.chunk === "") return;
    const ok = sink.out.write(sink.chunk);
    sink.chunk = "";
    if (!ok) this.waits.push(once(sink.out, "drain"));
  }
}
