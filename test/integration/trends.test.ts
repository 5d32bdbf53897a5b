import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastCompleted, previous } from "../../server/src/domain/period.js";
import { keyResultId, openTestApp, reviseKeyResult, type TestApp } from "../support/app.js";

let t: TestApp;
/** Helse Sør-Øst's trusts and shared services, as the register lists them. */
let HSO_REPORTERS: string[];
beforeAll(async () => {
  t = await openTestApp();
  const orgs = (await t.app.inject("/api/v1/organisations")).json() as { id: string; parent: string | null; kind: string }[];
  HSO_REPORTERS = orgs.filter((o) => o.parent === "hso" && (o.kind === "hf" || o.kind === "shared_service")).map((o) => o.id);
  expect(HSO_REPORTERS).toHaveLength(11);
});
afterAll(() => t.close());

const STRATEGY = "hso-teknologi-2023";

interface OrgFigure {
  organisation: string;
  value: number | null;
  target: number | null;
  status: string;
}
interface Point extends Omit<OrgFigure, "organisation"> {
  period: string;
  version: number;
  organisations: OrgFigure[];
}
interface KrTrend {
  keyResultId: string;
  code: string;
  title: string;
  unit: string;
  sectionKey: string;
  points: Point[];
}
interface Trend {
  strategy: { id: string; title: string; owner: string };
  periods: string[];
  keyResults: KrTrend[];
}
interface SliceValue {
  dimensionValue: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}
interface Series extends KrTrend {
  strategy: { id: string; title: string; owner: string };
  periods: string[];
  versionChanges: { version: number; effectiveFrom: string; reason: string }[];
  dimension?: string;
  breakdown?: { period: string; organisation: string; values: SliceValue[] }[];
}
interface StatusKr extends Omit<OrgFigure, "organisation"> {
  keyResultId: string;
  code: string;
  version: number;
  organisations: (OrgFigure & { numerator: number | null })[];
}
interface Missing {
  asOf: string;
  keyResults: { keyResultId: string; code: string; title: string; period: string; expected: string[]; missing: string[] }[];
  byOrganisation: { organisation: string; missing: { keyResultId: string; code: string; period: string }[] }[];
}

