import type { Queryable } from "../data/db.js";

/** A person as others see them: their name, and where they have none their roles — never their address. */
export async function namesByEmail(db: Queryable, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await db.query<{ email: string; name: string; roles: string | null }>(
    `SELECT u.email, u.name,
            string_agg(g.role || COALESCE(' ' || o.short_name, ''), ', ' ORDER BY g.role, o.short_name) AS roles
       FROM users u
       LEFT JOIN role_grants g ON g.user_id = u.id
       LEFT JOIN organisations o ON o.id = g.organisation_id
      WHERE u.email = ANY($1::text[])
      GROUP BY u.email, u.name`,
    [emails],
  );
  return new Map(rows.map((r) => [r.email, r.name.trim() || r.roles || "—"]));
}
