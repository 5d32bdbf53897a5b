import { z } from "zod";
import { HISTORY_KINDS, INITIATIVE_KINDS, LINK_DIRECTIONS, LINK_SIZES } from "../../domain/portfolio/initiative.js";
import { ALL_PHASES, OUTCOMES, PHASES } from "../../domain/portfolio/lifecycle.js";
import { REPORT_FREQUENCIES } from "../../domain/portfolio/status-reports.js";
import { adoptionResponse } from "../adoptions/schema.js";
import { actualResponse, benefitResponse } from "../benefits/schema.js";
import { riskResponse, rosResponse } from "../risks/schema.js";
import { statusSummaryResponse } from "../status-reports/schema.js";
import { isoDate } from "../strategies/schema.js";

/** The day (UTC) overdue status reports are judged at. */
export const today = () => new Date().toISOString().slice(0, 10);

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens");
/** A calendar day PostgreSQL can store (it has no year 0) and a plan can mean. */
const day = isoDate.refine((d) => d >= "1900-01-01" && d < "2200-01-01", "a day from 1900 to 2199");
const text = (max: number) => z.string().max(max);

export const linkSchema = z.object({
  section: z.string().min(1).max(100).describe("The key of a focus area (or other objective) of the strategy"),
  keyResult: z.uuid().nullable().optional().describe("One of that focus area's key results"),
  direction: z.enum(LINK_DIRECTIONS).default("positive"),
  size: z.enum(LINK_SIZES).default("medium"),
  note: text(2000).default(""),
});

/** An initiative's own fields, as registered and revised. */
export const initiativeFields = {
  code: z
    .string()
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$/u, "letters, digits, dots, hyphens and underscores, at most 40")
    .optional()
    .describe("A short reference unique in the portfolio; made up (`HSØ-2026-001`) when left out"),
  title: z.string().min(1).max(500),
  description: text(20000).optional(),
  organisation: slug.describe("The owning organisation"),
  sponsor: text(200).optional(),
  ownerName: text(200).optional(),
  kind: z.enum(INITIATIVE_KINDS),
  tags: z.array(z.string().min(1).max(60)).max(30).optional(),
  theme: z.string().min(1).max(100).nullable().optional().describe("The key of one of the strategy's own strategic initiatives"),
  fundingSource: text(200).optional(),
  plannedStart: day.nullable().optional(),
  plannedEnd: day.nullable().optional(),
  reportFrequency: z.enum(REPORT_FREQUENCIES).optional(),
  links: z.array(linkSchema).max(200).optional(),
  participants: z.array(slug).max(100).optional(),
  dependsOn: z.array(z.uuid()).max(100).optional(),
};

export const initiativeCreateSchema = z.object({ strategy: slug, ...initiativeFields });
export const initiativeUpdateSchema = z
  .object({ ...initiativeFields, reason: text(2000).default("") })
  .describe("The initiative as it now reads; optional fields left out keep their value. The phase changes only by decisions.");

export const initiativeParams = z.object({ id: z.uuid() });

export const initiativeQuery = z.object({
  strategy: slug,
  phase: z.enum(ALL_PHASES).optional(),
  kind: z.enum(INITIATIVE_KINDS).optional(),
  organisation: slug.optional().describe("The owning organisation"),
  section: z.string().min(1).max(100).optional().describe("Only initiatives linked to this focus area"),
});

export const decisionSchema = z.object({
  outcome: z.enum(OUTCOMES),
  body: z.string().min(1).max(200).describe("Who decided, e.g. the portfolio board"),
  meetingDate: day,
  decision: z.string().min(1).max(5000),
  conditions: text(5000).optional(),
  documents: z.array(z.object({ title: z.string().min(1).max(300), url: z.url().max(2000).optional() })).max(50).optional(),
  checklist: z.array(z.object({ key: z.string().min(1).max(60), done: z.boolean(), note: text(2000).optional() })).max(100).optional(),
});

// ---- Answers --------------------------------------------------------------------------------------

const totals = z.object({
  investmentEstimate: z.number(),
  operatingEstimate: z.number(),
  investmentActual: z.number(),
  operatingActual: z.number(),
  providerPersonYears: z.number(),
});

export const initiativeSummaryResponse = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  kind: z.enum(INITIATIVE_KINDS),
  phase: z.enum(ALL_PHASES),
  organisationId: z.string(),
  themeKey: z.string().nullable(),
  tags: z.array(z.string()),
  fundingSource: z.string(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  sectionKeys: z.array(z.string()),
  keyResultIds: z.array(z.string()),
  totals,
  latestStatus: statusSummaryResponse.nullable(),
  reportOverdue: z.boolean(),
  riskScore: z.number().nullable().describe("The highest likelihood × consequence of its open risks"),
  contribution: z.number().describe("Its links' sizes (small 1, medium 2, large 3), positive ones added, negative ones taken away"),
  version: z.number().int(),
});

