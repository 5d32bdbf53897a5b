/**
 * Small-count suppression: counts of a FHIR-computed key result below the threshold reach nobody
 * without the right to see small numbers of the organisation they are for — not in the measurement
 * list, the series, the status page, the export or the FHIR MeasureReport — while analysts of that
 * organisation and administrators see them, and key results without such a binding are never touched.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordMeasurements } from "../../server/src/data/measurements.js";
import type { RawMeasurement } from "../../server/src/domain/measurement-input.js";
import { measurementContext, validateAll } from "../../server/src/services/measurements.js";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";
import { as } from "../support/portfolio.js";
import { strategyInput } from "../support/requests.js";

const api = "/api/v1";
const STRATEGY = "smaa-tall";
let t: TestApp;
const kr: Record<"P1" | "P2" | "P3", string> = { P1: "", P2: "", P3: "" };
let reader: Record<string, string>;
let analystAhus: Record<string, string>;
let analystOus: Record<string, string>;
let analystHso: Record<string, string>;

const quarterly = { unit: "count", direction: "decrease", aggregation: "sum", frequency: "quarter" } as const;

/**
 * A succeeded FHIR run of the strategy, its bindings and its measurements, written as the run
 * service writes them (source `computed`, batch = run).
 */
async function computed(bound: Record<string, boolean>, raws: RawMeasurement[]): Promise<void> {
  const runId = randomUUID();
  await t.db.query(`INSERT INTO fhir_runs (id, strategy_id, source, status, requested_by, finished_at) VALUES ($1, $2, 'test-export', 'succeeded', 'tests', now())`, [runId, STRATEGY]);
  for (const [code, suppress] of Object.entries(bound)) {
    await t.db.query(
      `INSERT INTO key_result_fhir_bindings (key_result_id, definition_version, definition_hash, counts_are, suppress_small_counts, run_id)
       VALUES ($1, 1, 'sha256:test', 'persons', $2, $3)`,
      [await keyResultId(t.db, code, STRATEGY), suppress, runId],
    );
  }
  await t.db.transaction(async (tx) => {
    const inputs = validateAll(await measurementContext(tx, STRATEGY), raws, (i, field) => ({ path: `${i}.${field}` }));
    await recordMeasurements(tx, inputs, { source: "computed", actor: "tests", batchId: runId });
  });
}

beforeAll(async () => {
  t = await openTestApp();
  const input = { ...strategyInput(STRATEGY, "hso", true), periodFrom: "2024" };
  input.sections[0]!.keyResults = [
    { code: "P1", title: "Pasienter fulgt opp hjemme", ...quarterly, dimensions: [{ key: "kjonn", label: "Kjønn", values: ["K", "M", "U"] }], targets: [{ period: "2025-Q1", value: 3 }] },
    { code: "P2", title: "Andel avstemte legemiddellister", unit: "percent", direction: "increase", aggregation: "ratio", frequency: "quarter" },
    { code: "P3", title: "Integrerte enhetstyper", ...quarterly },
  ] as never;
  const created = await t.app.inject({ method: "POST", url: `${api}/strategies`, payload: input });
  expect(created.statusCode, created.body).toBe(201);
  for (const code of ["P1", "P2", "P3"] as const) kr[code] = await keyResultId(t.db, code, STRATEGY);
  const m = (keyResult: string, organisation: string, period: string, figures: Partial<RawMeasurement>): RawMeasurement => ({ keyResult, organisation, period, ...figures });
  await computed({ P1: true, P2: true, P3: false }, [
    // Ahus: 4 in all, each value small; Oslo universitetssykehus: 16. The region: K 12, M 7, U 1.
    m("P1", "ahus", "2025-Q1", { value: 2, breakdown: { kjonn: "K" } }),
    m("P1", "ahus", "2025-Q1", { value: 1, breakdown: { kjonn: "M" } }),
    m("P1", "ahus", "2025-Q1", { value: 1, breakdown: { kjonn: "U" } }),
    m("P1", "ous", "2025-Q1", { value: 10, breakdown: { kjonn: "K" } }),
    m("P1", "ous", "2025-Q1", { value: 6, breakdown: { kjonn: "M" } }),
    m("P1", "ahus", "2024-Q4", { value: 8, breakdown: { kjonn: "K" } }),
    // 3 of 40 at Ahus, 30 of 60 at Oslo universitetssykehus: 33 of 100 in the region.
    m("P2", "ahus", "2025-Q1", { numerator: 3, denominator: 40 }),
    m("P2", "ous", "2025-Q1", { numerator: 30, denominator: 60 }),
    m("P3", "ahus", "2025-Q1", { value: 2 }),
  ]);
  reader = await as(t, "reader", "ahus");
  analystAhus = await as(t, "analyst", "ahus");
  analystOus = await as(t, "analyst", "ous");
  analystHso = await as(t, "analyst", "hso");
});
afterAll(() => t?.close());

