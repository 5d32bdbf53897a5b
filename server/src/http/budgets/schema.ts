import { z } from "zod";
import { nok, personYears } from "../portfolio-fields.js";

export const budgetParams = z.object({
  id: z.string().min(1).max(200),
  year: z.coerce.number().int().min(2000).max(2100),
  fundingSource: z.string().min(1).max(200),
});

export const budgetSchema = z
  .object({ investment: nok, operating: nok, providerPersonYears: personYears })
  .describe("The portfolio's budget for a year and funding source, in whole kroner and person-years; replaces what was there");

export const budgetResponse = z.object({
  year: z.number().int(),
  fundingSource: z.string(),
  investment: z.number(),
  operating: z.number(),
  providerPersonYears: z.number(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

const amounts = z.object({ investment: z.number(), operating: z.number(), providerPersonYears: z.number() });
const line = {
  budget: amounts,
  planned: amounts.describe("The estimates of the initiatives (not rejected) with this funding source"),
  actual: z.object({ investment: z.number(), operating: z.number() }).describe("What the initiatives have spent, rejected ones included"),
  variance: amounts.describe("Budget minus planned: negative where the plans exceed the budget"),
  overspend: z.boolean().describe("The plans or the spending exceed the budget"),
};

export const budgetReportResponse = z
  .object({
    years: z.array(z.object({ year: z.number().int(), fundingSource: z.string().describe("Empty for initiatives without a funding source"), ...line })),
    totals: z.array(z.object({ year: z.number().int(), ...line })).describe("Per year, all funding sources together"),
  })
  .describe("The portfolio's budgets against its initiatives' planned and actual costs, per year and funding source");
