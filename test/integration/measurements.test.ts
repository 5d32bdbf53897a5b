import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, reviseKeyResult, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const post = (items: unknown[], headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url: "/api/v1/measurements", headers, payload: { items } });
const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurements"))[0]!.n;

describe("reporting measurements", () => {
  it("records a batch and reads it back", async () => {
    const res = await post([
      { keyResult: "3.2", organisation: "ahus", period: "2025-01", value: 120, comment: "fra DIPS" },
      { keyResult: "3.2", organisation: "OUS", period: "2025-01", value: "1 250,5" },
      { keyResult: "1.2", organisation: "Sykehuset Østfold HF", period: "2025-Q1", numerator: 30, denominator: 120 },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ recorded: 3, superseded: 0 });
    const id = await keyResultId(t.db, "3.2");
    const rows = (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as { organisation: string; value: number; source: string; keyResultVersion: number }[];
    expect(rows.map((r) => [r.organisation, r.value, r.source, r.keyResultVersion])).toEqual([
      ["ahus", 120, "api", 1],
      ["ous", 1250.5, "api", 1],
    ]);
  });

  it("rejects a batch with any bad item, lists every fault by path, and writes nothing", async () => {
    const before = await count();
    const res = await post([
      { keyResult: "3.2", organisation: "ahus", period: "2025-02", value: 10 },
      { keyResult: "9.9", organisation: "ahus", period: "2025-02", value: 10 },
      { keyResult: "3.2", organisation: "finnes-ikke", period: "2025-02", value: 10 },
      { keyResult: "1.2", organisation: "ahus", period: "2025-Q1", value: 10 },
      { keyResult: "3.2", organisation: "ahus", period: "2025-14", value: 10 },
    ]);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; details: { path: string }[] };
    expect(body.code).toBe("invalid");
    const paths = body.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["items.1.keyResult", "items.2.organisation", "items.4.period"]));
    expect(paths.some((p) => p.startsWith("items.3."))).toBe(true);
    expect(paths.some((p) => p.startsWith("items.0."))).toBe(false);
    expect(await count()).toBe(before);
  });

  it("keeps corrections as history and reproduces what was reported at an earlier instant", async () => {
    const id = await keyResultId(t.db, "3.3");
    await post([{ keyResult: "3.3", organisation: "sunnaas", period: "2025-03", value: 10 }]);
    const [{ now: between }] = (await t.db.query<{ now: string }>("SELECT clock_timestamp() AS now")) as [{ now: string }];
    await new Promise((r) => setTimeout(r, 5));
    const res = await post([{ keyResult: "3.3", organisation: "sunnaas", period: "2025-03", value: 12, comment: "korrigert" }]);
    expect(res.json()).toMatchObject({ recorded: 1, superseded: 1 });
    const current = (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as { value: number }[];
    expect(current.map((r) => r.value)).toEqual([12]);
    const history = (await t.app.inject(`/api/v1/key-results/${id}/measurements?history=true`)).json() as { value: number; supersededAt: string | null }[];
    expect(history.map((r) => r.value)).toEqual([10, 12]);
    expect(history[0]!.supersededAt).not.toBeNull();
    const asOf = (await t.app.inject(`/api/v1/key-results/${id}/measurements?asOf=${encodeURIComponent(between)}`)).json() as { value: number }[];
    expect(asOf.map((r) => r.value)).toEqual([10]);
  });

  it("refuses a correction based on a stale read (409) and accepts one based on the current value", async () => {
    const id = await keyResultId(t.db, "3.4");
    await post([{ keyResult: "3.4", organisation: "ahus", period: "2025-05", value: 1 }]);
    const [first] = (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as { id: number }[];
    const ok = await post([{ keyResult: "3.4", organisation: "ahus", period: "2025-05", value: 2, replaces: first!.id }]);
    expect(ok.statusCode).toBe(201);
    const stale = await post([{ keyResult: "3.4", organisation: "ahus", period: "2025-05", value: 3, replaces: first!.id }]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: "stale_measurement", details: [{ path: "items.0.replaces" }] });
    const expectNone = await post([{ keyResult: "3.4", organisation: "ahus", period: "2025-05", value: 4, replaces: null }]);
    expect(expectNone.statusCode).toBe(409);
    const current = (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as { value: number }[];
    expect(current.map((r) => r.value)).toEqual([2]);
  });

  it("never lets two concurrent writers of the same value silently overwrite each other", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((v) => post([{ keyResult: "3.5", organisation: "ous", period: "2025-06", value: v, replaces: null }])),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const id = await keyResultId(t.db, "3.5");
    const all = (await t.app.inject(`/api/v1/key-results/${id}/measurements?history=true`)).json() as unknown[];
    expect(all).toHaveLength(1);
  });

  it("rejects the same value twice in one batch", async () => {
    const res = await post([
      { keyResult: "3.2", organisation: "ahus", period: "2025-07", value: 1 },
      { keyResult: "3.2", organisation: "Ahus", period: "2025-07", value: 2 },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ details: [{ code: "duplicate" }] });
  });
});

