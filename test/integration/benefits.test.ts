/**
 * Benefit plans (change → benefit → indicator → measurement) with actuals over time, and the benefit
 * realisation report: planned against achieved kroner and staff hours per initiative, focus area
 * and trust, with the benefits lacking an indicator, a responsible or a baseline, or late, flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";
import { as, createInitiative, decide } from "../support/portfolio.js";
import { strategyInput } from "../support/requests.js";

const api = "/api/v1";
const STRATEGY = "hso-teknologi-2023";
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

const addBenefit = async (initiative: string, payload: object) => {
  const res = await t.app.inject({ method: "POST", url: `${api}/initiatives/${initiative}/benefits`, payload: { kind: "efficiency", priced: true, responsible: "Klinikksjef", ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
};
const actual = (benefit: string, payload: object, headers?: Record<string, string>) =>
  (headers ? t.anonymous : t.app.inject)({ method: "POST", url: `${api}/benefits/${benefit}/actuals`, payload, headers });

interface Rollup {
  count: number;
  realised: number;
  planned: { valueNok: number; hoursFreed: number };
  achieved: { valueNok: number; hoursFreed: number };
}
interface Report {
  byInitiative: (Rollup & { initiativeId: string; benefits: { id: string; latest: unknown; realised: boolean; problems: string[] }[] })[];
  bySection: (Rollup & { section: string })[];
  byOrganisation: (Rollup & { organisation: string })[];
  totals: Rollup;
  flags: { benefit: string; problem: string }[];
}
const report = async (query = "") => {
  const res = await t.app.inject(`${api}/strategies/${STRATEGY}/benefits-report?at=2025-07-01${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
};
const figures = (r: Rollup) => [r.count, r.realised, r.planned.valueNok, r.planned.hoursFreed, r.achieved.valueNok, r.achieved.hoursFreed];

describe("benefit realisation", () => {
  it("rolls planned and achieved up per initiative, focus area and trust, and flags what is lacking or late", async () => {
    const kr = await keyResultId(t.db, "4.1");
    const a = await createInitiative(t, { organisation: "ahus", links: [{ section: "fa-1" }, { section: "fa-4" }] });
    const b = await createInitiative(t, { organisation: "ous", links: [{ section: "fa-4" }] });
    const rejected = await createInitiative(t, { organisation: "ahus", links: [{ section: "fa-1" }] });

    const time = await addBenefit(a.id, {
      change: "Talegjenkjenning i poliklinikken",
      title: "Mindre tid til dokumentasjon",
      keyResult: kr,
      baseline: 40,
      baselineDate: "2024-12-31",
      target: 20,
      valueNok: 1_000_000,
      hoursFreed: 2000,
      realiseBy: "2026-12-31",
    });
    const quality = await addBenefit(a.id, { title: "Bedre journalkvalitet", kind: "quality", priced: false, responsible: "" });
    const late = await addBenefit(a.id, { title: "Frigjort tid i OUS", organisation: "ous", indicator: "Timer per uke", unit: "hours", baseline: 0, hoursFreed: 500, realiseBy: "2025-06-30" });
    const other = await addBenefit(b.id, { title: "Kortere ventetid", indicator: "Dager", baseline: 30, target: 20, hoursFreed: 100.5, realiseBy: "2025-06-30" });
    await addBenefit(rejected.id, { title: "Forkastet", indicator: "x", baseline: 1, valueNok: 9_000_000 });
    await decide(t, rejected.id, "rejected");

    const q1 = await actual(time.id, { period: "2025-Q1", value: 35, valueNok: 300_000, hoursFreed: 500, comment: "Første kvartal", replaces: null });
    expect(q1.statusCode, q1.body).toBe(201);
    expect((await actual(time.id, { period: "2025-Q2", value: 30, valueNok: 600_000, hoursFreed: 900 })).statusCode).toBe(201);
    expect((await actual(late.id, { period: "2025-06", hoursFreed: 200 })).statusCode).toBe(201);
    expect((await actual(other.id, { period: "2025", value: 19, hoursFreed: 0.25 })).statusCode).toBe(201);
    // A correction names the actual it corrects; a stale one, or none at all, is refused.
    const q1id = (q1.json() as { id: number }).id;
    expect((await actual(time.id, { period: "2025-Q1", valueNok: 350_000, replaces: q1id })).statusCode).toBe(201);
    expect((await actual(time.id, { period: "2025-Q1", valueNok: 1, replaces: q1id })).statusCode).toBe(409);
    expect((await actual(time.id, { period: "2025-Q1" })).statusCode).toBe(400);

    const all = await report();
    const byId = new Map(all.byInitiative.map((i) => [i.initiativeId, i]));
    expect([...byId.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(figures(byId.get(a.id)!)).toEqual([3, 0, 1_000_000, 2500, 600_000, 1100]);
    expect(figures(byId.get(b.id)!)).toEqual([1, 1, 0, 100.5, 0, 0.25]);
    const line = byId.get(a.id)!.benefits.find((x) => x.id === time.id)!;
    expect(line.latest).toEqual({ period: "2025-Q2", value: 30, valueNok: 600_000, hoursFreed: 900 });
    expect(Object.fromEntries(all.bySection.map((s) => [s.section, figures(s)]))).toEqual({
      "fa-1": [3, 0, 1_000_000, 2500, 600_000, 1100],
      "fa-4": [4, 1, 1_000_000, 2600.5, 600_000, 1100.25],
    });
    expect(Object.fromEntries(all.byOrganisation.map((o) => [o.organisation, figures(o)]))).toEqual({
      ahus: [2, 0, 1_000_000, 2000, 600_000, 900],
      ous: [2, 1, 0, 600.5, 0, 200.25],
    });
    expect(figures(all.totals)).toEqual([4, 1, 1_000_000, 2600.5, 600_000, 1100.25]);
    expect(all.flags.map((f) => [f.benefit, f.problem]).sort()).toEqual(
      [
        [quality.id, "no_indicator"],
        [quality.id, "no_responsible"],
        [quality.id, "no_baseline"],
        [late.id, "overdue"],
      ].sort(),
    );

    expect(figures((await report("&organisation=ous")).totals)).toEqual([2, 1, 0, 600.5, 0, 200.25]);
    const fa1 = await report("&section=fa-1");
    expect(fa1.byInitiative.map((i) => i.initiativeId)).toEqual([a.id]);
    expect(fa1.bySection.map((s) => s.section)).toEqual(["fa-1", "fa-4"]);
  });

  it("changes a benefit only with the version last read, keeps its indicator in the strategy, and retires it from the report", async () => {
    const i = await createInitiative(t, { organisation: "sunnaas" });
    const benefit = await addBenefit(i.id, { title: "Gevinst", indicator: "Antall", baseline: 1, hoursFreed: 10 });
    const update = (ifMatch: string, payload: object) => t.app.inject({ method: "PUT", url: `${api}/benefits/${benefit.id}`, headers: { "if-match": ifMatch }, payload });
    const changed = await update('"1"', { target: 5, responsible: "Avdelingsleder" });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ title: "Gevinst", indicator: "Antall", target: 5, responsible: "Avdelingsleder", retiredAt: null, version: 2 });
    expect((await update('"1"', { target: 6 })).statusCode).toBe(412);

    const made = await t.app.inject({ method: "POST", url: `${api}/strategies`, payload: strategyInput("annen-strategi", "hv", true) });
    expect(made.statusCode, made.body).toBe(201);
    const foreign = await keyResultId(t.db, "M1", "annen-strategi");
    expect((await update('"2"', { indicator: "", keyResult: foreign })).json()).toMatchObject({ details: [{ path: "keyResult" }] });
    expect((await update('"2"', { keyResult: await keyResultId(t.db, "4.1") })).json()).toMatchObject({ details: [{ path: "indicator" }] });

    expect(figures((await report("&organisation=sunnaas")).totals)).toEqual([1, 0, 0, 10, 0, 0]);
    const retired = await update('"2"', { retired: true });
    expect(retired.json()).toMatchObject({ retiredAt: expect.any(String), version: 3 });
    expect((await report("&organisation=sunnaas")).totals.count).toBe(0);
    expect((await actual(benefit.id, { period: "2025", hoursFreed: 1 })).statusCode).toBe(400);
    expect((await update('"3"', { retired: false })).json()).toMatchObject({ retiredAt: null });
  });

  it("lets the owning trust's initiative owners keep the plan and its actuals", async () => {
    const i = await createInitiative(t, { organisation: "ahus" });
    const benefit = await addBenefit(i.id, { title: "Gevinst", indicator: "Antall", baseline: 0 });
    expect((await actual(benefit.id, { period: "2025-01", value: 1 }, await as(t, "initiative_owner", "ahus"))).statusCode).toBe(201);
    expect((await actual(benefit.id, { period: "2025-02", value: 1 }, await as(t, "initiative_owner", "ous"))).statusCode).toBe(403);
    expect((await actual(benefit.id, { period: "2025-02", value: 1 }, await as(t, "reporter", "ahus"))).statusCode).toBe(403);
    const create = await t.anonymous({
      method: "POST",
      url: `${api}/initiatives/${i.id}/benefits`,
      headers: await as(t, "initiative_owner", "ous"),
      payload: { title: "x", kind: "quality", priced: false, responsible: "" },
    });
    expect(create.statusCode).toBe(403);
  });
});
