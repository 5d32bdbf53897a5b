import { z } from "zod";
import { RISK_STATUSES } from "../../data/risks.js";
import { day } from "../portfolio-fields.js";

const scale = z.number().int().min(1).max(5);

const riskFields = {
  title: z.string().min(1).max(500),
  description: z.string().max(10000).optional(),
  likelihood: scale.describe("1 (very unlikely) to 5 (almost certain)"),
  consequence: scale.describe("1 (insignificant) to 5 (critical)"),
  ownerName: z.string().max(200).optional(),
  mitigation: z.string().max(10000).optional(),
  status: z.enum(RISK_STATUSES).optional(),
};

export const riskCreateSchema = z.object(riskFields);
export const riskUpdateSchema = z.object(riskFields).partial().describe("Fields left out keep their value");
export const riskParams = z.object({ id: z.uuid() });

export const riskResponse = z.object({
  id: z.string(),
  initiativeId: z.string(),
  title: z.string(),
  description: z.string(),
  likelihood: z.number().int(),
  consequence: z.number().int(),
  score: z.number().int().describe("Likelihood × consequence"),
  ownerName: z.string(),
  mitigation: z.string(),
  status: z.enum(RISK_STATUSES),
  version: z.number().int().describe('Send as If-Match ("3") to change the risk'),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const rosSchema = z.object({
  title: z.string().min(1).max(500),
  performedOn: day,
  conclusion: z.string().max(10000).optional(),
  document: z.string().max(2000).optional().describe("Where the analysis is kept: a reference or a link"),
});

export const rosResponse = z.object({
  id: z.string(),
  initiativeId: z.string().describe("The initiative that performed the analysis"),
  title: z.string(),
  performedOn: z.string(),
  conclusion: z.string(),
  document: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const reuseSchema = z.object({ initiative: z.uuid().describe("The initiative reusing the analysis"), reusedOn: day });

export const reuseResponse = z.object({ rosId: z.string(), initiativeId: z.string(), reusedOn: z.string(), recordedBy: z.string(), recordedAt: z.string() });
