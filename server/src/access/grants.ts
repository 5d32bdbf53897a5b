import type { Queryable } from "../data/db.js";
import type { Grant, Role } from "./policy.js";

export async function grantsOf(db: Queryable, userId: string): Promise<Grant[]> {
  const rows = await db.query<{ role: Role; organisation: string | null }>(
    "SELECT role, organisation_id AS organisation FROM role_grants WHERE user_id = $1 ORDER BY role, organisation_id",
    [userId],
  );
  return rows;
}

/**
 * The roles a session acts with. While a person must change their password (an administrator reset
 * it, so the administrator knows it) they act with none: they may change it, sign out and read what
 * is public, nothing more.
 */
export async function sessionGrants(db: Queryable, userId: string, mustChangePassword: boolean): Promise<Grant[]> {
  return mustChangePassword ? [] : grantsOf(db, userId);
}
