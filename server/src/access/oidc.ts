import type { Queryable } from "../data/db.js";
import { Conflict, Forbidden } from "../domain/errors.js";
import { grantsOf } from "./grants.js";
import type { OidcIdentity } from "./oidc-claims.js";
import type { Grant } from "./policy.js";
import { newSecret, sha256 } from "./secrets.js";
import { createUser } from "./users.js";

/** Single sign-on: logins under way, and the people they sign in. */

/** What the callback must check, kept server-side between the redirect to the provider and its answer. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A path on this site to land on afterwards. */
  returnTo: string;
}

/** A person has this long at the provider before the login must start again. */
export const PENDING_LOGIN_MINUTES = 10;

/** Keeps a login under way; returns the secret for the browser's cookie (only its hash is stored). */
export async function savePendingLogin(db: Queryable, login: PendingLogin): Promise<string> {
  const secret = newSecret();
  // Abandoned logins are cleared as new ones start: the table stays as small as the logins in flight.
  await db.query("DELETE FROM oidc_logins WHERE expires_at < now()");
  await db.query(
    `INSERT INTO oidc_logins (id_hash, state, nonce, code_verifier, return_to, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
    [sha256(secret), login.state, login.nonce, login.codeVerifier, login.returnTo, PENDING_LOGIN_MINUTES],
  );
  return secret;
}

/** Takes the login the cookie names, once: a replayed callback finds nothing. */
export async function takePendingLogin(db: Queryable, secret: string): Promise<PendingLogin | undefined> {
  const [row] = await db.query<PendingLogin & { live: boolean }>(
    `DELETE FROM oidc_logins WHERE id_hash = $1
     RETURNING state, nonce, code_verifier AS "codeVerifier", return_to AS "returnTo", expires_at > now() AS live`,
    [sha256(secret)],
  );
  if (!row?.live) return undefined;
  const { live: _, ...login } = row;
  return login;
}

/**
 * The account name of a person whose provider gives no e-mail address (HelseID and ID-porten give
 * none): derived from their subject there, under the reserved `.invalid` domain so nobody mails it.
 */
export function standInEmail(issuer: string, subject: string): string {
  return `sso-${sha256(subject).slice(0, 20)}@${new URL(issuer).hostname}.invalid`;
}

export interface OidcSignIn {
  userId: string;
  email: string;
  /** A new account was made for this person. */
  created: boolean;
  /** An existing account (found by verified e-mail) was linked to this identity. */
  linked: boolean;
  /** Every role the person now holds, granted by hand or by the provider. */
  grants: Grant[];
  /** Roles from the claims on organisations that do not exist: not granted. */
  unknownOrganisations: string[];
}

/**
 * Finds the person an identity at `issuer` belongs to — by the provider's subject, else by an e-mail
 * address the provider vouches for (linking the account) — or makes an account for them; then
 * replaces the roles the provider granted at their last sign-in with those its claims grant now.
 * Roles granted by an administrator stay. A disabled account is refused.
 */
export async function signInWithOidc(tx: Queryable, issuer: string, identity: OidcIdentity): Promise<OidcSignIn> {
  let [user] = await tx.query<{ id: string; email: string; disabled: boolean }>(
    "SELECT id, email, disabled FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 FOR UPDATE",
    [issuer, identity.subject],
  );
  let created = false;
  let linked = false;
  if (!user) {
    const email = identity.email ?? standInEmail(issuer, identity.subject);
    const [existing] = await tx.query<{ id: string; email: string; disabled: boolean; linkedElsewhere: boolean }>(
      `SELECT id, email, disabled, oidc_subject IS NOT NULL AS "linkedElsewhere" FROM users WHERE email = $1 FOR UPDATE`,
      [email],
    );
    if (existing) {
      if (existing.linkedElsewhere) throw new Conflict(`${email} is already linked to another single sign-on identity`, [], "identity_conflict");
      if (!identity.emailVerified) throw new Conflict(`${email} has an account, and the provider does not vouch for the address`, [], "email_unverified");
      await tx.query("UPDATE users SET oidc_issuer = $2, oidc_subject = $3, version = version + 1 WHERE id = $1", [existing.id, issuer, identity.subject]);
      user = existing;
      linked = true;
    } else {
      const made = await createUser(tx, { email, name: identity.name, passwordHash: null, mustChangePassword: false });
      await tx.query("UPDATE users SET oidc_issuer = $2, oidc_subject = $3 WHERE id = $1", [made.id, issuer, identity.subject]);
      user = { id: made.id, email: made.email, disabled: false };
      created = true;
    }
  }
  if (user.disabled) throw new Forbidden(`the account ${user.email} is disabled`);

  const named = [...new Set(identity.grants.flatMap((g) => (g.organisation === null ? [] : [g.organisation])))];
  const known = new Set(
    (await tx.query<{ id: string }>("SELECT id FROM organisations WHERE id = ANY($1::text[])", [named])).map((r) => r.id),
  );
  const granted = identity.grants.filter((g) => g.organisation === null || known.has(g.organisation));
  await tx.query("DELETE FROM role_grants WHERE user_id = $1 AND source = 'oidc'", [user.id]);
  // A role the person already holds by an administrator's grant stays that grant.
  await tx.query(
    `INSERT INTO role_grants (id, user_id, role, organisation_id, source, granted_by)
     SELECT gen_random_uuid(), $1, g.role, g.organisation, 'oidc', $2 FROM unnest($3::text[], $4::text[]) AS g(role, organisation)
     ON CONFLICT DO NOTHING`,
    [user.id, `oidc:${issuer}`, granted.map((g) => g.role), granted.map((g) => g.organisation)],
  );
  return {
    userId: user.id,
    email: user.email,
    created,
    linked,
    grants: await grantsOf(tx, user.id),
    unknownOrganisations: named.filter((o) => !known.has(o)),
  };
}
