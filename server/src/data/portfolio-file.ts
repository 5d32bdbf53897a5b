import type { CellLink } from "../imports/initiative-file.js";
import type { Queryable } from "./db.js";

/** An initiative's fields as the spreadsheet holds them: links by code, organisations by id. */
export interface InitiativeSheetFields {
  id: string;
  code: string;
  description: string;
  sponsor: string;
  ownerName: string;
  sections: CellLink[];
  keyResults: CellLink[];
  participants: string[];
}

/** Per initiative of the strategy: the fields the export writes beyond the portfolio list's. */
export async function sheetFields(db: Queryable, strategyId: string): Promise<Map<string, InitiativeSheetFields>> {
  const rows = await db.query<InitiativeSheetFields>(
    `SELECT i.id, i.code, i.description, i.sponsor, i.owner_name AS "ownerName",
            coalesce((SELECT json_agg(json_build_object('code', x.code, 'negative', l.direction = 'negative', 'size', l.size) ORDER BY x.position)
                        FROM initiative_links l JOIN sections x ON x.key = l.section_key
                       WHERE l.initiative_id = i.id AND l.key_result_id IS NULL AND x.strategy_id = s.id AND x.strategy_version = s.current_version), '[]') AS sections,
            coalesce((SELECT json_agg(json_build_object('code', k.code, 'negative', l.direction = 'negative', 'size', l.size) ORDER BY k.position)
                        FROM initiative_links l JOIN key_results k ON k.id = l.key_result_id WHERE l.initiative_id = i.id), '[]') AS "keyResults",
            coalesce((SELECT array_agg(p.organisation_id ORDER BY p.organisation_id) FROM initiative_participants p WHERE p.initiative_id = i.id), '{}') AS participants
       FROM initiatives i JOIN strategies s ON s.id = i.strategy_id
      WHERE i.strategy_id = $1`,
    [strategyId],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Costs per initiative and year, by initiative code, for the workbook's cost sheet. */
export function costsByYear(db: Queryable, strategyId: string) {
  return db.query<{ code: string; year: number; investmentEstimate: number; investmentActual: number | null; operatingEstimate: number; operatingActual: number | null; providerPersonYears: number }>(
    `SELECT i.code, c.year, c.investment_estimate AS "investmentEstimate", c.investment_actual AS "investmentActual",
            c.operating_estimate AS "operatingEstimate", c.operating_actual AS "operatingActual", c.provider_person_years AS "providerPersonYears"
       FROM initiative_costs c JOIN initiatives i ON i.id = c.initiative_id WHERE i.strategy_id = $1 ORDER BY i.code, c.year`,
    [strategyId],
  );
}

/** What the import checks the sheet's names against: organisations, focus areas, key results, themes and the initiatives there are. */
export async function importContext(db: Queryable, strategyId: string) {
  const organisations = await db.query<{ id: string; shortName: string }>(`SELECT id, short_name AS "shortName" FROM organisations`);
  const sections = await db.query<{ key: string; code: string | null; kind: string }>(
    `SELECT x.key, x.code, x.kind FROM sections x JOIN strategies s ON s.id = x.strategy_id AND s.current_version = x.strategy_version WHERE s.id = $1`,
    [strategyId],
  );
  const keyResults = await db.query<{ id: string; code: string; sectionKey: string }>(
    `SELECT id, code, section_key AS "sectionKey" FROM key_results WHERE strategy_id = $1 AND retired_from IS NULL`,
    [strategyId],
  );
  const initiatives = await db.query<{ id: string; code: string; version: number }>("SELECT id, code, version FROM initiatives WHERE strategy_id = $1", [strategyId]);
  return { organisations, sections, keyResults, initiatives };
}
