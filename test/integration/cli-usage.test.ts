import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandSpec } from "../../server/src/cli/args.js";
import { commands, usage, USAGE } from "../../server/src/cli/usage.js";
import { veivalg } from "../support/cli.js";

/** A few processes at a time: each starts Node and tsx, slow on a busy machine. */
async function inTurn<T, R>(items: T[], each: (item: T) => Promise<R>, width = 4): Promise<R[]> {
  const out: R[] = [];
  for (let k = 0; k < items.length; k += width) out.push(...(await Promise.all(items.slice(k, k + width).map(each))));
  return out;
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable("the command succeeded"), (err: { code: number; stdout: string; stderr: string }) => err);

// Reading the command line needs no database, so these run once, on the PGlite project's turn.
describe.runIf(process.env.VEIVALG_TEST_DB === "pglite")("veivalg's command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "veivalg-usage-"));
  // A data folder that must never come to be: no command here gets as far as its database.
  const data = join(dir, "data");
  const env = { VEIVALG_DATA_DIR: data };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a command's usage for --help, -h and `help COMMAND`, and the list of all for `--help`, and exits 0", async () => {
    const specs: [string, CommandSpec][] = Object.entries(commands);
    const asks: [string[], string][] = [
      ...specs.map(([name, spec]): [string[], string] => [[name, "--help"], usage(spec)]),
      [["tokens", "create", "-h"], usage(commands.tokens)],
      [["help", "view"], usage(commands.view)],
      // However wrong the rest of the line, asking for help gets it.
      [["users", "create-admin", "--bogus", "--help"], usage(commands.users)],
      [["--help"], USAGE],
      [["help"], USAGE],
    ];
    const answers = await inTurn(asks, ([args]) => veivalg(env, ...args));
    answers.forEach(({ stdout, stderr }, k) => {
      expect(stdout, asks[k]![0].join(" ")).toBe(`${asks[k]![1]}\n`);
      expect(stderr).toBe("");
    });
    for (const [name, spec] of specs) {
      expect(spec.synopsis.startsWith(name)).toBe(true);
      expect(USAGE).toContain(`  ${spec.synopsis}`);
    }
    expect(existsSync(data)).toBe(false);
  }, 240_000);

  it("answers a wrong command line with one line and the usage on standard error, exit 2 and no stack trace", async () => {
    const cases: [string[], RegExp, string][] = [
      [["tokens", "create"], /^veivalg tokens: missing --name, --role$/, usage(commands.tokens)],
      [["tokens", "create", "--name", "ci", "--role", "reader", "--bogus"], /^veivalg tokens: Unknown option '--bogus'$/, usage(commands.tokens)],
      [["tokens", "create", "--name", "ci", "--role", "nobody", "--days", "soon"], /^veivalg tokens: --role: .*; --days: /, usage(commands.tokens)],
      [["import", "--strategy", "hso-teknologi-2023"], /^veivalg import: missing FILE$/, usage(commands.import)],
      [["view", "walk", "v.json"], /^veivalg view: unknown subcommand "walk"$/, usage(commands.view)],
      [["audit"], /^veivalg audit: missing the subcommand \(verify\)$/, usage(commands.audit)],
      [["optimise", "problem.json", "--gap"], /^veivalg optimise: Option '--gap <value>' argument missing$/, usage(commands.optimise)],
      [["migrate", "now"], /^veivalg migrate: unexpected argument "now"$/, usage(commands.migrate)],
      [["frobnicate"], /^veivalg: unknown command "frobnicate"$/, USAGE],
      [[], /^veivalg: name a command$/, USAGE],
    ];
    const failures = await inTurn(cases, ([args]) => failure(veivalg(env, ...args)));
    failures.forEach(({ code, stdout, stderr }, k) => {
      const [args, line, text] = cases[k]!;
      const first = stderr.split("\n")[0]!;
      expect(first, args.join(" ")).toMatch(line);
      expect(stderr.slice(first.length)).toBe(`\n\n${text}\n`);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(code).toBe(2);
      expect(stdout).toBe("");
    });
    expect(existsSync(data)).toBe(false);
  }, 240_000);
});
