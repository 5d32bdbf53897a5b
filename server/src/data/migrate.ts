import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Db } from "./db.js";

const migrationsDir = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Applies the SQL files in `migrations/` in name order, each once, recorded in `schema_migrations`. */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith(".sql")).sort();
  return db.transaction(async (tx) => {
    // Two instances starting together must not both migrate.
    await tx.query("SELECT pg_advisory_xact_lock(7201)");
    await tx.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set((await tx.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(readFileSync(migrationsDir + file, "utf8"));
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
      applied.push(file);
    }
    return applied;
  });
}
