import { randomUUID } from "node:crypto";
import type { Db, Queryable } from "../data/db.js";
import { Conflict, Invalid, NotFound, PreconditionFailed } from "../domain/errors.js";
import { appendAudit } from "./audit.js";
import { verifyPassword } from "./passwords.js";
import { ANONYMOUS, type Grant, type Principal } from "./policy.js";
import { newSecret, sha256 } from "./secrets.js";
import { revokeAllSessions } from "./sessions.js";
import { claimAttempt, clearThrottle, recordSuccess, SIGN_IN_THROTTLE, throttledUntil, type ThrottleRules } from "./sign-in-throttle.js";

/** People with local accounts or single sign-on, their roles, sign-in throttling and the first-start setup. */

export interface GrantInfo extends Grant {
  id: string;
  source: "manual" | "oidc";
  grantedBy: string;
  grantedAt: string;
}

export interface UserInfo {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  mustChangePassword: boolean;
  /** Whether the person can sign in with a password (else only through single sign-on). */
  hasPassword: boolean;
  /** Linked to an identity at the single sign-on provider. */
  sso: boolean;
  /** Sign-ins to the account are held back after wrong passwords (from some address, or from unfamiliar ones) until then. */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
  grants: GrantInfo[];
}

const USER_COLUMNS = `id, email, name, disabled, must_change_password AS "mustChangePassword", password_hash IS NOT NULL AS "hasPassword",
  oidc_subject IS NOT NULL AS sso, last_login_at AS "lastLoginAt", created_at AS "createdAt", version`;
const GRANT_COLUMNS = `id, role, organisation_id AS organisation, source, granted_by AS "grantedBy", granted_at AS "grantedAt"`;

/** E-mail addresses are compared without regard to case or surrounding blanks. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The audit trail's and policy's view of a person (as the actor of a sign-in, with the roles that matter then). */
export const userPrincipal = (user: { id: string; email: string }, grants: Grant[] = []): Principal => ({ kind: "user", id: user.id, label: user.email, grants });

type UserRow = Omit<UserInfo, "grants" | "lockedUntil">;

/** The people with their grants, and whether their sign-ins are held back now. */
async function withGrants(db: Queryable, users: UserRow[]): Promise<UserInfo[]> {
  if (users.length === 0) return [];
  const grants = await db.query<GrantInfo & { userId: string }>(
    `SELECT user_id AS "userId", ${GRANT_COLUMNS} FROM role_grants WHERE user_id = ANY($1::uuid[]) ORDER BY role, organisation_id`,
    [users.map((u) => u.id)],
  );
  const held = await throttledUntil(db, users.map((u) => u.email));
  return users.map((u) => ({
    ...u,
    lockedUntil: held.get(u.email) ?? null,
    grants: grants.filter((g) => g.userId === u.id).map(({ userId: _, ...g }) => g),
  }));
}

/** A page of people by e-mail, optionally those whose e-mail or name contains `q`, and how many match in all. */
export async function listUsers(db: Queryable, f: { q?: string | undefined; limit: number; offset: number }): Promise<{ total: number; users: UserInfo[] }> {
  const where = "WHERE $1::text IS NULL OR strpos(email, lower($1)) > 0 OR strpos(lower(name), lower($1)) > 0";
  const q = f.q ?? null;
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users ${where}`, [q]);
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ${where} ORDER BY email LIMIT $2 OFFSET $3`, [q, f.limit, f.offset]);
  return { total: count!.n, users: await withGrants(db, rows) };
}

export async function getUser(db: Queryable, id: string, lock = false): Promise<UserInfo> {
  const [row] = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
  if (!row) throw new NotFound(`no user ${id}`);
  const [user] = await withGrants(db, [row]);
  return user!;
}

/** What the audit trail keeps of a person: never the password hash. */
export const auditedUser = (u: UserInfo) => ({ email: u.email, name: u.name, disabled: u.disabled, mustChangePassword: u.mustChangePassword, version: u.version });

export interface NewUser {
  email: string;
  name: string;
  /** argon2id hash; null for a person who signs in only through single sign-on. */
  passwordHash: string | null;
  mustChangePassword: boolean;
}

