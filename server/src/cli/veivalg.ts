import { appendAudit, verifyAudit } from "../access/audit.js";
import { systemPrincipal } from "../access/policy.js";
import { systemReporting } from "../access/system.js";
import { createToken } from "../access/tokens.js";
import { readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { readConfig, type Config } from "../config.js";
import { bootstrapAdmin, createAdmin, readPassword } from "./accounts.js";
import { backup, restore } from "../data/backup.js";
import type { Db } from "../data/db.js";
import { failInterruptedRuns } from "../data/fhir-runs.js";
import { migrate } from "../data/migrate.js";
import { openDatabase } from "../data/open.js";
import { DomainError, Invalid } from "../domain/errors.js";
import { buildApp } from "../http/app.js";
import { tokenInputSchema } from "../http/tokens/schema.js";
import { PROBLEM_FORMAT } from "../domain/prioritisation/problem.js";
import { frontier, solve, solveAndExplain } from "../optimiser/highs-solve.js";
import { problemSchema } from "../optimiser/problem-schema.js";
import { highsRuntime } from "../optimiser/runtime.js";
import { seedDemo } from "../seed/demo.js";
import { seedRegister } from "../seed/load.js";
import { exportStrategy } from "../services/export.js";
import { importMeasurementFile } from "../services/imports.js";
import { computeCommand, synthCommand, viewRunCommand } from "./fhir.js";

const USAGE = `veivalg <command> [options]

  serve                         migrate, seed if empty, and serve the web app and the API on PORT (default 8080)
  migrate                       apply database migrations
  seed [--no-demo]              load the organisations and strategies (and the demo measurements)
  import --strategy ID FILE [--dry-run]
                                import measurements from CSV or XLSX, all or nothing
  export ID [--out FILE]        a strategy with its measurements as JSON
  backup FILE                   write a logical backup (gzip'd JSON lines)
  restore FILE                  restore a backup into an empty database
  tokens create --name N --role ROLE [--org ORG] [--days D]
                                create an API token (ROLE on ORG's sub-tree; no ORG for admin; D days,
                                default 90); the token alone is printed on the last line
  audit verify [--anchor SEQ:HASH]
                                check the audit trail's hash chain (and that entry SEQ still has HASH);
                                exit 1 naming the first broken entry
  optimise PROBLEM.json [--time-limit S] [--gap G] [--explain] [--frontier N]
                                solve an exported optimisation problem (docs/optimisation-problem.md)
                                and print the solution as JSON (with --explain: why each initiative
                                is in or out; --frontier N: the best value at N budget levels). Needs
                                no database
  synth --patients N --out DIR [--seed S] [--gzip]
                                write a synthetic FHIR R4 Bulk Data export (NDJSON per resource type)
                                for Helse Sør-Øst's trusts; deterministic for N and S. Needs no database
  view run VIEW.json --data DIR print the rows of a SQL on FHIR ViewDefinition over the NDJSON files
                                in DIR (or a .tar/.zip) as a JSON array. Needs no database
  compute --strategy ID --data PATH
                                compute the strategy's FHIR-bound key results (server/indicators) from
                                the export at PATH; progress on standard error, the run as JSON; exit 1
                                naming file and line when the export is faulty (nothing is changed)
  users create-admin --email E [--name N]
                                create a system administrator; the password is the first line of
                                standard input. On embedded PGlite only while the server is stopped

Environment: PORT, HOST, VEIVALG_DATA_DIR (default ./data), DATABASE_URL, VEIVALG_DEMO=0, LOG_LEVEL,
VEIVALG_WEB_DIR (the built web app, default web/dist), VEIVALG_SESSION_IDLE_MINUTES (default 60),
VEIVALG_SESSION_ABSOLUTE_HOURS (default 12), VEIVALG_TRUST_PROXY, VEIVALG_ADMIN_EMAIL and
VEIVALG_ADMIN_PASSWORD (the first administrator, for automated deployments; else \`serve\` prints a
one-time setup link while there is no administrator), VEIVALG_PUBLIC_URL and VEIVALG_OIDC_* (single
sign-on: see the README).`;

/** An operator's mistake is told in a line or two; anything else is a bug and shows its stack. */
function failed(err: unknown): number {
  if (!(err instanceof DomainError)) throw err;
  console.error(`${err.code}: ${err.message}`);
  for (const d of err.details.slice(0, 200)) console.error(`  ${d.path}: ${d.message}`);
  return 1;
}

async function prepare(db: Db, config: Config, demo: boolean): Promise<void> {
  await migrate(db);
  await seedRegister(db);
  if (demo && config.demo) await seedDemo(db, { fhirDir: join(config.dataDir, "fhir") });
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
      name: { type: "string" },
      role: { type: "string" },
      org: { type: "string" },
      days: { type: "string" },
      anchor: { type: "string" },
      email: { type: "string" },
      "time-limit": { type: "string" },
      gap: { type: "string" },
      explain: { type: "boolean", default: false },
      frontier: { type: "string" },
      patients: { type: "string" },
      seed: { type: "string" },
      gzip: { type: "boolean", default: false },
      data: { type: "string" },
    },
  });
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === "optimise" || command === "synth" || command === "view") {
    try {
      if (command === "synth") return await synthCommand(values);
      if (command === "view") {
        if (positionals[0] !== "run") throw new Invalid("usage: veivalg view run VIEW.json --data DIR", [{ path: "view", message: "unknown subcommand" }]);
        return await viewRunCommand(positionals[1], values.data);
      }
      return await optimiseFile(positionals[0], values);
    } catch (err) {
      return failed(err);
    }
  }
  const config = readConfig();
  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    return failed(err);
  }
  const demo = !values["no-demo"];
  try {
    switch (command) {
      case "serve": {
        await prepare(db, config, demo);
        const interrupted = await failInterruptedRuns(db);
        if (interrupted > 0) console.log(`${interrupted} FHIR computation(s) stopped by the last shutdown are marked failed.`);
        const app = await buildApp({ db, logLevel: config.logLevel, webDir: config.webDir, access: { sessions: config.sessions }, trustProxy: config.trustProxy, oidc: config.oidc, fhirDir: join(config.dataDir, "fhir"), smallCountThreshold: config.smallCountThreshold });
        const stop = async () => {
          await app.close();
          await db.close();
          process.exit(0);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        await app.listen({ port: config.port, host: config.host });
        const bootstrap = await bootstrapAdmin(db, config.admin);
        if (bootstrap && "created" in bootstrap) console.log(`Created the administrator ${bootstrap.created.email} (VEIVALG_ADMIN_EMAIL).`);
        if (bootstrap && "setupToken" in bootstrap) {
          const { port } = app.server.address() as AddressInfo;
          console.log(
            `No administrator exists yet. Open this link within 24 hours to create one (it works once):\n\n  http://localhost:${port}/setup?token=${bootstrap.setupToken}\n\n` +
              "Or run `veivalg users create-admin --email E` (password on standard input), or set VEIVALG_ADMIN_EMAIL and VEIVALG_ADMIN_PASSWORD.",
          );
        }
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
      case "compute":
        await migrate(db);
        return await computeCommand(db, values.strategy, values.data);
      case "export": {
        const id = positionals[0];
        if (!id) throw new Error("usage: veivalg export ID [--out FILE]");
        // An operator at the server's shell holds the data anyway: the export keeps every figure.
        const json = JSON.stringify(await exportStrategy(db, id, { threshold: config.smallCountThreshold, sees: () => true }), null, 2);
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
      case "tokens": {
        if (positionals[0] !== "create" || !values.name || !values.role) throw new Error("usage: veivalg tokens create --name N --role ROLE [--org ORG] [--days D]");
        const parsed = tokenInputSchema.safeParse({
          name: values.name,
          role: values.role,
          organisation: values.org ?? null,
          ...(values.days !== undefined ? { days: Number(values.days) } : {}),
        });
        if (!parsed.success) throw new Invalid("the token cannot be made so", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
        await migrate(db);
        const principal = systemPrincipal("cli");
        const { token, info } = await db.transaction(async (tx) => {
          const created = await createToken(tx, parsed.data, principal.label);
          await appendAudit(tx, principal, { action: "token.create", objectType: "token", objectId: created.info.id, after: created.info });
          return created;
        });
        console.log(`token "${info.name}" (${info.id}): ${info.role}${info.organisation ? ` on ${info.organisation}` : ""}, expires ${info.expiresAt}`);
        console.log("Shown only this once (only its hash is kept). Send it as the header `Authorization: Bearer <token>`:");
        console.log(token);
        return 0;
      }
      case "audit": {
        const anchor = values.anchor?.match(/^(\d+):([0-9a-f]{64})$/);
        if (positionals[0] !== "verify" || (values.anchor !== undefined && !anchor)) throw new Error("usage: veivalg audit verify [--anchor SEQ:HASH]");
        await migrate(db);
        const r = await verifyAudit(db, { anchor: anchor ? { seq: Number(anchor[1]), hash: anchor[2]! } : undefined });
        if (!r.ok) {
          console.error(`the audit trail is broken at entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason} (the ${r.entries} entries before it hold)`);
          return 1;
        }
        console.log(`${r.entries} ${r.entries === 1 ? "entry" : "entries"}, chain intact`);
        if (r.last) console.log(`last entry: ${r.last.seq}:${r.last.hash} (keep it elsewhere; check later with --anchor ${r.last.seq}:${r.last.hash})`);
        return 0;
      }
      case "users": {
        if (positionals[0] !== "create-admin" || !values.email) throw new Error("usage: veivalg users create-admin --email E [--name N] < password");
        await migrate(db);
        const password = await readPassword();
        const user = await createAdmin(db, { email: values.email, name: values.name ?? "Administrator", password }, "cli");
        console.log(`created the administrator ${user.email} (${user.id})`);
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    return failed(err);
  } finally {
    if (command !== "serve") await db.close();
  }
}

/** `veivalg optimise`: the problem file in, the solution out, solved in this process. */
async function optimiseFile(file: string | undefined, values: { "time-limit"?: string | undefined; gap?: string | undefined; explain?: boolean | undefined; frontier?: string | undefined }): Promise<number> {
  if (!file) throw new Invalid("name the problem file: veivalg optimise PROBLEM.json", [{ path: "PROBLEM.json", message: "missing" }]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Invalid(`${file} is not a JSON file: ${(err as Error).message}`, [{ path: file, message: "not JSON" }]);
  }
  const parsed = problemSchema.safeParse(json);
  if (!parsed.success) throw new Invalid(`${file} is not an optimisation problem (${PROBLEM_FORMAT})`, parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(file)", message: i.message })));
  const number = (name: string, text: string | undefined, fallback: number, max: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || n > max) throw new Invalid(`--${name} must be a number from 0 to ${max}`, [{ path: `--${name}`, message: text }]);
    return n;
  };
  const problem = {
    ...parsed.data,
    options: { timeLimitSeconds: number("time-limit", values["time-limit"], parsed.data.options.timeLimitSeconds, 3600) || 0.1, relativeGap: number("gap", values.gap, parsed.data.options.relativeGap, 1) },
  };
  const highs = await highsRuntime();
  const out: object = values.explain ? solveAndExplain(highs, problem) : { solution: solve(highs, problem) };
  const levels = values.frontier === undefined ? null : frontier(highs, problem, Math.round(number("frontier", values.frontier, 20, 200)), { timeLimitSeconds: problem.options.timeLimitSeconds / 20, relativeGap: 5e-3 });
  console.log(JSON.stringify(levels ? { ...out, frontier: levels } : out, null, 2));
  return 0;
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
