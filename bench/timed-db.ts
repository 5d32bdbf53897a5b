/**
 * A Db that records every statement the code under test sends (text, parameters, start and end),
 * so a service's time can be split into SQL statements and the JavaScript between them without
 * touching the service. Optionally it runs chosen statements as EXPLAIN (ANALYZE, BUFFERS) instead
 * and keeps the plans (the statement still executes; the caller then sees no result rows).
 */
import { performance } from "node:perf_hooks";
import type { Db, Queryable } from "../server/src/data/db.js";

export interface DbEvent {
  kind: "query" | "exec" | "copy" | "transaction";
  sql: string;
  params?: readonly unknown[] | undefined;
  /** performance.now() at start and end, in ms. */
  start: number;
  end: number;
  rows?: number | undefined;
  /** Bytes sent by a COPY. */
  bytes?: number | undefined;
}

export interface ExplainedStatement {
  sql: string;
  plan: string;
}

export class Recorder {
  events: DbEvent[] = [];
  plans: ExplainedStatement[] = [];
  /** When set, statements for which it returns true are run under EXPLAIN ANALYZE. */
  explain: ((sql: string) => boolean) | undefined;

  reset(): void {
    this.events = [];
    this.plans = [];
  }
}

function wrap(q: Queryable, rec: Recorder, inner: Queryable): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
      const start = performance.now();
      if (rec.explain?.(sql)) {
        const rows = await inner.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        rec.plans.push({ sql, plan: rows.map((r) => r["QUERY PLAN"]).join("\n") });
        rec.events.push({ kind: "query", sql, params, start, end: performance.now(), rows: 0 });
        return [];
      }
      const rows = await q.query<T>(sql, params);
      rec.events.push({ kind: "query", sql, params, start, end: performance.now(), rows: rows.length });
      return rows;
    },
    async exec(sql: string): Promise<void> {
      const start = performance.now();
      await q.exec(sql);
      rec.events.push({ kind: "exec", sql, start, end: performance.now() });
    },
    async copyIn(target: string, options: string, data: string | Buffer): Promise<void> {
      const start = performance.now();
      await q.copyIn(target, options, data);
      const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.length;
      rec.events.push({ kind: "copy", sql: `COPY ${target} FROM STDIN ${options}`, start, end: performance.now(), bytes });
    },
  };
}

export function timedDb(db: Db, rec: Recorder): Db {
  return {
    kind: db.kind,
    ...wrap(db, rec, db),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const start = performance.now();
      try {
        return await db.transaction((tx) => fn(wrap(tx, rec, tx)));
      } finally {
        rec.events.push({ kind: "transaction", sql: "BEGIN … COMMIT", start, end: performance.now() });
      }
    },
    close: () => db.close(),
  };
}

/** A statement's first words, on one line, as a short label. */
export function label(sql: string, max = 90): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
