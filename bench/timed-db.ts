/**
 * A Db that records every statement the code under test sends (text, parameters, start and end),
 * so a service's time can be split into SQL statements and the JavaScript between them without
 * touching the service. Optionally, inside transactions, it first runs chosen statements under
 * EXPLAIN (ANALYZE, BUFFERS) in a savepoint that is rolled back, keeps the plans, and then runs
 * them for real, so the service behaves as usual (and each such statement costs twice).
 */
import { performance } from "node:perf_hooks";
import type { Db, Queryable } from "../server/src/data/db.js";

export interface DbEvent {
  kind: "query" | "exec" | "copy" | "transaction" | "explain";
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
  /** EXPLAIN ANALYZE (executed) rather than the plan only. */
  analyzed: boolean;
}

export class Recorder {
  events: DbEvent[] = [];
  plans: ExplainedStatement[] = [];
  /** When set, statements (in transactions) for which it returns true are also run under EXPLAIN ANALYZE, rolled back. */
  explain: ((sql: string) => boolean) | undefined;
  /** When set, statements for which it returns true are preceded by a plain EXPLAIN (plan only, recorded). */
  planFirst: ((sql: string) => boolean) | undefined;

  reset(): void {
    this.events = [];
    this.plans = [];
  }
}

function wrap(q: Queryable, rec: Recorder, inTransaction: boolean): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
      const start = performance.now();
      if (inTransaction && rec.explain?.(sql)) {
        // Executed under EXPLAIN ANALYZE, undone, then run for real so the caller gets its rows.
        await q.query("SAVEPOINT bench_explain");
        const plan = await q.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        await q.query("ROLLBACK TO SAVEPOINT bench_explain");
        rec.plans.push({ sql, plan: plan.map((r) => r["QUERY PLAN"]).join("\n"), analyzed: true });
        rec.events.push({ kind: "explain", sql, params, start, end: performance.now() });
        const began = performance.now();
        const rows = await q.query<T>(sql, params);
        rec.events.push({ kind: "query", sql, params, start: began, end: performance.now(), rows: rows.length });
        return rows;
      }
      let began = start;
      if (rec.planFirst?.(sql)) {
        const plan = await q.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params);
        rec.plans.push({ sql, plan: plan.map((r) => r["QUERY PLAN"]).join("\n"), analyzed: false });
        began = performance.now();
        rec.events.push({ kind: "explain", sql, params, start, end: began });
      }
      const rows = await q.query<T>(sql, params);
      rec.events.push({ kind: "query", sql, params, start: began, end: performance.now(), rows: rows.length });
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
    ...wrap(db, rec, false),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const start = performance.now();
      try {
        return await db.transaction((tx) => fn(wrap(tx, rec, true)));
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