const post = async (items: unknown[]) => {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/measurements", payload: { items } });
  expect(res.statusCode, res.body).toBe(201);
};
const get = async <T>(url: string): Promise<T> => {
  const res = await t.app.inject(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const trend = (query: string) => get<Trend>(`/api/v1/strategies/${STRATEGY}/trend?${query}`);
const series = async (code: string, query: string) => get<Series>(`/api/v1/key-results/${await keyResultId(t.db, code)}/series?${query}`);
const missing = (asOf: string) => get<Missing>(`/api/v1/strategies/${STRATEGY}/missing-reports?asOf=${asOf}`);
const statusKrs = async (period: string) =>
  (await get<{ sections: { keyResults: StatusKr[] }[] }>(`/api/v1/strategies/${STRATEGY}/status?period=${period}`)).sections.flatMap((s) => s.keyResults);
const byCode = <T extends { code: string }>(list: T[], code: string) => list.find((k) => k.code === code)!;
const figures = ({ value, target, status }: { value: number | null; target: number | null; status: string }) => ({ value, target, status });

/** What the status page shows for a period, in the trend's shape: the two must agree. */
const statusAsPoints = async (period: string) =>
  new Map(
    (await statusKrs(period)).map((k) => [
      k.keyResultId,
      { period, version: k.version, ...figures(k), organisations: k.organisations.map((o) => ({ organisation: o.organisation, ...figures(o) })) },
    ]),
  );

const expectBadRequest = async (url: string, path: string) => {
  const res = await t.app.inject(url);
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json()).toMatchObject({ code: "invalid", details: [expect.objectContaining({ path })] });
  return res.json() as { message: string; details: { path: string; message: string }[] };
};

describe("trend of a strategy", () => {
  beforeAll(async () => {
    // A count by month (3.2), a ratio by pathway (1.1), a stock (1.3) and a mean (4.2), with
    // targets that change from Q3 2025: every rule and the version switch over the same range.
    await post([
      ...["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-07", "2025-08"].map((period, i) => ({ keyResult: "3.2", organisation: "ahus", period, value: 10 + i })),
      { keyResult: "3.2", organisation: "ous", period: "2025-03", value: 5 },
      { keyResult: "3.2", organisation: "ous", period: "2025-Q2", value: 100 },
      { keyResult: "1.1", organisation: "ahus", period: "2025-Q1", numerator: 10, denominator: 100, breakdown: { forløpstype: "KOLS" } },
      { keyResult: "1.1", organisation: "ahus", period: "2025-Q1", numerator: 90, denominator: 100, breakdown: { forløpstype: "kreft" } },
      { keyResult: "1.1", organisation: "ous", period: "2025-Q2", numerator: 1, denominator: 10, breakdown: { forløpstype: "KOLS" } },
      { keyResult: "1.1", organisation: "ahus", period: "2025-Q3", numerator: 30, denominator: 60, breakdown: { forløpstype: "KOLS" } },
      { keyResult: "1.3", organisation: "ahus", period: "2025-Q1", value: 3 },
      { keyResult: "1.3", organisation: "ahus", period: "2025-Q2", value: 5 },
      { keyResult: "1.3", organisation: "ous", period: "2025-Q1", value: 7 },
      { keyResult: "4.2", organisation: "ahus", period: "2025-Q1", value: 10 },
      { keyResult: "4.2", organisation: "ahus", period: "2025-Q3", value: 20 },
      { keyResult: "4.2", organisation: "sunnaas", period: "2025-Q3", value: 60 },
    ]);
    const revise = async (code: string, targets: unknown[], effectiveFrom: string) => {
      const res = await reviseKeyResult(t, code, { targets }, `Mål fra ${effectiveFrom}`, effectiveFrom);
      expect(res.statusCode, res.body).toBe(200);
    };
    await revise("1.1", [{ period: "2025", value: 40 }], "2024-01-01");
    await revise("1.1", [{ period: "2025", value: 60 }, { period: "2025", organisation: "ahus", value: 45 }], "2025-07-01");
    await revise("3.2", [{ period: "2025-Q1", value: 20 }, { period: "2025-Q2", value: 20 }, { period: "2025-Q3", value: 20 }], "2024-06-01");
    await revise("1.3", [{ period: "2025-Q3", value: 9, organisation: "ahus" }], "2025-07-01");
  });

  for (const [from, to] of [
    ["2025-Q1", "2025-Q4"],
    ["2025-01", "2025-09"],
    ["2025-T1", "2025-T3"],
    ["2024", "2025"],
  ] as const) {
    it(`gives for every period from ${from} to ${to} what the status page gives for it`, async () => {
      const view = await trend(`from=${from}&to=${to}`);
      expect(view.periods[0]).toBe(from);
      expect(view.periods.at(-1)).toBe(to);
      expect(view.strategy).toMatchObject({ id: STRATEGY, owner: "hso" });
      let compared = 0;
      for (const period of view.periods) {
        const fromStatus = await statusAsPoints(period);
        const fromTrend = new Map(view.keyResults.flatMap((k) => k.points.filter((p) => p.period === period).map((p) => [k.keyResultId, p] as const)));
        expect(fromTrend).toEqual(fromStatus);
        compared += fromTrend.size;
      }
      expect(compared).toBe(view.periods.length * 43);
      // Points are in period order, and the key results in reading order, as on the status page.
      expect(view.keyResults.map((k) => k.code)).toEqual((await statusKrs(to)).map((k) => k.code));
    });
  }

  it("rolls each period up by the key result's rule, with the targets of the version then in effect", async () => {
    const view = await trend("from=2025-Q1&to=2025-Q3");
    const points = (code: string) => byCode(view.keyResults, code).points.map((p) => [p.period, p.version, p.value, p.target, p.status]);
    // 3.2: months summed into quarters; OUS's own Q2 figure instead of its (absent) months.
    expect(points("3.2")).toEqual([
      ["2025-Q1", 2, 10 + 11 + 12 + 5, 40, "at_risk"],
      ["2025-Q2", 2, 13 + 14 + 100, 40, "on_track"],
      ["2025-Q3", 2, 15 + 16, 20, "on_track"],
    ]);
    // 1.1: Σ numerators / Σ denominators per quarter; the 2025 target is 40 until Q3, then 60 (Ahus 45).
    expect(points("1.1")).toEqual([
      ["2025-Q1", 2, 50, 40, "on_track"],
      ["2025-Q2", 2, 10, 40, "off_track"],
      ["2025-Q3", 3, 50, 60, "off_track"],
    ]);
    const ahus = byCode(view.keyResults, "1.1").points.map((p) => p.organisations.find((o) => o.organisation === "ahus")!.target);
    expect(ahus).toEqual([40, 40, 45]);
    expect(byCode(view.keyResults, "4.2").points.map((p) => p.value)).toEqual([10, null, 40]);
    expect(byCode(view.keyResults, "1.3").points.map((p) => [p.value, p.status])).toEqual([
      [10, "no_target"],
      [5, "no_target"],
      [null, "no_data"],
    ]);
  });

  it("shows the last 8 completed quarters when no range is given", async () => {
    const view = await trend("");
    let q = lastCompleted("quarter", new Date().toISOString().slice(0, 10));
    const expected = [q.id];
    for (let i = 1; i < 8; i++) expected.unshift((q = previous(q)).id);
    expect(view.periods).toEqual(expected);
    expect((await trend(`to=2025-03`)).periods).toEqual(["2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]);
  });

  it("leaves out the periods before a key result took effect", async () => {
    // The strategy was adopted on 2023-11-22: its key results read from then on.
    const view = await trend("from=2023-Q3&to=2024-Q1");
    expect(byCode(view.keyResults, "3.2").points.map((p) => p.period)).toEqual(["2024-Q1"]);
  });

  it("refuses a range of mixed grains, one backwards, one too long, and what is not a period", async () => {
    const url = `/api/v1/strategies/${STRATEGY}/trend`;
    await expectBadRequest(`${url}?from=2025-Q1&to=2025-06`, "to");
    await expectBadRequest(`${url}?from=2025-Q3&to=2025-Q1`, "to");
    const long = await expectBadRequest(`${url}?from=2020-01&to=2025-01`, "to");
    expect(long.message).toContain("61 periods");
    expect((await trend("from=2020-02&to=2025-01")).periods).toHaveLength(60);
    await expectBadRequest(`${url}?from=2025-Q5`, "querystring.from");
    await expectBadRequest(`${url}?from=2199-Q1`, "from");
    expect((await t.app.inject(`/api/v1/strategies/ingen-slik/trend`)).statusCode).toBe(404);
  });
});

describe("series of one key result", () => {
  it("gives the same points as the strategy's trend, and marks the versions", async () => {
    await post([
      { keyResult: "2.2", organisation: "ahus", period: "2025-Q1", numerator: 1, denominator: 4 },
      { keyResult: "2.2", organisation: "ahus", period: "2025-Q2", numerator: 3, denominator: 4 },
    ]);
    const res = await reviseKeyResult(t, "2.2", { targets: [{ period: "2025-Q2", value: 70 }] }, "Mål for andre kvartal", "2025-04-01");
    expect(res.statusCode, res.body).toBe(200);
    const one = await series("2.2", "from=2025-Q1&to=2025-Q2");
    const all = byCode((await trend("from=2025-Q1&to=2025-Q2")).keyResults, "2.2");
    const { periods, versionChanges, strategy, dimension, breakdown, ...asInTrend } = one;
    expect(asInTrend).toEqual(all);
    expect(periods).toEqual(["2025-Q1", "2025-Q2"]);
    expect(strategy).toMatchObject({ id: STRATEGY, owner: "hso" });
    expect(dimension).toBeUndefined();
    expect(breakdown).toBeUndefined();
    expect(one.points.map((p) => [p.version, p.value, p.target, p.status])).toEqual([
      [1, 25, null, "no_target"],
      [2, 75, 70, "on_track"],
    ]);
    expect(versionChanges).toEqual([
      { version: 1, effectiveFrom: "2023-11-22", reason: "Første versjon" },
      { version: 2, effectiveFrom: "2025-04-01", reason: "Mål for andre kvartal" },
    ]);
  });

  it("breaks a ratio down by a dimension, Σ numerators over Σ denominators per value, rolled into the year", async () => {
    // 2.1, share of imaging diagnosed with AI support, by examination type.
    await post([
      { keyResult: "2.1", organisation: "ahus", period: "2025-Q1", numerator: 10, denominator: 100, breakdown: { undersøkelsestype: "MR" } },
      { keyResult: "2.1", organisation: "ahus", period: "2025-Q1", numerator: 30, denominator: 50, breakdown: { undersøkelsestype: "CT" } },
      { keyResult: "2.1", organisation: "ous", period: "2025-Q1", numerator: 5, denominator: 100, breakdown: { undersøkelsestype: "MR" } },
      { keyResult: "2.1", organisation: "ous", period: "2025-Q2", numerator: 45, denominator: 100, breakdown: { undersøkelsestype: "MR" } },
    ]);
    const q = await series("2.1", "from=2025-Q1&to=2025-Q2&dimension=undersøkelsestype");
    expect(q.dimension).toBe("undersøkelsestype");
    expect(q.breakdown).toEqual([
      {
        period: "2025-Q1",
        organisation: "hso",
        values: [
          { dimensionValue: "CT", value: 60, numerator: 30, denominator: 50 },
          { dimensionValue: "MR", value: 7.5, numerator: 15, denominator: 200 },
        ],
      },
      { period: "2025-Q2", organisation: "hso", values: [{ dimensionValue: "MR", value: 45, numerator: 45, denominator: 100 }] },
    ]);
    // The slices add up to the region's total in each period.
    const statusQ1 = byCode(await statusKrs("2025-Q1"), "2.1");
    expect(q.points[0]!.value).toBeCloseTo((45 / 250) * 100, 10);
    expect(q.breakdown![0]!.values.reduce((n, v) => n + v.numerator!, 0)).toBe(45);
    expect(statusQ1.value).toBe(q.points[0]!.value);
    const year = await series("2.1", "from=2025&to=2025&dimension=undersøkelsestype");
    expect(year.breakdown![0]!.values).toEqual([
      { dimensionValue: "CT", value: 60, numerator: 30, denominator: 50 },
      { dimensionValue: "MR", value: 20, numerator: 60, denominator: 300 },
    ]);
  });

  it("sums months into quarters per value, and takes the last quarter for a stock, in the dimension's own order", async () => {
    const dims = [{ key: "kanal", label: "Kanal", values: ["helsenorge", "kjernejournal"] }];
    const res = await reviseKeyResult(t, "3.4", { dimensions: dims }, "Fordelt på kanal", "2024-01-01");
    expect(res.statusCode, res.body).toBe(200);
    await post([
      { keyResult: "3.4", organisation: "ahus", period: "2025-01", value: 1, breakdown: { kanal: "kjernejournal" } },
      { keyResult: "3.4", organisation: "ahus", period: "2025-02", value: 2, breakdown: { kanal: "kjernejournal" } },
      { keyResult: "3.4", organisation: "ahus", period: "2025-02", value: 4, breakdown: { kanal: "helsenorge" } },
      { keyResult: "3.4", organisation: "ous", period: "2025-03", value: 8, breakdown: { kanal: "kjernejournal" } },
    ]);
    const q1 = await series("3.4", "from=2025-Q1&to=2025-Q1&dimension=kanal");
    expect(q1.breakdown![0]!.values.map((v) => [v.dimensionValue, v.value, v.numerator])).toEqual([
      ["helsenorge", 4, null],
      ["kjernejournal", 11, null],
    ]);
    expect(q1.points[0]!.value).toBe(15);

    // 5.1 is a stock (latest) by operating area: the year shows each trust's last quarter.
    await post([
      { keyResult: "5.1", organisation: "ahus", period: "2025-Q1", value: 1, breakdown: { driftsområde: "kritisk syke pasienter" } },
      { keyResult: "5.1", organisation: "ahus", period: "2025-Q1", value: 2, breakdown: { driftsområde: "legemiddelbruk og farmasitun" } },
      { keyResult: "5.1", organisation: "ahus", period: "2025-Q2", value: 3, breakdown: { driftsområde: "kritisk syke pasienter" } },
      { keyResult: "5.1", organisation: "ous", period: "2025-Q1", value: 4, breakdown: { driftsområde: "kritisk syke pasienter" } },
    ]);
    const year = await series("5.1", "from=2025&to=2025&dimension=driftsområde");
    expect(year.breakdown![0]!.values.map((v) => [v.dimensionValue, v.value])).toEqual([["kritisk syke pasienter", 7]]);
    expect(year.points[0]!.value).toBe(7);
    const quarter = await series("5.1", "from=2025-Q1&to=2025-Q1&dimension=driftsområde");
    // Listed order (legemiddelbruk … before kritisk syke …), not alphabetical.
    expect(quarter.breakdown![0]!.values.map((v) => [v.dimensionValue, v.value])).toEqual([
      ["legemiddelbruk og farmasitun", 2],
      ["kritisk syke pasienter", 5],
    ]);
  });

  it("refuses a dimension the key result does not have, naming the field", async () => {
    const id = await keyResultId(t.db, "2.1");
    const bad = await expectBadRequest(`/api/v1/key-results/${id}/series?dimension=kjønn`, "dimension");
    expect(bad.details[0]!.message).toContain("undersøkelsestype");
    await expectBadRequest(`/api/v1/key-results/${await keyResultId(t.db, "2.3")}/series?dimension=kjønn`, "dimension");
    await expectBadRequest(`/api/v1/key-results/${id}/series?from=2025-Q1&to=2026`, "to");
    expect((await t.app.inject(`/api/v1/key-results/00000000-0000-4000-8000-000000000000/series`)).statusCode).toBe(404);
  });
});

describe("missing reports", () => {
  it("expects every trust and shared service until someone has reported, then those that have", async () => {
    // 6.3 is quarterly: on 15 July 2025 the last completed quarter is Q2.
    const first = await missing("2025-07-15");
    expect(first.asOf).toBe("2025-07-15");
    const k = byCode(first.keyResults, "6.3");
    expect(k).toMatchObject({ period: "2025-Q2", expected: HSO_REPORTERS, missing: HSO_REPORTERS });
    // Frequencies decide the period: 3.1 is monthly, 5.3 yearly.
    expect(byCode(first.keyResults, "3.1").period).toBe("2025-06");
    expect(byCode(first.keyResults, "5.3").period).toBe("2024");
    expect(first.keyResults.map((x) => x.code)).toEqual((await statusKrs("2025-Q2")).map((x) => x.code));
    expect(first.byOrganisation.map((o) => o.organisation)).toEqual(HSO_REPORTERS);
    expect(first.byOrganisation[0]!.missing).toContainEqual({ keyResultId: k.keyResultId, code: "6.3", period: "2025-Q2" });

    // Ahus and a unit of OUS report Q1: from now on they are the ones expected.
    const unit = { id: "ous-enhet", parent: "ous", kind: "unit", name: "En enhet, OUS", shortName: "OUS-enhet" };
    expect((await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: unit })).statusCode).toBe(201);
    await post([
      { keyResult: "6.3", organisation: "ahus", period: "2025-Q1", value: 1 },
      { keyResult: "6.3", organisation: "ous-enhet", period: "2025-Q1", value: 1 },
    ]);
    expect(byCode((await missing("2025-07-15")).keyResults, "6.3")).toMatchObject({ expected: ["ahus", "ous"], missing: ["ahus", "ous"] });

    // Ahus reports Q2 and is no longer missing; OUS still is, in both lists.
    await post([{ keyResult: "6.3", organisation: "ahus", period: "2025-Q2", value: 2 }]);
    const after = await missing("2025-07-15");
    expect(byCode(after.keyResults, "6.3")).toMatchObject({ expected: ["ahus", "ous"], missing: ["ous"] });
    const codes = (org: string) => after.byOrganisation.find((o) => o.organisation === org)?.missing.map((m) => m.code) ?? [];
    expect(codes("ahus")).not.toContain("6.3");
    expect(codes("ous")).toContain("6.3");
    expect(codes("sunnaas")).not.toContain("6.3");

    // The OUS unit's Q2 report counts for OUS.
    await post([{ keyResult: "6.3", organisation: "ous-enhet", period: "2025-Q2", value: 2 }]);
    expect(byCode((await missing("2025-07-15")).keyResults, "6.3").missing).toEqual([]);
    // In the next quarter both are missing again.
    expect(byCode((await missing("2025-10-01")).keyResults, "6.3")).toMatchObject({ period: "2025-Q3", missing: ["ahus", "ous"] });
  });

  it("counts a first report for the period itself without narrowing who is expected", async () => {
    await post([{ keyResult: "6.5", organisation: "sunnaas", period: "2025-Q2", value: 1 }]);
    const k = byCode((await missing("2025-07-15")).keyResults, "6.5");
    expect(k.expected).toEqual(HSO_REPORTERS);
    expect(k.missing).toEqual(HSO_REPORTERS.filter((o) => o !== "sunnaas"));
  });

  it("defaults to today, and refuses what is not a date", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await get<Missing>(`/api/v1/strategies/${STRATEGY}/missing-reports`)).asOf).toBe(today);
    await expectBadRequest(`/api/v1/strategies/${STRATEGY}/missing-reports?asOf=2025-13-01`, "querystring.asOf");
    expect((await t.app.inject(`/api/v1/strategies/ingen-slik/missing-reports`)).statusCode).toBe(404);
  });

  it("asks another region's trusts and shared services", async () => {
    const hv = await get<Missing>(`/api/v1/strategies/hv-digitalisering-2024/missing-reports?asOf=2025-07-15`);
    for (const k of hv.keyResults) {
      expect([...k.expected].sort()).toEqual(["helse-bergen", "helse-fonna", "helse-forde", "helse-stavanger", "helse-vest-ikt", "sjukehusapoteka-vest"]);
    }
  });
});

describe("the OpenAPI document", () => {
  it("describes the three answers", async () => {
    const doc = await get<{ paths: Record<string, { get?: { responses: Record<string, unknown> } }> }>("/api/v1/openapi.json");
    for (const path of ["/api/v1/strategies/{id}/trend", "/api/v1/key-results/{id}/series", "/api/v1/strategies/{id}/missing-reports"]) {
      expect(doc.paths[path]?.get?.responses, path).toHaveProperty("200");
    }
  });
});
