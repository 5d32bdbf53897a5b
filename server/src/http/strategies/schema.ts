import { z } from "zod";
import {
  AGGREGATIONS,
  DIRECTIONS,
  FREQUENCIES,
  SECTION_KINDS,
  STRATEGY_KINDS,
  STRATEGY_STATUSES,
  UNITS,
  type SectionInput,
} from "../../domain/strategy.js";
import { parsePeriod, trendRange, tryParsePeriod } from "../../domain/period.js";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens");
export const periodText = z.string().refine((s) => tryParsePeriod(s) !== undefined, "a period such as 2025, 2025-Q1, 2025-T1 or 2025-03");
// The calendar has no year 0, and PostgreSQL refuses it where ISO 8601 would let it pass.
export const isoDate = z.iso.date().refine((d) => !d.startsWith("0000"), "a date from year 1 on");

export const dimensionSchema = z.object({
  key: z.string().min(1).max(60),
  label: z.string().min(1).max(200),
  values: z.array(z.string().min(1).max(200)).default([]),
});

export const targetSchema = z.object({
  period: periodText,
  organisation: slug.optional(),
  value: z.number().finite(),
});

export const keyResultContentSchema = z.object({
  title: z.string().min(1).max(1000),
  definition: z.string().max(5000).default(""),
  unit: z.enum(UNITS),
  direction: z.enum(DIRECTIONS),
  aggregation: z.enum(AGGREGATIONS),
  frequency: z.enum(FREQUENCIES),
  dimensions: z.array(dimensionSchema).max(5).default([]),
  baseline: z.object({ period: periodText, value: z.number().finite() }).optional(),
  targets: z.array(targetSchema).max(1000).default([]),
  tolerance: z.number().min(0).max(10).default(0.1),
  owner: z.string().max(200).optional(),
});

export const keyResultInputSchema = keyResultContentSchema.extend({
  code: z.string().min(1).max(20),
  parentCode: z.string().min(1).max(20).optional(),
});

export const sectionSchema: z.ZodType<SectionInput> = z.lazy(() =>
  z.object({
    key: z.string().min(1).max(100),
    kind: z.enum(SECTION_KINDS),
    code: z.string().max(20).optional(),
    title: z.string().min(1).max(2000),
    objective: z.string().max(5000).optional(),
    description: z.string().max(20000).optional(),
    children: z.array(sectionSchema).optional(),
    keyResults: z.array(keyResultInputSchema).optional(),
  }),
).meta({ id: "StrategySection" });

export const strategyInputSchema = z.object({
  id: slug,
  owner: slug,
  kind: z.enum(STRATEGY_KINDS),
  title: z.string().min(1).max(500),
  language: z.enum(["nb", "nn", "en"]),
  periodFrom: periodText,
  periodTo: periodText.optional(),
  status: z.enum(STRATEGY_STATUSES),
  adoptedOn: isoDate.optional(),
  reference: z.string().max(200).optional(),
  parent: slug.optional(),
  source: z.string().max(1000).optional(),
  summary: z.string().max(5000).optional(),
  published: z.boolean().default(false),
  sections: z.array(sectionSchema).max(500),
});

export const revisionSchema = z.object({
  strategy: strategyInputSchema.omit({ id: true }),
  reason: z.string().min(1).max(2000),
  effectiveFrom: isoDate,
});

export const idParams = z.object({ id: slug });
export const versionQuery = z.object({ version: z.coerce.number().int().positive().optional() });
export const diffQuery = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });
export const statusQuery = z.object({ period: periodText });
export const listQuery = z.object({ owner: slug.optional() });
export const trendQuery = z.object({ from: periodText.optional(), to: periodText.optional() });
/** The periods a trend query asks for (domain/period.ts#trendRange); today is the server's UTC date. */
export const trendPeriods = (q: { from?: string | undefined; to?: string | undefined }) =>
  trendRange(q.from ? parsePeriod(q.from, "from") : undefined, q.to ? parsePeriod(q.to, "to") : undefined, new Date().toISOString().slice(0, 10));
export const missingReportsQuery = z.object({ asOf: isoDate.optional() });

export const alignmentSchema = z.object({
  fromStrategy: slug,
  fromSection: z.string().min(1),
  toStrategy: slug,
  toSection: z.string().min(1),
  note: z.string().max(2000).optional(),
});
