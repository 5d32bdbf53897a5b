/**
 * The portfolio's money per year and funding source: what the budget allows, what the initiatives
 * plan (their estimates) and what they have spent, and the difference. Kroner are whole; the shared
 * IT provider's effort is in person-years.
 */

export interface Amounts {
  investment: number;
  operating: number;
  providerPersonYears: number;
}

export interface Spent {
  investment: number;
  operating: number;
}

export interface Budget extends Amounts {
  year: number;
  fundingSource: string;
}

/** One initiative's costs for one year, under the initiative's funding source. */
export interface InitiativeCost {
  year: number;
  fundingSource: string;
  /** Rejected initiatives plan nothing; what they spent before the decision still counts as spent. */
  rejected: boolean;
  investmentEstimate: number;
  investmentActual: number | null;
  operatingEstimate: number;
  operatingActual: number | null;
  providerPersonYears: number;
}

export interface BudgetLine {
  budget: Amounts;
  planned: Amounts;
  actual: Spent;
  /** Budget minus planned: negative where the plans exceed the budget. */
  variance: Amounts;
  /** The plans or the spending exceed the budget in kroner or person-years. */
  overspend: boolean;
}

export interface BudgetReport {
  /** Per year and funding source (`""` for initiatives without one), in year and then source order. */
  years: (BudgetLine & { year: number; fundingSource: string })[];
  /** Per year, all funding sources together. */
  totals: (BudgetLine & { year: number })[];
}

const zero = (): Amounts => ({ investment: 0, operating: 0, providerPersonYears: 0 });
// Person-years are decimals: sums are rounded so 0.1 + 0.2 reads 0.3.
const years = (n: number) => Math.round(n * 1000) / 1000;

function line(budget: Amounts, planned: Amounts, actual: Spent): BudgetLine {
  const b = { ...budget, providerPersonYears: years(budget.providerPersonYears) };
  const p = { ...planned, providerPersonYears: years(planned.providerPersonYears) };
  const variance = { investment: b.investment - p.investment, operating: b.operating - p.operating, providerPersonYears: years(b.providerPersonYears - p.providerPersonYears) };
  const overspend =
    variance.investment < 0 || variance.operating < 0 || variance.providerPersonYears < 0 || actual.investment > b.investment || actual.operating > b.operating;
  return { budget: b, planned: p, actual, variance, overspend };
}

export function budgetReport(budgets: readonly Budget[], costs: readonly InitiativeCost[]): BudgetReport {
  const cells = new Map<string, { year: number; fundingSource: string; budget: Amounts; planned: Amounts; actual: Spent }>();
  const cell = (year: number, fundingSource: string) => {
    const key = `${year}\u001f${fundingSource}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { year, fundingSource, budget: zero(), planned: zero(), actual: { investment: 0, operating: 0 } }));
    return c;
  };
  for (const b of budgets) {
    const c = cell(b.year, b.fundingSource);
    c.budget = { investment: b.investment, operating: b.operating, providerPersonYears: b.providerPersonYears };
  }
  for (const k of costs) {
    const c = cell(k.year, k.fundingSource);
    if (!k.rejected) {
      c.planned.investment += k.investmentEstimate;
      c.planned.operating += k.operatingEstimate;
      c.planned.providerPersonYears += k.providerPersonYears;
    }
    c.actual.investment += k.investmentActual ?? 0;
    c.actual.operating += k.operatingActual ?? 0;
  }
  const ordered = [...cells.values()].sort((a, b) => a.year - b.year || a.fundingSource.localeCompare(b.fundingSource, "nb"));
  const byYear = new Map<number, { budget: Amounts; planned: Amounts; actual: Spent }>();
  for (const c of ordered) {
    const y = byYear.get(c.year) ?? { budget: zero(), planned: zero(), actual: { investment: 0, operating: 0 } };
    for (const part of ["budget", "planned"] as const) {
      y[part].investment += c[part].investment;
      y[part].operating += c[part].operating;
      y[part].providerPersonYears += c[part].providerPersonYears;
    }
    y.actual.investment += c.actual.investment;
    y.actual.operating += c.actual.operating;
    byYear.set(c.year, y);
  }
  return {
    years: ordered.map((c) => ({ year: c.year, fundingSource: c.fundingSource, ...line(c.budget, c.planned, c.actual) })),
    totals: [...byYear].map(([year, y]) => ({ year, ...line(y.budget, y.planned, y.actual) })),
  };
}
