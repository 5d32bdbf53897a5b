import { describe, expect, it } from "vitest";
import { budgetReport, type InitiativeCost } from "./budget.js";

const cost = (c: Partial<InitiativeCost>): InitiativeCost => ({
  year: 2025,
  fundingSource: "Regionale midler",
  rejected: false,
  investmentEstimate: 0,
  investmentActual: null,
  operatingEstimate: 0,
  operatingActual: null,
  providerPersonYears: 0,
  ...c,
});

describe("portfolio budgets", () => {
  it("sums the plans per year and funding source and gives the variance", () => {
    const report = budgetReport(
      [
        { year: 2025, fundingSource: "Regionale midler", investment: 1_000_000, operating: 200_000, providerPersonYears: 2 },
        { year: 2025, fundingSource: "Egne midler", investment: 300_000, operating: 0, providerPersonYears: 0.5 },
      ],
      [
        cost({ investmentEstimate: 600_000, investmentActual: 250_000, operatingEstimate: 100_000, providerPersonYears: 0.1 }),
        cost({ investmentEstimate: 300_000, operatingEstimate: 150_000, operatingActual: 20_000, providerPersonYears: 0.2 }),
        cost({ fundingSource: "Egne midler", investmentEstimate: 100_000 }),
      ],
    );
    expect(report.years).toEqual([
      {
        year: 2025,
        fundingSource: "Egne midler",
        budget: { investment: 300_000, operating: 0, providerPersonYears: 0.5 },
        planned: { investment: 100_000, operating: 0, providerPersonYears: 0 },
        actual: { investment: 0, operating: 0 },
        variance: { investment: 200_000, operating: 0, providerPersonYears: 0.5 },
        overspend: false,
      },
      {
        year: 2025,
        fundingSource: "Regionale midler",
        budget: { investment: 1_000_000, operating: 200_000, providerPersonYears: 2 },
        planned: { investment: 900_000, operating: 250_000, providerPersonYears: 0.3 },
        actual: { investment: 250_000, operating: 20_000 },
        variance: { investment: 100_000, operating: -50_000, providerPersonYears: 1.7 },
        overspend: true,
      },
    ]);
    expect(report.totals).toEqual([
      {
        year: 2025,
        budget: { investment: 1_300_000, operating: 200_000, providerPersonYears: 2.5 },
        planned: { investment: 1_000_000, operating: 250_000, providerPersonYears: 0.3 },
        actual: { investment: 250_000, operating: 20_000 },
        variance: { investment: 300_000, operating: -50_000, providerPersonYears: 2.2 },
        overspend: true,
      },
    ]);
  });

  it("leaves rejected initiatives out of the plans but counts what they spent", () => {
    const report = budgetReport(
      [{ year: 2026, fundingSource: "R", investment: 100, operating: 100, providerPersonYears: 1 }],
      [cost({ year: 2026, fundingSource: "R", rejected: true, investmentEstimate: 500, investmentActual: 40, providerPersonYears: 3 })],
    );
    expect(report.years[0]).toMatchObject({ planned: { investment: 0, operating: 0, providerPersonYears: 0 }, actual: { investment: 40, operating: 0 }, overspend: false });
  });

  it("shows spending over the budget, and plans without a budget, as overspend", () => {
    const spent = budgetReport([{ year: 2025, fundingSource: "R", investment: 100, operating: 0, providerPersonYears: 0 }], [cost({ fundingSource: "R", investmentEstimate: 100, investmentActual: 130 })]);
    expect(spent.years[0]).toMatchObject({ variance: { investment: 0 }, overspend: true });
    const unbudgeted = budgetReport([], [cost({ year: 2027, fundingSource: "", operatingEstimate: 10 })]);
    expect(unbudgeted.years).toEqual([expect.objectContaining({ year: 2027, fundingSource: "", variance: { investment: 0, operating: -10, providerPersonYears: 0 }, overspend: true })]);
    const budgetOnly = budgetReport([{ year: 2024, fundingSource: "R", investment: 5, operating: 5, providerPersonYears: 0 }], []);
    expect(budgetOnly.years[0]).toMatchObject({ variance: { investment: 5, operating: 5 }, overspend: false });
  });
});
