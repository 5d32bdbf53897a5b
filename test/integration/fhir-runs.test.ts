import { appendFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synth } from "../../server/src/cli/synth.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { finishedRun } from "../support/fhir-runs.js";
import { as } from "../support/portfolio.js";

const STRATEGY = "hso-teknologi-2023";
const COMPUTED = ["1.1", "1.2", "1.4", "2.4", "3.1", "3.4", "3.5", "3.6", "5.4"];

describe("computing key results from a FHIR export", () => {
  let t: TestApp;
  let fhirDir: string;

  beforeAll(async () => {
    fhirDir = mkdtempSync(join(tmpdir(), "veivalg-fhir-runs-"));
    await synth({ patients: 400, seed: 7, out: join(fhirDir, "export-1") });
    await synth({ patients: 400, seed: 7, out: join(fhirDir, "faulty") });
    // A truncated line in the middle of a file: the run must name it and change nothing.
    const observation = readdirSync(join(fhirDir, "faulty")).find((f) => f.startsWith("Observation"))!;
    appendFileSync(join(fhirDir, "faulty", observation), '{"resourceType":"Observation","id":"x"\n{"resourceType":"Patient","id":"y"}\n');
    t = await openTestApp({ fhirDir });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(fhirDir, { recursive: true, force: true });
  });

  const finished = (id: string) => finishedRun(t, id);

  async function start(source: string, headers: Record<string, string> = {}) {
    return t.app.inject({ method: "POST", url: "/api/v1/fhir-runs", payload: { strategy: STRATEGY, source }, headers });
  }

  const computedRows = () =>
    t.db.query<{ code: string; n: number; organisations: number; batches: number }>(
      `SELECT k.code, count(*)::int AS n, count(DISTINCT m.organisation_id)::int AS organisations, count(DISTINCT m.batch_id)::int AS batches
         FROM measurements m JOIN key_results k ON k.id = m.key_result_id
        WHERE k.strategy_id = $1 AND m.source = 'computed' AND m.superseded_at IS NULL
        GROUP BY k.code ORDER BY k.code`,
      [STRATEGY],
    );

  it("lists the exports in the FHIR folder", async () => {
    const res = await t.app.inject(`/api/v1/fhir-runs/sources?strategy=${STRATEGY}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().map((s: { name: string }) => s.name)).toEqual(["export-1", "faulty"]);
  });

  it("fills every bound key result per trust, records its inputs and definitions, and a rerun changes nothing", async () => {
    const res = await start("export-1");
    expect(res.statusCode).toBe(202);
    const run = await finished(res.json().id);
    expect(run.errors).toEqual([]);
    expect(run.status).toBe("succeeded");
    expect(run.recorded).toBeGreaterThan(0);
    expect(run.inputs.map((i) => i.name)).toContain("Patient.ndjson");
    for (const i of run.inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.definitions.map((d) => d.keyResult).sort()).toEqual(COMPUTED);

    const rows = await computedRows();
    expect(rows.map((r) => r.code)).toEqual(COMPUTED);
    for (const r of rows) {
      expect(r.batches, r.code).toBe(1);
      expect(r.organisations, r.code).toBeGreaterThan(3);
    }
    const [linked] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurements WHERE batch_id = $1", [run.id]);
    expect(linked!.n).toBe(run.recorded);
    // Each computed figure names its run, the way to its files and definitions.
    const [kr] = await t.db.query<{ id: string }>("SELECT id FROM key_results WHERE strategy_id = $1 AND code = '3.4'", [STRATEGY]);
    const listed = (await t.app.inject(`/api/v1/key-results/${kr!.id}/measurements?organisation=ous`)).json() as { source: string; runId: string | null }[];
    expect(listed.length).toBeGreaterThan(0);
    for (const m of listed) expect(m).toMatchObject({ source: "computed", runId: run.id });
    // 1.1 is broken down by pathway type.
    const [pathways] = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT m.breakdown->>'forløpstype')::int AS n FROM measurements m JOIN key_results k ON k.id = m.key_result_id
        WHERE k.strategy_id = $1 AND k.code = '1.1' AND m.source = 'computed'`,
      [STRATEGY],
    );
    expect(pathways!.n).toBeGreaterThan(1);
    const bindings = await t.db.query<{ counts_are: string; run_id: string }>("SELECT counts_are, run_id FROM key_result_fhir_bindings");
    expect(bindings).toHaveLength(COMPUTED.length);
    expect(new Set(bindings.map((b) => b.run_id))).toEqual(new Set([run.id]));

    const again = await finished((await start("export-1")).json().id);
    expect(again.status).toBe("succeeded");
    expect(again.recorded).toBe(0);
    expect(again.inputs.map((i) => i.sha256)).toEqual(run.inputs.map((i) => i.sha256));
    expect(await computedRows()).toEqual(rows);
  }, 120_000);

  it("fails a faulty export naming the file and line, and changes no measurement", async () => {
    const before = await computedRows();
    const run = await finished((await start("faulty")).json().id);
    expect(run.status).toBe("failed");
    const messages = run.errors.map((e) => e.message).join("\n");
    expect(messages).toMatch(/Observation\.ndjson, line \d+: not valid JSON/);
    expect(messages).toMatch(/Observation\.ndjson, line \d+: a Patient in a file of Observation resources/);
    expect(await computedRows()).toEqual(before);
  }, 60_000);

  it("lets analysts and strategy editors start runs, not readers; refuses paths out of the FHIR folder", async () => {
    expect((await start("export-1", await as(t, "reader", "hso"))).statusCode).toBe(403);
    const analyst = await start("export-1", await as(t, "analyst", "hso"));
    expect(analyst.statusCode).toBe(202);
    // One run per strategy at a time.
    const second = await start("export-1");
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe("run_in_progress");
    await finished(analyst.json().id);
    expect((await start("../etc")).statusCode).toBe(400);
    expect((await start("/etc")).statusCode).toBe(400);
    expect((await start("missing")).statusCode).toBe(400);
    const list = await t.app.inject(`/api/v1/fhir-runs?strategy=${STRATEGY}`);
    expect(list.json().length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("names each shipped definition with its version, hash, views and what it counts", async () => {
    const res = await t.app.inject(`/api/v1/fhir-runs/definitions?strategy=${STRATEGY}`);
    expect(res.statusCode).toBe(200);
    const list = res.json() as { keyResult: string; hash: string; countsAre: string; views: string[] }[];
    expect(list.map((d) => d.keyResult).sort()).toEqual(COMPUTED);
    for (const d of list) {
      expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(d.views.length).toBeGreaterThan(0);
    }
    expect(list.find((d) => d.keyResult === "5.4")!.countsAre).toBe("types");
  });
});
