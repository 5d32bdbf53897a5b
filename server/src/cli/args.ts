/** A command's arguments read against its spec (usage.ts); every way to call a command wrongly ends in a UsageError. */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/** The command line itself is wrong: the CLI answers with one line, the command's usage and exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface CommandSpec {
  /** What follows `veivalg`, as the usage shows it. */
  synopsis: string;
  /** What the command does, wrapped to the usage's width. */
  about: string;
  /** The one subcommand it has (`create` in `tokens create`). */
  sub?: string;
  /** The positional arguments, all required, by the names the synopsis gives them. */
  args?: readonly string[];
  options: ParseArgsOptionsConfig;
  /** Options without which the command cannot run. */
  required?: readonly string[];
}

type Values<S extends CommandSpec> = ReturnType<typeof parseArgs<{ options: S["options"]; allowPositionals: true; strict: true }>>["values"];
type Names<L> = L extends readonly string[] ? L[number] : never;

export interface Parsed<S extends CommandSpec> {
  values: Values<S> & { [K in Names<S["required"]>]: string };
  args: { [K in Names<S["args"]>]: string };
}

export function parse<S extends CommandSpec>(spec: S, argv: string[]): Parsed<S> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs's first sentence says what is wrong (an unknown option, a value missing); the rest is advice over several lines.
    if (err instanceof Error && "code" in err && typeof err.code === "string" && err.code.startsWith("ERR_PARSE_ARGS_")) throw new UsageError(err.message.split(/\.\s/)[0]!);
    throw err;
  }
  const positionals = [...parsed.positionals];
  if (spec.sub !== undefined) {
    const sub = positionals.shift();
    if (sub !== spec.sub) throw new UsageError(sub === undefined ? `missing the subcommand (${spec.sub})` : `unknown subcommand "${sub}"`);
  }
  const names = spec.args ?? [];
  if (positionals.length > names.length) throw new UsageError(`unexpected argument "${positionals[names.length]}"`);
  const missing = [...(spec.required ?? []).filter((o) => parsed.values[o] === undefined).map((o) => `--${o}`), ...names.slice(positionals.length)];
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(", ")}`);
  return { values: parsed.values, args: Object.fromEntries(names.map((n, k) => [n, positionals[k]])) } as Parsed<S>;
}

/** `--help` or `-h` anywhere before `--` asks for the usage, however wrong the rest of the line is. */
export const asksForHelp = (argv: string[]): boolean => {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
};
