import { systemReporting } from "../access/system.js";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { readConfig, type Config } from "../config.js";
import { backup, restore } from "../data/backup.js";
import type { Db } from "../data/db.js";
import { migrate } from "../data/migrate.js";
import { openDatabase } from "../data/open.js";
import { DomainError } from "../domain/errors.js";
import { buildApp } from "../http/app.js";
import { seedDemo } from "../seed/demo.js";
import { seedRegister } from "../seed/load.js";
import { exportStrategy } from "../services/export.js";
import { importMeasurementFile } from "../services/imports.js";

const USAGE = `veivalg <command> [options]

  serve                         migrate, seed if empty, and serve the web app and the API on PORT (default 8080)
  migrate                       apply database migrations
  seed [--no-demo]              load the organisations and strategies (and the demo measurements)
  import --strategy ID FILE [--dry-run]
                                import measurements from CSV or XLSX, all or nothing
  export ID [--out FILE]        a strategy with its measurements as JSON
  backup FILE                   write a logical backup (gzip'd JSON lines)
  restore FILE                  restore a backup into an empty database

Environment: PORT, HOST, VEIVALG_DATA_DIR (default ./data), DATABASE_URL, VEIVALG_DEMO=0, LOG_LEVEL,
VEIVALG_WEB_DIR (the built web app, default web/dist).`;

async function prepare(db: Db, config: Config, demo: boolean): Promise<void> {
  await migrate(db);
  await seedRegister(db);
  if (demo && config.demo) await seedDemo(db);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      strategy: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "no-demo": { type: "boolean", default: false },
      out: { type: "string" },
    },
  });
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = readConfig();
  const db = await openDatabase(config);
  const demo = !values["no-demo"];
  try {
    switch (command) {
      case "serve": {
        await prepare(db, config, demo);
        const app = await buildApp({ db, logLevel: config.logLevel, webDir: config.webDir });
        const stop = async () => {
          await app.close();
          await db.close();
          process.exit(0);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        await app.listen({ port: config.port, host: config.host });
        return -1; // keep running
      }
      case "migrate":
        console.log((await migrate(db)).join("\n") || "up to date");
        return 0;
      case "seed":
        await prepare(db, config, demo);
        console.log("seeded");
        return 0;
      case "import": {
        const file = positionals[0];
        if (!values.strategy || !file) throw new Error("usage: veivalg import --strategy ID FILE [--dry-run]");
        await migrate(db);
        const r = await importMeasurementFile(db, values.strategy, { bytes: readFileSync(file), name: basename(file) }, { dryRun: values["dry-run"], actor: "cli", access: systemReporting("cli") });
        console.log(JSON.stringify(r, null, 2));
        return 0;
      }
      case "export": {
        const id = positionals[0];
        if (!id) throw new Error("usage: veivalg export ID [--out FILE]");
        const json = JSON.stringify(await exportStrategy(db, id), null, 2);
        if (values.out) writeFileSync(values.out, json);
        else console.log(json);
        return 0;
      }
      case "backup": {
        const file = positionals[0];
        if (!file) throw new Error("usage: veivalg backup FILE");
        console.log(JSON.stringify(await backup(db, file)));
        return 0;
      }
      case "restore": {
        const file = positionals[0];
        if (!file) throw new Error("usage: veivalg restore FILE");
        await migrate(db);
        console.log(JSON.stringify(await restore(db, file)));
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof DomainError) {
      console.error(`${err.code}: ${err.message}`);
      for (const d of err.details.slice(0, 200)) console.error(`  ${d.path}: ${d.message}`);
      return 1;
    }
    throw err;
  } finally {
    if (command !== "serve") await db.close();
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
