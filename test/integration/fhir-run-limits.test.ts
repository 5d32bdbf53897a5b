import { randomUUID } from "node:crypto";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synth } from "../../server/src/cli/synth.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { finishedRun, type Run } from "../support/fhir-runs.js";
import { zipOf } from "../support/zip.js";

const STRATEGY = "hso-teknologi-2023";

/** Every job ends (issue 15): an unreadable line, a zip bomb and a dead worker end a run failed, and the next run starts. */
describe("FHIR runs that cannot finish end failed", () => {
  let t: TestApp;
  let fhirDir: string;

  beforeAll(async () => {
    fhirDir = mkdtempSync(join(tmpdir(), "veivalg-fhir-limits-"));
    await synth({ patients: 60, seed: 3, out: join(fhirDir, "export") });
    const observation = readdirSync(join(fhirDir, "export")).find((f) => f.startsWith("Observation"))!;
    const text = readFileSync(join(fhirDir, "export", observation), "utf8");
    const lines = text.split("\n").length - 1;
    // A NUL byte before a line's object, where JSON.parse quotes it in its message.
    await synth({ patients: 60, seed: 3, out: join(fhirDir, "nul") });
    appendFileSync(join(fhirDir, "nul", observation), '\u0000{"resourceType":"Observation","id":"nul"}\n');
    // And gzip'd, inside a string.
    await synth({ patients: 60, seed: 3, out: join(fhirDir, "nul-gz"), gzip: true });
    writeFileSync(join(fhirDir, "nul-gz", `${observation}.gz`), gzipSync(`${text}{"resourceType":"Observation","id":"a\u0000b"}\n`));
    // 8 MiB of spaces in a member that deflates to about 8 KiB.
    writeFileSync(join(fhirDir, "bomb.zip"), zipOf({ "Patient.ndjson": Buffer.from('{"resourceType":"Patient","id":"p"}\n'), "Observation.ndjson": Buffer.alloc(8 * 1024 * 1024, " ") }));
    expect(lines).toBeGreaterThan(10);
    t = await openTestApp({ fhirDir });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(fhirDir, { recursive: true, force: true });
  });

  const finished = (id: string) => finishedRun(t, id);

  const start = (source: string) => t.app.inject({ method: "POST", url: "/api/v1/fhir-runs", payload: { strategy: STRATEGY, source } });

  async function expectNextRunSucceeds(): Promise<void> {
    const next = await start("export");
    expect(next.statusCode, next.body).toBe(202);
    expect((await finished(next.json().id)).status).toBe("succeeded");
  }

  it("fails a run meeting a NUL byte, naming the file and line, and the next run starts", async () => {
    const observation = readdirSync(join(fhirDir, "nul")).find((f) => f.startsWith("Observation"))!;
    const lines = readFileSync(join(fhirDir, "nul", observation), "utf8").split("\n").length - 1;
    const res = await start("nul");
    expect(res.statusCode).toBe(202);
    const run = await finished(res.json().id);
    expect(run.status).toBe("failed");
    expect(run.errors[0]!.message).toBe(`The FHIR export has faulty lines: ${observation}, line ${lines}: not valid JSON (Unexpected token '\\u0000', "\\u0000{"resourc"... is not valid JSON)`);
    expect(run.errors[1]).toMatchObject({ path: `${observation}:${lines}` });
    await expectNextRunSucceeds();

    const gz = await finished((await start("nul-gz")).json().id);
    expect(gz.status).toBe("failed");
    expect(gz.errors.map((e) => e.message).join("\n")).toMatch(new RegExp(`${observation}\\.gz, line ${lines}: not valid JSON \\(Bad control character`));
    await expectNextRunSucceeds();
  }, 60_000);

  it("refuses a zip bomb naming the member and the limit, and the next run starts", async () => {
    const run = await finished((await start("bomb.zip")).json().id);
    expect(run.status).toBe("failed");
    // The member and the archive as a whole are both past 100 times (the ratio's floor, 1 MiB, in a zip this small).
    expect(run.errors[0]!.message).toMatch(/^bomb\.zip: Observation\.ndjson unpacks to more than the limit of 100 times the archive's size \(1 MiB in all\); the archive is refused/);
    expect(run.errors[1]).toMatchObject({ path: "source.Observation.ndjson" });
    await expectNextRunSucceeds();
  }, 60_000);

  it("fails a run left running by a dead worker once it is old, and starts the next; a young one of another process still blocks", async () => {
    const insert = (id: string, age: string) =>
      t.db.query(
        `INSERT INTO fhir_runs (id, strategy_id, source, status, requested_by, created_at, started_at)
         VALUES ($1, $2, 'export', 'running', 'tests', now() - $3::interval, now() - $3::interval)`,
        [id, STRATEGY, age],
      );
    const young = randomUUID();
    await insert(young, "1 minute");
    const blocked = await start("export");
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe("run_in_progress");
    await t.db.query("UPDATE fhir_runs SET status = 'failed', finished_at = now() WHERE id = $1", [young]);

    const dead = randomUUID();
    await insert(dead, "2 hours");
    const res = await start("export");
    expect(res.statusCode, res.body).toBe(202);
    const stuck = (await t.app.inject(`/api/v1/fhir-runs/${dead}`)).json() as Run;
    expect(stuck.status).toBe("failed");
    expect(stuck.errors[0]!.message).toMatch(/worker stopped without recording its end/);
    expect((await finished(res.json().id)).status).toBe("succeeded");
  }, 60_000);
});