const get = async (url: string, headers?: Record<string, string>) => {
  const res = headers ? await t.anonymous({ url, headers }) : await t.app.inject(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as never;
};

interface Row {
  organisation: string;
  period: string;
  breakdown: Record<string, string>;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed?: true;
}
const figures = (rows: Row[]) =>
  rows.map(({ organisation, period, breakdown, value, numerator, denominator, suppressed }) => ({ organisation, period, kjonn: breakdown.kjonn, value, numerator, denominator, suppressed }));

describe("the measurement list", () => {
  it("hides the small counts of a suppressed key result from a reader, and shows them to the trust's analyst and an administrator", async () => {
    const url = `${api}/key-results/${kr.P1}/measurements?from=2025-Q1`;
    const hidden = { value: null, numerator: null, denominator: null, suppressed: true };
    expect(figures(await get(url, reader))).toEqual([
      { organisation: "ahus", period: "2025-Q1", kjonn: "K", ...hidden },
      { organisation: "ahus", period: "2025-Q1", kjonn: "M", ...hidden },
      { organisation: "ahus", period: "2025-Q1", kjonn: "U", ...hidden },
      { organisation: "ous", period: "2025-Q1", kjonn: "K", value: 10, numerator: null, denominator: null, suppressed: undefined },
      { organisation: "ous", period: "2025-Q1", kjonn: "M", value: 6, numerator: null, denominator: null, suppressed: undefined },
    ]);
    for (const who of [analystAhus, analystHso, undefined]) {
      expect(figures(await get(url, who)).map((r) => r.value)).toEqual([2, 1, 1, 10, 6]);
    }
    // An analyst of another trust is a reader here.
    expect(figures(await get(url, analystOus)).map((r) => r.value)).toEqual([null, null, null, 10, 6]);
  });

  it("hides a small numerator and keeps a denominator that is not small", async () => {
    const rows = figures(await get(`${api}/key-results/${kr.P2}/measurements`, reader));
    expect(rows).toEqual([
      { organisation: "ahus", period: "2025-Q1", kjonn: undefined, value: null, numerator: null, denominator: 40, suppressed: true },
      { organisation: "ous", period: "2025-Q1", kjonn: undefined, value: null, numerator: 30, denominator: 60, suppressed: undefined },
    ]);
  });

  it("never touches a key result whose counts are not suppressed", async () => {
    expect(figures(await get(`${api}/key-results/${kr.P3}/measurements`)).map((r) => r.value)).toEqual([2]);
    expect(figures(await get(`${api}/key-results/${kr.P3}/measurements`, reader))).toEqual([
      { organisation: "ahus", period: "2025-Q1", kjonn: undefined, value: 2, numerator: null, denominator: null, suppressed: undefined },
    ]);
    expect(figures(await get(`${api}/key-results/${kr.P3}/measurements`, {}))[0]!.value).toBe(2);
  });
});

interface Cell {
  organisation?: string;
  value: number | null;
  target: number | null;
  status: string;
  numerator?: number | null;
  denominator?: number | null;
  suppressed?: true;
}
interface StatusPage {
  counts: Record<string, number>;
  sections: { counts: Record<string, number>; keyResults: (Cell & { code: string; organisations: Cell[] })[] }[];
}
const statusOf = async (headers?: Record<string, string>) => {
  const page = (await get(`${api}/strategies/${STRATEGY}/status?period=2025-Q1`, headers)) as StatusPage;
  return Object.fromEntries(page.sections[0]!.keyResults.map((k) => [k.code, k]));
};
const cellOf = (k: { organisations: Cell[] }, org: string) => {
  const { organisation: _o, ...cell } = k.organisations.find((o) => o.organisation === org)!;
  return cell;
};

describe("the status page", () => {
  it("shows a suppressed cell with neither value nor status, and the rest as they are", async () => {
    const page = await statusOf(reader);
    // Ahus's 4 against a target of 3 would say "off track": the status would tell the count.
    expect(cellOf(page.P1!, "ahus")).toMatchObject({ value: null, target: 3, status: "suppressed", suppressed: true });
    expect(cellOf(page.P1!, "ous")).toMatchObject({ value: 16, status: "off_track" });
    expect(page.P1).toMatchObject({ value: 20 });
    expect(page.P1!.suppressed).toBeUndefined();
    expect(cellOf(page.P2!, "ahus")).toMatchObject({ value: null, numerator: null, denominator: 40, status: "suppressed", suppressed: true });
    expect(cellOf(page.P2!, "ous")).toMatchObject({ value: 50, numerator: 30, denominator: 60 });
    expect(page.P2).toMatchObject({ value: 33, numerator: 33, denominator: 100 });
    expect(cellOf(page.P3!, "ahus")).toMatchObject({ value: 2 });
    expect(cellOf(page.P3!, "ahus").suppressed).toBeUndefined();
  });

  it("gives each audience its own page, though the pages are cached", async () => {
    await statusOf(reader);
    expect(cellOf((await statusOf())!.P1!, "ahus")).toMatchObject({ value: 4, status: "off_track" });
    expect(cellOf((await statusOf(analystAhus))!.P1!, "ahus")).toMatchObject({ value: 4 });
    expect(cellOf((await statusOf(analystOus))!.P1!, "ahus")).toMatchObject({ value: null, status: "suppressed" });
    expect(cellOf((await statusOf({}))!.P2!, "ahus")).toMatchObject({ value: null, numerator: null });
  });

  it("counts suppressed statuses as such", async () => {
    const page = (await get(`${api}/strategies/${STRATEGY}/status?period=2025-Q1`, reader)) as StatusPage;
    expect(page.counts).toHaveProperty("suppressed", 0);
  });
});

describe("the trend and series", () => {
  interface Point extends Cell {
    period: string;
    organisations: Cell[];
  }
  it("hide the same cells period by period", async () => {
    const trend = (await get(`${api}/strategies/${STRATEGY}/trend?from=2024-Q4&to=2025-Q1`, reader)) as { keyResults: { code: string; points: Point[] }[] };
    const p1 = trend.keyResults.find((k) => k.code === "P1")!;
    expect(p1.points.map((p) => cellOf(p, "ahus"))).toEqual([
      { value: 8, target: null, status: "no_target" },
      { value: null, target: 3, status: "suppressed", suppressed: true },
    ]);
    const admin = (await get(`${api}/strategies/${STRATEGY}/trend?from=2024-Q4&to=2025-Q1`)) as { keyResults: { code: string; points: Point[] }[] };
    expect(cellOf(admin.keyResults.find((k) => k.code === "P1")!.points[1]!, "ahus")).toMatchObject({ value: 4 });
  });

  it("hide a small value of a breakdown rolled up to the region, even from a trust's analyst", async () => {
    type Series = { points: Point[]; breakdown: { period: string; values: { dimensionValue: string | null; value: number | null; suppressed?: true }[] }[] };
    const url = `${api}/key-results/${kr.P1}/series?from=2025-Q1&to=2025-Q1&dimension=kjonn`;
    const values = async (headers?: Record<string, string>) => ((await get(url, headers)) as Series).breakdown[0]!.values.map(({ dimensionValue, value, suppressed }) => ({ dimensionValue, value, suppressed }));
    const hiddenU = [
      { dimensionValue: "K", value: 12, suppressed: undefined },
      { dimensionValue: "M", value: 7, suppressed: undefined },
      { dimensionValue: "U", value: null, suppressed: true },
    ];
    expect(await values(reader)).toEqual(hiddenU);
    expect(await values(analystAhus)).toEqual(hiddenU);
    expect((await values(analystHso)).map((v) => v.value)).toEqual([12, 7, 1]);
    expect((await values()).map((v) => v.value)).toEqual([12, 7, 1]);
    const series = (await get(url, reader)) as Series;
    expect(cellOf(series.points[0]!, "ahus")).toMatchObject({ value: null, status: "suppressed", suppressed: true });
  });
});

describe("the export", () => {
  it("keeps the small counts out of a reader's export, and in an administrator's", async () => {
    type Export = { smallCountThreshold: number; measurements: (Row & { keyResult: string })[] };
    const mine = (await get(`${api}/strategies/${STRATEGY}/export`, reader)) as Export;
    expect(mine.smallCountThreshold).toBe(5);
    const ahusQ1 = mine.measurements.filter((m) => m.organisation === "ahus" && m.period === "2025-Q1");
    expect(ahusQ1.map((m) => [m.keyResult, m.value, m.numerator, m.denominator, m.suppressed])).toEqual([
      ["P1", null, null, null, true],
      ["P1", null, null, null, true],
      ["P1", null, null, null, true],
      ["P2", null, null, 40, true],
      ["P3", 2, null, null, undefined],
    ]);
    const admin = (await get(`${api}/strategies/${STRATEGY}/export`)) as Export;
    expect(admin.measurements.filter((m) => m.organisation === "ahus" && m.period === "2025-Q1").map((m) => m.value ?? m.numerator)).toEqual([2, 1, 1, 3, 2]);
    expect(admin.measurements.some((m) => m.suppressed)).toBe(false);
  });
});

describe("the FHIR MeasureReport", () => {
  const DAR = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
  const masked = { extension: [{ url: DAR, valueCode: "masked" }] };
  const code = (c: string) => ({ coding: [{ system: "http://terminology.hl7.org/CodeSystem/measure-population", code: c }] });
  const report = async (id: string, query: string, headers?: Record<string, string>) => {
    const url = `${api}/key-results/${id}/measure-report?${query}`;
    const res = headers ? await t.anonymous({ url, headers }) : await t.app.inject(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/fhir\+json/);
    return res.json() as { group: { population: unknown[]; measureScore: unknown; stratifier: { code: unknown[]; stratum: { value: unknown; population: unknown[]; measureScore: unknown }[] }[] }[] } & Record<string, unknown>;
  };

  it("reports a ratio for the region: numerator, denominator and score, for the measure's canonical URL", async () => {
    const r = await report(kr.P2, "organisation=hso&period=2025-Q1", reader);
    expect(r).toMatchObject({
      resourceType: "MeasureReport",
      status: "complete",
      type: "summary",
      measure: `https://veivalg.no/fhir/Measure/${STRATEGY}/P2|1`,
      subject: { identifier: { system: "https://veivalg.no/fhir/NamingSystem/organisation", value: "hso" }, display: "Helse Sør-Øst RHF" },
      reporter: { identifier: { system: "https://veivalg.no/fhir/NamingSystem/organisation", value: "hso" } },
      period: { start: "2025-01-01", end: "2025-03-31" },
      improvementNotation: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/measure-improvement-notation", code: "increase" }] },
    });
    expect(r.group).toEqual([
      {
        code: { text: "Andel avstemte legemiddellister" },
        population: [
          { code: code("numerator"), count: 33 },
          { code: code("denominator"), count: 100 },
        ],
        measureScore: { value: 33, unit: "%", system: "http://unitsofmeasure.org", code: "%" },
        stratifier: [],
      },
    ]);
  });

  it("leaves a trust's small numerator out as masked, with the score built on it, to those who may not see it", async () => {
    const hidden = await report(kr.P2, "organisation=ahus&period=2025-Q1", reader);
    expect(hidden.group[0]!.population).toEqual([
      { code: code("numerator"), _count: masked },
      { code: code("denominator"), count: 40 },
    ]);
    expect(hidden.group[0]!.measureScore).toEqual(masked);
    const seen = await report(kr.P2, "organisation=ahus&period=2025-Q1", analystAhus);
    expect(seen.group[0]!.population).toEqual([
      { code: code("numerator"), count: 3 },
      { code: code("denominator"), count: 40 },
    ]);
    expect(seen.group[0]!.measureScore).toMatchObject({ value: 7.5, unit: "%" });
  });

  it("has a stratifier per breakdown dimension with a stratum per value, and takes the latest period by default", async () => {
    const r = await report(kr.P1, "organisation=hso", reader);
    expect(r.period).toEqual({ start: "2025-01-01", end: "2025-03-31" });
    expect(r.group[0]!.population).toEqual([{ code: code("measure-observation"), count: 20 }]);
    expect(r.group[0]!.measureScore).toEqual({ value: 20, unit: "count", system: "http://unitsofmeasure.org", code: "{count}" });
    expect(r.improvementNotation).toMatchObject({ coding: [{ code: "decrease" }] });
    const [stratifier] = r.group[0]!.stratifier;
    expect(stratifier!.code).toEqual([{ coding: [{ system: "https://veivalg.no/fhir/CodeSystem/breakdown-dimension", code: "kjonn", display: "Kjønn" }], text: "Kjønn" }]);
    expect(stratifier!.stratum).toEqual([
      { value: { text: "K" }, population: [{ code: code("measure-observation"), count: 12 }], measureScore: expect.objectContaining({ value: 12 }) },
      { value: { text: "M" }, population: [{ code: code("measure-observation"), count: 7 }], measureScore: expect.objectContaining({ value: 7 }) },
      { value: { text: "U" }, population: [{ code: code("measure-observation"), _count: masked }], measureScore: masked },
    ]);
    const admin = await report(kr.P1, "organisation=hso");
    expect(admin.group[0]!.stratifier[0]!.stratum[2]).toMatchObject({ population: [{ count: 1 }], measureScore: { value: 1 } });
    // A trust's own report: the latest period it reported.
    const ahus = await report(kr.P1, "organisation=ahus", analystAhus);
    expect(ahus.group[0]!.population).toEqual([{ code: code("measure-observation"), count: 4 }]);
  });

  it("says a period without data is unknown, and refuses an organisation outside the strategy's region", async () => {
    const empty = await report(kr.P3, "organisation=ous&period=2025-Q1");
    expect(empty.group[0]!.population).toEqual([{ code: code("measure-observation"), _count: { extension: [{ url: DAR, valueCode: "unknown" }] } }]);
    const outside = await t.app.inject(`${api}/key-results/${kr.P3}/measure-report?organisation=helse-bergen`);
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ details: [{ path: "organisation" }] });
  });

  it("is read by those who may read the strategy", async () => {
    const res = await t.anonymous({ url: `${api}/key-results/${kr.P1}/measure-report?organisation=hso` });
    expect(res.statusCode).toBe(200);
  });
});

describe("the session", () => {
  it("tells the threshold, so that clients can say what a hidden count is below", async () => {
    expect(await get(`${api}/session`, reader)).toMatchObject({ smallCountThreshold: 5 });
  });
});
