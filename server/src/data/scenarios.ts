/** Scenarios of the prioritisation and what a problem is built from (migration 0007). */
import { Conflict, NotFound, PreconditionFailed } from "../domain/errors.js";
import type { Explanation, FrontierPoint } from "../domain/prioritisation/explain.js";
import type { Problem, Solution } from "../domain/prioritisation/problem.js";
import type { PlanningInitiative, ScenarioBudget, ScenarioSettings } from "../domain/prioritisation/scenario.js";
import type { Queryable } from "./db.js";

export interface Adoption {
  body: string;
  meetingDate: string;
  decision: string;
  conditions: string;
  /** The initiatives moved to their next phase by the adoption. */
  advanced: { initiative: string; from: string; to: string }[];
  adoptedBy: string;
}

export interface ScenarioSummary {
  id: string;
  strategyId: string;
  name: string;
  description: string;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  solvedVersion: number | null;
  solvedAt: string | null;
  adoptedAt: string | null;
  /** From the last solve. */
  status: Solution["status"] | null;
  value: number | null;
  objective: number | null;
  gap: number | null;
  selectedCount: number | null;
}

export interface Scenario extends ScenarioSummary {
  settings: ScenarioSettings;
  problem: Problem | null;
  result: { solution: Solution; explanation: Explanation | null } | null;
  solvedBy: string | null;
  frontier: FrontierPoint[] | null;
  frontierAt: string | null;
  adoption: Adoption | null;
}

const SUMMARY = `id, strategy_id AS "strategyId", name, description, version, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt",
  solved_version AS "solvedVersion", solved_at AS "solvedAt", adopted_at AS "adoptedAt",
  result #>> '{solution,status}' AS status, (result #>> '{solution,value}')::float8 AS value, (result #>> '{solution,objective}')::float8 AS objective,
  (result #>> '{solution,gap}')::float8 AS gap, jsonb_array_length(result #> '{solution,selected}') AS "selectedCount"`;
const FULL = `${SUMMARY}, settings, problem, result, solved_by AS "solvedBy", frontier, frontier_at AS "frontierAt", adoption`;

export function listScenarios(db: Queryable, strategyId: string): Promise<ScenarioSummary[]> {
  return db.query<ScenarioSummary>(`SELECT ${SUMMARY} FROM scenarios WHERE strategy_id = $1 ORDER BY created_at, name`, [strategyId]);
}

export async function getScenario(db: Queryable, id: string, lock = false): Promise<Scenario> {
  const [row] = await db.query<Scenario>(`SELECT ${FULL} FROM scenarios WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
  if (!row) throw new NotFound(`no scenario ${id}`);
  return row;
}

async function assertNameFree(tx: Queryable, strategyId: string, name: string, except: string | null): Promise<void> {
  const [taken] = await tx.query(`SELECT 1 FROM scenarios WHERE strategy_id = $1 AND name = $2 AND id IS DISTINCT FROM $3`, [strategyId, name, except]);
  if (taken) throw new Conflict(`the portfolio already has a scenario named "${name}"`, [{ path: "name", message: "taken" }]);
}

export async function createScenario(tx: Queryable, strategyId: string, input: { name: string; description: string; settings: ScenarioSettings }, actor: string): Promise<Scenario> {
  await assertNameFree(tx, strategyId, input.name, null);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO scenarios (strategy_id, name, description, settings, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [strategyId, input.name, input.description, JSON.stringify(input.settings), actor],
  );
  return getScenario(tx, row!.id);
}

function assertVersion(s: Scenario, expected: number): void {
  if (s.version !== expected) throw new PreconditionFailed(`the scenario is at version ${s.version}, not ${expected}; reload and try again`);
}

function assertOpen(s: Scenario): void {
  if (s.adoptedAt !== null) throw new Conflict(`the scenario "${s.name}" was adopted on ${s.adoption?.meetingDate ?? s.adoptedAt}; copy it to change it`, [{ path: "id", message: "adopted" }]);
}

export async function reviseScenario(
  tx: Queryable,
  id: string,
  expected: number,
  input: { name: string; description: string; settings: ScenarioSettings },
): Promise<{ before: Scenario; after: Scenario }> {
  const before = await getScenario(tx, id, true);
  assertVersion(before, expected);
  assertOpen(before);
  await assertNameFree(tx, before.strategyId, input.name, id);
  await tx.query(`UPDATE scenarios SET name = $2, description = $3, settings = $4, version = version + 1, updated_at = now() WHERE id = $1`, [
    id,
    input.name,
    input.description,
    JSON.stringify(input.settings),
  ]);
  return { before, after: await getScenario(tx, id) };
}

/** Keeps a solve of the scenario at `version` (refused if the scenario changed while it was solving). */
export async function storeResult(tx: Queryable, id: string, version: number, problem: Problem, result: Scenario["result"], actor: string): Promise<Scenario> {
  const current = await getScenario(tx, id, true);
  assertVersion(current, version);
  assertOpen(current);
  await tx.query(`UPDATE scenarios SET problem = $2, result = $3, solved_version = version, solved_by = $4, solved_at = now() WHERE id = $1`, [
    id,
    JSON.stringify(problem),
    JSON.stringify(result),
    actor,
  ]);
  return getScenario(tx, id);
}

export async function storeFrontier(tx: Queryable, id: string, version: number, frontier: FrontierPoint[]): Promise<Scenario> {
  const current = await getScenario(tx, id, true);
  assertVersion(current, version);
  await tx.query(`UPDATE scenarios SET frontier = $2, frontier_at = now() WHERE id = $1`, [id, JSON.stringify(frontier)]);
  return getScenario(tx, id);
}

export async function markAdopted(tx: Queryable, id: string, adoption: Adoption): Promise<Scenario> {
  await tx.query(`UPDATE scenarios SET adoption = $2, adopted_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [id, JSON.stringify(adoption)]);
  return getScenario(tx, id);
}

/** Every initiative of the strategy with what a problem needs of it: phase, planned start, cost estimates, dependencies. */
export async function planningInitiatives(db: Queryable, strategyId: string): Promise<PlanningInitiative[]> {
  return db.query<PlanningInitiative>(
    `SELECT i.id, i.code, i.title, i.phase,
            coalesce(extract(year FROM i.planned_start)::int, (SELECT min(c.year) FROM initiative_costs c WHERE c.initiative_id = i.id)) AS "plannedStartYear",
            coalesce((SELECT json_agg(json_build_object('year', c.year, 'investment', c.investment_estimate::float8, 'operating', c.operating_estimate::float8,
                                                       'capacity', c.provider_person_years::float8) ORDER BY c.year)
                        FROM initiative_costs c WHERE c.initiative_id = i.id), '[]') AS costs,
            coalesce((SELECT array_agg(d.depends_on::text ORDER BY d.depends_on) FROM initiative_dependencies d WHERE d.initiative_id = i.id), '{}') AS "dependsOn"
       FROM initiatives i WHERE i.strategy_id = $1 ORDER BY i.code`,
    [strategyId],
  );
}

/** The portfolio's budgets per year, all funding sources together. */
export function budgetsPerYear(db: Queryable, strategyId: string): Promise<ScenarioBudget[]> {
  return db.query<ScenarioBudget>(
    `SELECT year, sum(investment)::float8 AS investment, sum(operating)::float8 AS operating, sum(provider_person_years)::float8 AS capacity
       FROM portfolio_budgets WHERE strategy_id = $1 GROUP BY year ORDER BY year`,
    [strategyId],
  );
}
