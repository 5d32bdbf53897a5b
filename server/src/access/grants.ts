import type { Queryable } from "../data/db.js";
import type { Grant, Role } from "./policy.js";

export async function grantsOf(db: Queryable, userId: string): Promise<Grant[]> {
  const rows = await db.query<{ role: Role; organisation: string | null }>(
    "SELECT role, organisation_id AS organisation FROM role_grants WHERE user_id = $1 ORDER BY role, organisation_id",
    [userId],
  );
  return rows;
}
