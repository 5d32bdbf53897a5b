import { randomUUID } from "node:crypto";
import type { Queryable } from "../data/db.js";
import { Invalid, NotFound } from "../domain/errors.js";
import type { Principal, Role } from "./policy.js";
import { newSecret, sha256 } from "./secrets.js";

/** Tokens start with this, so a leaked one is recognisable (e.g. by secret scanners). */
export const TOKEN_PREFIX = "vvt_";

export interface TokenInput {
  name: string;
  role: Role;
  organisation: string | null;
  /** Days until it expires. */
  days: number;
}

export interface TokenInfo {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  organisation: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const TOKEN_COLUMNS = `id, name, prefix, role, organisation_id AS organisation, created_by AS "createdBy", created_at AS "createdAt",
  expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

/** Creates a token; the secret is returned this once and only its hash is kept. */
export async function createToken(tx: Queryable, input: TokenInput, createdBy: string): Promise<{ token: string; info: TokenInfo }> {
  if ((input.role === "admin") !== (input.organisation === null)) {
    throw new Invalid(input.role === "admin" ? "an administrator token has no organisation" : "a token needs an organisation", [
      { path: "organisation", message: "required for every role but admin, and not allowed for admin" },
    ]);
  }
  if (input.organisation !== null) {
    const [org] = await tx.query("SELECT 1 FROM organisations WHERE id = $1", [input.organisation]);
    if (!org) throw new Invalid(`no organisation "${input.organisation}"`, [{ path: "organisation", message: "unknown organisation" }]);
  }
  const token = TOKEN_PREFIX + newSecret();
  const id = randomUUID();
  const [info] = await tx.query<TokenInfo>(
    `INSERT INTO api_tokens (id, name, token_hash, prefix, role, organisation_id, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8)) RETURNING ${TOKEN_COLUMNS}`,
    [id, input.name, sha256(token), token.slice(0, TOKEN_PREFIX.length + 6), input.role, input.organisation, createdBy, input.days],
  );
  return { token, info: info! };
}

/** The principal a bearer token stands for, if it is valid; records when it was last used. */
export async function findToken(db: Queryable, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await db.query<{ id: string; name: string; role: Role; organisation: string | null }>(
    `UPDATE api_tokens SET last_used_at = now()
      WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
      RETURNING id, name, role, organisation_id AS organisation`,
    [sha256(token)],
  );
  if (!row) return undefined;
  return { kind: "token", id: row.id, label: `token:${row.name}`, grants: [{ role: row.role, organisation: row.organisation }] };
}

export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  return db.query<TokenInfo>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC`);
}

export async function revokeToken(tx: Queryable, id: string): Promise<{ before: TokenInfo; after: TokenInfo }> {
  const [before] = await tx.query<TokenInfo>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1 FOR UPDATE`, [id]);
  if (!before) throw new NotFound(`no token ${id}`);
  const [after] = await tx.query<TokenInfo>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
    [id],
  );
  return { before, after: after! };
}
