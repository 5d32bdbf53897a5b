import type { Db, Queryable } from "../data/db.js";

/**
 * Throttling of password sign-ins (OWASP's Authentication Cheat Sheet), instead of a lockout that
 * anyone who knows an e-mail address could keep its owner under (docs/decisions/0009-accounts-and-sessions.md).
 *
 * - **Per account and client address**: after `address.free` wrong passwords in a row from one
 *   address, each further attempt from it must wait `firstDelaySeconds` × 2^(failures − free) after
 *   the last failure — 1 s, 2 s, 4 s … — at most `maxDelaySeconds`. A success from the address
 *   clears its count.
 * - **Per account, from all addresses together**, a gentler limit against guessing spread over many
 *   addresses: each address counts with at most `address.free` of its failures (one address that
 *   keeps failing is held back by its own limit, not everyone's), and past `account.free` of them,
 *   attempts from an address the account has not signed in from within `knownAddressDays` wait
 *   likewise after the account's last failure, at most `account.maxDelaySeconds`. The addresses its
 *   owner uses are not held back by anyone else's failures.
 *
 * Counted for the e-mail address as typed (normalised), whether or not an account has it, so a
 * throttled answer tells nobody which accounts exist. The clock is the database's (`now()`), so every
 * server instance agrees; tests move time by moving the stored timestamps. Failures older than
 * `forgetFailuresHours` no longer count, and rows nothing holds any more are deleted as attempts come.
 */
export interface ThrottleRules {
  address: { free: number; firstDelaySeconds: number; maxDelaySeconds: number };
  account: { free: number; firstDelaySeconds: number; maxDelaySeconds: number };
  forgetFailuresHours: number;
  knownAddressDays: number;
}

export const SIGN_IN_THROTTLE: ThrottleRules = {
  address: { free: 3, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60 },
  account: { free: 20, firstDelaySeconds: 1, maxDelaySeconds: 60 },
  forgetFailuresHours: 24,
  knownAddressDays: 30,
};

/** What is stored for one account and address; times in epoch milliseconds. */
export interface AttemptRecord {
  address: string;
  failures: number;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
}

/** The wait after `failures` failures in a row: none up to `free`, then doubling from `firstDelaySeconds`, at most `maxDelaySeconds`. */
export function delaySeconds(failures: number, limit: ThrottleRules["address"]): number {
  if (failures < limit.free) return 0;
  return Math.min(limit.firstDelaySeconds * 2 ** Math.min(failures - limit.free, 60), limit.maxDelaySeconds);
}

const HOUR = 3_600_000;

/** The failures of a record that still count at `now`. */
const liveFailures = (r: AttemptRecord, now: number, rules: ThrottleRules): number =>
  r.lastFailureAt !== null && r.lastFailureAt > now - rules.forgetFailuresHours * HOUR ? r.failures : 0;

/** Until when (epoch ms) an attempt from `address` is held back, given the account's records; at or before `now` when it may go ahead. */
export function heldUntil(records: readonly AttemptRecord[], address: string, now: number, rules: ThrottleRules = SIGN_IN_THROTTLE): number {
  const own = records.find((r) => r.address === address);
  let until = own?.lastFailureAt != null ? own.lastFailureAt + delaySeconds(liveFailures(own, now, rules), rules.address) * 1000 : now;
  const known = own?.lastSuccessAt != null && own.lastSuccessAt > now - rules.knownAddressDays * 24 * HOUR;
  if (!known) until = Math.max(until, accountHeldUntil(records, now, rules));
  return until;
}

/** Until when the account-wide limit holds back addresses the account has not signed in from (epoch ms; ≤ now when it does not). */
function accountHeldUntil(records: readonly AttemptRecord[], now: number, rules: ThrottleRules): number {
  let last = 0;
  for (const r of records) if (liveFailures(r, now, rules) > 0) last = Math.max(last, r.lastFailureAt!);
  const delay = delaySeconds(accountCount(records, now, rules), rules.account);
  return delay === 0 ? now : last + delay * 1000;
}

/** The failures that count towards the account-wide limit: each address's, up to `address.free`. */
const accountCount = (records: readonly AttemptRecord[], now: number, rules: ThrottleRules): number =>
  records.reduce((n, r) => n + Math.min(liveFailures(r, now, rules), rules.address.free), 0);

