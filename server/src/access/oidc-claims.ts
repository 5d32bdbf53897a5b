import { ROLES, type Grant, type Role } from "./policy.js";

/**
 * What a single sign-on provider says about a person, read from the claims of their ID token (and
 * userinfo): who they are, their e-mail address, and the roles the provider grants them. Pure.
 */

export interface ClaimMapping {
  /** The claim holding role values; a dotted path reaches into objects (`realm_access.roles`). */
  rolesClaim?: string | undefined;
  /** Claim values translated before they are read, e.g. an Entra ID group's id → `reporter@ahus`. */
  roleMap?: Record<string, string[]> | undefined;
}

export interface OidcIdentity {
  subject: string;
  /** Lower-cased; null when the provider gave none. */
  email: string | null;
  /** Whether the provider vouches for the address: only then may it link an existing account. */
  emailVerified: boolean;
  name: string;
  /** The roles the claims grant, each once. Organisations are not checked here. */
  grants: Grant[];
  /** Role values that name no role: reported so an operator can fix the mapping. */
  unmapped: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** A claim by name, or — when no claim has that name — by a dotted path into nested objects. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let at: unknown = claims;
  for (const key of path.split(".")) {
    if (at === null || typeof at !== "object" || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** `admin`, or `<role>@<organisation>` (e.g. `reporter@ahus`). */
export function parseGrant(value: string): Grant | undefined {
  if (value === "admin") return { role: "admin", organisation: null };
  const at = value.indexOf("@");
  if (at <= 0 || at === value.length - 1) return undefined;
  const role = value.slice(0, at) as Role;
  if (role === "admin" || !ROLES.includes(role)) return undefined;
  return { role, organisation: value.slice(at + 1) };
}

function roleValues(claims: Record<string, unknown>, m: ClaimMapping): string[] {
  if (!m.rolesClaim) return [];
  const raw = claimAt(claims, m.rolesClaim);
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string" && v !== "");
  return values.flatMap((v) => m.roleMap?.[v] ?? [v]);
}

export function identityFromClaims(claims: Record<string, unknown>, m: ClaimMapping): OidcIdentity {
  const subject = text(claims.sub);
  if (!subject) throw new Error("the ID token has no subject");
  const email = text(claims.email);
  const fromEmail = email && EMAIL.test(email) ? email : undefined;
  // Entra ID often sends no `email`; its `preferred_username` is then the sign-in address (UPN), which
  // names the person but is not vouched for as a mailbox, so it never links an existing account.
  const upn = text(claims.preferred_username);
  const address = fromEmail ?? (upn && EMAIL.test(upn) ? upn : undefined);
  // `email_verified` is the standard claim (some providers send it as a string); Entra ID's optional
  // claim `xms_edov` says the address's domain is verified as the tenant's.
  const emailVerified = fromEmail !== undefined && (claims.email_verified === true || claims.email_verified === "true" || claims.xms_edov === true);
  const joined = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ");
  const name = text(claims.name) ?? (joined || (address ?? upn ?? subject));

  const grants: Grant[] = [];
  const unmapped: string[] = [];
  for (const value of roleValues(claims, m)) {
    const g = parseGrant(value);
    if (!g) unmapped.push(value);
    else if (!grants.some((h) => h.role === g.role && h.organisation === g.organisation)) grants.push(g);
  }
  return { subject, email: address ? address.toLowerCase() : null, emailVerified, name, grants, unmapped };
}
