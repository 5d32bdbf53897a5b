import { z } from "zod";
import { ORGANISATION_SYSTEMS } from "../../fhir/organisation-systems.js";
import { DATA_ABSENT_REASON, MEASURE_BASE } from "../../services/measure-report.js";
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

export const measureReportQuery = z.object({
  organisation: z.string().min(1).max(100).describe("The strategy's region or an organisation in it"),
  period: periodText.optional().describe("By default the latest period the organisation (or those below it) reported"),
});

const absentReason = z
  .object({ extension: z.array(z.object({ url: z.literal(DATA_ABSENT_REASON), valueCode: z.enum(["masked", "unknown", "unsupported"]) })) })
  .describe("Why the figure is absent (data-absent-reason): `masked` a small count hidden to protect privacy, `unknown` not reported, `unsupported` not a whole number");
const coding = z.object({ system: z.string(), code: z.string(), display: z.string().optional() });
const codeableConcept = z.object({ coding: z.array(coding).optional(), text: z.string().optional(), extension: absentReason.shape.extension.optional() });
const population = z.object({ code: codeableConcept, count: z.number().int().optional(), _count: absentReason.optional() });
const quantity = z.object({
  value: z.number().optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
  extension: absentReason.shape.extension.optional(),
});
const organisationReference = z.object({ identifier: z.object({ system: z.literal(ORGANISATION_SYSTEMS.veivalg), value: z.string() }), display: z.string() });
const scored = { population: z.array(population), measureScore: quantity };

export const measureReportResponse = z
  .object({
    resourceType: z.literal("MeasureReport"),
    status: z.literal("complete"),
    type: z.literal("summary"),
    measure: z.string().describe(`The key result's canonical URL and version: ${MEASURE_BASE}/<strategy>/<code>|<version>`),
    subject: organisationReference,
    date: z.string(),
    reporter: organisationReference,
    period: z.object({ start: z.string(), end: z.string() }),
    improvementNotation: codeableConcept.optional(),
    group: z.array(
      z.object({
        code: codeableConcept,
        ...scored,
        stratifier: z
          .array(z.object({ code: z.array(codeableConcept), stratum: z.array(z.object({ value: codeableConcept, ...scored })) }))
          .describe("One per breakdown dimension of the key result, one stratum per value"),
      }),
    ),
  })
  .meta({ id: "MeasureReport" })
  .describe("A FHIR R4 MeasureReport (summary): numerator and denominator of a ratio, or the measure observation of another rule, and the score");