describe("Idempotency-Key", () => {
  it("applies a retried batch once and replays the first response", async () => {
    const items = [{ keyResult: "2.4", organisation: "ahus", period: "2025-04", value: 7 }];
    const headers = { "idempotency-key": "push-2025-04-ahus" };
    const first = await post(items, headers);
    const before = await count();
    const second = await post(items, headers);
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    expect(await count()).toBe(before);
  });

  it("refuses the same key with another body", async () => {
    const headers = { "idempotency-key": "push-x" };
    await post([{ keyResult: "2.4", organisation: "ous", period: "2025-04", value: 1 }], headers);
    const res = await post([{ keyResult: "2.4", organisation: "ous", period: "2025-04", value: 2 }], headers);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("applies concurrent requests with one key once", async () => {
    const items = [{ keyResult: "2.4", organisation: "sunnaas", period: "2025-04", value: 3 }];
    const headers = { "idempotency-key": "concurrent-1" };
    const before = await count();
    const results = await Promise.all([post(items, headers), post(items, headers), post(items, headers)]);
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(await count()).toBe(before + 1);
  });
});

describe("integrity without per-row foreign keys", () => {
  it("refuses a batch that refers to an organisation that does not exist, writing nothing", async () => {
    const { recordMeasurements } = await import("../../server/src/data/measurements.js");
    const { parsePeriod } = await import("../../server/src/domain/period.js");
    const before = await count();
    const item = {
      keyResultId: await keyResultId(t.db, "3.2"),
      keyResultCode: "3.2",
      organisationId: "finnes-ikke",
      period: parsePeriod("2025-01"),
      value: 1,
      numerator: null,
      denominator: null,
      comment: null,
      breakdown: {},
      breakdownKey: "",
    };
    await expect(t.db.transaction((tx) => recordMeasurements(tx, [item], { source: "api", actor: "test" }))).rejects.toMatchObject({ code: "invalid" });
    expect(await count()).toBe(before);
  });

  it("never deletes what measurements refer to", async () => {
    await expect(t.db.query("DELETE FROM organisations WHERE id = 'sunnaas'")).rejects.toThrow(/never deleted/);
    await expect(t.db.query("DELETE FROM key_results")).rejects.toThrow(/never deleted/);
  });
});

describe("several batches in one transaction", () => {
  it("records each, the second correcting the first", async () => {
    const { recordMeasurements } = await import("../../server/src/data/measurements.js");
    const { parsePeriod } = await import("../../server/src/domain/period.js");
    const item = async (value: number) => ({
      keyResultId: await keyResultId(t.db, "3.2"),
      keyResultCode: "3.2",
      organisationId: "vestre-viken",
      period: parsePeriod("2025-09"),
      value,
      numerator: null,
      denominator: null,
      comment: null,
      breakdown: {},
      breakdownKey: "",
    });
    const [a, b] = [await item(1), await item(2)];
    const results = await t.db.transaction(async (tx) => [
      await recordMeasurements(tx, [a], { source: "api", actor: "test" }),
      await recordMeasurements(tx, [b], { source: "api", actor: "test" }),
      await recordMeasurements(tx, [], { source: "api", actor: "test" }),
    ]);
    expect(results.map((r) => [r.recorded, r.superseded])).toEqual([
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
  });
});

describe("validation by the key result version of the period", () => {
  it("checks a period against the rules in effect then: a dimension added later is required only after", async () => {
    const id = await keyResultId(t.db, "3.6");
    const res = await reviseKeyResult(t, "3.6", { dimensions: [{ key: "kanal", label: "Kanal", values: ["app", "nett"] }] }, "Fordeles på kanal fra 2026", "2026-01-01");
    expect(res.statusCode, res.body).toBe(200);
    const old = await post([{ keyResult: "3.6", organisation: "ahus", period: "2025-Q4", numerator: 5, denominator: 10 }]);
    expect(old.statusCode, old.body).toBe(201);
    const missing = await post([{ keyResult: "3.6", organisation: "ahus", period: "2026-Q1", numerator: 5, denominator: 10 }]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ details: [{ code: "missing_dimension" }] });
    const wrongForOld = await post([{ keyResult: "3.6", organisation: "ous", period: "2025-Q4", numerator: 5, denominator: 10, breakdown: { kanal: "app" } }]);
    expect(wrongForOld.statusCode).toBe(400);
    expect(wrongForOld.json()).toMatchObject({ details: [{ code: "unexpected_column" }] });
    const ok = await post([{ keyResult: "3.6", organisation: "ahus", period: "2026-Q1", numerator: 5, denominator: 10, breakdown: { kanal: "App" } }]);
    expect(ok.statusCode, ok.body).toBe(201);
    const rows = (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as { period: string; keyResultVersion: number; breakdown: Record<string, string> }[];
    expect(rows.map((r) => [r.period, r.keyResultVersion, r.breakdown])).toEqual([
      ["2025-Q4", 1, {}],
      ["2026-Q1", 2, { kanal: "app" }],
    ]);
  });
});
