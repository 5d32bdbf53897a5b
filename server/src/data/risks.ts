import { Conflict, Invalid, NotFound, PreconditionFailed } from "../domain/errors.js";
import type { Queryable } from "./db.js";

export const RISK_STATUSES = ["open", "closed"] as const;

export interface RiskInput {
  title: string;
  description?: string | undefined;
  likelihood: number;
  consequence: number;
  ownerName?: string | undefined;
  mitigation?: string | undefined;
  status?: (typeof RISK_STATUSES)[number] | undefined;
}

export interface Risk {
  id: string;
  initiativeId: string;
  title: string;
  description: string;
  likelihood: number;
  consequence: number;
  score: number;
  ownerName: string;
  mitigation: string;
  status: (typeof RISK_STATUSES)[number];
  version: number;
  recordedBy: string;
  recordedAt: string;
}

const RISK = `id, initiative_id AS "initiativeId", title, description, likelihood, consequence, likelihood * consequence AS score,
  owner_name AS "ownerName", mitigation, status, version, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** The initiative a risk belongs to. */
export async function riskInitiative(db: Queryable, riskId: string): Promise<string> {
  const [row] = await db.query<{ initiativeId: string }>(`SELECT initiative_id AS "initiativeId" FROM risks WHERE id = $1`, [riskId]);
  if (!row) throw new NotFound(`no risk ${riskId}`);
  return row.initiativeId;
}

export async function createRisk(tx: Queryable, initiativeId: string, r: RiskInput, actor: string): Promise<Risk> {
  const [row] = await tx.query<Risk>(
    `INSERT INTO risks (initiative_id, title, description, likelihood, consequence, owner_name, mitigation, status, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${RISK}`,
    [initiativeId, r.title, r.description ?? "", r.likelihood, r.consequence, r.ownerName ?? "", r.mitigation ?? "", r.status ?? "open", actor],
  );
  return row!;
}

/** Changes a risk the writer read at version `expected`; fields left out keep their value. */
export async function updateRisk(tx: Queryable, riskId: string, expected: number, r: Partial<RiskInput>): Promise<{ before: Risk; after: Risk }> {
  const [before] = await tx.query<Risk>(`SELECT ${RISK} FROM risks WHERE id = $1 FOR UPDATE`, [riskId]);
  if (!before) throw new NotFound(`no risk ${riskId}`);
  if (before.version !== expected) throw new PreconditionFailed(`the risk is at version ${before.version}, not ${expected}; reload and apply your changes again`);
  const next = { ...before, ...defined(r) };
  const [after] = await tx.query<Risk>(
    `UPDATE risks SET title = $2, description = $3, likelihood = $4, consequence = $5, owner_name = $6, mitigation = $7, status = $8, version = version + 1
      WHERE id = $1 RETURNING ${RISK}`,
    [riskId, next.title, next.description, next.likelihood, next.consequence, next.ownerName, next.mitigation, next.status],
  );
  return { before, after: after! };
}

/** The fields of `o` that are given: what a partial update changes. */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---- Risk and vulnerability analyses (ROS) -------------------------------------------------------

export interface RosInput {
  title: string;
  performedOn: string;
  conclusion?: string | undefined;
  document?: string | undefined;
}

export interface Ros {
  id: string;
  initiativeId: string;
  title: string;
  performedOn: string;
  conclusion: string;
  document: string;
  recordedBy: string;
  recordedAt: string;
}

export interface RosReuse {
  rosId: string;
  initiativeId: string;
  reusedOn: string;
  recordedBy: string;
  recordedAt: string;
}

const ROS = `id, initiative_id AS "initiativeId", title, performed_on AS "performedOn", conclusion, document, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export async function createRos(tx: Queryable, initiativeId: string, r: RosInput, actor: string): Promise<Ros> {
  const [row] = await tx.query<Ros>(
    `INSERT INTO ros_analyses (initiative_id, title, performed_on, conclusion, document, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ROS}`,
    [initiativeId, r.title, r.performedOn, r.conclusion ?? "", r.document ?? "", actor],
  );
  return row!;
}

/** The ROS analysis and the strategy whose portfolio made it. */
export async function findRos(db: Queryable, rosId: string): Promise<Ros & { strategyId: string }> {
  const [row] = await db.query<Ros & { strategyId: string }>(
    `SELECT r.id, r.initiative_id AS "initiativeId", r.title, r.performed_on AS "performedOn", r.conclusion, r.document,
            r.recorded_by AS "recordedBy", r.recorded_at AS "recordedAt", i.strategy_id AS "strategyId"
       FROM ros_analyses r JOIN initiatives i ON i.id = r.initiative_id WHERE r.id = $1`,
    [rosId],
  );
  if (!row) throw new NotFound(`no ROS analysis ${rosId}`);
  return row;
}

/** Records that another initiative reuses a ROS analysis instead of making its own. */
export async function reuseRos(tx: Queryable, ros: Ros, initiativeId: string, reusedOn: string, actor: string): Promise<RosReuse> {
  if (ros.initiativeId === initiativeId) {
    throw new Invalid("an initiative does not reuse its own ROS analysis", [{ path: "initiative", message: "the initiative that made the analysis" }]);
  }
  if (reusedOn < ros.performedOn) {
    throw new Invalid(`the analysis was performed on ${ros.performedOn}`, [{ path: "reusedOn", message: `not before ${ros.performedOn}` }]);
  }
  const [row] = await tx.query<RosReuse>(
    `INSERT INTO ros_reuses (ros_id, initiative_id, reused_on, recorded_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
     RETURNING ros_id AS "rosId", initiative_id AS "initiativeId", reused_on AS "reusedOn", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`,
    [ros.id, initiativeId, reusedOn, actor],
  );
  if (!row) throw new Conflict("this initiative already reuses the analysis", [{ path: "initiative", message: "already recorded" }], "already_reused");
  return row;
}
