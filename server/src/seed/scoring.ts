import type { Db } from "../data/db.js";
import { readModel } from "../data/scoring.js";
import { SEED_ACTOR } from "./load.js";
import { random } from "./random.js";

/** The demo portfolio board's members, as their scores are signed (no accounts: the demo only shows their scores). */
export const DEMO_SCORERS = ["styremedlem1@hso.no", "styremedlem2@hso.no", "styremedlem3@hso.no"];

/**
 * The demo board's scores of the demo portfolio's candidates on the region's scored criteria: each
 * member near a common view of the initiative, agreed scores on about half of them, and two
 * candidates a legal requirement. Does nothing when the portfolio has been scored.
 */
export async function seedDemoScores(db: Db, strategyId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [strategy] = await tx.query<{ owner: string }>("SELECT owner_id AS owner FROM strategies WHERE id = $1", [strategyId]);
    if (!strategy) return 0;
    const candidates = await tx.query<{ id: string }>("SELECT id FROM initiatives WHERE strategy_id = $1 AND phase NOT IN ('completed', 'rejected') ORDER BY code", [strategyId]);
    const ids = candidates.map((c) => c.id);
    if ((await tx.query("SELECT 1 FROM initiative_scores WHERE initiative_id = ANY($1::uuid[]) LIMIT 1", [ids])).length > 0) return 0;
    const scored = (await readModel(tx, strategy.owner)).criteria.filter((c) => c.kind === "scored");
    const rng = random("demo-scores");
    const legal = new Set([ids[Math.floor(ids.length / 3)], ids[Math.floor((2 * ids.length) / 3)]]);
    const scores: [string, string, string, number][] = [];
    const agreed: [string, string, number, string][] = [];
    for (const id of ids) {
      const isLegal = legal.has(id);
      const agree = isLegal || rng() < 0.5;
      for (const c of scored) {
        const mandate = c.mandatoryAt !== undefined;
        // Most initiatives have no mandate, none but the two reaches a legal requirement.
        const ceiling = mandate && !isLegal ? Math.max(c.min, c.mandatoryAt! - 1) : c.max;
        const common = mandate ? (isLegal ? c.mandatoryAt! : rng() < 0.7 ? c.min : ceiling) : c.min + Math.floor(rng() * (c.max - c.min + 1));
        DEMO_SCORERS.forEach((scorer) => scores.push([id, c.key, scorer, Math.min(ceiling, Math.max(c.min, common + Math.round(rng() * 2 - 1)))]));
        if (agree) agreed.push([id, c.key, common, mandate && isLegal ? "Lovkrav" : "Enighet i porteføljestyret"]);
      }
    }
    const column = <T,>(rows: T[][], i: number) => rows.map((r) => r[i]);
    await tx.query(
      `INSERT INTO initiative_scores (initiative_id, criterion, scorer, value)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[])`,
      [0, 1, 2, 3].map((i) => column(scores, i)),
    );
    await tx.query(
      `INSERT INTO agreed_scores (initiative_id, criterion, value, note, agreed_by)
       SELECT a.*, $5 FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::text[]) AS a`,
      [...[0, 1, 2, 3].map((i) => column(agreed, i)), SEED_ACTOR],
    );
    return scores.length;
  });
}
