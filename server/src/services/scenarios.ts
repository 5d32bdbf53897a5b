/**
 * Solving and adopting scenarios: the problem is built from the portfolio and the scores as they
 * stand, solved on the optimiser's worker pool, and kept with the scenario. Adoption records the
 * board's decision and moves each chosen candidate through its decision point.
 */
import { isDeepStrictEqual } from "node:util";
import type { Db, Queryable } from "../data/db.js";
import { refreshComputed } from "../data/computed.js";
import { checklistFor, recordDecision } from "../data/gates.js";
import { getScenario, markAdopted, planningInitiatives, storeFrontier, storeResult, type Adoption, type Scenario } from "../data/scenarios.js";
import { scoringSheet } from "../data/scoring.js";
import { Conflict, Invalid, PreconditionFailed } from "../domain/errors.js";
import { isActive, type ActivePhase, type Phase } from "../domain/portfolio/lifecycle.js";
import type { Problem } from "../domain/prioritisation/problem.js";
import { CANDIDATE_PHASES, buildProblem } from "../domain/prioritisation/scenario.js";
import type { Optimiser } from "../optimiser/pool.js";

/** Levels of the efficient frontier, and the time each may take (20 × 0.3 s and a relaxation each: the whole curve in under ten seconds). */
export const FRONTIER_LEVELS = 20;
export const FRONTIER_OPTIONS = { timeLimitSeconds: 0.3, relativeGap: 5e-3 };

/** The problem a scenario poses now: its settings over the portfolio and the scores as they stand. */
export async function problemOf(db: Queryable, scenario: Pick<Scenario, "strategyId" | "name" | "settings">, regionId: string): Promise<Problem> {
  const sheet = await scoringSheet(db, scenario.strategyId, regionId, "", scenario.settings.weights);
  const initiatives = await planningInitiatives(db, scenario.strategyId);
  return buildProblem(scenario.name, scenario.settings, initiatives, sheet.candidates.map((c) => c.score), sheet.objectives);
}

/** Whether a stored solve still answers the scenario's question: same settings, same portfolio, same scores. */
export function isCurrent(scenario: Scenario, now: Problem): boolean {
  // Through JSON as the stored copy went: jsonb keeps its own key order, and has no undefined.
  return scenario.problem !== null && scenario.solvedVersion === scenario.version && isDeepStrictEqual(scenario.problem, JSON.parse(JSON.stringify(now)));
}

export async function solveScenario(db: Db, optimiser: Optimiser, id: string, regionId: string, actor: string, audit: (tx: Queryable, before: Scenario, after: Scenario) => Promise<void>): Promise<Scenario> {
  const before = await getScenario(db, id);
  const problem = await problemOf(db, before, regionId);
  // Outside any transaction: a solve takes seconds and holds no locks. The version check on
  // storing refuses a result for settings that changed meanwhile.
  const result = await optimiser.solve(problem);
  return db.transaction(async (tx) => {
    const after = await storeResult(tx, id, before.version, problem, result, actor);
    await audit(tx, before, after);
    return after;
  });
}

export async function frontierOf(db: Db, optimiser: Optimiser, id: string, regionId: string, audit: (tx: Queryable, before: Scenario, after: Scenario) => Promise<void>): Promise<Scenario> {
  const before = await getScenario(db, id);
  const problem = await problemOf(db, before, regionId);
  const points = await optimiser.frontier(problem, FRONTIER_LEVELS, FRONTIER_OPTIONS);
  return db.transaction(async (tx) => {
    const after = await storeFrontier(tx, id, before.version, points);
    await audit(tx, before, after);
    return after;
  });
}

export interface AdoptionInput {
  body: string;
  meetingDate: string;
  decision: string;
  conditions: string;
  /** The board confirms that the chosen initiatives meet the required items of their decision points' checklists. */
  checklistsConfirmed: boolean;
}

/**
 * Adopts the scenario's solved portfolio: refuses a solve that no longer answers the scenario,
 * then approves each chosen candidate at its decision point (or resumes it when paused), in one
 * transaction with the adoption itself.
 */
export async function adoptScenario(tx: Queryable, id: string, expected: number, regionId: string, input: AdoptionInput, actor: string): Promise<{ before: Scenario; after: Scenario }> {
  const before = await getScenario(tx, id, true);
  if (before.version !== expected) throw new PreconditionFailed(`the scenario is at version ${before.version}, not ${expected}; reload and try again`);
  if (before.adoptedAt !== null) throw new Conflict(`the scenario "${before.name}" is already adopted`, [{ path: "id", message: "adopted" }]);
  const solution = before.result?.solution;
  if (!solution || solution.status === "infeasible") throw new Conflict("the scenario has no solved portfolio to adopt; solve it first", [{ path: "id", message: "not solved" }], "not_solved");
  if (!isCurrent(before, await problemOf(tx, before, regionId))) {
    throw new Conflict("the portfolio, the scores or the scenario changed since it was solved; solve it again before adopting", [{ path: "id", message: "stale" }], "stale_solution");
  }
  const chosen = new Set(solution.selected.map((s) => s.id));
  const rows = await tx.query<{ id: string; phase: Phase; pausedPhase: ActivePhase | null; version: number }>(
    `SELECT id, phase, paused_phase AS "pausedPhase", version FROM initiatives WHERE id = ANY($1::uuid[]) AND phase = ANY($2::text[]) ORDER BY code FOR UPDATE`,
    [[...chosen], CANDIDATE_PHASES],
  );
  const advanced: Adoption["advanced"] = [];
  const confirmed = `confirmed by the adoption of scenario "${before.name}"`;
  for (const row of rows) {
    const phase = row.phase === "paused" ? null : row.phase;
    const items = phase && isActive(phase) ? (await checklistFor(tx, regionId, phase)).items : [];
    if (!input.checklistsConfirmed && items.some((i) => i.required)) {
      throw new Invalid("confirm that the chosen initiatives meet the required checklist items of their decision points", [
        { path: "checklistsConfirmed", message: "must be true: a chosen initiative's decision point has required items" },
      ]);
    }
    const d = await recordDecision(
      tx,
      row.id,
      regionId,
      row.version,
      {
        outcome: row.phase === "paused" ? "resumed" : "approved",
        body: input.body,
        meetingDate: input.meetingDate,
        decision: input.decision,
        conditions: input.conditions,
        checklist: items.map((i) => ({ key: i.key, done: true, note: confirmed })),
      },
      actor,
    );
    await tx.query("UPDATE gate_decisions SET scenario_id = $2 WHERE id = $1", [d.id, id]);
    advanced.push({ initiative: row.id, from: d.fromPhase, to: d.toPhase });
  }
  if (advanced.length > 0) await refreshComputed(tx, before.strategyId, actor);
  const after = await markAdopted(tx, id, { body: input.body, meetingDate: input.meetingDate, decision: input.decision, conditions: input.conditions, advanced, adoptedBy: actor });
  return { before, after };
}
