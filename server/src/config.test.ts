import { describe, expect, it } from "vitest";
import { readConfig } from "./config.js";

describe("configuration of accounts and sessions", () => {
  it("has session timeouts by default, and no administrator from the environment", () => {
    expect(readConfig({})).toMatchObject({ sessions: { idleMinutes: 60, absoluteHours: 12 }, admin: undefined, trustProxy: false });
    expect(readConfig({ VEIVALG_SESSION_IDLE_MINUTES: "15", VEIVALG_SESSION_ABSOLUTE_HOURS: "8" }).sessions).toEqual({ idleMinutes: 15, absoluteHours: 8 });
  });

  it("refuses timeouts that make no sense, naming the variable", () => {
    expect(() => readConfig({ VEIVALG_SESSION_IDLE_MINUTES: "0" })).toThrow(/VEIVALG_SESSION_IDLE_MINUTES/);
    expect(() => readConfig({ VEIVALG_SESSION_ABSOLUTE_HOURS: "ever" })).toThrow(/VEIVALG_SESSION_ABSOLUTE_HOURS/);
    expect(() => readConfig({ VEIVALG_SESSION_IDLE_MINUTES: "180", VEIVALG_SESSION_ABSOLUTE_HOURS: "2" })).toThrow(/VEIVALG_SESSION_IDLE_MINUTES: must not be longer/);
  });

  it("takes the first administrator's e-mail and password together, and only a password that passes the rule", () => {
    expect(readConfig({ VEIVALG_ADMIN_EMAIL: "drift@example.no", VEIVALG_ADMIN_PASSWORD: "a long enough passphrase" }).admin).toEqual({
      email: "drift@example.no",
      password: "a long enough passphrase",
    });
    expect(() => readConfig({ VEIVALG_ADMIN_EMAIL: "drift@example.no" })).toThrow(/VEIVALG_ADMIN_PASSWORD: .*go together/);
    expect(() => readConfig({ VEIVALG_ADMIN_PASSWORD: "a long enough passphrase" })).toThrow(/VEIVALG_ADMIN_EMAIL/);
    expect(() => readConfig({ VEIVALG_ADMIN_EMAIL: "drift", VEIVALG_ADMIN_PASSWORD: "a long enough passphrase" })).toThrow(/VEIVALG_ADMIN_EMAIL/);
    expect(() => readConfig({ VEIVALG_ADMIN_EMAIL: "drift@example.no", VEIVALG_ADMIN_PASSWORD: "short" })).toThrow(/VEIVALG_ADMIN_PASSWORD: .*at least 12/);
  });
});

describe("configuration of small-count suppression", () => {
  it("hides counts below 5 unless told another threshold, and refuses one that is not a whole number from 1", () => {
    expect(readConfig({}).smallCountThreshold).toBe(5);
    expect(readConfig({ VEIVALG_SMALL_COUNT_THRESHOLD: "10" }).smallCountThreshold).toBe(10);
    for (const bad of ["0", "-3", "2.5", "few"]) expect(() => readConfig({ VEIVALG_SMALL_COUNT_THRESHOLD: bad }), bad).toThrow(/VEIVALG_SMALL_COUNT_THRESHOLD/);
  });
});

describe("configuration of single sign-on", () => {
  const entra = {
    VEIVALG_OIDC_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
    VEIVALG_OIDC_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
    VEIVALG_OIDC_CLIENT_SECRET: "secret",
    VEIVALG_PUBLIC_URL: "https://veivalg.example.no/",
  };

  it("is off without an issuer, and takes an Entra ID tenant with defaults", () => {
    expect(readConfig({}).oidc).toBeUndefined();
    expect(readConfig(entra).oidc).toEqual({
      issuer: entra.VEIVALG_OIDC_ISSUER,
      clientId: entra.VEIVALG_OIDC_CLIENT_ID,
      clientSecret: "secret",
      clientKey: undefined,
      redirectUri: "https://veivalg.example.no/api/v1/auth/oidc/callback",
      label: "login.microsoftonline.com",
      scopes: "openid email profile",
      rolesClaim: undefined,
      roleMap: undefined,
    });
  });

  it("reads the label, scopes, role claim, role map and a private key for HelseID", () => {
    const key = JSON.stringify({ kty: "EC", crv: "P-256", x: "x", y: "y", d: "d", kid: "k1" });
    const o = readConfig({
      ...entra,
      VEIVALG_OIDC_LABEL: "HelseID",
      VEIVALG_OIDC_SCOPES: "openid profile helseid://scopes/identity/email",
      VEIVALG_OIDC_ROLES_CLAIM: "roles",
      VEIVALG_OIDC_ROLE_MAP: JSON.stringify({ "grp-1": "reporter@ahus", "grp-2": ["reader@hso", "board_member@hso"] }),
      VEIVALG_OIDC_CLIENT_KEY: key,
    }).oidc;
    expect(o).toMatchObject({ label: "HelseID", rolesClaim: "roles", roleMap: { "grp-1": ["reporter@ahus"], "grp-2": ["reader@hso", "board_member@hso"] } });
    expect(o?.clientKey).toMatchObject({ kty: "EC", kid: "k1" });
  });

  it("refuses an incomplete or unsafe setup, naming the variable", () => {
    expect(() => readConfig({ ...entra, VEIVALG_PUBLIC_URL: undefined })).toThrow(/VEIVALG_PUBLIC_URL/);
    expect(() => readConfig({ ...entra, VEIVALG_OIDC_CLIENT_ID: undefined })).toThrow(/VEIVALG_OIDC_CLIENT_ID/);
    expect(() => readConfig({ ...entra, VEIVALG_OIDC_ISSUER: "http://login.example.no" })).toThrow(/VEIVALG_OIDC_ISSUER: must be an https/);
    expect(() => readConfig({ ...entra, VEIVALG_OIDC_SCOPES: "email profile" })).toThrow(/VEIVALG_OIDC_SCOPES: must include openid/);
    expect(() => readConfig({ ...entra, VEIVALG_OIDC_ROLE_MAP: "{not json" })).toThrow(/VEIVALG_OIDC_ROLE_MAP/);
    expect(() => readConfig({ ...entra, VEIVALG_OIDC_CLIENT_KEY: '{"kty":"EC","x":"x"}' })).toThrow(/VEIVALG_OIDC_CLIENT_KEY: must be a private JWK/);
    expect(() => readConfig({ ...entra, VEIVALG_OIDC_CLIENT_KEY: "/no/such/key.json" })).toThrow(/VEIVALG_OIDC_CLIENT_KEY: no file/);
    // On this machine plain http is fine: a provider started for development.
    expect(readConfig({ ...entra, VEIVALG_OIDC_ISSUER: "http://localhost:9000", VEIVALG_PUBLIC_URL: "http://localhost:8080" }).oidc?.issuer).toBe("http://localhost:9000");
  });

  it("trusts proxies only when told: all, or the listed addresses", () => {
    expect(readConfig({ VEIVALG_TRUST_PROXY: "1" }).trustProxy).toBe(true);
    expect(readConfig({ VEIVALG_TRUST_PROXY: "10.0.0.0/8,127.0.0.1" }).trustProxy).toBe("10.0.0.0/8,127.0.0.1");
  });
});
