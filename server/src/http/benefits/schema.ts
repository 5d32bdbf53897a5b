import { z } from "zod";
import { BENEFIT_KINDS, BENEFIT_PROBLEMS } from "../../domain/portfolio/benefits.js";
import { periodText } from "../strategies/schema.js";
import { day, hours, indicatorValue, nok } from "../portfolio-fields.js";

const benefitFields = {
  change: z.string().max(5000).optional().describe("The change that brings the benefit about"),
  title: z.string().min(1).max(500),
  kind: z.enum(BENEFIT_KINDS).describe("DFØ's kinds: efficiency gain (kroner or time), quality gain, gain for other actors"),
  priced: z.boolean().describe("Whether the benefit is valued in kroner"),
  responsible: z.string().max(200).describe("The line manager responsible for realising it (gevinstansvarlig)"),
  organisation: z.string().min(1).max(200).nullable().optional().describe("The organisation it falls to; the initiative's owner when left out"),
  keyResult: z.uuid().nullable().optional().describe("The indicator, when it is one of the strategy's key results"),
  indicator: z.string().max(500).optional().describe("The benefit's own indicator, when it is not a key result"),
  unit: z.string().max(60).optional(),
  baseline: indicatorValue.nullable().optional().describe("The indicator's value before the start (nullpunkt)"),
  baselineDate: day.nullable().optional(),
  target: indicatorValue.nullable().optional(),
  valueNok: nok.nullable().optional().describe("Yearly value in kroner when realised"),
  hoursFreed: hours.nullable().optional().describe("Staff hours freed per year when realised"),
  realiseBy: day.nullable().optional(),
};

export const benefitCreateSchema = z.object(benefitFields);
export const benefitUpdateSchema = z
  .object({ ...benefitFields, retired: z.boolean().optional().describe("Take the benefit out of the plan (true) or back into it (false)") })
  .partial()
  .describe("Fields left out keep their value");
export const benefitParams = z.object({ id: z.uuid() });

export const actualSchema = z.object({
  period: periodText,
  value: indicatorValue.nullable().optional().describe("The indicator's value in the period"),
  valueNok: nok.nullable().optional().describe("Kroner achieved, as a yearly rate"),
  hoursFreed: hours.nullable().optional().describe("Staff hours freed, as a yearly rate"),
  comment: z.string().max(5000).optional(),
  replaces: z.number().int().nullable().optional().describe("The id of the current actual for the period you saw (null for none): a stale one is refused"),
});

const nullableNumber = z.number().nullable();

export const benefitResponse = z.object({
  id: z.string(),
  initiativeId: z.string(),
  change: z.string(),
  title: z.string(),
  kind: z.enum(BENEFIT_KINDS),
  priced: z.boolean(),
  responsible: z.string(),
  organisationId: z.string().nullable(),
  keyResultId: z.string().nullable(),
  indicator: z.string(),
  unit: z.string(),
  baseline: nullableNumber,
  baselineDate: z.string().nullable(),
  target: nullableNumber,
  valueNok: nullableNumber,
  hoursFreed: nullableNumber,
  realiseBy: z.string().nullable(),
  version: z.number().int().describe('Send as If-Match ("3") to change the benefit'),
  retiredAt: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const actualResponse = z.object({
  id: z.number().int(),
  benefitId: z.string(),
  period: z.string(),
  value: nullableNumber,
  valueNok: nullableNumber,
  hoursFreed: nullableNumber,
  comment: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
});

export const benefitReportQuery = z.object({
  organisation: z.string().min(1).max(200).optional().describe("Only benefits falling to this organisation"),
  section: z.string().min(1).max(100).optional().describe("Only initiatives serving this focus area"),
  at: day.optional().describe("The day overdue benefits are judged at; today by default"),
});

const figures = z.object({ valueNok: z.number(), hoursFreed: z.number() });
const rollup = {
  count: z.number().int(),
  realised: z.number().int(),
  planned: figures.describe("Yearly kroner and staff hours the benefits are to give"),
  achieved: figures.describe("Yearly kroner and staff hours the latest actuals say they give"),
};

export const benefitReportResponse = z
  .object({
    at: z.string(),
    byInitiative: z.array(
      z.object({
        initiativeId: z.string(),
        code: z.string(),
        title: z.string(),
        organisationId: z.string(),
        phase: z.string(),
        sectionKeys: z.array(z.string()),
        ...rollup,
        benefits: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            kind: z.enum(BENEFIT_KINDS),
            priced: z.boolean(),
            responsible: z.string(),
            trust: z.string().describe("The organisation the benefit falls to"),
            keyResultId: z.string().nullable(),
            indicator: z.string(),
            unit: z.string(),
            baseline: nullableNumber,
            target: nullableNumber,
            realiseBy: z.string().nullable(),
            planned: figures,
            achieved: figures,
            latest: z.object({ period: z.string(), value: nullableNumber, valueNok: nullableNumber, hoursFreed: nullableNumber }).nullable(),
            realised: z.boolean(),
            problems: z.array(z.enum(BENEFIT_PROBLEMS)),
          }),
        ),
      }),
    ),
    bySection: z.array(z.object({ section: z.string(), ...rollup })).describe("Per focus area the initiatives serve; a benefit counts in each of its initiative's focus areas"),
    byOrganisation: z.array(z.object({ organisation: z.string(), ...rollup })).describe("Per organisation the benefits fall to"),
    totals: z.object(rollup),
    flags: z.array(z.object({ benefit: z.string(), title: z.string(), initiative: z.string(), code: z.string(), problem: z.enum(BENEFIT_PROBLEMS) })),
  })
  .describe("Benefit realisation: planned against achieved per initiative, focus area and organisation, and the benefits whose plan lacks something or is late");
