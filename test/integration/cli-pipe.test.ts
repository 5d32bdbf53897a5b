import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BENCH_SHAPE, syntheticProblem } from "../../server/src/seed/problems.js";
import { veivalg, veivalgPiped } from "../support/cli.js";

// Standard output into a pipe is written asynchronously: a process that exits before the pipe has
// taken it all loses the rest (it once ended at 128 KiB). These need no database, so they run once.
describe.runIf(process.env.VEIVALG_TEST_DB === "pglite")("veivalg's output through a pipe", () => {
  const dir = mkdtempSync(join(tmpdir(), "veivalg-pipe-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("view run: several MB of rows arrive whole", async () => {
    const data = join(dir, "export");
    await veivalg({}, "synth", "--patients", "1500", "--seed", "5", "--out", data);
    const view = join(dir, "observations.view.json");
    const column = (name: string, path: string) => ({ name, path });
    writeFileSync(
      view,
      JSON.stringify({
        resourceType: "ViewDefinition",
        resource: "Observation",
        status: "active",
        select: [
          {
            column: [
              column("id", "getResourceKey()"),
              column("patient", "subject.getReferenceKey(Patient)"),
              column("encounter", "encounter.getReferenceKey(Encounter)"),
              column("code", "code.coding.first().code"),
              column("display", "code.coding.first().display"),
              column("effective", "effective.ofType(dateTime)"),
              column("issued", "issued"),
              column("value", "value.ofType(Quantity).value"),
              column("unit", "value.ofType(Quantity).unit"),
            ],
          },
        ],
      }),
    );
    const { stdout } = await veivalgPiped({}, "view", "run", view, "--data", data);
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(3_000_000);
    const rows = JSON.parse(stdout) as { id: string }[];
    const observations = readFileSync(join(data, "Observation.ndjson"), "utf8").trim().split("\n");
    expect(rows).toHaveLength(observations.length);
    expect(rows.at(-1)!.id).toBe((JSON.parse(observations.at(-1)!) as { id: string }).id);
  }, 240_000);

  it("optimise --explain: several MB of explanation arrive whole", async () => {
    const initiatives = 15_000;
    const problem = syntheticProblem({ ...BENCH_SHAPE, initiatives, dependencies: initiatives * 0.3, exclusive: initiatives / 20, mandatory: initiatives * 0.03, seed: "pipe" });
    const file = join(dir, "problem.json");
    writeFileSync(file, JSON.stringify({ ...problem, options: { timeLimitSeconds: 1, relativeGap: 0.01 } }));
    const { stdout } = await veivalgPiped({}, "optimise", file, "--explain");
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(3_000_000);
    const out = JSON.parse(stdout) as { solution: { selected: unknown[] }; explanation: { reasons: Record<string, unknown> } };
    expect(out.solution.selected.length).toBeGreaterThan(0);
    expect(Object.keys(out.explanation.reasons)).toHaveLength(initiatives);
  }, 240_000);
});
