import { z } from "zod";
import { ALL_PHASES } from "../../domain/portfolio/lifecycle.js";
import { RAG } from "../../domain/portfolio/status-reports.js";
import { periodText } from "../strategies/schema.js";
import { day } from "../portfolio-fields.js";

const rag = z.enum(RAG);

export const statusReportSchema = z.object({
  period: periodText.describe("A period of the initiative's report frequency (2025-03, 2025-Q1, 2025-T1) that has begun"),
  overall: rag,
  scope: rag,
  schedule: rag,
  cost: rag,
  benefits: rag,
  narrative: z.string().max(10000).default(""),
  topRisks: z.string().max(5000).default(""),
  replaces: z.number().int().nullable().optional().describe("The id of the current report for the period you saw (null for none): a stale one is refused"),
});

export const statusReportQuery = z.object({ history: z.stringbool().optional().describe("Include the corrected reports") });

/** A report's period and traffic lights: what the portfolio tables show of the latest one. */
export const statusSummaryResponse = z.object({ period: z.string(), overall: rag, scope: rag, schedule: rag, cost: rag, benefits: rag });

export const statusReportResponse = z.object({
  id: z.number().int(),
  initiativeId: z.string(),
  ...statusSummaryResponse.shape,
  narrative: z.string(),
  topRisks: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
});

export const portfolioStatusQuery = z.object({ at: day.optional().describe("The day overdue reports are judged at; today by default") });

const ragCounts = z.object({ green: z.number().int(), amber: z.number().int(), red: z.number().int(), none: z.number().int() });

export const portfolioStatusResponse = z
  .object({
    at: z.string(),
    initiatives: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        title: z.string(),
        phase: z.enum(ALL_PHASES),
        organisationId: z.string(),
        reporting: z.boolean().describe("In a phase that owes status reports (planning, execution, closing)"),
        latestStatus: statusSummaryResponse.nullable(),
        reportOverdue: z.boolean(),
      }),
    ),
    counts: z
      .object({ reporting: z.number().int(), overdue: z.number().int(), overall: ragCounts })
      .describe("Of the initiatives in a reporting phase: how many, how many overdue, and their latest overall status (none: no report yet)"),
  })
  .describe("The portfolio status table: each initiative's latest status report and whether one is overdue");
