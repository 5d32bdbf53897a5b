import { budgetReport, type Amounts, type Budget, type BudgetReport, type InitiativeCost } from "../domain/portfolio/budget.js";
import type { Queryable } from "./db.js";

export interface StoredBudget extends Budget {
  updatedBy: string;
  updatedAt: string;
}

const COLUMNS = `year, funding_source AS "fundingSource", investment, operating, provider_person_years AS "providerPersonYears", updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/** The portfolio's budgets against its initiatives' planned and actual costs, per year and funding source. */
export async function budgetOverview(db: Queryable, strategyId: string): Promise<BudgetReport> {
  const budgets = await db.query<Budget>(`SELECT ${COLUMNS} FROM portfolio_budgets WHERE strategy_id = $1`, [strategyId]);
  const costs = await db.query<InitiativeCost>(
    `SELECT c.year, i.funding_source AS "fundingSource", i.phase = 'rejected' AS rejected,
            c.investment_estimate AS "investmentEstimate", c.investment_actual AS "investmentActual",
            c.operating_estimate AS "operatingEstimate", c.operating_actual AS "operatingActual", c.provider_person_years AS "providerPersonYears"
       FROM initiative_costs c JOIN initiatives i ON i.id = c.initiative_id
      WHERE i.strategy_id = $1`,
    [strategyId],
  );
  return budgetReport(budgets, costs);
}

/** Sets the portfolio's budget for a year and funding source, replacing what was there. */
export async function putBudget(tx: Queryable, strategyId: string, year: number, fundingSource: string, a: Amounts, actor: string): Promise<{ before: StoredBudget | null; after: StoredBudget }> {
  const key = [strategyId, year, fundingSource];
  const [before] = await tx.query<StoredBudget>(`SELECT ${COLUMNS} FROM portfolio_budgets WHERE strategy_id = $1 AND year = $2 AND funding_source = $3 FOR UPDATE`, key);
  const [after] = await tx.query<StoredBudget>(
    `INSERT INTO portfolio_budgets (strategy_id, year, funding_source, investment, operating, provider_person_years, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (strategy_id, year, funding_source) DO UPDATE SET
       investment = EXCLUDED.investment, operating = EXCLUDED.operating, provider_person_years = EXCLUDED.provider_person_years,
       updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING ${COLUMNS}`,
    [...key, a.investment, a.operating, a.providerPersonYears, actor],
  );
  return { before: before ?? null, after: after! };
}
