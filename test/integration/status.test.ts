import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, reviseKeyResult, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

interface OrgStatus {
  organisation: string;
  value: number | null;
  target: number | null;
  status: string;
  numerator: number | null;
  denominator: number | null;
}
interface KrStatus extends Omit<OrgStatus, "organisation"> {
  code: string;
  organisations: OrgStatus[];
}
interface StatusView {
  counts: Record<string, number>;
  sections: { key: string; counts: Record<string, number>; keyResults: KrStatus[] }[];
}

const post = async (items: unknown[]) => {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/measurements", payload: { items } });
  expect(res.statusCode, res.body).toBe(201);
};
const status = async (period: string, strategy = "hso-teknologi-2023") => {
  const res = await t.app.inject(`/api/v1/strategies/${strategy}/status?period=${period}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as StatusView;
};
const kr = (s: StatusView, code: string) => s.sections.flatMap((x) => x.keyResults).find((k) => k.code === code)!;
const org = (k: KrStatus, id: string) => k.organisations.find((o) => o.organisation === id)!;

const setTargets = async (code: string, targets: unknown[], effectiveFrom = "2024-01-01") => {
  const res = await reviseKeyResult(t, code, { targets }, "Mål for 2025", effectiveFrom);
  expect(res.statusCode, res.body).toBe(200);
};

describe("roll-up", () => {
  it("computes a ratio as the sum of numerators over the sum of denominators, never an average of percentages", async () => {
    // 1.1 is reported per pathway type; Ahus 10/100 and 90/100, OUS 1/10: the region is 101/210.
    await post([
      { keyResult: "1.1", organisation: "ahus", period: "2025-Q1", numerator: 10, denominator: 100, breakdown: { forløpstype: "KOLS" } },
      { keyResult: "1.1", organisation: "ahus", period: "2025-Q1", numerator: 90, denominator: 100, breakdown: { forløpstype: "kreft" } },
      { keyResult: "1.1", organisation: "ous", period: "2025-Q1", numerator: 1, denominator: 10, breakdown: { forløpstype: "KOLS" } },
    ]);
    const k = kr(await status("2025-Q1"), "1.1");
    expect(k.value).toBeCloseTo((101 / 210) * 100, 10);
    expect([k.numerator, k.denominator]).toEqual([101, 210]);
    expect(org(k, "ahus").value).toBeCloseTo(50, 10);
    expect(org(k, "ous").value).toBeCloseTo(10, 10);
    expect(org(k, "sunnaas")).toMatchObject({ value: null, status: "no_data" });
    // The whole year from the quarter reported so far.
    expect(kr(await status("2025"), "1.1").value).toBeCloseTo((101 / 210) * 100, 10);
  });

  it("rolls months up into quarters, tertials and years by the key result's rule", async () => {
    // 3.2 is a monthly count (sum).
    await post([
      { keyResult: "3.2", organisation: "ahus", period: "2025-01", value: 10 },
      { keyResult: "3.2", organisation: "ahus", period: "2025-02", value: 20 },
      { keyResult: "3.2", organisation: "ahus", period: "2025-04", value: 40 },
      { keyResult: "3.2", organisation: "ous", period: "2025-03", value: 5 },
    ]);
    expect(kr(await status("2025-Q1"), "3.2").value).toBe(35);
    expect(org(kr(await status("2025-Q1"), "3.2"), "ahus").value).toBe(30);
    expect(kr(await status("2025-T1"), "3.2").value).toBe(75);
    expect(kr(await status("2025"), "3.2").value).toBe(75);
    expect(kr(await status("2025-02"), "3.2").value).toBe(20);
  });

  it("takes the last period with data for a stock (latest), and the mean of all values for a mean", async () => {
    // 1.3 is quarterly "latest"; 4.2 is a quarterly mean (minutes).
    await post([
      { keyResult: "1.3", organisation: "ahus", period: "2025-Q1", value: 3 },
      { keyResult: "1.3", organisation: "ahus", period: "2025-Q2", value: 5 },
      { keyResult: "1.3", organisation: "ous", period: "2025-Q1", value: 7 },
      { keyResult: "4.2", organisation: "ahus", period: "2025-Q1", value: 10 },
      { keyResult: "4.2", organisation: "ahus", period: "2025-Q2", value: 20 },
      { keyResult: "4.2", organisation: "ous", period: "2025-Q1", value: 60 },
    ]);
    const year = await status("2025");
    expect(org(kr(year, "1.3"), "ahus").value).toBe(5);
    expect(kr(year, "1.3").value).toBe(12);
    expect(kr(year, "4.2").value).toBe(30);
    expect(org(kr(year, "4.2"), "ahus").value).toBe(15);
  });

  it("uses a value reported for the period itself before rolling up", async () => {
    await post([
      { keyResult: "3.3", organisation: "ahus", period: "2025-01", value: 1 },
      { keyResult: "3.3", organisation: "ahus", period: "2025-Q1", value: 100 },
    ]);
    expect(org(kr(await status("2025-Q1"), "3.3"), "ahus").value).toBe(100);
  });
});

describe("status against target", () => {
  it("rates values by direction and tolerance, with organisation targets before the general one", async () => {
    // 1.2: share of consultations driven by need; target 40 % in 2025, Sunnaas 20 %.
    await setTargets("1.2", [
      { period: "2025", value: 40 },
      { period: "2025", organisation: "sunnaas", value: 20 },
    ]);
    await post([
      { keyResult: "1.2", organisation: "ahus", period: "2025-Q2", numerator: 45, denominator: 100 },
      { keyResult: "1.2", organisation: "ous", period: "2025-Q2", numerator: 37, denominator: 100 },
      { keyResult: "1.2", organisation: "siv", period: "2025-Q2", numerator: 20, denominator: 100 },
      { keyResult: "1.2", organisation: "sunnaas", period: "2025-Q2", numerator: 25, denominator: 100 },
    ]);
    const k = kr(await status("2025-Q2"), "1.2");
    expect(org(k, "ahus")).toMatchObject({ target: 40, status: "on_track" });
    expect(org(k, "ous")).toMatchObject({ target: 40, status: "at_risk" });
    expect(org(k, "sykehuset-vestfold")).toMatchObject({ target: 40, status: "off_track" });
    expect(org(k, "sunnaas")).toMatchObject({ target: 20, status: "on_track" });
    expect(k).toMatchObject({ value: (127 / 400) * 100, target: 40, status: "off_track" });
  });

  it("sums sub-period targets for a count and counts statuses per focus area", async () => {
    const months = ["2025-07", "2025-08", "2025-09"];
    await setTargets("2.4", months.map((p) => ({ period: p, value: 10 })));
    await post(months.map((p) => ({ keyResult: "2.4", organisation: "ahus", period: p, value: 11 })));
    const s = await status("2025-Q3");
    expect(kr(s, "2.4")).toMatchObject({ value: 33, target: 30, status: "on_track" });
    const fa2 = s.sections.find((x) => x.key === "fa-2")!;
    expect(fa2.counts).toMatchObject({ on_track: 1, no_data: 4 });
  });

  it("ties measurements to the key result version in effect for their period", async () => {
    await post([{ keyResult: "7.4", organisation: "ahus", period: "2025-01", numerator: 99, denominator: 100 }]);
    await setTargets("7.4", [{ period: "2026", value: 99.5 }], "2026-01-01");
    await post([{ keyResult: "7.4", organisation: "ahus", period: "2026-01", numerator: 995, denominator: 1000 }]);
    const id = await keyResultId(t.db, "7.4");
    const rows = (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as { period: string; keyResultVersion: number }[];
    expect(rows.map((r) => [r.period, r.keyResultVersion])).toEqual([
      ["2025-01", 1],
      ["2026-01", 2],
    ]);
    expect(kr(await status("2026-01"), "7.4")).toMatchObject({ target: 99.5, status: "on_track" });
    expect(kr(await status("2025-01"), "7.4")).toMatchObject({ target: null, status: "no_target" });
    const versions = (await t.app.inject(`/api/v1/key-results/${id}/versions`)).json() as { version: number; reason: string; effectiveFrom: string }[];
    expect(versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
      [1, "2023-11-22"],
      [2, "2026-01-01"],
    ]);
  });

  it("refuses a key result change without If-Match or on a stale version", async () => {
    const id = await keyResultId(t.db, "5.2");
    const cur = (await t.app.inject(`/api/v1/key-results/${id}`)).json() as Record<string, unknown>;
    const payload = {
      content: { title: "Ny tittel", definition: "", unit: cur.unit, direction: cur.direction, aggregation: cur.aggregation, frequency: cur.frequency },
      reason: "Presisering",
      effectiveFrom: "2025-01-01",
    };
    expect((await t.app.inject({ method: "PUT", url: `/api/v1/key-results/${id}`, payload })).statusCode).toBe(428);
    expect((await t.app.inject({ method: "PUT", url: `/api/v1/key-results/${id}`, headers: { "if-match": '"1"' }, payload })).statusCode).toBe(200);
    const stale = await t.app.inject({ method: "PUT", url: `/api/v1/key-results/${id}`, headers: { "if-match": '"1"' }, payload });
    expect(stale.statusCode).toBe(412);
  });
});

describe("status after changes", () => {
  it("never serves a status computed before a change to what it shows", async () => {
    const before = kr(await status("2027-Q1"), "6.1");
    expect(before).toMatchObject({ value: null, status: "no_data" });
    await post([{ keyResult: "6.1", organisation: "ahus", period: "2027-Q1", value: 4 }]);
    expect(kr(await status("2027-Q1"), "6.1")).toMatchObject({ value: 4, status: "no_target" });
    await setTargets("6.1", [{ period: "2027-Q1", value: 10 }], "2027-01-01");
    expect(kr(await status("2027-Q1"), "6.1")).toMatchObject({ value: 4, target: 10, status: "off_track" });
    const unit = { id: "ahus-ny", parent: "ahus", kind: "unit", name: "Ny enhet, Ahus", shortName: "Ahus-ny" };
    expect((await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: unit })).statusCode).toBe(201);
    expect(kr(await status("2027-Q1"), "6.1").organisations.map((o) => o.organisation)).toContain("ahus-ny");
  });
});
