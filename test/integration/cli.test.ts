import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cliDatabases, veivalg, type CliDatabases } from "../support/cli.js";

let dbs: CliDatabases;
let dir: string;
const freshDatabase = () => dbs.fresh();

beforeAll(async () => {
  dbs = await cliDatabases();
  dir = dbs.dir;
});
afterAll(() => dbs.close());

describe("the veivalg command", () => {
  // Seven CLI processes, each starting Node and opening a database: slow while other test files run beside it.
  it("seeds, exports, backs up and restores into another database", async () => {
    const a = await freshDatabase();
    await veivalg(a, "seed");
    const out = join(dir, "export.json");
    await veivalg(a, "export", "hso-teknologi-2023", "--out", out);
    const exported = JSON.parse(readFileSync(out, "utf8")) as { keyResults: { versions: { reason: string }[] }[]; measurements: { keyResult: string; source: string }[] };
    expect(exported.keyResults).toHaveLength(43);
    expect(exported.keyResults.every((k) => k.versions.length === 2 && k.versions[1]!.reason.startsWith("DEMO"))).toBe(true);
    expect(exported.measurements.length).toBeGreaterThan(4000);
    // Invented figures, except for the key results counted from the demo portfolio and those computed from the demo's FHIR export.
    const computed = new Set(["6.2a", "6.3", "6.5", "7.1a", "7.1e", "1.1", "1.2", "1.4", "2.4", "3.1", "3.4", "3.5", "3.6", "5.4"]);
    expect(exported.measurements.every((m) => m.source === (computed.has(m.keyResult) ? "computed" : "demo"))).toBe(true);
    expect(new Set(exported.measurements.filter((m) => m.source === "computed").map((m) => m.keyResult))).toEqual(computed);

    const file = join(dir, "backup.jsonl.gz");
    const { stdout: backedUp } = await veivalg(a, "backup", file);
    const b = await freshDatabase();
    const { stdout: restored } = await veivalg(b, "restore", file);
    expect(JSON.parse(restored)).toEqual(JSON.parse(backedUp));
    const out2 = join(dir, "export2.json");
    await veivalg(b, "export", "hso-teknologi-2023", "--out", out2);
    const again = JSON.parse(readFileSync(out2, "utf8")) as { measurements: unknown[]; exportedAt?: string };
    expect(again.measurements).toEqual(exported.measurements);
    // Restoring over data is refused.
    await expect(veivalg(b, "restore", file)).rejects.toMatchObject({ stderr: expect.stringMatching(/empty database/) });
  }, 180_000);

  it("imports a file from the shell, and rejects a bad one naming row and column", async () => {
    const env = await freshDatabase();
    await veivalg(env, "seed", "--no-demo");
    const good = join(dir, "good.csv");
    writeFileSync(good, "nøkkelresultat;organisasjon;periode;verdi\n3.2;Ahus;2025-01;4\n");
    const { stdout } = await veivalg(env, "import", "--strategy", "hso-teknologi-2023", good);
    expect(JSON.parse(stdout)).toMatchObject({ rows: 1, dryRun: false });
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "nøkkelresultat;organisasjon;periode;verdi\n3.2;Ahus;2025-01;fire\n");
    await expect(veivalg(env, "import", "--strategy", "hso-teknologi-2023", bad)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("row 2, column verdi"),
    });
  });

  it("serves the seeded strategies with `serve` (what `npm start` runs)", async () => {
    const env = await freshDatabase();
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, [BIN, "serve"], {
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", VEIVALG_DEMO: "0", LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    try {
      let healthy = false;
      for (let i = 0; i < 200 && !healthy; i++) {
        healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 100));
      }
      expect(healthy).toBe(true);
      const strategies = (await (await fetch(`http://127.0.0.1:${port}/api/v1/strategies`)).json()) as { id: string }[];
      expect(strategies.map((s) => s.id)).toContain("hso-teknologi-2023");
      const openapi = (await (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
      expect(openapi.openapi).toBe("3.1.0");
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          "/api/v1/organisations",
          "/api/v1/strategies",
          "/api/v1/strategies/{id}",
          "/api/v1/strategies/{id}/versions",
          "/api/v1/strategies/{id}/status",
          "/api/v1/key-results/{id}",
          "/api/v1/key-results/{id}/versions",
          "/api/v1/key-results/{id}/measurements",
          "/api/v1/measurements",
          "/api/v1/imports/measurements",
        ]),
      );
      // VEIVALG_DEMO=0: no demo measurements.
      const status = (await (await fetch(`http://127.0.0.1:${port}/api/v1/strategies/hso-teknologi-2023/status?period=2025`)).json()) as { counts: Record<string, number> };
      expect(status.counts.no_data).toBe(43);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses to start on a bad configuration value, naming it", async () => {
    await expect(veivalg({ PORT: "åtti" }, "migrate")).rejects.toMatchObject({ stderr: expect.stringContaining("PORT") });
  });
});
