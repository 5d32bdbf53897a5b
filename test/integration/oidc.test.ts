import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standInEmail } from "../../server/src/access/oidc.js";
import { sha256 } from "../../server/src/access/secrets.js";
import { findSession } from "../../server/src/access/sessions.js";
import { createUser } from "../../server/src/access/users.js";
import type { OidcOptions } from "../../server/src/config.js";
import { DEFAULT_ACCESS } from "../../server/src/http/app.js";
import { safeReturnTo } from "../../server/src/http/oidc/routes.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { freePort, startProvider, type TestProvider } from "../support/oidc-provider.js";

/**
 * Single sign-on against a real OpenID Connect provider: the authorization code flow driven with
 * plain HTTP requests, as a browser would, through the provider's login and consent forms.
 */

/** A browser's cookies and redirects, enough for the flow: cookies are kept per origin. */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === "" || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
    return res;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }
}

/**
 * Starts a login at the app and goes through the provider's forms as `login`; returns the address
 * the provider sends the browser back to (the app's callback), not yet visited.
 */
async function throughProvider(browser: Browser, appBase: string, login: string, returnTo = "/"): Promise<string> {
  let res = await browser.request(`${appBase}/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(res.status).toBe(302);
  let url = new URL(res.headers.get("location")!, appBase).href;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(`${appBase}/api/v1/auth/oidc/callback`)) return url;
    res = await browser.request(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url).href;
      continue;
    }
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider's page:\n${html}`);
    const form: Record<string, string> = prompt === "login" ? { prompt, login, password: "any" } : { prompt };
    res = await browser.request(new URL(action, url).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    expect(res.status).toBeLessThan(400);
    url = new URL(res.headers.get("location")!, url).href;
  }
  throw new Error("the provider never sent the browser back");
}

interface SsoSetup {
  provider: TestProvider;
  t: TestApp;
  base: string;
}

async function setUp(provider: TestProvider, port: number, oidc: Omit<OidcOptions, "redirectUri" | "issuer" | "label" | "scopes">): Promise<SsoSetup> {
  const base = `http://127.0.0.1:${port}`;
  const t = await openTestApp({
    oidc: { issuer: provider.issuer, label: "Testleverandør", scopes: "openid email profile roles", redirectUri: `${base}/api/v1/auth/oidc/callback`, ...oidc },
  });
  await t.app.listen({ port, host: "127.0.0.1" });
  return { provider, t, base };
}

async function userByEmail(t: TestApp, email: string) {
  const [u] = await t.db.query<{ id: string; oidcSubject: string | null }>(`SELECT id, oidc_subject AS "oidcSubject" FROM users WHERE email = $1`, [email]);
  return u;
}

async function grantsOf(t: TestApp, userId: string) {
  return t.db.query<{ role: string; organisation: string | null; source: string }>(
    "SELECT role, organisation_id AS organisation, source FROM role_grants WHERE user_id = $1 ORDER BY role, organisation_id",
    [userId],
  );
}

