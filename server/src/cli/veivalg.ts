/**
 * The `veivalg` command: reads the command line and answers help and mistakes in it (exit 2)
 * before loading what the commands need, so that `--help` and a typo answer at once.
 */
import { asksForHelp, parse, UsageError, type CommandSpec } from "./args.js";
import { commands, isCommand, usage, USAGE, type CommandName } from "./usage.js";

/** A wrong command line: what is wrong on one line, then how to call it. */
function wrong(line: string, text: string): number {
  console.error(`${line}\n\n${text}`);
  return 2;
}

async function dispatch<K extends CommandName>(name: K, argv: string[]): Promise<number> {
  const parsed = parse(commands[name], argv);
  const { execute } = await import("./execute.js");
  return execute(name, parsed);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return wrong("veivalg: name a command", USAGE);
  if (name === "--help" || name === "-h" || (name === "help" && rest[0] === undefined)) {
    console.log(USAGE);
    return 0;
  }
  const asked = name === "help" ? rest[0]! : name;
  if (!isCommand(asked)) return wrong(`veivalg: unknown command "${asked}"`, USAGE);
  const spec: CommandSpec = commands[asked];
  if (name === "help" || asksForHelp(rest)) {
    console.log(usage(spec));
    return 0;
  }
  try {
    return await dispatch(asked, rest);
  } catch (err) {
    if (err instanceof UsageError) return wrong(`veivalg ${asked}: ${err.message}`, usage(spec));
    throw err;
  }
}

// Not process.exit: it would cut off what standard output has not yet written into a pipe.
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
