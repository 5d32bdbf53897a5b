import type { Config } from "../config.js";
import { openPglite, openPostgres, type Db } from "./db.js";

/** The configured database: a PostgreSQL server when DATABASE_URL is set, else PGlite in the data folder. */
export function openDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): Promise<Db> {
  return config.databaseUrl ? openPostgres({ connectionString: config.databaseUrl }) : openPglite(config.dataDir);
}
