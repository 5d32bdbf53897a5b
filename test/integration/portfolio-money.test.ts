/**
 * The portfolio's money: costs per initiative and year, budgets per year and funding source, and
 * the variance between them, with rejected initiatives' plans left out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/app.js";
import { as, createInitiative, decide } from "../support/portfolio.js";

const api = "/api/v1";
const STRATEGY = "hso-teknologi-2023";
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

const setCost = (id: string, year: number | string, payload: object, headers?: Record<string, string>) =>
  (headers ? t.anonymous : t.app.inject)({ method: "PUT", url: `${api}/initiatives/${id}/costs/${year}`, payload, headers });
const setBudget = (year: number, source: string, payload: object, headers?: Record<string, string>) =>
  (headers ? t.anonymous : t.app.inject)({ method: "PUT", url: `${api}/strategies/${STRATEGY}/budgets/${year}/${encodeURIComponent(source)}`, payload, headers });

interface Line {
  year: number;
  fundingSource: string;
  budget: { investment: number; operating: number; providerPersonYears: number };
  planned: { investment: number; operating: number; providerPersonYears: number };
  actual: { investment: number; operating: number };
  variance: { investment: number; operating: number; providerPersonYears: number };
  overspend: boolean;
}

describe("costs and budgets", () => {
  it("keeps one row of costs per initiative and year, replaced by the next", async () => {
    const i = await createInitiative(t, { fundingSource: "Regionale midler" });
    const first = await setCost(i.id, 2025, { investmentEstimate: 1_000_000, operatingEstimate: 200_000, providerPersonYears: 1.5 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ year: 2025, investmentEstimate: 1_000_000, investmentActual: null, operatingActual: null, providerPersonYears: 1.5 });
    const second = await setCost(i.id, 2025, { investmentEstimate: 900_000, investmentActual: 950_000, operatingEstimate: 200_000, operatingActual: 10_000, providerPersonYears: 2 });
    expect(second.json()).toMatchObject({ investmentEstimate: 900_000, investmentActual: 950_000, operatingActual: 10_000 });
    const shown = (await t.app.inject(`${api}/initiatives/${i.id}`)).json() as { costs: { year: number; investmentEstimate: number }[] };
    expect(shown.costs.map((c) => [c.year, c.investmentEstimate])).toEqual([[2025, 900_000]]);

    for (const bad of [
      { year: 1999, body: { investmentEstimate: 1, operatingEstimate: 1, providerPersonYears: 0 } },
      { year: 2025, body: { investmentEstimate: -1, operatingEstimate: 1, providerPersonYears: 0 } },
      { year: 2025, body: { investmentEstimate: 1.5, operatingEstimate: 1, providerPersonYears: 0 } },
      { year: 2025, body: { investmentEstimate: 1, operatingEstimate: 1 } },
    ]) {
      expect((await setCost(i.id, bad.year, bad.body)).statusCode).toBe(400);
    }
  });

  it("sums plans and spending per year and funding source against the budget, leaving rejected initiatives' plans out", async () => {
    await t.db.query("DELETE FROM initiative_costs");
    const a = await createInitiative(t, { fundingSource: "Regionale midler" });
    const b = await createInitiative(t, { fundingSource: "Regionale midler", organisation: "ous" });
    const c = await createInitiative(t, { fundingSource: "Foretakets egne midler" });
    const rejected = await createInitiative(t, { fundingSource: "Regionale midler" });
    const unfunded = await createInitiative(t, {});
    await setCost(a.id, 2026, { investmentEstimate: 600_000, investmentActual: 100_000, operatingEstimate: 50_000, providerPersonYears: 0.1 });
    await setCost(b.id, 2026, { investmentEstimate: 500_000, operatingEstimate: 100_000, operatingActual: 40_000, providerPersonYears: 0.2 });
    await setCost(c.id, 2026, { investmentEstimate: 100_000, operatingEstimate: 0, providerPersonYears: 0 });
    await setCost(rejected.id, 2026, { investmentEstimate: 5_000_000, investmentActual: 30_000, operatingEstimate: 0, providerPersonYears: 3 });
    await setCost(unfunded.id, 2027, { investmentEstimate: 0, operatingEstimate: 20_000, providerPersonYears: 0 });
    await decide(t, rejected.id, "rejected");
    expect((await setBudget(2026, "Regionale midler", { investment: 1_000_000, operating: 200_000, providerPersonYears: 0.5 })).statusCode).toBe(200);
    const own = await setBudget(2026, "Foretakets egne midler", { investment: 300_000, operating: 0, providerPersonYears: 0 });
    expect(own.json()).toMatchObject({ year: 2026, fundingSource: "Foretakets egne midler", investment: 300_000 });

    const res = await t.app.inject(`${api}/strategies/${STRATEGY}/budgets`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { years: Line[]; totals: Omit<Line, "fundingSource">[] };
    expect(report.years).toEqual([
      {
        year: 2026,
        fundingSource: "Foretakets egne midler",
        budget: { investment: 300_000, operating: 0, providerPersonYears: 0 },
        planned: { investment: 100_000, operating: 0, providerPersonYears: 0 },
        actual: { investment: 0, operating: 0 },
        variance: { investment: 200_000, operating: 0, providerPersonYears: 0 },
        overspend: false,
      },
      {
        year: 2026,
        fundingSource: "Regionale midler",
        budget: { investment: 1_000_000, operating: 200_000, providerPersonYears: 0.5 },
        planned: { investment: 1_100_000, operating: 150_000, providerPersonYears: 0.3 },
        // What the rejected initiative spent before the decision was spent all the same.
        actual: { investment: 130_000, operating: 40_000 },
        variance: { investment: -100_000, operating: 50_000, providerPersonYears: 0.2 },
        overspend: true,
      },
      {
        year: 2027,
        fundingSource: "",
        budget: { investment: 0, operating: 0, providerPersonYears: 0 },
        planned: { investment: 0, operating: 20_000, providerPersonYears: 0 },
        actual: { investment: 0, operating: 0 },
        variance: { investment: 0, operating: -20_000, providerPersonYears: 0 },
        overspend: true,
      },
    ]);
    // The year as a whole is within its budget, though one funding source is not.
    expect(report.totals.map((y) => [y.year, y.budget.investment, y.planned.investment, y.variance.investment, y.overspend])).toEqual([
      [2026, 1_300_000, 1_200_000, 100_000, false],
      [2027, 0, 0, 0, true],
    ]);

    // A budget raised to cover the plans takes the overspend away.
    await setBudget(2026, "Regionale midler", { investment: 1_200_000, operating: 200_000, providerPersonYears: 0.5 });
    const after = (await t.app.inject(`${api}/strategies/${STRATEGY}/budgets`)).json() as { years: Line[] };
    expect(after.years.find((l) => l.fundingSource === "Regionale midler")).toMatchObject({ variance: { investment: 100_000 }, overspend: false });
  });

  it("lets the owning trust's initiative owners set its costs, and only the region's governors set budgets", async () => {
    const i = await createInitiative(t, { organisation: "ahus" });
    const cost = { investmentEstimate: 1, operatingEstimate: 1, providerPersonYears: 0 };
    expect((await setCost(i.id, 2025, cost, await as(t, "initiative_owner", "ahus"))).statusCode).toBe(200);
    expect((await setCost(i.id, 2025, cost, await as(t, "initiative_owner", "ous"))).statusCode).toBe(403);
    expect((await setCost(i.id, 2025, cost, await as(t, "reporter", "ahus"))).statusCode).toBe(403);
    expect((await setCost(i.id, 2025, cost, {})).statusCode).toBe(401);
    const budget = { investment: 1, operating: 1, providerPersonYears: 0 };
    expect((await setBudget(2030, "R", budget, await as(t, "board_member", "hso"))).statusCode).toBe(200);
    expect((await setBudget(2030, "R", budget, await as(t, "initiative_owner", "ahus"))).statusCode).toBe(403);
    expect((await setBudget(2030, "R", budget, await as(t, "strategy_editor", "hv"))).statusCode).toBe(403);
  });
});
