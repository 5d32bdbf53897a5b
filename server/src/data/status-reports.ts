import { Conflict, Invalid, NotFound } from "../domain/errors.js";
import { reportPeriod, type Rag, type ReportFrequency } from "../domain/portfolio/status-reports.js";
import type { Queryable } from "./db.js";

/** A status report's period and its traffic lights: what the portfolio table shows of the latest one. */
export interface StatusSummary {
  period: string;
  overall: Rag;
  scope: Rag;
  schedule: Rag;
  cost: Rag;
  benefits: Rag;
}

export interface StatusReportInput extends StatusSummary {
  narrative: string;
  topRisks: string;
  /** Id of the current report for the period the writer saw; null when expecting none. */
  replaces?: number | null | undefined;
}

export interface StatusReport extends Omit<StatusReportInput, "replaces"> {
  id: number;
  initiativeId: string;
  recordedBy: string;
  recordedAt: string;
  supersededAt: string | null;
}

const COLUMNS = `id, initiative_id AS "initiativeId", period, overall, scope, schedule, cost, benefits, narrative, top_risks AS "topRisks",
  recorded_by AS "recordedBy", recorded_at AS "recordedAt", superseded_at AS "supersededAt"`;

/**
 * Records a status report for a period of the initiative's report frequency, that has begun by
 * `today`; the report it corrects stays as history.
 */
export async function recordStatusReport(tx: Queryable, initiativeId: string, r: StatusReportInput, today: string, actor: string): Promise<StatusReport> {
  const [initiative] = await tx.query<{ frequency: ReportFrequency }>("SELECT report_frequency AS frequency FROM initiatives WHERE id = $1", [initiativeId]);
  if (!initiative) throw new NotFound(`no initiative ${initiativeId}`);
  const period = reportPeriod(r.period, initiative.frequency);
  if (period.start > today) throw new Invalid(`${period.id} has not begun`, [{ path: "period", message: "a status report is for a period that has begun" }]);
  const current = await tx.query<{ id: number }>(
    "SELECT id FROM status_reports WHERE initiative_id = $1 AND period = $2 AND superseded_at IS NULL FOR UPDATE",
    [initiativeId, period.id],
  );
  if (r.replaces !== undefined && (current[0]?.id ?? null) !== r.replaces) {
    throw new Conflict("someone else has reported status for this period since you read it", [
      { path: "replaces", message: `current report is ${current[0]?.id ?? "none"}` },
    ], "stale_status_report");
  }
  await tx.query("UPDATE status_reports SET superseded_at = now() WHERE initiative_id = $1 AND period = $2 AND superseded_at IS NULL", [initiativeId, period.id]);
  try {
    const [row] = await tx.query<StatusReport>(
      `INSERT INTO status_reports (initiative_id, period, period_start, overall, scope, schedule, cost, benefits, narrative, top_risks, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [initiativeId, period.id, period.start, r.overall, r.scope, r.schedule, r.cost, r.benefits, r.narrative, r.topRisks, actor],
    );
    return row!;
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new Conflict("another status report for this period was saved at the same moment; reload and try again", [], "concurrent_write");
    }
    throw err;
  }
}

/** An initiative's status reports, newest period first: the current ones, or with `history` the corrected ones too. */
export async function listStatusReports(db: Queryable, initiativeId: string, history: boolean): Promise<StatusReport[]> {
  return db.query<StatusReport>(
    `SELECT ${COLUMNS} FROM status_reports WHERE initiative_id = $1 AND ($2::boolean OR superseded_at IS NULL)
      ORDER BY period_start DESC, recorded_at DESC, id DESC`,
    [initiativeId, history],
  );
}