export async function createUser(tx: Queryable, input: NewUser): Promise<UserInfo> {
  const email = normaliseEmail(input.email);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO users (id, email, name, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING id`,
    [randomUUID(), email, input.name, input.passwordHash, input.mustChangePassword],
  );
  if (!row) throw new Conflict(`there is already a user ${email}`, [{ path: "email", message: "already in use" }], "email_taken");
  return getUser(tx, row.id);
}

/** Changes name and whether the account is disabled, if the caller read the current version. Disabling ends the person's sessions. */
export async function updateUser(tx: Queryable, id: string, expectedVersion: number, change: { name: string; disabled: boolean }): Promise<{ before: UserInfo; after: UserInfo }> {
  const before = await getUser(tx, id, true);
  if (before.version !== expectedVersion) {
    throw new PreconditionFailed(`user ${before.email} is at version ${before.version}, not ${expectedVersion}; reload and apply your changes again`);
  }
  if (change.disabled && !before.disabled && before.grants.some((g) => g.role === "admin")) await keepAnAdministrator(tx, id);
  await tx.query("UPDATE users SET name = $2, disabled = $3, version = version + 1 WHERE id = $1", [id, change.name, change.disabled]);
  if (change.disabled) await revokeAllSessions(tx, id);
  return { before, after: await getUser(tx, id) };
}

/**
 * Sets a password an administrator chose: the person must change it at their next sign-in (the
 * administrator knows it), their sessions end, and the throttling of their sign-ins is lifted.
 */
export async function resetPassword(tx: Queryable, id: string, passwordHash: string): Promise<{ user: UserInfo; sessionsEnded: number }> {
  const { email } = await getUser(tx, id, true);
  await tx.query("UPDATE users SET password_hash = $2, must_change_password = true, version = version + 1 WHERE id = $1", [id, passwordHash]);
  await clearThrottle(tx, email);
  const sessionsEnded = await revokeAllSessions(tx, id);
  return { user: await getUser(tx, id), sessionsEnded };
}

/** The person's own new password. Their other sessions end: whoever knew the old password is out. */
export async function changePassword(tx: Queryable, id: string, passwordHash: string, keepSession: string): Promise<number> {
  await tx.query("UPDATE users SET password_hash = $2, must_change_password = false, version = version + 1 WHERE id = $1", [id, passwordHash]);
  const ended = await tx.query(
    "UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id_hash <> $2 AND revoked_at IS NULL AND expires_at > now() RETURNING 1",
    [id, keepSession],
  );
  return ended.length;
}

/** The stored password hash, for checking the current password before a change. */
export async function passwordHashOf(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db.query<{ hash: string | null }>("SELECT password_hash AS hash FROM users WHERE id = $1", [id]);
  return row?.hash ?? null;
}

/**
 * Grants a role: an administrator's on no organisation, every other role on an organisation that
 * exists. The same role on the same organisation twice is refused.
 */
export async function grantRole(tx: Queryable, userId: string, grant: Grant, grantedBy: string, source: "manual" | "oidc" = "manual"): Promise<GrantInfo> {
  if ((grant.role === "admin") !== (grant.organisation === null)) {
    throw new Invalid(grant.role === "admin" ? "an administrator's role has no organisation" : `the role ${grant.role} is granted on an organisation`, [
      { path: "organisation", message: "required for every role but admin, and not allowed for admin" },
    ]);
  }
  await getUser(tx, userId);
  if (grant.organisation !== null) {
    const [org] = await tx.query("SELECT 1 FROM organisations WHERE id = $1", [grant.organisation]);
    if (!org) throw new Invalid(`no organisation "${grant.organisation}"`, [{ path: "organisation", message: "unknown organisation" }]);
  }
  const [row] = await tx.query<GrantInfo>(
    `INSERT INTO role_grants (id, user_id, role, organisation_id, source, granted_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING ${GRANT_COLUMNS}`,
    [randomUUID(), userId, grant.role, grant.organisation, source, grantedBy],
  );
  if (!row) throw new Conflict(`the user already holds ${grant.role}${grant.organisation ? ` on ${grant.organisation}` : ""}`, [], "grant_exists");
  return row;
}

export async function revokeGrant(tx: Queryable, userId: string, grantId: string): Promise<GrantInfo> {
  const [grant] = await tx.query<GrantInfo>(`SELECT ${GRANT_COLUMNS} FROM role_grants WHERE id = $1 AND user_id = $2 FOR UPDATE`, [grantId, userId]);
  if (!grant) throw new NotFound(`user ${userId} has no grant ${grantId}`);
  if (grant.role === "admin") await keepAnAdministrator(tx, userId);
  await tx.query("DELETE FROM role_grants WHERE id = $1", [grantId]);
  return grant;
}

const ENABLED_ADMINS = "SELECT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE g.role = 'admin' AND NOT u.disabled";

/** Whether any enabled person is a system administrator; until one is, the first-start setup is open. */
export async function adminExists(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ exists: boolean }>(`SELECT EXISTS (${ENABLED_ADMINS}) AS exists`);
  return row!.exists;
}

// Setup and last-administrator checks serialise on this lock, so two requests cannot both pass them.
const ADMINS_LOCK = 741_236_002;

/** Refuses to take the administrator's role from the last enabled administrator: nobody could then administer the system. */
async function keepAnAdministrator(tx: Queryable, leaving: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [ADMINS_LOCK]);
  const [other] = await tx.query(`${ENABLED_ADMINS} AND g.user_id <> $1 LIMIT 1`, [leaving]);
  if (!other) throw new Conflict("this is the last administrator: make someone else an administrator first", [], "last_admin");
}

/** Creates a system administrator (first-start setup, `veivalg users create-admin`, or the environment). */
export async function createAdministrator(tx: Queryable, input: { email: string; name: string; passwordHash: string }, grantedBy: string): Promise<UserInfo> {
  const user = await createUser(tx, { ...input, mustChangePassword: false });
  await grantRole(tx, user.id, { role: "admin", organisation: null }, grantedBy);
  return getUser(tx, user.id);
}

// ── Signing in ──────────────────────────────────────────────────────────────────────────────

export type SignIn =
  | { outcome: "ok"; user: { id: string; email: string } }
  /** Unknown e-mail, wrong password, disabled account, or an account with no password here: all alike. */
  | { outcome: "failed" }
  /** Too many wrong passwords lately: try again after this many seconds (access/sign-in-throttle.ts). */
  | { outcome: "throttled"; retryAfterSeconds: number };

/**
 * Checks a password sign-in to the account `email` names from the client `address`. Unknown e-mail,
 * wrong password, disabled account and an account without a password here all fail after the same
 * work (one argon2 check), so neither the answer nor its time tells them apart. Every attempt counts
 * towards the throttle of that e-mail address — known or not — from that address, and held-back
 * attempts are answered before any password is checked; a success clears the address's count. The
 * failure with which the account-wide limit starts is audited.
 */
export async function authenticate(db: Db, email: string, password: string, address: string, rules: ThrottleRules = SIGN_IN_THROTTLE): Promise<SignIn> {
  const account = normaliseEmail(email);
  const attempt = await claimAttempt(db, account, address, rules);
  if (!attempt.allowed) return { outcome: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const [user] = await db.query<{ id: string; email: string; hash: string | null; disabled: boolean }>(
    "SELECT id, email, password_hash AS hash, disabled FROM users WHERE email = $1",
    [account],
  );
  const ok = await verifyPassword(user?.hash, password);
  if (user && ok && !user.disabled && user.hash !== null) {
    await recordSuccess(db, account, address, rules);
    return { outcome: "ok", user: { id: user.id, email: user.email } };
  }
  if (user && attempt.accountWide) {
    const after = { failures: rules.account.free, maxDelaySeconds: rules.account.maxDelaySeconds };
    await db.transaction((tx) => appendAudit(tx, ANONYMOUS, { action: "user.sign_in_throttled", objectType: "user", objectId: user.id, after }));
  }
  return { outcome: "failed" };
}

/** The signed-in person behind a session, with the session's CSRF token, for `GET /session`. */
export async function sessionUser(db: Queryable, sessionHash: string): Promise<{ id: string; email: string; name: string; mustChangePassword: boolean; csrfToken: string } | undefined> {
  const [row] = await db.query<{ id: string; email: string; name: string; mustChangePassword: boolean; csrfToken: string }>(
    `SELECT u.id, u.email, u.name, u.must_change_password AS "mustChangePassword", s.csrf_token AS "csrfToken"
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
    [sessionHash],
  );
  return row;
}

// ── First-start setup ───────────────────────────────────────────────────────────────────────

const SETUP_HOURS = 24;

/** A one-time link secret that lets whoever holds it create the first administrator; only its hash is kept. */
export async function createSetupToken(tx: Queryable): Promise<string> {
  const token = newSecret();
  await tx.query("INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, now() + make_interval(hours => $2))", [sha256(token), SETUP_HOURS]);
  return token;
}

/**
 * Creates the first administrator with a setup token: only while no administrator exists, and only
 * once per token. Every other open setup link is used up with it.
 */
export async function completeSetup(tx: Queryable, token: string, input: { email: string; name: string; passwordHash: string }): Promise<UserInfo> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [ADMINS_LOCK]);
  if (await adminExists(tx)) throw new Conflict("the system already has an administrator; ask them for an account", [], "setup_done");
  const [used] = await tx.query(
    "UPDATE setup_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING 1",
    [sha256(token)],
  );
  if (!used) throw new Invalid("the setup link is unknown, used or expired: restart the server for a new one", [{ path: "token", message: "not valid", code: "setup_token_invalid" }]);
  await tx.query("UPDATE setup_tokens SET used_at = now() WHERE used_at IS NULL");
  return createAdministrator(tx, input, "setup");
}
