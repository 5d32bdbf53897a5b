import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { once } from "node:events";
import { Invalid } from "../domain/errors.js";
import type { Db } from "./db.js";

/** Tables in an order where every row's references come before it. */
const TABLES = [
  "organisations",
  "strategies",
  "strategy_versions",
  "sections",
  "alignments",
  "key_results",
  "key_result_versions",
  "key_result_targets",
  "measurements",
  "measurement_totals",
  "assessments",
  "idempotency_keys",
  // The portfolio. A need merged into another is restored in the same statement as it (batches of
  // 5,000), so the order of needs does not matter below that.
  "initiatives",
  "initiative_versions",
  "initiative_links",
  "initiative_participants",
  "initiative_dependencies",
  "needs",
  "need_supporters",
  "gate_checklists",
  // Before the decisions: an adoption's gate decisions point to their scenario.
  "scenarios",
  "gate_decisions",
  "initiative_costs",
  "portfolio_budgets",
  "status_reports",
  "risks",
  "ros_analyses",
  "ros_reuses",
  "adoptions",
  "benefits",
  "benefit_actuals",
  "benefit_plan_revisions",
  "key_result_computations",
  "scoring_models",
  "initiative_scores",
  "agreed_scores",
  "fhir_runs",
  "key_result_fhir_bindings",
  // People, their roles and tokens, and the audit trail; sessions, setup links and sign-in throttling are not kept.
  "users",
  "role_grants",
  "api_tokens",
  "audit_log",
] as const;
const IDENTITY_TABLES = ["measurements", "assessments", "status_reports", "benefit_actuals"] as const;
const PAGE = 20000;

/**
 * A logical backup, the same for PGlite and a PostgreSQL server: gzip'd JSON lines, a header
 * then `{ "table": …, "row": … }`. It moves data between the two as well.
 */
export async function backup(db: Db, file: string): Promise<Record<string, number>> {
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file));
  const write = async (line: string) => {
    if (!gzip.write(line + "\n")) await once(gzip, "drain");
  };
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const [m] = await tx.query<{ name: string }>("SELECT max(name) AS name FROM schema_migrations");
    await write(JSON.stringify({ format: "veivalg-backup/1", migration: m?.name, createdAt: new Date().toISOString() }));
    for (const table of TABLES) {
      counts[table] = 0;
      for (let offset = 0; ; offset += PAGE) {
        const rows = await tx.query<{ r: unknown }>(`SELECT to_jsonb(t) AS r FROM ${table} t ORDER BY ctid LIMIT ${PAGE} OFFSET ${offset}`);
        for (const { r } of rows) await write(JSON.stringify({ table, row: r }));
        counts[table] += rows.length;
        if (rows.length < PAGE) break;
      }
    }
  });
  gzip.end();
  await once(out, "finish");
  return counts;
}

/** Restores a backup into a migrated, empty database, in one transaction. */
export async function restore(db: Db, file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t, 0]));
  await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM strategies");
    if (n > 0) throw new Invalid("restore needs an empty database", [{ path: "database", message: `${n} strategies present` }]);
    // Opened only now: readline starts reading at once, and lines read before the loop would be lost.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let header = true;
    let table = "";
    let batch: unknown[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const overriding = (IDENTITY_TABLES as readonly string[]).includes(table) ? "OVERRIDING SYSTEM VALUE" : "";
      await tx.query(`INSERT INTO ${table} ${overriding} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(batch)]);
      counts[table]! += batch.length;
      batch = [];
    };
    for await (const line of lines) {
      if (!line) continue;
      const obj = JSON.parse(line) as { format?: string; table?: string; row?: unknown };
      if (header) {
        if (obj.format !== "veivalg-backup/1") throw new Invalid("not a Veivalg backup", [{ path: "file", message: "bad header" }]);
        header = false;
        continue;
      }
      if (!obj.table || !(TABLES as readonly string[]).includes(obj.table)) throw new Invalid(`unknown table in backup: ${obj.table}`);
      if (obj.table !== table || batch.length >= 5000) {
        await flush();
        table = obj.table;
      }
      batch.push(obj.row);
    }
    await flush();
    for (const t of IDENTITY_TABLES) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), coalesce((SELECT max(id) FROM ${t}), 0) + 1, false)`);
    }
  });
  return counts;
}
