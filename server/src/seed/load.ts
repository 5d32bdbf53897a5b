import type { Db } from "../data/db.js";
import { bindComputation } from "../data/computed.js";
import { createStrategy, upsertOrganisations } from "../data/strategies.js";
import { SEED_COMPUTATIONS } from "./computations.js";
import { organisations } from "./organisations.js";
import { seedStrategies } from "./strategies/index.js";

export const SEED_ACTOR = "seed";

/**
 * Loads the organisations and the strategies transcribed from the source documents, binding the
 * key results a new strategy counts from its portfolio. Safe to run again: organisations are
 * updated in place and a strategy already present is left as it is (it may have been revised since).
 */
export async function seedRegister(db: Db): Promise<{ strategiesAdded: string[] }> {
  return db.transaction(async (tx) => {
    await upsertOrganisations(tx, organisations);
    const present = new Set((await tx.query<{ id: string }>("SELECT id FROM strategies")).map((r) => r.id));
    const strategiesAdded: string[] = [];
    for (const s of seedStrategies) {
      if (present.has(s.id)) continue;
      await createStrategy(tx, s, SEED_ACTOR);
      strategiesAdded.push(s.id);
    }
    for (const { strategy, code, computation } of SEED_COMPUTATIONS.filter((c) => strategiesAdded.includes(c.strategy))) {
      const [kr] = await tx.query<{ id: string }>("SELECT id FROM key_results WHERE strategy_id = $1 AND code = $2", [strategy, code]);
      await bindComputation(tx, kr!.id, computation, SEED_ACTOR);
    }
    return { strategiesAdded };
  });
}
