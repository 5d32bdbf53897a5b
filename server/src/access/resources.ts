import type { Queryable } from "../data/db.js";
import { NotFound } from "../domain/errors.js";
import { ancestryOf, type Ancestry } from "./policy.js";

/** What the policy needs to know about a strategy: who owns it, whether it is public, and whether its portfolio summary is. */
export interface StrategyScope {
  id: string;
  owner: string;
  published: boolean;
  summaryPublished: boolean;
}

export async function strategyScope(db: Queryable, strategyId: string): Promise<StrategyScope> {
  const [row] = await db.query<StrategyScope>(
    `SELECT s.id, s.owner_id AS owner, s.published, s.published AND o.publishes_portfolio_summary AS "summaryPublished"
       FROM strategies s JOIN organisations o ON o.id = s.owner_id WHERE s.id = $1`,
    [strategyId],
  );
  if (!row) throw new NotFound(`no strategy "${strategyId}"`);
  return row;
}

export async function keyResultScope(db: Queryable, keyResultId: string): Promise<StrategyScope> {
  const [row] = await db.query<StrategyScope>(
    `SELECT s.id, s.owner_id AS owner, s.published, s.published AND o.publishes_portfolio_summary AS "summaryPublished"
       FROM key_results k JOIN strategies s ON s.id = k.strategy_id JOIN organisations o ON o.id = s.owner_id WHERE k.id = $1`,
    [keyResultId],
  );
  if (!row) throw new NotFound(`no key result ${keyResultId}`);
  return row;
}

/** The organisation register's parent links, read for each decision so every instance agrees. */
export async function registerAncestry(db: Queryable): Promise<Ancestry> {
  const rows = await db.query<{ id: string; parent: string | null }>("SELECT id, parent_id AS parent FROM organisations");
  return ancestryOf(new Map(rows.map((r) => [r.id, r.parent])));
}

export async function organisationExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM organisations WHERE id = $1", [id])).length > 0;
}