/** Until when any attempt at this account is held back — from one address or from unfamiliar ones — as the administrators' list shows it. */
function latestHold(records: readonly AttemptRecord[], now: number, rules: ThrottleRules): number {
  let until = accountHeldUntil(records, now, rules);
  for (const r of records) {
    if (r.lastFailureAt !== null) until = Math.max(until, r.lastFailureAt + delaySeconds(liveFailures(r, now, rules), rules.address) * 1000);
  }
  return until;
}

// Attempts at one account are decided one at a time, on every server instance (the two-key form of
// PostgreSQL's advisory locks: this number, and a hash of the account).
const THROTTLE_LOCK = 741_236_003;

const RECORDS = `SELECT address, failures, (extract(epoch FROM last_failure_at) * 1000)::float8 AS "lastFailureAt",
  (extract(epoch FROM last_success_at) * 1000)::float8 AS "lastSuccessAt" FROM sign_in_throttle WHERE account = $1`;
const NOW = "SELECT (extract(epoch FROM now()) * 1000)::float8 AS now";

export type Attempt =
  /** `accountWide`: should this attempt fail, the account-wide limit starts with it. */
  | { allowed: true; accountWide: boolean }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Asks to try a password for `account` from `address`. An attempt that may go ahead is counted as a
 * failure at once, before the password is checked, so attempts sent together cannot all slip
 * through; a success then clears it (`recordSuccess`). An attempt held back is not counted, and
 * learns how many seconds to wait. Rows past their time are deleted here too.
 */
export async function claimAttempt(db: Db, account: string, address: string, rules: ThrottleRules = SIGN_IN_THROTTLE): Promise<Attempt> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [THROTTLE_LOCK, account]);
    await tx.query("DELETE FROM sign_in_throttle WHERE forget_at < now()");
    const records = await tx.query<AttemptRecord>(RECORDS, [account]);
    const [{ now } = { now: Date.now() }] = await tx.query<{ now: number }>(NOW);
    const until = heldUntil(records, address, now, rules);
    if (until > now) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
    const own = records.find((r) => r.address === address);
    const failures = (own ? liveFailures(own, now, rules) : 0) + 1;
    const before = accountCount(records, now, rules);
    const after = before + (failures <= rules.address.free ? 1 : 0);
    await tx.query(
      `INSERT INTO sign_in_throttle (account, address, failures, last_failure_at, forget_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(hours => $4))
       ON CONFLICT (account, address) DO UPDATE SET failures = $3, last_failure_at = now(),
         forget_at = greatest(now() + make_interval(hours => $4), sign_in_throttle.last_success_at + make_interval(days => $5))`,
      [account, address, failures, rules.forgetFailuresHours, rules.knownAddressDays],
    );
    return { allowed: true, accountWide: before < rules.account.free && after >= rules.account.free };
  });
}

/** A right password from `address`: its count starts again, and the account knows the address for a while. */
export async function recordSuccess(db: Queryable, account: string, address: string, rules: ThrottleRules = SIGN_IN_THROTTLE): Promise<void> {
  await db.query(
    `INSERT INTO sign_in_throttle (account, address, failures, last_success_at, forget_at)
     VALUES ($1, $2, 0, now(), now() + make_interval(days => $3))
     ON CONFLICT (account, address) DO UPDATE SET failures = 0, last_failure_at = NULL, last_success_at = now(), forget_at = excluded.forget_at`,
    [account, address, rules.knownAddressDays],
  );
}

/** An administrator's reset: every count and remembered address of the account is forgotten. */
export async function clearThrottle(tx: Queryable, account: string): Promise<void> {
  await tx.query("DELETE FROM sign_in_throttle WHERE account = $1", [account]);
}

/** For each of `accounts` held back now from some address, until when (ISO time). */
export async function throttledUntil(db: Queryable, accounts: readonly string[], rules: ThrottleRules = SIGN_IN_THROTTLE): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  if (accounts.length === 0) return held;
  const rows = await db.query<AttemptRecord & { account: string }>(
    `SELECT account, address, failures, (extract(epoch FROM last_failure_at) * 1000)::float8 AS "lastFailureAt",
       (extract(epoch FROM last_success_at) * 1000)::float8 AS "lastSuccessAt"
       FROM sign_in_throttle WHERE account = ANY($1::text[]) AND last_failure_at IS NOT NULL`,
    [accounts],
  );
  const [{ now } = { now: Date.now() }] = await db.query<{ now: number }>(NOW);
  const byAccount = new Map<string, AttemptRecord[]>();
  for (const r of rows) byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), r]);
  for (const [account, records] of byAccount) {
    const until = latestHold(records, now, rules);
    if (until > now) held.set(account, new Date(until).toISOString());
  }
  return held;
}
