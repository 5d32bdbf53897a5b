import type { Queryable } from "../data/db.js";
import { suppressedKeyResults } from "../data/small-counts.js";
import { getKeyResultVersions, getStrategyTree, listStrategyVersions } from "../data/strategies.js";
import { smallCountFilter, type Figures, type SmallCountView } from "../domain/small-counts.js";
import type { Aggregation } from "../domain/strategy.js";

/**
 * A strategy with everything reported against it, as one JSON document: the current tree, its
 * versions, every key result version, and every measurement and assessment including corrections.
 * An export leaves the application, so small counts `view` may not see are hidden in it as on screen.
 */
export async function exportStrategy(db: Queryable, id: string, view: SmallCountView) {
  const strategy = await getStrategyTree(db, id);
  const versions = await listStrategyVersions(db, id);
  const krIds = await db.query<{ id: string; code: string }>("SELECT id, code FROM key_results WHERE strategy_id = $1 ORDER BY code", [id]);
  const keyResults = [];
  for (const kr of krIds) keyResults.push({ id: kr.id, code: kr.code, versions: await getKeyResultVersions(db, kr.id) });
  const suppressed = await suppressedKeyResults(db, id);
  const rows = await db.query<Figures & { keyResultId: string; aggregation: Aggregation; organisation: string }>(
    `SELECT m.id, k.code AS "keyResult", v.version AS "keyResultVersion", m.organisation_id AS organisation, m.period,
            m.breakdown, m.value, m.numerator, m.denominator, m.source, m.comment, m.recorded_by AS "recordedBy",
            m.recorded_at AS "recordedAt", m.superseded_at AS "supersededAt", m.key_result_id AS "keyResultId", v.aggregation
       FROM measurements m JOIN key_results k ON k.id = m.key_result_id JOIN key_result_versions v ON v.id = m.key_result_version_id
      WHERE k.strategy_id = $1 ORDER BY m.id`,
    [id],
  );
  const measurements = rows.map(({ keyResultId, aggregation, ...m }) => smallCountFilter(view, suppressed.has(keyResultId), aggregation)(m, m.organisation));
  const assessments = await db.query(
    `SELECT a.id, k.code AS "keyResult", a.section_key AS section, a.organisation_id AS organisation, a.period, a.confidence,
            a.done, a.learned, a.next, a.recorded_by AS "recordedBy", a.recorded_at AS "recordedAt", a.superseded_at AS "supersededAt"
       FROM assessments a LEFT JOIN key_results k ON k.id = a.key_result_id WHERE a.strategy_id = $1 ORDER BY a.id`,
    [id],
  );
  return {
    format: "veivalg-strategy-export/1",
    exportedAt: new Date().toISOString(),
    smallCountThreshold: view.threshold,
    strategy,
    versions,
    keyResults,
    measurements,
    assessments,
  };
}
