import { createHash } from "node:crypto";
import type { Queryable } from "../data/db.js";
import type { Principal, PrincipalKind } from "./policy.js";

/** What changed: appended by every write, in the writing transaction. */
export interface AuditInput {
  action: string;
  objectType: string;
  objectId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorKind: PrincipalKind;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export const GENESIS = "0".repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The entry's hash: SHA-256 over the previous hash and the entry's content. */
export function entryHash(e: Omit<AuditEntry, "hash">): string {
  const { prevHash, ...content } = e;
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(content)).digest("hex");
}

// Appends serialise on this lock, so the chain has one order even with several server instances.
const AUDIT_LOCK = 741_236_001;

/** Appends one entry to the audit trail; call it inside the transaction that makes the change. */
export async function appendAudit(tx: Queryable, actor: Principal, input: AuditInput): Promise<AuditEntry> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK]);
  const [last] = await tx.query<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  // JSON values go through a round trip so what is hashed is what jsonb gives back.
  const roundTrip = (v: unknown) => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as unknown));
  const entry: Omit<AuditEntry, "hash"> = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actorKind: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    before: roundTrip(input.before),
    after: roundTrip(input.after),
    prevHash: last?.hash ?? GENESIS,
  };
  const hash = entryHash(entry);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_label, action, object_type, object_id, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [entry.seq, entry.at, entry.actorKind, entry.actorId, entry.actorLabel, entry.action, entry.objectType, entry.objectId,
      JSON.stringify(entry.before), JSON.stringify(entry.after), entry.prevHash, hash],
  );
  return { ...entry, hash };
}

export const AUDIT_COLUMNS = `seq, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_label AS "actorLabel", action,
  object_type AS "objectType", object_id AS "objectId", before, after, prev_hash AS "prevHash", hash`;

export interface VerifyResult {
  entries: number;
  ok: boolean;
  /** The last entry checked and its hash: what to record elsewhere to anchor the chain (see docs/decisions/0010). */
  last: { seq: number; hash: string } | null;
  /** The first entry that does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
}

/** An entry recorded outside the database earlier: the chain must still hold it, with this hash. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/**
 * Walks the whole chain in order: every entry's hash must match its content and its predecessor.
 * With an anchor, the entry it names must still be there with the same hash, which also catches a
 * chain rewritten from that entry on, or cut short before it.
 */
export async function verifyAudit(db: Queryable, opts: { anchor?: AuditAnchor | undefined; pageSize?: number } = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 5000;
  const anchor = opts.anchor;
  let last: VerifyResult["last"] = null;
  let expectedSeq = 1;
  const broken = (seq: number, reason: string): VerifyResult => ({ entries: expectedSeq - 1, ok: false, last, firstBroken: { seq, reason } });
  for (;;) {
    const rows = await db.query<AuditEntry>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`, [expectedSeq, pageSize]);
    for (const r of rows) {
      if (r.seq !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing`);
      if (r.prevHash !== (last?.hash ?? GENESIS)) return broken(r.seq, "it does not follow the entry before it");
      const { hash, ...rest } = r;
      if (entryHash(rest) !== hash) return broken(r.seq, "its content does not match its hash");
      if (anchor?.seq === r.seq && anchor.hash !== hash) return broken(r.seq, "its hash is not the one recorded in the anchor");
      last = { seq: r.seq, hash };
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }
  if (anchor && anchor.seq >= expectedSeq) return broken(anchor.seq, `the chain ends at entry ${expectedSeq - 1}, before the anchored entry`);
  return { entries: expectedSeq - 1, ok: true, last };
}

/** Which entries to read: every field optional; `from`/`to` are instants, or dates meaning whole days in Norway. */
export interface AuditFilter {
  objectType?: string | undefined;
  objectId?: string | undefined;
  /** The actor's label (an e-mail address, `token:<name>`, `cli`) or id (a user's or token's). */
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// People mean a calendar day where they work: a date filter covers that day in Norwegian time.
const DAY_START = (p: string) => `(${p}::date)::timestamp AT TIME ZONE 'Europe/Oslo'`;

function auditWhere(f: AuditFilter, params: unknown[]): string {
  const conds: string[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.objectType !== undefined) conds.push(`object_type = ${param(f.objectType)}`);
  if (f.objectId !== undefined) conds.push(`object_id = ${param(f.objectId)}`);
  if (f.actor !== undefined) {
    const p = param(f.actor);
    conds.push(`(actor_id = ${p} OR lower(actor_label) = lower(${p}))`);
  }
  if (f.from !== undefined) conds.push(DATE_ONLY.test(f.from) ? `at >= ${DAY_START(param(f.from))}` : `at >= ${param(f.from)}::timestamptz`);
  if (f.to !== undefined) conds.push(DATE_ONLY.test(f.to) ? `at < ${DAY_START(`(${param(f.to)}::date + 1)`)}` : `at <= ${param(f.to)}::timestamptz`);
  return conds.length ? `WHERE ${conds.join(" AND ")}` : "";
}

/** One page of matching entries, newest first, and how many match in all. */
export async function listAudit(db: Queryable, f: AuditFilter, page: { limit: number; offset: number }): Promise<{ total: number; entries: AuditEntry[] }> {
  const params: unknown[] = [];
  const where = auditWhere(f, params);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${where}`, params);
  const entries = await db.query<AuditEntry>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { total: count!.n, entries };
}

/** Every matching entry, newest first, read a page at a time so an export of millions stays small in memory. */
export async function* auditEntries(db: Queryable, f: AuditFilter, pageSize = 2000): AsyncGenerator<AuditEntry> {
  let below: number | null = null;
  for (;;) {
    const params: unknown[] = [];
    const where = auditWhere(f, params);
    const keyset = below === null ? "" : `${where ? " AND" : "WHERE"} seq < $${params.push(below)}`;
    const rows: AuditEntry[] = await db.query<AuditEntry>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${where}${keyset} ORDER BY seq DESC LIMIT ${pageSize}`, params);
    yield* rows;
    if (rows.length < pageSize) return;
    below = rows.at(-1)!.seq;
  }
}
