import { Conflict, Invalid, NotFound, PreconditionFailed, type ErrorDetail } from "../domain/errors.js";
import { assertMergeable, assertOpen, assertSupporter, type NeedSize, type NeedState, type NeedStatus } from "../domain/portfolio/needs.js";
import { isObjective } from "../domain/portfolio/coverage.js";
import type { Queryable } from "./db.js";
import { createInitiative, type InitiativeInput } from "./initiatives.js";
import { assertRegistered } from "./strategies.js";

export interface NeedInput {
  strategyId: string;
  organisationId: string;
  title: string;
  problem: string;
  whoHasIt?: string | undefined;
  size: NeedSize;
  theme?: string | undefined;
  sections?: string[] | undefined;
}

export interface Supporter {
  organisationId: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Need extends NeedState {
  title: string;
  problem: string;
  whoHasIt: string;
  size: NeedSize;
  themeKey: string | null;
  sectionKeys: string[];
  version: number;
  submittedBy: string;
  submittedAt: string;
  supporters: Supporter[];
}

const NEED = `n.id, n.strategy_id AS "strategyId", n.organisation_id AS "organisationId", n.title, n.problem, n.who_has_it AS "whoHasIt", n.size,
  n.theme_key AS "themeKey", n.section_keys AS "sectionKeys", n.status, n.merged_into AS "mergedInto", n.initiative_id AS "initiativeId",
  n.version, n.submitted_by AS "submittedBy", n.submitted_at AS "submittedAt",
  coalesce((SELECT json_agg(json_build_object('organisationId', s.organisation_id, 'note', s.note, 'recordedBy', s.recorded_by, 'recordedAt', s.recorded_at)
                            ORDER BY s.recorded_at, s.organisation_id)
              FROM need_supporters s WHERE s.need_id = n.id), '[]') AS supporters`;

export async function listNeeds(db: Queryable, strategyId: string, status?: NeedStatus): Promise<Need[]> {
  return db.query<Need>(`SELECT ${NEED} FROM needs n WHERE n.strategy_id = $1 AND ($2::text IS NULL OR n.status = $2) ORDER BY n.submitted_at DESC, n.id`, [
    strategyId,
    status ?? null,
  ]);
}

export async function getNeed(db: Queryable, id: string, lock = false): Promise<Need> {
  const [row] = await db.query<Need>(`SELECT ${NEED} FROM needs n WHERE n.id = $1${lock ? " FOR UPDATE OF n" : ""}`, [id]);
  if (!row) throw new NotFound(`no need ${id}`);
  return row;
}

/** Refuses a theme that is not one of the strategy's own initiatives, or sections that are not its focus areas. */
async function assertNeedRefs(tx: Queryable, n: NeedInput): Promise<void> {
  const rows = await tx.query<{ key: string; kind: string; keyResultCount: number }>(
    `SELECT x.key, x.kind, (SELECT count(*)::int FROM key_results k WHERE k.strategy_id = s.id AND k.section_key = x.key) AS "keyResultCount"
       FROM sections x JOIN strategies s ON s.id = x.strategy_id AND s.current_version = x.strategy_version WHERE s.id = $1`,
    [n.strategyId],
  );
  const kinds = new Map(rows.map((r) => [r.key, r]));
  const faults: ErrorDetail[] = [];
  if (n.theme !== undefined && kinds.get(n.theme)?.kind !== "initiative") faults.push({ path: "theme", message: `no strategic initiative "${n.theme}" in this strategy` });
  (n.sections ?? []).forEach((key, i) => {
    const s = kinds.get(key);
    if (!s || !isObjective(s)) faults.push({ path: `sections.${i}`, message: `no focus area "${key}" in this strategy` });
  });
  if (faults.length > 0) throw new Invalid("the need refers to what is not in the strategy", faults);
}

export async function registerNeed(tx: Queryable, n: NeedInput, actor: string): Promise<Need> {
  await assertRegistered(tx, [{ path: "organisation", organisation: n.organisationId }]);
  await assertNeedRefs(tx, n);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO needs (strategy_id, organisation_id, title, problem, who_has_it, size, theme_key, section_keys, submitted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [n.strategyId, n.organisationId, n.title, n.problem, n.whoHasIt ?? "", n.size, n.theme ?? null, [...new Set(n.sections ?? [])], actor],
  );
  return getNeed(tx, row!.id);
}

/** Records that `organisation` has the need too. */
export async function supportNeed(tx: Queryable, id: string, organisation: string, note: string, actor: string): Promise<Need> {
  const need = await getNeed(tx, id, true);
  await assertRegistered(tx, [{ path: "organisation", organisation }]);
  assertSupporter(need, organisation);
  const added = await tx.query("INSERT INTO need_supporters (need_id, organisation_id, note, recorded_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1", [
    id,
    organisation,
    note,
    actor,
  ]);
  if (added.length === 0) throw new Conflict(`${organisation} supports this need already`, [{ path: "organisation", message: "supports it already" }], "supported_already");
  return getNeed(tx, id);
}

async function lockOpen(tx: Queryable, id: string, expected: number): Promise<Need> {
  const need = await getNeed(tx, id, true);
  if (need.version !== expected) throw new PreconditionFailed(`the need is at version ${need.version}, not ${expected}; reload and try again`);
  return need;
}

/**
 * Merges a need into a duplicate: it is closed, pointing at the other, and its organisation and
 * supporters become the other's supporters (they have the need too).
 */
export async function mergeNeed(tx: Queryable, id: string, into: string, expected: number, actor: string): Promise<Need> {
  // Both in one order, so that merging A into B while B is merged into A cannot deadlock.
  await tx.query("SELECT 1 FROM needs WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE", [[id, into]]);
  const need = await lockOpen(tx, id, expected);
  const target = await getNeed(tx, into).catch((err: unknown) => {
    if (err instanceof NotFound) throw new Invalid(`no need ${into}`, [{ path: "into", message: "no such need" }]);
    throw err;
  });
  assertMergeable(need, target);
  await tx.query(
    `INSERT INTO need_supporters (need_id, organisation_id, note, recorded_by)
     SELECT $2, o.organisation_id, o.note, $4
       FROM (SELECT $3::text AS organisation_id, 'merged: ' || $5 AS note
             UNION ALL SELECT organisation_id, note FROM need_supporters WHERE need_id = $1) o
      WHERE o.organisation_id <> $6
     ON CONFLICT DO NOTHING`,
    [id, into, need.organisationId, actor, need.title, target.organisationId],
  );
  await tx.query("UPDATE needs SET status = 'merged', merged_into = $2, version = version + 1 WHERE id = $1", [id, into]);
  return getNeed(tx, id);
}

export async function declineNeed(tx: Queryable, id: string, expected: number): Promise<Need> {
  const need = await lockOpen(tx, id, expected);
  assertOpen(need, "declined");
  await tx.query("UPDATE needs SET status = 'declined', version = version + 1 WHERE id = $1", [id]);
  return getNeed(tx, id);
}

/** What converting a need takes: the initiative's fields; the rest come from the need. */
export type ConversionInput = Omit<InitiativeInput, "organisation" | "title"> & { title?: string | undefined };

/**
 * Turns a need into an initiative of its portfolio: the need's organisation owns it, its focus
 * areas become links, its theme the initiative's theme, and the organisations supporting it take part.
 */
export async function convertNeed(tx: Queryable, id: string, expected: number, input: ConversionInput, actor: string): Promise<{ need: Need; initiativeId: string }> {
  const need = await lockOpen(tx, id, expected);
  assertOpen(need, "turned into an initiative");
  const links = [...(input.links ?? [])];
  for (const section of need.sectionKeys) if (!links.some((l) => l.section === section && !l.keyResult)) links.push({ section });
  const supporters = need.supporters.map((s) => s.organisationId).filter((o) => o !== need.organisationId);
  const initiativeId = await createInitiative(
    tx,
    need.strategyId,
    {
      ...input,
      title: input.title ?? need.title,
      description: input.description ?? need.problem,
      organisation: need.organisationId,
      theme: input.theme === undefined ? need.themeKey : input.theme,
      links,
      participants: [...new Set([...(input.participants ?? []), ...supporters])],
    },
    `from need: ${need.title}`,
    actor,
  );
  await tx.query("UPDATE needs SET status = 'converted', initiative_id = $2, version = version + 1 WHERE id = $1", [id, initiativeId]);
  return { need: await getNeed(tx, id), initiativeId };
}
