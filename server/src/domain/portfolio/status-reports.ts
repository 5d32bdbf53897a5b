/**
 * Status reports of running initiatives: a traffic light per dimension for each period of the
 * initiative's report frequency. An initiative owes a report for every completed period in which
 * it was in a reporting phase; it is overdue when the last completed period has none.
 */
import { Invalid } from "../errors.js";
import { lastCompleted, parsePeriod, tryParsePeriod, type Period } from "../period.js";
import { REPORTING_PHASES, type Phase } from "./lifecycle.js";

export const REPORT_FREQUENCIES = ["month", "quarter", "tertial"] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export const RAG = ["green", "amber", "red"] as const;
export type Rag = (typeof RAG)[number];

export const DIMENSIONS = ["overall", "scope", "schedule", "cost", "benefits"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface ReportingState {
  phase: Phase;
  frequency: ReportFrequency;
  /** The day (`YYYY-MM-DD`) the initiative entered its current phase. */
  phaseSince: string;
  /** The latest period reported on (any frequency), or null when none. */
  latestPeriod: string | null;
}

/**
 * The period whose report is owed at the day `at` and missing, or null when nothing is owed.
 * A period counts from the day the phase began: entering the planning phase on 15 March owes a
 * report for March (monthly), not for February. A paused, finished or not yet started initiative
 * owes nothing.
 */
export function missingReport(state: ReportingState, at: string): Period | null {
  if (!REPORTING_PHASES.includes(state.phase)) return null;
  const due = lastCompleted(state.frequency, at);
  if (due.end <= state.phaseSince) return null;
  const latest = state.latestPeriod === null ? undefined : tryParsePeriod(state.latestPeriod);
  // Compared by end day so a report in a former frequency (a month) covers the period it closes (the quarter).
  if (latest !== undefined && latest.end >= due.end) return null;
  return due;
}

/** Whether the initiative's status report is overdue at the day `at`. */
export function reportOverdue(state: ReportingState, at: string): boolean {
  return missingReport(state, at) !== null;
}

/** Parses the period of a report, which must be one of the initiative's report frequency. */
export function reportPeriod(text: string, frequency: ReportFrequency, path = "period"): Period {
  const period = parsePeriod(text, path);
  if (period.grain !== frequency) {
    throw new Invalid(`"${text}" is not a ${frequency}; this initiative reports per ${frequency}`, [
      { path, message: `expected a ${frequency} such as ${lastCompleted(frequency, "2025-06-15").id}` },
    ]);
  }
  return period;
}
