import { describe, expect, it } from "vitest";
import { claimAt, identityFromClaims, parseGrant } from "./oidc-claims.js";

describe("reading a person from single sign-on claims", () => {
  it("takes the standard claims, lower-cases the address and trusts it only when verified", () => {
    expect(identityFromClaims({ sub: "s1", email: "Kari@Example.no", email_verified: true, name: "Kari" }, {})).toEqual({
      subject: "s1",
      email: "kari@example.no",
      emailVerified: true,
      name: "Kari",
      grants: [],
      unmapped: [],
    });
    expect(identityFromClaims({ sub: "s1", email: "kari@example.no" }, {}).emailVerified).toBe(false);
    expect(identityFromClaims({ sub: "s1", email: "kari@example.no", email_verified: "true" }, {}).emailVerified).toBe(true);
  });

  it("falls back to Entra ID's sign-in name, never as a verified address", () => {
    const id = identityFromClaims({ sub: "s2", preferred_username: "Ola.Nordmann@hso.no", given_name: "Ola", family_name: "Nordmann", xms_edov: true }, {});
    expect(id).toMatchObject({ email: "ola.nordmann@hso.no", emailVerified: false, name: "Ola Nordmann" });
    expect(identityFromClaims({ sub: "s2", email: "ola@hso.no", xms_edov: true }, {}).emailVerified).toBe(true);
    expect(identityFromClaims({ sub: "s3", preferred_username: "not-an-address" }, {})).toMatchObject({ email: null, name: "not-an-address" });
  });

  it("refuses claims without a subject", () => {
    expect(() => identityFromClaims({ email: "a@b.no" }, {})).toThrow(/subject/);
  });

  it("maps role values, through the role map, to grants once each, and reports the rest", () => {
    const claims = { sub: "s", roles: ["reporter@ahus", "admin", "grp-1", "reporter@ahus", "owner@ahus", "reader@", 7] };
    const id = identityFromClaims(claims, { rolesClaim: "roles", roleMap: { "grp-1": ["reader@hso", "board_member@hso"] } });
    expect(id.grants).toEqual([
      { role: "reporter", organisation: "ahus" },
      { role: "admin", organisation: null },
      { role: "reader", organisation: "hso" },
      { role: "board_member", organisation: "hso" },
    ]);
    expect(id.unmapped).toEqual(["owner@ahus", "reader@"]);
    expect(identityFromClaims({ sub: "s", roles: "reader@ous" }, { rolesClaim: "roles" }).grants).toEqual([{ role: "reader", organisation: "ous" }]);
    expect(identityFromClaims(claims, {}).grants).toEqual([]);
  });

  it("reads a claim by its name, or by a dotted path into objects", () => {
    expect(claimAt({ realm_access: { roles: ["admin"] } }, "realm_access.roles")).toEqual(["admin"]);
    expect(claimAt({ "https://veivalg.no/roles": ["admin"] }, "https://veivalg.no/roles")).toEqual(["admin"]);
    expect(claimAt({ a: ["x"] }, "a.b")).toBeUndefined();
  });

  it("parses grants: admin without an organisation, every other role with one", () => {
    expect(parseGrant("admin")).toEqual({ role: "admin", organisation: null });
    expect(parseGrant("admin@hso")).toBeUndefined();
    expect(parseGrant("strategy_editor@hso")).toEqual({ role: "strategy_editor", organisation: "hso" });
    expect(parseGrant("@hso")).toBeUndefined();
    expect(parseGrant("reader")).toBeUndefined();
  });
});
