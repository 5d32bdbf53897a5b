import type { Queryable } from "./db.js";

/** The key results of a strategy (or only `keyResultId`) whose counts are suppressed when small (key_result_fhir_bindings). */
export async function suppressedKeyResults(db: Queryable, strategyId: string, keyResultId?: string): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `SELECT b.key_result_id AS id FROM key_result_fhir_bindings b JOIN key_results k ON k.id = b.key_result_id
      WHERE k.strategy_id = $1 AND ($2::uuid IS NULL OR k.id = $2::uuid) AND b.suppress_small_counts`,
    [strategyId, keyResultId ?? null],
  );
  return new Set(rows.map((r) => r.id));
}