describe("single sign-on with a confidential client (as with Entra ID)", () => {
  let s: SsoSetup;
  beforeAll(async () => {
    const port = await freePort();
    const provider = await startProvider({
      clients: [{ client_id: "veivalg", client_secret: "a-long-client-secret-for-tests", redirect_uris: [`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`], token_endpoint_auth_method: "client_secret_post" }],
      accounts: {
        anne: { email: "Anne@Example.no", email_verified: true, name: "Anne Rapportør", veivalg_roles: ["reporter@ahus", "strategy_editor@hso", "pilot", "reader@nowhere"] },
        bjorn: { email: "bjorn@example.no", email_verified: true, name: "Bjørn Lenket" },
        carl: { email: "carl@example.no", email_verified: false, name: "Carl Uverifisert" },
        dina: { email: "dina@example.no", email_verified: true, name: "Dina Deaktivert" },
      },
    });
    s = await setUp(provider, port, { clientId: "veivalg", clientSecret: "a-long-client-secret-for-tests", rolesClaim: "veivalg_roles", roleMap: { pilot: ["reader@sunnaas"] } });
  });
  afterAll(async () => {
    await s?.t.close();
    await s?.provider.close();
  });

  it("creates the person at first sign-in, maps the role claim to grants, starts a session and lands where the login started", async () => {
    const browser = new Browser();
    const callback = await throughProvider(browser, s.base, "anne", "/strategier/hso-teknologi-2023?tab=1");
    const res = await browser.request(callback);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/strategier/hso-teknologi-2023?tab=1");
    const token = browser.cookie(s.base, "veivalg_session");
    expect(token).toBeTruthy();
    expect(res.headers.getSetCookie().find((c) => c.startsWith("veivalg_session="))).toMatch(/HttpOnly/i);
    // The one-time login cookie is gone, and so is the login it named.
    expect(browser.cookie(s.base, "veivalg_oidc")).toBeUndefined();
    expect(await s.t.db.query("SELECT 1 FROM oidc_logins")).toHaveLength(0);

    const anne = await userByEmail(s.t, "anne@example.no");
    expect(anne?.oidcSubject).toBe("anne");
    const [row] = await s.t.db.query<{ name: string; issuer: string; hash: string | null }>(
      `SELECT name, oidc_issuer AS issuer, password_hash AS hash FROM users WHERE id = $1`,
      [anne!.id],
    );
    expect(row).toEqual({ name: "Anne Rapportør", issuer: s.provider.issuer, hash: null });
    // `pilot` maps to reader@sunnaas; reader@nowhere names no organisation and is left out.
    expect(await grantsOf(s.t, anne!.id)).toEqual([
      { role: "reader", organisation: "sunnaas", source: "oidc" },
      { role: "reporter", organisation: "ahus", source: "oidc" },
      { role: "strategy_editor", organisation: "hso", source: "oidc" },
    ]);

    const session = await findSession(s.t.db, token!, DEFAULT_ACCESS.sessions);
    expect(session?.principal).toMatchObject({ kind: "user", id: anne!.id, label: "anne@example.no" });
    expect(session?.principal.grants).toContainEqual({ role: "reporter", organisation: "ahus" });

    const audit = await s.t.db.query<{ action: string; actorLabel: string; after: { method: string; created: boolean } }>(
      `SELECT action, actor_label AS "actorLabel", after FROM audit_log WHERE object_id = $1`,
      [anne!.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "session.login", actorLabel: "anne@example.no", after: { method: "oidc", created: true } });
  });

  it("signs the same person in again as the same account, replacing the provider's grants and keeping an administrator's", async () => {
    const anne = (await userByEmail(s.t, "anne@example.no"))!;
    await s.t.db.query("INSERT INTO role_grants (id, user_id, role, organisation_id, source, granted_by) VALUES (gen_random_uuid(), $1, 'board_member', 'hso', 'manual', 'admin@example.no')", [anne.id]);
    s.provider.accounts.anne!.veivalg_roles = ["reporter@ous"];
    const browser = new Browser();
    const res = await browser.request(await throughProvider(browser, s.base, "anne"));
    expect(res.headers.get("location")).toBe("/");
    expect(browser.cookie(s.base, "veivalg_session")).toBeTruthy();
    expect((await s.t.db.query("SELECT 1 FROM users WHERE email = 'anne@example.no'")).length).toBe(1);
    expect(await grantsOf(s.t, anne.id)).toEqual([
      { role: "board_member", organisation: "hso", source: "manual" },
      { role: "reporter", organisation: "ous", source: "oidc" },
    ]);
  });

  it("ends the session the browser had before when someone signs in again in it", async () => {
    const browser = new Browser();
    await browser.request(await throughProvider(browser, s.base, "anne"));
    const first = browser.cookie(s.base, "veivalg_session")!;
    await browser.request(await throughProvider(browser, s.base, "anne"));
    const second = browser.cookie(s.base, "veivalg_session")!;
    expect(second).not.toBe(first);
    expect(await findSession(s.t.db, first, DEFAULT_ACCESS.sessions)).toBeUndefined();
    expect(await findSession(s.t.db, second, DEFAULT_ACCESS.sessions)).toBeDefined();
  });

  it("links an existing account by an e-mail address the provider verified", async () => {
    const existing = await s.t.db.transaction((tx) => createUser(tx, { email: "bjorn@example.no", name: "Bjørn", passwordHash: null, mustChangePassword: false }));
    const browser = new Browser();
    const res = await browser.request(await throughProvider(browser, s.base, "bjorn"));
    expect(res.headers.get("location")).toBe("/");
    expect(await userByEmail(s.t, "bjorn@example.no")).toEqual({ id: existing.id, oidcSubject: "bjorn" });
  });

  it("refuses to link an existing account when the provider does not vouch for the address", async () => {
    await s.t.db.transaction((tx) => createUser(tx, { email: "carl@example.no", name: "Carl", passwordHash: null, mustChangePassword: false }));
    const browser = new Browser();
    const res = await browser.request(await throughProvider(browser, s.base, "carl"));
    expect(res.headers.get("location")).toBe("/signin?error=sso");
    expect(browser.cookie(s.base, "veivalg_session")).toBeUndefined();
    expect((await userByEmail(s.t, "carl@example.no"))?.oidcSubject).toBeNull();
  });

  it("refuses a disabled account", async () => {
    const dina = await s.t.db.transaction((tx) => createUser(tx, { email: "dina@example.no", name: "Dina", passwordHash: null, mustChangePassword: false }));
    await s.t.db.query("UPDATE users SET disabled = true WHERE id = $1", [dina.id]);
    const browser = new Browser();
    const res = await browser.request(await throughProvider(browser, s.base, "dina"));
    expect(res.headers.get("location")).toBe("/signin?error=sso");
    expect(await s.t.db.query("SELECT 1 FROM sessions WHERE user_id = $1", [dina.id])).toHaveLength(0);
  });

  it("refuses a callback whose state was changed, and a login finished in another browser or twice", async () => {
    const sessionsBefore = (await s.t.db.query("SELECT 1 FROM sessions")).length;

    const browser = new Browser();
    const callback = new URL(await throughProvider(browser, s.base, "anne"));
    callback.searchParams.set("state", "forged");
    const forged = await browser.request(callback.href);
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toBe("/signin?error=sso");
    expect(browser.cookie(s.base, "veivalg_session")).toBeUndefined();

    // The attacker's own login, finished in the victim's browser (login CSRF): the victim has no login cookie.
    const attacker = new Browser();
    const stolen = await throughProvider(attacker, s.base, "anne");
    const victim = new Browser();
    const res = await victim.request(stolen);
    expect(res.headers.get("location")).toBe("/signin?error=sso");
    expect(victim.cookie(s.base, "veivalg_session")).toBeUndefined();

    // The attacker's login is still theirs, once.
    expect((await attacker.request(stolen)).headers.get("location")).toBe("/");
    const replay = new Browser();
    const again = await throughProvider(replay, s.base, "anne");
    const loginCookie = replay.cookie(s.base, "veivalg_oidc");
    expect((await replay.request(again)).headers.get("location")).toBe("/");
    const twice = await fetch(again, { redirect: "manual", headers: { cookie: `veivalg_oidc=${loginCookie}` } });
    expect(twice.headers.get("location")).toBe("/signin?error=sso");

    expect((await s.t.db.query("SELECT 1 FROM sessions")).length).toBe(sessionsBefore + 2);
  });

  it("returns only to a path on this site", async () => {
    const browser = new Browser();
    const res = await browser.request(await throughProvider(browser, s.base, "anne", "//evil.example/steal"));
    expect(res.headers.get("location")).toBe("/");
    for (const bad of ["https://evil.example/", "/\\evil.example", "//evil.example", "javascript:alert(1)", "/ok\nx", undefined, ""]) expect(safeReturnTo(bad)).toBe("/");
    expect(safeReturnTo("/strategier/x?y=1#z")).toBe("/strategier/x?y=1#z");
    expect(safeReturnTo("/a/../b")).toBe("/b");
  });

  it("stores only a hash of the login cookie", async () => {
    const browser = new Browser();
    const res = await browser.request(`${s.base}/api/v1/auth/oidc/login`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!).origin).toBe(s.provider.issuer);
    const secret = browser.cookie(s.base, "veivalg_oidc")!;
    expect(res.headers.getSetCookie().find((c) => c.startsWith("veivalg_oidc="))).toMatch(/Path=\/api\/v1\/auth\/oidc.*HttpOnly|HttpOnly.*Path=\/api\/v1\/auth\/oidc/i);
    expect(await s.t.db.query("SELECT 1 FROM oidc_logins WHERE id_hash = $1", [sha256(secret)])).toHaveLength(1);
    expect(await s.t.db.query("SELECT 1 FROM oidc_logins WHERE id_hash = $1", [secret])).toHaveLength(0);
  });
});

