import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { Db } from "../../server/src/data/db.js";
import { openDatabase } from "../../server/src/data/open.js";

const run = promisify(execFile);
export const BIN = new URL("../../bin/veivalg.mjs", import.meta.url).pathname;

/** Runs the `veivalg` command as an operator would, on the database `env` names. */
export const veivalg = async (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, maxBuffer: 64 * 1024 * 1024 });

/**
 * Runs `veivalg` with its standard output into `cat` through a real pipe, as `veivalg … | jq` would;
 * fails with the command's own exit status (pipefail).
 */
export const veivalgPiped = async (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run("bash", ["-o", "pipefail", "-c", '"$@" | cat', "veivalg", process.execPath, BIN, ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, maxBuffer: 64 * 1024 * 1024 });

export interface CliDatabases {
  /** A scratch folder, removed by close(). */
  dir: string;
  /** The environment of a fresh, empty database: a data folder for PGlite, or a schema on the server. */
  fresh(): Promise<NodeJS.ProcessEnv>;
  /** Opens the database `env` names, as the command would (close it before running the command again on PGlite). */
  open(env: NodeJS.ProcessEnv): Promise<Db>;
  close(): Promise<void>;
}

/** Databases for tests of the command, on the database kind the test project runs on. */
export async function cliDatabases(): Promise<CliDatabases> {
  const dir = mkdtempSync(join(tmpdir(), "veivalg-cli-"));
  const onPostgres = process.env.VEIVALG_TEST_DB === "postgres";
  const schemas: string[] = [];
  const admin = onPostgres ? new pg.Client({ connectionString: process.env.TEST_DATABASE_URL }) : undefined;
  await admin?.connect();
  return {
    dir,
    async fresh() {
      const name = `cli_${randomBytes(5).toString("hex")}`;
      if (!admin) return { VEIVALG_DATA_DIR: join(dir, name) };
      await admin.query(`CREATE SCHEMA ${name}`);
      schemas.push(name);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.searchParams.set("options", `-c search_path=${name}`);
      // The data folder still holds files beside the database (the demo's FHIR export).
      return { DATABASE_URL: url.toString(), VEIVALG_DATA_DIR: join(dir, name) };
    },
    open: (env) => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.VEIVALG_DATA_DIR ?? "" }),
    async close() {
      for (const s of schemas) await admin!.query(`DROP SCHEMA ${s} CASCADE`);
      await admin?.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
