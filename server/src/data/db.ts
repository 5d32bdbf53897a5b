import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { mkdirSync } from "node:fs";
import { lockDataFolder } from "./folder-lock.js";

/**
 * One small interface over the two PostgreSQLs Veivalg runs on: embedded PGlite (the default) and
 * a server reached through `pg`. Queries are plain SQL with `$n` parameters, the same text for both.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  /** `COPY <target> FROM STDIN <options>`: loads text in COPY's own format. */
  copyIn(target: string, options: string, data: string | Buffer): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Values come back the same from both drivers: numbers as numbers, dates as `YYYY-MM-DD`,
// timestamps as ISO strings.
const NUMERIC = 1700;
const INT8 = 20;
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const toIso = (v: string): string => new Date(v).toISOString();
const parsers: Record<number, (v: string) => unknown> = {
  [NUMERIC]: Number,
  [INT8]: Number,
  [DATE]: (v: string) => v,
  [TIMESTAMPTZ]: toIso,
};

function pgliteQueryable(q: Pick<PGlite, "query" | "exec">): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query<T>(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql) {
      await q.exec(sql);
    },
    async copyIn(target, options, data) {
      const blob = new Blob([typeof data === "string" ? data : new Uint8Array(data)]);
      await q.query(`COPY ${target} FROM '/dev/blob' ${options}`, [], { blob });
    },
  };
}

export interface PgliteDb extends Db {
  /** The whole database as a tarball, e.g. to start many test databases from one migrated copy. */
  dumpDataDir(): Promise<Blob>;
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PgliteDb> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataFolder(dataDir);
  }
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers,
  }).catch((err: unknown) => {
    release();
    throw err;
  });
  const base = pgliteQueryable(db);
  return {
    kind: "pglite",
    ...base,
    transaction: (fn) => db.transaction((tx) => fn(pgliteQueryable(tx))),
    close: async () => {
      await db.close();
      release();
    },
    dumpDataDir: () => db.dumpDataDir("none"),
  };
}

function clientQueryable(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await client.query({ text: sql, values: params as unknown[], types: pgTypes });
      return res.rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async copyIn(target, options, data) {
      if (!("release" in client)) throw new Error("copyIn needs a transaction");
      const stream = client.query(copyFrom(`COPY ${target} FROM STDIN ${options}`));
      await pipeline(Readable.from([typeof data === "string" ? Buffer.from(data) : data]), stream);
    },
  };
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    parsers[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  connectionString: string;
  /** Schema to use as `search_path` (tests run each file in a schema of its own). */
  schema?: string | undefined;
  max?: number | undefined;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 20,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // Fail at start-up, not at the first request, when the server cannot be reached.
  (await pool.connect()).release();
  const base = clientQueryable(pool);
  return {
    kind: "postgres",
    ...base,
    async copyIn(target, options, data) {
      const client = await pool.connect();
      try {
        await clientQueryable(client).copyIn(target, options, data);
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(clientQueryable(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
