import { z } from "zod";

const cell = z.union([z.number(), z.string(), z.null()]).optional();

export const batchItemSchema = z.object({
  keyResult: z.string().min(1).describe("Key result code (e.g. 1.4) or id"),
  organisation: z.string().min(1).describe("Organisation id, short name or name"),
  period: z.string().min(1).describe("2025, 2025-Q1, 2025-T1 or 2025-03"),
  value: cell,
  numerator: cell,
  denominator: cell,
  comment: z.string().max(2000).nullable().optional(),
  breakdown: z.record(z.string(), z.string().nullable()).optional(),
  replaces: z.number().int().nullable().optional().describe("Id of the current measurement this corrects; null when none is expected"),
});

export const batchSchema = z.object({
  items: z.array(batchItemSchema).min(1).max(50000),
});

export const batchHeaders = z.object({
  "idempotency-key": z.string().min(1).max(200).optional(),
});
