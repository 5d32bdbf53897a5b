import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliDatabases, veivalg, type CliDatabases } from "../support/cli.js";

/** The FHIR commands as an operator runs them: synth, view run, compute. */
describe("veivalg synth, view run and compute", () => {
  let dbs: CliDatabases;
  let data: string;
  beforeAll(async () => {
    dbs = await cliDatabases();
    data = join(dbs.dir, "export");
    await veivalg({}, "synth", "--patients", "120", "--seed", "3", "--out", data);
  }, 60_000);
  afterAll(() => dbs?.close());

  it("synth writes the same export for the same seed", async () => {
    const again = join(dbs.dir, "again");
    const { stdout } = await veivalg({}, "synth", "--patients", "120", "--seed", "3", "--out", again);
    expect(stdout).toMatch(/Patient/);
    for (const type of ["Patient", "Encounter", "Organization"]) {
      expect(readFileSync(join(again, `${type}.ndjson`), "utf8")).toBe(readFileSync(join(data, `${type}.ndjson`), "utf8"));
    }
  }, 60_000);

  it("view run prints a view's rows as a JSON array, and refuses an invalid view", async () => {
    const view = join(dbs.dir, "patients.view.json");
    writeFileSync(view, JSON.stringify({ resourceType: "ViewDefinition", resource: "Patient", status: "active", select: [{ column: [{ name: "id", path: "getResourceKey()" }, { name: "gender", path: "gender" }] }] }));
    const { stdout } = await veivalg({}, "view", "run", view, "--data", data);
    const rows = JSON.parse(stdout) as { id: string; gender: string | null }[];
    expect(rows).toHaveLength(120);
    expect(Object.keys(rows[0]!)).toEqual(["id", "gender"]);

    writeFileSync(view, JSON.stringify({ resourceType: "ViewDefinition", resource: "Patient", status: "active", select: [{ column: [{ name: "id", path: "id.nosuchfunction(" }] }] }));
    await expect(veivalg({}, "view", "run", view, "--data", data)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/invalid: View view:/) });
  }, 60_000);

  it("compute fills the key results, and fails a faulty export naming file and line without changing anything", async () => {
    const env = await dbs.fresh();
    await veivalg(env, "seed", "--no-demo");
    const { stdout } = await veivalg(env, "compute", "--strategy", "hso-teknologi-2023", "--data", data);
    const run = JSON.parse(stdout) as { status: string; recorded: number };
    expect(run.status).toBe("succeeded");
    expect(run.recorded).toBeGreaterThan(0);

    appendFileSync(join(data, "Flag.ndjson"), "{not json}\n");
    const failed = veivalg(env, "compute", "--strategy", "hso-teknologi-2023", "--data", data);
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/Flag\.ndjson, line \d+: not valid JSON/) });
    const db = await dbs.open(env);
    try {
      const [n] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurements WHERE source = 'computed'");
      expect(n!.n).toBe(run.recorded);
    } finally {
      await db.close();
    }
  }, 120_000);
});