export const portfolioSummaryResponse = initiativeSummaryResponse.pick({ id: true, code: true, title: true, phase: true, sectionKeys: true, plannedStart: true, plannedEnd: true });

const checklistItem = z.object({ key: z.string(), label: z.string(), required: z.boolean() });
export const checklistResponse = z.object({
  phase: z.enum(PHASES),
  gate: z.string(),
  items: z.array(checklistItem),
  version: z.number().int().describe("0 while the region uses the default checklist"),
});

export const decisionResponse = z.object({
  id: z.string(),
  initiativeId: z.string(),
  gate: z.string(),
  fromPhase: z.enum(ALL_PHASES),
  toPhase: z.enum(ALL_PHASES),
  outcome: z.enum(OUTCOMES),
  body: z.string(),
  meetingDate: z.string(),
  decision: z.string(),
  conditions: z.string(),
  documents: z.array(z.object({ title: z.string(), url: z.string().optional() })),
  checklist: z.array(checklistItem.extend({ done: z.boolean(), note: z.string() })),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export const decisionResultResponse = decisionResponse.extend({ phase: z.enum(ALL_PHASES), version: z.number().int() }).describe("The decision, and the initiative's phase and version after it");

const ros = rosResponse.shape;

const ref = z.object({ id: z.string(), code: z.string(), title: z.string(), phase: z.enum(ALL_PHASES) });
const nullableNumber = z.number().nullable();

/** A risk in an initiative's register. */
export const initiativeRiskResponse = riskResponse.omit({ initiativeId: true });

/** A ROS analysis an initiative made or reuses. */
export const initiativeRosResponse = z.object({
  id: ros.id,
  initiativeId: ros.initiativeId,
  initiativeCode: z.string(),
  ...rosResponse.pick({ title: true, performedOn: true, conclusion: true, document: true }).shape,
  reused: z.boolean().describe("Another initiative's analysis, reused by this one"),
  reusedOn: z.string().nullable(),
  reusedBy: z.array(z.object({ initiativeId: z.string(), code: z.string(), reusedOn: z.string() })),
  recordedBy: ros.recordedBy,
  recordedAt: ros.recordedAt,
});

export const initiativeResponse = initiativeSummaryResponse
  .omit({ sectionKeys: true, keyResultIds: true })
  .extend({
    strategyId: z.string(),
    description: z.string(),
    sponsor: z.string(),
    ownerName: z.string(),
    pausedPhase: z.enum(PHASES).nullable(),
    reportFrequency: z.enum(REPORT_FREQUENCIES),
    gate: z.string().nullable().describe("The decision point ending the current phase; null when paused, rejected or completed"),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: z.array(z.object({ section: z.string(), keyResult: z.string().nullable(), direction: z.enum(LINK_DIRECTIONS), size: z.enum(LINK_SIZES), note: z.string() })),
    participants: z.array(z.string()),
    dependsOn: z.array(ref),
    dependents: z.array(ref),
    costs: z.array(
      z.object({
        year: z.number().int(),
        investmentEstimate: z.number(),
        investmentActual: nullableNumber,
        operatingEstimate: z.number(),
        operatingActual: nullableNumber,
        providerPersonYears: z.number(),
        updatedBy: z.string(),
        updatedAt: z.string(),
      }),
    ),
    checklist: checklistResponse.nullable().describe("The checklist of the current phase's decision point"),
    decisions: z.array(decisionResponse),
    latestStatus: statusSummaryResponse
      .extend({ id: z.number().int(), narrative: z.string(), topRisks: z.string(), recordedBy: z.string(), recordedAt: z.string() })
      .nullable(),
    risks: z.array(initiativeRiskResponse),
    ros: z.array(initiativeRosResponse),
    adoptions: z.array(adoptionResponse.omit({ initiativeId: true })),
    benefits: z.array(
      benefitResponse.omit({ initiativeId: true }).extend({ actuals: z.array(actualResponse.omit({ benefitId: true, supersededAt: true })) }),
    ),
    needs: z.array(z.object({ id: z.string(), title: z.string(), organisationId: z.string(), status: z.string() })).describe("The needs it came from, and those merged into them"),
  });

export const historyResponse = z.array(
  z.object({
    at: z.string(),
    kind: z.enum(HISTORY_KINDS),
    summary: z.string(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
);
