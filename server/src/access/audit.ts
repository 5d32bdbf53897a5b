import { createHash } from "node:crypto";
import type { Queryable } from "../data/db.js";
import type { Principal } from "./policy.js";

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
  actorKind: string;
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
  /** The first entry that does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
}

/** Walks the whole chain in order: every entry's hash must match its content and its predecessor. */
export async function verifyAudit(db: Queryable, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db.query<AuditEntry>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`, [expectedSeq, pageSize]);
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { entries: count, ok: false, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      if (r.prevHash !== prev) return { entries: count, ok: false, firstBroken: { seq: r.seq, reason: "it does not follow the entry before it" } };
      const { hash, ...rest } = r;
      if (entryHash(rest) !== hash) return { entries: count, ok: false, firstBroken: { seq: r.seq, reason: "its content does not match its hash" } };
      prev = hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < pageSize) return { entries: count, ok: true };
  }
}
