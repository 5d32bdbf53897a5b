import { Invalid, NotFound, PreconditionFailed } from "../domain/errors.js";
import {
  DEFAULT_CHECKLISTS,
  GATES,
  PHASES,
  isActive,
  transition,
  type ActivePhase,
  type CheckedItem,
  type ChecklistItem,
  type Outcome,
  type Phase,
} from "../domain/portfolio/lifecycle.js";
import type { Queryable } from "./db.js";

/** A phase's checklist as a region has it: its own (version ≥ 1) or Prosjektveiviseren's default (version 0). */
export interface Checklist {
  phase: ActivePhase;
  gate: string;
  items: ChecklistItem[];
  version: number;
}

/** The checklists of every phase for a region (the organisation owning the strategy). */
export async function readChecklists(db: Queryable, regionId: string): Promise<Checklist[]> {
  const stored = new Map(
    (await db.query<{ phase: ActivePhase; items: ChecklistItem[]; version: number }>("SELECT phase, items, version FROM gate_checklists WHERE region_id = $1", [regionId])).map((r) => [r.phase, r]),
  );
  return PHASES.map((phase) => ({ phase, gate: GATES[phase], items: stored.get(phase)?.items ?? DEFAULT_CHECKLISTS[phase], version: stored.get(phase)?.version ?? 0 }));
}

export async function checklistFor(db: Queryable, regionId: string, phase: ActivePhase): Promise<Checklist> {
  const [row] = await db.query<{ items: ChecklistItem[]; version: number }>("SELECT items, version FROM gate_checklists WHERE region_id = $1 AND phase = $2", [regionId, phase]);
  return { phase, gate: GATES[phase], items: row?.items ?? DEFAULT_CHECKLISTS[phase], version: row?.version ?? 0 };
}

/** Replaces a region's checklist for a phase if it is still at `expected` (0: the region has none of its own yet). */
export async function saveChecklist(tx: Queryable, regionId: string, phase: ActivePhase, items: readonly ChecklistItem[], expected: number, actor: string): Promise<{ before: Checklist; after: Checklist }> {
  const keys = new Set<string>();
  items.forEach((item, i) => {
    if (keys.has(item.key)) throw new Invalid(`the checklist has the item "${item.key}" twice`, [{ path: `items.${i}.key`, message: "used before" }]);
    keys.add(item.key);
  });
  const [row] = await tx.query<{ version: number }>("SELECT version FROM gate_checklists WHERE region_id = $1 AND phase = $2 FOR UPDATE", [regionId, phase]);
  const before = await checklistFor(tx, regionId, phase);
  if ((row?.version ?? 0) !== expected) {
    throw new PreconditionFailed(`the ${phase} checklist is at version ${row?.version ?? 0}, not ${expected}; reload and apply your changes again`);
  }
  const version = expected + 1;
  await tx.query(
    `INSERT INTO gate_checklists (region_id, phase, items, version, updated_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (region_id, phase) DO UPDATE SET items = $3, version = $4, updated_by = $5, updated_at = now()`,
    [regionId, phase, JSON.stringify(items), version, actor],
  );
  return { before, after: { phase, gate: GATES[phase], items: [...items], version } };
}

/** A decision at a decision point, with the checklist as it was ticked (each item's text as it read then). */
export interface Decision {
  id: string;
  initiativeId: string;
  gate: string;
  fromPhase: Phase;
  toPhase: Phase;
  outcome: Outcome;
  body: string;
  meetingDate: string;
  decision: string;
  conditions: string;
  documents: { title: string; url?: string | undefined }[];
  checklist: (ChecklistItem & { done: boolean; note: string })[];
  recordedBy: string;
  recordedAt: string;
}

const DECISION = `id, initiative_id AS "initiativeId", gate, from_phase AS "fromPhase", to_phase AS "toPhase", outcome, body, meeting_date AS "meetingDate",
  decision, conditions, documents, checklist, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export async function listDecisions(db: Queryable, initiativeId: string): Promise<Decision[]> {
  return db.query<Decision>(`SELECT ${DECISION} FROM gate_decisions WHERE initiative_id = $1 ORDER BY recorded_at, meeting_date`, [initiativeId]);
}

export interface DecisionInput {
  outcome: Outcome;
  body: string;
  meetingDate: string;
  decision: string;
  conditions?: string | undefined;
  documents?: { title: string; url?: string | undefined }[] | undefined;
  checklist?: CheckedItem[] | undefined;
}

/**
 * Records a decision on an initiative still at version `expected` and makes the move it decides
 * (domain/portfolio/lifecycle.ts refuses what the model does not allow); an approval also keeps the
 * benefit plan as it stood at the end of the phase. Returns the decision and the initiative's new
 * phase and version.
 */
export async function recordDecision(
  tx: Queryable,
  initiativeId: string,
  regionId: string,
  expected: number,
  d: DecisionInput,
  actor: string,
): Promise<Decision & { phase: Phase; version: number }> {
  const [row] = await tx.query<{ phase: Phase; pausedPhase: ActivePhase | null; version: number }>(
    `SELECT phase, paused_phase AS "pausedPhase", version FROM initiatives WHERE id = $1 FOR UPDATE`,
    [initiativeId],
  );
  if (!row) throw new NotFound(`no initiative ${initiativeId}`);
  if (row.version !== expected) {
    throw new PreconditionFailed(`the initiative is at version ${row.version}, not ${expected}; reload and decide again`);
  }
  const checklist = isActive(row.phase) ? (await checklistFor(tx, regionId, row.phase)).items : [];
  const checked = d.checklist ?? [];
  checked.forEach((c, i) => {
    if (!checklist.some((item) => item.key === c.key)) {
      throw new Invalid(`"${c.key}" is not on the checklist of the ${row.phase} phase`, [{ path: `checklist.${i}.key`, message: "not on the checklist" }]);
    }
  });
  const move = transition(row.phase, row.pausedPhase, d.outcome, checklist, checked);
  const ticked = checklist.map((item) => {
    const c = checked.find((x) => x.key === item.key);
    return { ...item, done: c?.done ?? false, note: c?.note ?? "" };
  });
  const [decision] = await tx.query<Decision>(
    `INSERT INTO gate_decisions (initiative_id, gate, from_phase, to_phase, outcome, body, meeting_date, decision, conditions, documents, checklist, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${DECISION}`,
    [initiativeId, move.gate, move.from, move.to, d.outcome, d.body, d.meetingDate, d.decision, d.conditions ?? "", JSON.stringify(d.documents ?? []), JSON.stringify(ticked), actor],
  );
  const version = row.version + 1;
  await tx.query("UPDATE initiatives SET phase = $2, paused_phase = $3, version = $4, updated_at = now() WHERE id = $1", [initiativeId, move.to, move.pausedPhase, version]);
  if (d.outcome === "approved") {
    await tx.query(
      `INSERT INTO benefit_plan_revisions (initiative_id, revision, phase, decision_id, snapshot)
       SELECT $1, coalesce((SELECT max(revision) FROM benefit_plan_revisions WHERE initiative_id = $1), 0) + 1, $2, $3,
              coalesce((SELECT json_agg(to_jsonb(b) - 'initiative_id' ORDER BY b.recorded_at) FROM benefits b WHERE b.initiative_id = $1 AND b.retired_at IS NULL), '[]')`,
      [initiativeId, move.from, decision!.id],
    );
  }
  return { ...decision!, phase: move.to, version };
}
