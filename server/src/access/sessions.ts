import type { Queryable } from "../data/db.js";
import { sessionGrants } from "./grants.js";
import type { Principal } from "./policy.js";
import { newSecret, sha256 } from "./secrets.js";

export interface SessionTimeouts {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteHours: number;
}

export interface NewSession {
  /** Goes in the cookie; never stored. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

/** Starts a session for a user who has just proved who they are. */
export async function createSession(tx: Queryable, userId: string, t: SessionTimeouts): Promise<NewSession> {
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + t.absoluteHours * 3_600_000).toISOString();
  await tx.query("INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)", [sha256(token), userId, csrfToken, expiresAt]);
  await tx.query("UPDATE users SET last_login_at = now() WHERE id = $1", [userId]);
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  principal: Principal;
  sessionHash: string;
  csrfToken: string;
}

/**
 * The session a cookie names, if it is still alive: not revoked, not past its absolute end, used
 * within the idle timeout, and its user not disabled. Using it pushes the idle timeout on.
 */
export async function findSession(db: Queryable, token: string, t: SessionTimeouts): Promise<ActiveSession | undefined> {
  const hash = sha256(token);
  const [row] = await db.query<{ userId: string; email: string; csrfToken: string; mustChangePassword: boolean; idle: boolean }>(
    `SELECT s.user_id AS "userId", u.email, s.csrf_token AS "csrfToken", u.must_change_password AS "mustChangePassword",
            s.last_seen_at < now() - make_interval(mins => $2) AS idle
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
    [hash, t.idleMinutes],
  );
  if (!row || row.idle) return undefined;
  // One write a minute at most per session, not one per request.
  await db.query("UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1 AND last_seen_at < now() - interval '1 minute'", [hash]);
  const grants = await sessionGrants(db, row.userId, row.mustChangePassword);
  return { principal: { kind: "user", id: row.userId, label: row.email, grants }, sessionHash: hash, csrfToken: row.csrfToken };
}

export async function revokeSession(tx: Queryable, sessionHash: string): Promise<void> {
  await tx.query("UPDATE sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL", [sessionHash]);
}

/** Signs a person out everywhere: every session of theirs ends. Returns how many were open. */
export async function revokeAllSessions(tx: Queryable, userId: string): Promise<number> {
  const rows = await tx.query("UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING 1", [userId]);
  return rows.length;
}
