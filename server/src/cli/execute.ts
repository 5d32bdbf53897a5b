/** What each command does once its command line is read (veivalg.ts): operator failures told in a line or two, exit 1. */
import { appendAudit, verifyAudit } from "../access/audit.js";
import { systemPrincipal } from "../access/policy.js";
import { systemReporting } from "../access/system.js";
import { createToken } from "../access/tokens.js";
import { readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { readConfig, type Config } from "../config.js";
import { bootstrapAdmin, createAdmin, readPassword } from "./accounts.js";
import { UsageError, type Parsed } from "./args.js";
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
import type { CommandName, Commands } from "./usage.js";

/** The environment is the operator's to fix: its fault is told without a stack. */
class BadEnvironment extends Error {}

function configuration(): Config {
  try {
    return readConfig();
  } catch (err) {
    throw new BadEnvironment((err as Error).message, { cause: err });
  }
}

/** An operator's mistake is told in a line or two; anything else is a bug and shows its stack. */
function failed(err: unknown): number {
  if (err instanceof BadEnvironment) {
    console.error(err.message);
    return 1;
  }
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

/** Runs `work` on the configured database, and closes it. */
async function withDb(work: (db: Db, config: Config) => Promise<number>): Promise<number> {
  const config = configuration();
  const db = await openDatabase(config);
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

/** Each command's work; a negative answer keeps the process running. */
const run: { [K in CommandName]: (p: Parsed<Commands[K]>) => Promise<number> } = {
  async serve() {
    const config = configuration();
    const db = await openDatabase(config);
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    const close = async () => {
      await app?.close();
      await db.close();
    };
    try {
      await prepare(db, config, true);
      const interrupted = await failInterruptedRuns(db);
      if (interrupted > 0) console.log(`${interrupted} FHIR computation(s) stopped by the last shutdown are marked failed.`);
      app = await buildApp({ db, logLevel: config.logLevel, webDir: config.webDir, access: { sessions: config.sessions }, trustProxy: config.trustProxy, oidc: config.oidc, fhirDir: join(config.dataDir, "fhir"), smallCountThreshold: config.smallCountThreshold });
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      // A server that did not start must not keep the process alive with its database open.
      await close();
      throw err;
    }
    const stop = async () => {
      await close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const bootstrap = await bootstrapAdmin(db, config.admin);
    if (bootstrap && "created" in bootstrap) console.log(`Created the administrator ${bootstrap.created.email} (VEIVALG_ADMIN_EMAIL).`);
    if (bootstrap && "setupToken" in bootstrap) {
      const { port } = app.server.address() as AddressInfo;
      console.log(
        `No administrator exists yet. Open this link within 24 hours to create one (it works once):\n\n  http://localhost:${port}/setup?token=${bootstrap.setupToken}\n\n` +
          "Or run `veivalg users create-admin --email E` (password on standard input), or set VEIVALG_ADMIN_EMAIL and VEIVALG_ADMIN_PASSWORD.",
      );
    }
    return -1;
  },
  migrate: () =>
    withDb(async (db) => {
      console.log((await migrate(db)).join("\n") || "up to date");
      return 0;
    }),
  seed: ({ values }) =>
    withDb(async (db, config) => {
      await prepare(db, config, !values["no-demo"]);
      console.log("seeded");
      return 0;
    }),
  import: ({ values, args: { FILE: file } }) =>
    withDb(async (db) => {
      await migrate(db);
      const r = await importMeasurementFile(db, values.strategy, { bytes: readFileSync(file), name: basename(file) }, { dryRun: values["dry-run"] ?? false, actor: "cli", access: systemReporting("cli") });
      console.log(JSON.stringify(r, null, 2));
      return 0;
    }),
  export: ({ values, args: { ID: id } }) =>
    withDb(async (db, config) => {
      // An operator at the server's shell holds the data anyway: the export keeps every figure.
      const json = JSON.stringify(await exportStrategy(db, id, { threshold: config.smallCountThreshold, sees: () => true }), null, 2);
      if (values.out) writeFileSync(values.out, json);
      else console.log(json);
      return 0;
    }),
  backup: ({ args: { FILE: file } }) =>
    withDb(async (db) => {
      console.log(JSON.stringify(await backup(db, file)));
      return 0;
    }),
  restore: ({ args: { FILE: file } }) =>
    withDb(async (db) => {
      await migrate(db);
      console.log(JSON.stringify(await restore(db, file)));
      return 0;
    }),
  tokens: ({ values }) => {
    const parsed = tokenInputSchema.safeParse({
      name: values.name,
      role: values.role,
      organisation: values.org ?? null,
      ...(values.days !== undefined ? { days: Number(values.days) } : {}),
    });
    if (!parsed.success) {
      const option = (path: PropertyKey[]) => (path[0] === "organisation" ? "--org" : path.length > 0 ? `--${path.join(".")}` : "the token");
      throw new UsageError(parsed.error.issues.map((i) => `${option(i.path)}: ${i.message}`).join("; "));
    }
    return withDb(async (db) => {
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
    });
  },
  audit: ({ values }) => {
    const anchor = values.anchor?.match(/^(\d+):([0-9a-f]{64})$/);
    if (values.anchor !== undefined && !anchor) throw new UsageError("--anchor must be SEQ:HASH, an entry's number and its 64 hexadecimal digits");
    return withDb(async (db) => {
      await migrate(db);
      const r = await verifyAudit(db, { anchor: anchor ? { seq: Number(anchor[1]), hash: anchor[2]! } : undefined });
      if (!r.ok) {
        console.error(`the audit trail is broken at entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason} (the ${r.entries} entries before it hold)`);
        return 1;
      }
      console.log(`${r.entries} ${r.entries === 1 ? "entry" : "entries"}, chain intact`);
      if (r.last) console.log(`last entry: ${r.last.seq}:${r.last.hash} (keep it elsewhere; check later with --anchor ${r.last.seq}:${r.last.hash})`);
      return 0;
    });
  },
  users: ({ values }) =>
    withDb(async (db) => {
      await migrate(db);
      const password = await readPassword();
      const user = await createAdmin(db, { email: values.email, name: values.name ?? "Administrator", password }, "cli");
      console.log(`created the administrator ${user.email} (${user.id})`);
      return 0;
    }),
  optimise: ({ values, args }) => optimiseFile(args["PROBLEM.json"], values),
  synth: ({ values }) => synthCommand(values),
  view: ({ values, args }) => viewRunCommand(args["VIEW.json"], values.data),
  compute: ({ values }) =>
    withDb(async (db) => {
      await migrate(db);
      return await computeCommand(db, values.strategy, values.data);
    }),
};

export async function execute<K extends CommandName>(name: K, parsed: Parsed<Commands[K]>): Promise<number> {
  try {
    return await run[name](parsed);
  } catch (err) {
    return failed(err);
  }
}

/** `veivalg optimise`: the problem file in, the solution out, solved in this process. */
async function optimiseFile(file: string, values: Parsed<Commands["optimise"]>["values"]): Promise<number> {
  const number = (name: string, text: string | undefined, max: number) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || n > max) throw new UsageError(`--${name} must be a number from 0 to ${max}`);
    return n;
  };
  const timeLimit = number("time-limit", values["time-limit"], 3600);
  const gap = number("gap", values.gap, 1);
  const levels = number("frontier", values.frontier, 200);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Invalid(`${file} is not a JSON file: ${(err as Error).message}`, [{ path: file, message: "not JSON" }]);
  }
  const parsed = problemSchema.safeParse(json);
  if (!parsed.success) throw new Invalid(`${file} is not an optimisation problem (${PROBLEM_FORMAT})`, parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(file)", message: i.message })));
  const problem = { ...parsed.data, options: { timeLimitSeconds: (timeLimit ?? parsed.data.options.timeLimitSeconds) || 0.1, relativeGap: gap ?? parsed.data.options.relativeGap } };
  const highs = await highsRuntime();
  const out: object = values.explain ? solveAndExplain(highs, problem) : { solution: solve(highs, problem) };
  const points = levels === undefined ? null : frontier(highs, problem, Math.round(levels), { timeLimitSeconds: problem.options.timeLimitSeconds / 20, relativeGap: 5e-3 });
  console.log(JSON.stringify(points ? { ...out, frontier: points } : out, null, 2));
  return 0;
}

