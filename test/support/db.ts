import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { openPglite, openPostgres, type Db } from "../../server/src/data/db.js";
import { migrate } from "../../server/src/data/migrate.js";
import { seedRegister } from "../../server/src/seed/load.js";
import { TEMPLATE_PATH } from "./paths.js";

export interface TestDb {
  db: Db;
  close(): Promise<void>;
}

/**
 * A fresh database with the organisations and strategies seeded: PGlite loaded from the template
 * made once per run, or a schema of its own on the PostgreSQL server at TEST_DATABASE_URL.
 */
export async function openTestDb(): Promise<TestDb> {
  if (process.env.VEIVALG_TEST_DB === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("TEST_DATABASE_URL is not set: run the tests through `npm test` (scripts/with-postgres.sh)");
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const db = await openPostgres({ connectionString: url, schema, max: 10 });
    await migrate(db);
    await seedRegister(db);
    return {
      db,
      async close() {
        await db.close();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  }
  const db = await openPglite(undefined, new Blob([readFileSync(TEMPLATE_PATH)]));
  return { db, close: () => db.close() };
}
