import { createHash } from "node:crypto";
import { Conflict } from "../domain/errors.js";
import type { Db, Queryable } from "./db.js";

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
}

export const requestHash = (body: unknown): string => createHash("sha256").update(JSON.stringify(body)).digest("hex");

/** Who sent a request: a kind and a stable id (a user's or a token's); the label only for callers without an id. */
export interface Caller {
  kind: string;
  id: string | null;
  label: string;
}

/**
 * Where a caller's keys for `action` live. By kind and id, never by name: a token's name is not
 * unique, and another token given the same name must not get this one's answers. ("@" and "/" set
 * it apart from the label-based scopes before migration 0010, which can never match.)
 */
export const callerScope = (action: string, caller: Caller): string => `${action}@${caller.kind}/${caller.id ?? caller.label}`;

/**
 * Runs `fn` in a transaction at most once per caller, action and key. A retry by the same caller
 * with the same key and the same request gets the first response back; the same key with another
 * request is a conflict. Another caller's key of the same name is another key: their request is
 * processed as their own. Two concurrent requests with one key: the loser's transaction fails on
 * the key's primary key, rolls back everything it wrote, and then replays the winner's response.
 */
export async function onceWithKey<T>(
  db: Db,
  on: { action: string; caller: Caller },
  key: string,
  hash: string,
  fn: (tx: Queryable) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  const scope = callerScope(on.action, on.caller);
  const replay = async (): Promise<(StoredResponse<T> & { replayed: boolean }) | undefined> => {
    // The body stored is the one `fn` returned for this key, so it has `fn`'s type.
    const [row] = await db.query<{ request_hash: string; status: number; body: T }>(
      "SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2",
      [scope, key],
    );
    if (!row) return undefined;
    if (row.request_hash !== hash) {
      throw new Conflict("this Idempotency-Key was used for a different request", [{ path: "headers.idempotency-key", message: "reused" }], "idempotency_key_reused");
    }
    return { status: row.status, body: row.body, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const response = await db.transaction(async (tx) => {
      const r = await fn(tx);
      await tx.query("INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)", [
        scope,
        key,
        hash,
        r.status,
        JSON.stringify(r.body),
      ]);
      return r;
    });
    return { ...response, replayed: false };
  } catch (err) {
    if ((err as { code?: string }).code === "23505" || (err as { code?: string }).code === "concurrent_write") {
      const winner = await replay();
      if (winner) return winner;
    }
    throw err;
  }
}
