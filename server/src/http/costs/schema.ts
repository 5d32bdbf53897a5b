import { z } from "zod";
import { nok, personYears } from "../portfolio-fields.js";

export const costParams = z.object({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });

export const costSchema = z
  .object({
    investmentEstimate: nok,
    investmentActual: nok.nullable().optional().describe("Left out or null while not known"),
    operatingEstimate: nok,
    operatingActual: nok.nullable().optional().describe("Left out or null while not known"),
    providerPersonYears: personYears.describe("Effort of the shared IT provider"),
  })
  .describe("An initiative's costs for one year, in whole kroner; replaces what was there");

export const costResponse = z.object({
  year: z.number().int(),
  investmentEstimate: z.number(),
  investmentActual: z.number().nullable(),
  operatingEstimate: z.number(),
  operatingActual: z.number().nullable(),
  providerPersonYears: z.number(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
