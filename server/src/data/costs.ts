import type { Queryable } from "./db.js";
import type { Cost } from "./initiatives.js";

export interface CostInput {
  investmentEstimate: number;
  investmentActual?: number | null | undefined;
  operatingEstimate: number;
  operatingActual?: number | null | undefined;
  providerPersonYears: number;
}

const COLUMNS = `year, investment_estimate AS "investmentEstimate", investment_actual AS "investmentActual", operating_estimate AS "operatingEstimate",
  operating_actual AS "operatingActual", provider_person_years AS "providerPersonYears", updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/** Sets an initiative's costs for a year, replacing what was there; actuals left out are not known yet. */
export async function putCost(tx: Queryable, initiativeId: string, year: number, c: CostInput, actor: string): Promise<{ before: Cost | null; after: Cost }> {
  const [before] = await tx.query<Cost>(`SELECT ${COLUMNS} FROM initiative_costs WHERE initiative_id = $1 AND year = $2 FOR UPDATE`, [initiativeId, year]);
  const [after] = await tx.query<Cost>(
    `INSERT INTO initiative_costs (initiative_id, year, investment_estimate, investment_actual, operating_estimate, operating_actual, provider_person_years, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (initiative_id, year) DO UPDATE SET
       investment_estimate = EXCLUDED.investment_estimate, investment_actual = EXCLUDED.investment_actual,
       operating_estimate = EXCLUDED.operating_estimate, operating_actual = EXCLUDED.operating_actual,
       provider_person_years = EXCLUDED.provider_person_years, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING ${COLUMNS}`,
    [initiativeId, year, c.investmentEstimate, c.investmentActual ?? null, c.operatingEstimate, c.operatingActual ?? null, c.providerPersonYears, actor],
  );
  return { before: before ?? null, after: after! };
}
