import { z } from "zod";
import { isoDate, keyResultContentSchema, periodText, trendQuery } from "../strategies/schema.js";

export const keyResultParams = z.object({ id: z.uuid() });

export const keyResultRevisionSchema = z.object({
  content: keyResultContentSchema,
  reason: z.string().min(1).max(2000),
  effectiveFrom: isoDate,
});

export const measurementListQuery = z.object({
  organisation: z.string().optional(),
  from: periodText.optional(),
  to: periodText.optional(),
  asOf: z.iso.datetime({ offset: true }).optional(),
  history: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(10000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

export const templateQuery = z.object({
  periods: z.string().optional(),
});

export const seriesQuery = trendQuery.extend({ dimension: z.string().min(1).max(60).optional() });