describe("single sign-on with a key-authenticated client and pushed requests (as with HelseID)", () => {
  let s: SsoSetup;
  beforeAll(async () => {
    const port = await freePort();
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = { ...privateKey.export({ format: "jwk" }), kid: "veivalg-1" } as JsonWebKey;
    const provider = await startProvider({
      par: true,
      clients: [
        {
          client_id: "veivalg-helseid",
          redirect_uris: [`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`],
          token_endpoint_auth_method: "private_key_jwt",
          token_endpoint_auth_signing_alg: "ES256",
          require_pushed_authorization_requests: true,
          jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid: "veivalg-1", use: "sig", alg: "ES256" }] },
        },
      ],
      accounts: {
        eva: { email: "eva@example.no", email_verified: true, name: "Eva Nøkkel", veivalg_roles: "admin" },
        // HelseID (like ID-porten) tells who a person is, but gives no e-mail address.
        "hanne-uten-epost": { given_name: "Hanne", family_name: "Helsepersonell" },
      },
    });
    s = await setUp(provider, port, { clientId: "veivalg-helseid", clientKey: jwk, rolesClaim: "veivalg_roles" });
  });
  afterAll(async () => {
    await s?.t.close();
    await s?.provider.close();
  });

  it("signs in through a pushed authorization request, authenticating the client with its private key", async () => {
    const browser = new Browser();
    const start = await browser.request(`${s.base}/api/v1/auth/oidc/login`);
    // With PAR the browser carries only a reference to the request the server pushed.
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.searchParams.get("request_uri")).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(authorize.searchParams.has("code_challenge")).toBe(false);

    const res = await browser.request(await throughProvider(browser, s.base, "eva"));
    expect(res.headers.get("location")).toBe("/");
    const eva = (await userByEmail(s.t, "eva@example.no"))!;
    expect(await grantsOf(s.t, eva.id)).toEqual([{ role: "admin", organisation: null, source: "oidc" }]);
  });

  it("makes an account for a person the provider gives no e-mail address for, and finds it again", async () => {
    for (let i = 0; i < 2; i++) {
      const browser = new Browser();
      expect((await browser.request(await throughProvider(browser, s.base, "hanne-uten-epost"))).headers.get("location")).toBe("/");
    }
    const rows = await s.t.db.query<{ email: string; name: string }>("SELECT email, name FROM users WHERE oidc_subject = 'hanne-uten-epost'");
    expect(rows).toEqual([{ email: standInEmail(s.provider.issuer, "hanne-uten-epost"), name: "Hanne Helsepersonell" }]);
    expect(rows[0]!.email).toMatch(/^sso-[0-9a-f]{20}@127\.0\.0\.1\.invalid$/);
  });
});

describe("single sign-on not configured", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it("sends the browser back to the sign-in page with an error", async () => {
    for (const url of ["/api/v1/auth/oidc/login", "/api/v1/auth/oidc/callback?code=x&state=y"]) {
      const res = await t.anonymous({ url });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe("/signin?error=sso");
    }
  });
});
