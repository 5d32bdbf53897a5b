import { describe, expect, it } from "vitest";
import { benefitReport, isRealised, type BenefitFacts } from "./benefits.js";

const initiative = (id: string, sectionKeys: string[], organisationId = "ahus") => ({ id, code: id.toUpperCase(), title: `Tiltak ${id}`, organisationId, phase: "realisation", sectionKeys });

const benefit = (b: Partial<BenefitFacts> & Pick<BenefitFacts, "id">): BenefitFacts => ({
  title: `Gevinst ${b.id}`,
  kind: "efficiency",
  priced: true,
  responsible: "Klinikkleder",
  keyResultId: null,
  indicator: "Timer spart per uke",
  unit: "hours",
  baseline: 0,
  target: null,
  valueNok: null,
  hoursFreed: null,
  realiseBy: null,
  trust: "ahus",
  initiative: initiative("a", ["fa-1"]),
  actuals: [],
  ...b,
});

describe("benefit realisation report", () => {
  it("rolls planned and achieved kroner and hours up per initiative, focus area and trust", () => {
    const a = initiative("a", ["fa-1", "fa-4"]);
    const b = initiative("b", ["fa-4"], "ous");
    const report = benefitReport(
      [
        benefit({
          id: "1",
          initiative: a,
          valueNok: 1_000_000,
          hoursFreed: 2000,
          actuals: [
            { period: "2025-Q2", periodStart: "2025-04-01", value: null, valueNok: 600_000, hoursFreed: 900 },
            { period: "2025-Q1", periodStart: "2025-01-01", value: null, valueNok: 300_000, hoursFreed: 500 },
          ],
        }),
        benefit({ id: "2", initiative: a, trust: "ous", valueNok: 500_000, actuals: [{ period: "2025-Q1", periodStart: "2025-01-01", value: null, valueNok: 500_000, hoursFreed: null }] }),
        benefit({ id: "3", initiative: b, trust: "ous", hoursFreed: 100.1, actuals: [{ period: "2025-06", periodStart: "2025-06-01", value: null, valueNok: null, hoursFreed: 0.2 }] }),
      ],
      "2025-07-01",
    );
    expect(report.byInitiative.map((i) => [i.code, i.count, i.realised, i.planned, i.achieved])).toEqual([
      ["A", 2, 1, { valueNok: 1_500_000, hoursFreed: 2000 }, { valueNok: 1_100_000, hoursFreed: 900 }],
      ["B", 1, 0, { valueNok: 0, hoursFreed: 100.1 }, { valueNok: 0, hoursFreed: 0.2 }],
    ]);
    expect(report.byInitiative[0]!.benefits[0]!.latest).toEqual({ period: "2025-Q2", value: null, valueNok: 600_000, hoursFreed: 900 });
    expect(report.bySection.map((s) => [s.section, s.count, s.achieved])).toEqual([
      ["fa-1", 2, { valueNok: 1_100_000, hoursFreed: 900 }],
      ["fa-4", 3, { valueNok: 1_100_000, hoursFreed: 900.2 }],
    ]);
    expect(report.byOrganisation.map((o) => [o.organisation, o.count, o.planned])).toEqual([
      ["ahus", 1, { valueNok: 1_000_000, hoursFreed: 2000 }],
      ["ous", 2, { valueNok: 500_000, hoursFreed: 100.1 }],
    ]);
    expect(report.totals).toEqual({ count: 3, realised: 1, planned: { valueNok: 1_500_000, hoursFreed: 2100.1 }, achieved: { valueNok: 1_100_000, hoursFreed: 900.2 } });
  });

  it("flags benefits without indicator, responsible or baseline, and those overdue", () => {
    const report = benefitReport(
      [
        benefit({ id: "1", indicator: " ", responsible: "", baseline: null }),
        benefit({ id: "2", keyResultId: "kr", indicator: "", realiseBy: "2025-06-30", target: 10, actuals: [{ period: "2025-Q2", periodStart: "2025-04-01", value: 8, valueNok: null, hoursFreed: null }] }),
        benefit({ id: "3", realiseBy: "2025-06-30", target: 10, actuals: [{ period: "2025-Q2", periodStart: "2025-04-01", value: 12, valueNok: null, hoursFreed: null }] }),
        benefit({ id: "4", realiseBy: "2025-12-31" }),
      ],
      "2025-07-01",
    );
    expect(report.flags.map((f) => [f.benefit, f.problem])).toEqual([
      ["1", "no_indicator"],
      ["1", "no_responsible"],
      ["1", "no_baseline"],
      ["2", "overdue"],
    ]);
  });

  it("judges realisation by the target, in the direction from the baseline", () => {
    const latest = (value: number | null, valueNok: number | null = null, hoursFreed: number | null = null) => ({ period: "2025", value, valueNok, hoursFreed });
    const plan = { baseline: 40, target: 20, valueNok: null, hoursFreed: null };
    expect(isRealised(plan, latest(20))).toBe(true);
    expect(isRealised(plan, latest(25))).toBe(false);
    expect(isRealised({ ...plan, baseline: 10 }, latest(25))).toBe(true);
    expect(isRealised(plan, null)).toBe(false);
    const priced = { baseline: null, target: null, valueNok: 1000, hoursFreed: 10 };
    expect(isRealised(priced, latest(null, 1000, 9))).toBe(false);
    expect(isRealised(priced, latest(null, 1200, 10))).toBe(true);
    expect(isRealised({ baseline: null, target: null, valueNok: null, hoursFreed: null }, latest(1))).toBe(true);
  });
});
