import type { FastifyRequest } from "fastify";
import { initiativeScope, type InitiativeScope } from "../data/initiatives.js";
import type { StrategyScope } from "../access/resources.js";

/**
 * Refuses unless the caller may edit the initiative and all it owns (costs, status reports, risks,
 * ROS analyses, adoptions, benefits): the portfolio's governors, or the initiative owners of the
 * organisation owning it. Returns the initiative's scope and its strategy's.
 */
export async function authorizeManage(req: FastifyRequest, initiativeId: string): Promise<{ initiative: InitiativeScope; strategy: StrategyScope }> {
  const initiative = await initiativeScope(req.server.db, initiativeId);
  const strategy = await req.access.readStrategy(initiative.strategyId);
  await req.access.authorize({ do: "portfolio.manage", organisation: strategy.owner, owner: initiative.organisationId });
  return { initiative, strategy };
}

/** Refuses unless the caller may read the portfolio of the initiative's strategy (internal); returns the initiative's scope. */
export async function authorizeRead(req: FastifyRequest, initiativeId: string): Promise<InitiativeScope> {
  const initiative = await initiativeScope(req.server.db, initiativeId);
  await req.access.readInternal(initiative.strategyId);
  return initiative;
}
