/** Every command of `veivalg`: how it is called, what it does, its options. The one place its usage is written. */
import type { CommandSpec } from "./args.js";

export const commands = {
  serve: { synopsis: "serve", about: "migrate, seed if empty, and serve the web app and the API on PORT (default 8080)", options: {} },
  migrate: { synopsis: "migrate", about: "apply database migrations", options: {} },
  seed: { synopsis: "seed [--no-demo]", about: "load the organisations and strategies (and the demo measurements)", options: { "no-demo": { type: "boolean" } } },
  import: {
    synopsis: "import --strategy ID FILE [--dry-run]",
    about: "import measurements from CSV or XLSX, all or nothing",
    args: ["FILE"],
    options: { strategy: { type: "string" }, "dry-run": { type: "boolean" } },
    required: ["strategy"],
  },
  export: { synopsis: "export ID [--out FILE]", about: "a strategy with its measurements as JSON", args: ["ID"], options: { out: { type: "string" } } },
  backup: { synopsis: "backup FILE", about: "write a logical backup (gzip'd JSON lines)", args: ["FILE"], options: {} },
  restore: { synopsis: "restore FILE", about: "restore a backup into an empty database", args: ["FILE"], options: {} },
  tokens: {
    synopsis: "tokens create --name N --role ROLE [--org ORG] [--days D]",
    about: "create an API token (ROLE on ORG's sub-tree; no ORG for admin; D days,\ndefault 90); the token alone is printed on the last line",
    sub: "create",
    options: { name: { type: "string" }, role: { type: "string" }, org: { type: "string" }, days: { type: "string" } },
    required: ["name", "role"],
  },
  audit: {
    synopsis: "audit verify [--anchor SEQ:HASH]",
    about: "check the audit trail's hash chain (and that entry SEQ still has HASH);\nexit 1 naming the first broken entry",
    sub: "verify",
    options: { anchor: { type: "string" } },
  },
  optimise: {
    synopsis: "optimise PROBLEM.json [--time-limit S] [--gap G] [--explain] [--frontier N]",
    about:
      "solve an exported optimisation problem (docs/optimisation-problem.md)\nand print the solution as JSON (with --explain: why each initiative\nis in or out; --frontier N: the best value at N budget levels). Needs\nno database",
    args: ["PROBLEM.json"],
    options: { "time-limit": { type: "string" }, gap: { type: "string" }, explain: { type: "boolean" }, frontier: { type: "string" } },
  },
  synth: {
    synopsis: "synth --patients N --out DIR [--seed S] [--gzip]",
    about: "write a synthetic FHIR R4 Bulk Data export (NDJSON per resource type)\nfor Helse Sør-Øst's trusts; deterministic for N and S. Needs no database",
    options: { patients: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, gzip: { type: "boolean" } },
    required: ["patients", "out"],
  },
  view: {
    synopsis: "view run VIEW.json --data DIR",
    about: "print the rows of a SQL on FHIR ViewDefinition over the NDJSON files\nin DIR (or a .tar/.zip) as a JSON array. Needs no database",
    sub: "run",
    args: ["VIEW.json"],
    options: { data: { type: "string" } },
    required: ["data"],
  },
  compute: {
    synopsis: "compute --strategy ID --data PATH",
    about:
      "compute the strategy's FHIR-bound key results (server/indicators) from\nthe export at PATH; progress on standard error, the run as JSON; exit 1\nnaming file and line when the export is faulty (nothing is changed)",
    options: { strategy: { type: "string" }, data: { type: "string" } },
    required: ["strategy", "data"],
  },
  users: {
    synopsis: "users create-admin --email E [--name N]",
    about: "create a system administrator; the password is the first line of\nstandard input. On embedded PGlite only while the server is stopped",
    sub: "create-admin",
    options: { email: { type: "string" }, name: { type: "string" } },
    required: ["email"],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;
export type Commands = typeof commands;

export const isCommand = (name: string): name is CommandName => Object.hasOwn(commands, name);

/** One command's usage, for `veivalg COMMAND --help` and beneath a wrong command line. */
export const usage = (spec: CommandSpec): string => `usage: veivalg ${spec.synopsis}\n\n${spec.about.replace(/^/gm, "  ")}`;

const COLUMN = 32;

/** The list of all commands: a short synopsis beside its text, a long one above it. */
export const USAGE = `veivalg <command> [options]

${Object.values(commands as Record<string, CommandSpec>)
  .map(({ synopsis, about }) => {
    const text = about.replace(/\n/g, `\n${" ".repeat(COLUMN)}`);
    return synopsis.length < COLUMN - 2 ? `  ${synopsis.padEnd(COLUMN - 2)}${text}` : `  ${synopsis}\n${" ".repeat(COLUMN)}${text}`;
  })
  .join("\n")}

\`veivalg COMMAND --help\` (or \`veivalg help COMMAND\`) shows one command's usage. Exit status: 0 done,
1 failed (why on standard error), 2 the command line is wrong.

Environment: PORT, HOST, VEIVALG_DATA_DIR (default ./data), DATABASE_URL, VEIVALG_DEMO=0, LOG_LEVEL,
VEIVALG_WEB_DIR (the built web app, default web/dist), VEIVALG_SESSION_IDLE_MINUTES (default 60),
VEIVALG_SESSION_ABSOLUTE_HOURS (default 12), VEIVALG_TRUST_PROXY, VEIVALG_ADMIN_EMAIL and
VEIVALG_ADMIN_PASSWORD (the first administrator, for automated deployments; else \`serve\` prints a
one-time setup link while there is no administrator), VEIVALG_PUBLIC_URL and VEIVALG_OIDC_* (single
sign-on: see the README).`;
