import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/src/access/passwords.js";
import type { Grant } from "../../server/src/access/policy.js";
import { createSetupToken, createUser, grantRole } from "../../server/src/access/users.js";
import { bootstrapAdmin } from "../../server/src/cli/accounts.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { openTestDb } from "../support/db.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const PASSWORD = "correct horse battery staple";
let people = 0;
// Each test signs in from an address of its own, so the per-address sign-in limit of one does not reach another.
let addresses = 0;
const newAddress = () => `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;

/** A person with a password they need not change, and the given roles. */
async function person(grants: Grant[] = [], password = PASSWORD): Promise<{ id: string; email: string }> {
  const email = `person${++people}@example.no`;
  const user = await createUser(t.db, { email, name: `Person ${people}`, passwordHash: await hashPassword(password), mustChangePassword: false });
  for (const g of grants) await grantRole(t.db, user.id, g, "tests");
  return { id: user.id, email };
}

interface Session {
  cookie: string;
  csrf: string;
  /** A request with the session cookie (and, unless told otherwise, the CSRF token). */
  inject(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

const signIn = (email: string, password: string, remoteAddress = newAddress()) =>
  t.anonymous({ method: "POST", url: "/api/v1/session", payload: { email, password }, remoteAddress });

function sessionOf(res: LightMyRequestResponse, app: TestApp = t): Session {
  expect(res.statusCode, res.body).toBeLessThan(300);
  const cookie = res.cookies.find((c) => c.name === "veivalg_session")!.value;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    inject: ({ csrf: withCsrf = true, ...opts }) =>
      app.anonymous({ ...opts, cookies: { veivalg_session: cookie }, headers: { ...(withCsrf ? { "x-csrf-token": csrf } : {}), ...opts.headers } }),
  };
}

const sessionOfSignIn = async (email: string, password = PASSWORD) => sessionOf(await signIn(email, password));

const auditCount = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log"))[0]!.n;
const lastAudit = async () =>
  (await t.db.query<{ action: string; actorKind: string; actorLabel: string; objectId: string | null; before: unknown; after: unknown }>(
    `SELECT action, actor_kind AS "actorKind", actor_label AS "actorLabel", object_id AS "objectId", before, after FROM audit_log ORDER BY seq DESC LIMIT 1`,
  ))[0]!;

/** Runs a write and checks that it appended exactly one audit entry, with no secret in it; returns the entry. */
async function audited(write: () => Promise<LightMyRequestResponse>, status: number) {
  const before = await auditCount();
  const res = await write();
  expect(res.statusCode, res.body).toBe(status);
  expect(await auditCount()).toBe(before + 1);
  const entry = await lastAudit();
  expect(JSON.stringify(entry)).not.toMatch(/argon2|password_?hash|correct horse/i);
  return { res, entry };
}

describe("signing in and out", () => {
  it("tells a visitor nobody is signed in, that setup is open, and that single sign-on is off", async () => {
    const res = await t.anonymous("/api/v1/session");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null, grants: [], csrfToken: null, sso: { enabled: false, label: "" }, setupRequired: true, smallCountThreshold: 5 });
  });

  it("signs in with a session cookie, and signs out", async () => {
    const me = await person([{ role: "reporter", organisation: "ahus" }]);
    const { res, entry } = await audited(() => signIn(me.email.toUpperCase(), PASSWORD), 200);
    expect(entry).toMatchObject({ action: "session.login", actorKind: "user", actorLabel: me.email, objectId: me.id });
    const cookie = res.cookies.find((c) => c.name === "veivalg_session")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie.secure).toBeFalsy();
    expect(new Date(cookie.expires!).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    expect(res.json()).toMatchObject({ user: { id: me.id, email: me.email, mustChangePassword: false }, grants: [{ role: "reporter", organisation: "ahus" }] });

    const s = sessionOf(res);
    const now = (await s.inject({ url: "/api/v1/session" })).json() as { user: { email: string }; csrfToken: string };
    expect(now.user.email).toBe(me.email);
    expect(now.csrfToken).toBe(s.csrf);

    const out = await audited(() => s.inject({ method: "DELETE", url: "/api/v1/session" }), 204);
    expect(out.entry).toMatchObject({ action: "session.logout", actorLabel: me.email });
    expect(out.res.cookies.find((c) => c.name === "veivalg_session")!.value).toBe("");
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null, csrfToken: null });
  });

  it("sets the cookie Secure when reached over TLS through a trusted proxy", async () => {
    const proxied = await openTestApp({ trustProxy: true });
    try {
      const me = await createUser(proxied.db, { email: "tls@example.no", name: "TLS", passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
      const res = await proxied.anonymous({ method: "POST", url: "/api/v1/session", payload: { email: me.email, password: PASSWORD }, headers: { "x-forwarded-proto": "https" } });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === "veivalg_session")!.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it("answers unknown e-mail, wrong password, disabled accounts and accounts without a password the same", async () => {
    const me = await person();
    const disabled = await person();
    await t.db.query("UPDATE users SET disabled = true WHERE id = $1", [disabled.id]);
    const ssoOnly = await createUser(t.db, { email: "sso-only@example.no", name: "SSO", passwordHash: null, mustChangePassword: false });
    const answers = await Promise.all([
      signIn("nobody@example.no", PASSWORD),
      signIn(me.email, "wrong password, quite long"),
      signIn(disabled.email, PASSWORD),
      signIn(ssoOnly.email, PASSWORD),
      signIn("not an e-mail address", PASSWORD),
    ]);
    for (const a of answers) {
      expect(a.statusCode).toBe(401);
      expect(a.json()).toEqual(answers[0]!.json());
      expect(a.headers["set-cookie"]).toBeUndefined();
    }
    expect(answers[0]!.json()).toMatchObject({ code: "login_failed" });
  });

  it("limits sign-in attempts per address with 429 in the usual error shape", async () => {
    // Many accounts from one address (for one account, its throttle answers first: sign-in-throttle.test.ts).
    const from = newAddress();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await signIn(`nobody${i}@example.no`, "whatever it is", from)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    const limited = await signIn("nobody@example.no", "whatever it is", from);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: "rate_limited", details: [] });
  });

  it("ends a session unused past the idle timeout, and any session past its absolute end", async () => {
    const me = await person();
    const idle = await sessionOfSignIn(me.email);
    const old = await sessionOfSignIn(me.email);
    const fresh = await sessionOfSignIn(me.email);
    await t.db.query("UPDATE sessions SET last_seen_at = now() - interval '61 minutes' WHERE id_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", [idle.cookie]);
    await t.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", [old.cookie]);
    expect((await idle.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await old.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await fresh.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: { id: me.id } });
    // An ended session cannot write either: it is a visitor now.
    expect((await idle.inject({ method: "POST", url: "/api/v1/session/revoke-all" })).statusCode).toBe(401);
  });

  it("signs out everywhere", async () => {
    const me = await person();
    const here = await sessionOfSignIn(me.email);
    const there = await sessionOfSignIn(me.email);
    const other = await sessionOfSignIn((await person()).email);
    const { res, entry } = await audited(() => here.inject({ method: "POST", url: "/api/v1/session/revoke-all" }), 200);
    expect(res.json()).toEqual({ revoked: 2 });
    expect(entry).toMatchObject({ action: "session.revoke_all", objectId: me.id });
    expect((await there.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await here.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await other.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: { email: expect.any(String) } });
    // Tokens and visitors have no sessions to end.
    expect((await t.anonymous({ method: "POST", url: "/api/v1/session/revoke-all" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "POST", url: "/api/v1/session/revoke-all" })).statusCode).toBe(403);
  });

  it("refuses a cookie-authenticated write without the session's CSRF token", async () => {
    const admin = await person([{ role: "admin", organisation: null }]);
    const s = await sessionOfSignIn(admin.email);
    const payload = { email: "csrf@example.no", name: "CSRF" };
    const without = await s.inject({ method: "POST", url: "/api/v1/users", payload, csrf: false });
    expect(without.statusCode).toBe(403);
    const wrong = await s.inject({ method: "POST", url: "/api/v1/users", payload, headers: { "x-csrf-token": "not-it" } });
    expect(wrong.statusCode).toBe(403);
    expect(await t.db.query("SELECT 1 FROM users WHERE email = 'csrf@example.no'")).toHaveLength(0);
    const { entry } = await audited(() => s.inject({ method: "POST", url: "/api/v1/users", payload }), 201);
    expect(entry).toMatchObject({ action: "user.create", actorLabel: admin.email });
  });
});

describe("passwords", () => {
  it("changes one's own password: asks the current one, applies the rule, and ends the other sessions", async () => {
    const me = await person();
    const s = await sessionOfSignIn(me.email);
    const elsewhere = await sessionOfSignIn(me.email);
    const change = (current: string, password: string) => s.inject({ method: "PUT", url: "/api/v1/session/password", payload: { current, password } });
    expect((await change("not my password", "a brand new passphrase")).json()).toMatchObject({ code: "invalid", details: [{ path: "body.current", code: "wrong_password" }] });
    expect((await change(PASSWORD, "short")).json()).toMatchObject({ details: [{ path: "body.password", code: "weak_password" }] });
    expect((await change(PASSWORD, me.email.toUpperCase())).json()).toMatchObject({ details: [{ path: "body.password", code: "weak_password" }] });
    expect((await change(PASSWORD, PASSWORD)).statusCode).toBe(400);
    const { entry } = await audited(() => change(PASSWORD, "a brand new passphrase"), 200);
    expect(entry).toMatchObject({ action: "user.password_change", objectId: me.id, after: { otherSessionsEnded: 1 } });
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: { id: me.id } });
    expect((await elsewhere.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await signIn(me.email, PASSWORD)).statusCode).toBe(401);
    expect((await signIn(me.email, "a brand new passphrase")).statusCode).toBe(200);
  });

  it("an administrator's reset ends the person's sessions and makes them change it before they may do anything", async () => {
    const me = await person([{ role: "admin", organisation: null }]);
    const before = await sessionOfSignIn(me.email);
    const { entry } = await audited(() => t.app.inject({ method: "POST", url: `/api/v1/users/${me.id}/password`, payload: { password: "temporary passphrase" } }), 200);
    expect(entry).toMatchObject({ action: "user.password_reset", objectId: me.id, after: { mustChangePassword: true, sessionsEnded: 1 } });
    expect((await before.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await signIn(me.email, PASSWORD)).statusCode).toBe(401);

    const res = await signIn(me.email, "temporary passphrase");
    expect(res.json()).toMatchObject({ user: { mustChangePassword: true }, grants: [] });
    const s = sessionOf(res);
    expect((await s.inject({ url: "/api/v1/users" })).statusCode).toBe(403);
    expect((await s.inject({ method: "PUT", url: "/api/v1/session/password", payload: { current: "temporary passphrase", password: "my own passphrase" } })).json()).toMatchObject({
      user: { mustChangePassword: false },
      grants: [{ role: "admin", organisation: null }],
    });
    expect((await s.inject({ url: "/api/v1/users" })).statusCode).toBe(200);
  });

  it("shows administrators an account whose sign-ins are held back, and an administrator's reset lifts it", async () => {
    const me = await person();
    const from = newAddress();
    for (let i = 0; i < 3; i++) expect((await signIn(me.email, "not the password", from)).statusCode).toBe(401);
    // Held back for a long while yet (as after a long run of wrong passwords).
    await t.db.query("UPDATE sign_in_throttle SET failures = 20 WHERE account = $1", [me.email]);
    expect((await signIn(me.email, "not the password", from)).statusCode).toBe(429);
    const listed = (await t.app.inject(`/api/v1/users?q=${me.email}`)).json() as { id: string; lockedUntil: string | null }[];
    const held = listed.find((u) => u.id === me.id)!;
    expect(Date.parse(held.lockedUntil!) - Date.now()).toBeGreaterThan(10 * 60_000);
    const reset = await t.app.inject({ method: "POST", url: `/api/v1/users/${me.id}/password`, payload: { password: "temporary passphrase" } });
    expect(reset.json()).toMatchObject({ lockedUntil: null, mustChangePassword: true });
    expect((await signIn(me.email, "temporary passphrase", from)).statusCode).toBe(200);
  });
});

describe("administering people and roles", () => {
  it("is for administrators only", async () => {
    const reporter = await sessionOfSignIn((await person([{ role: "reporter", organisation: "ahus" }])).email);
    const someone = await person();
    const writes: InjectOptions[] = [
      { method: "GET", url: "/api/v1/users" },
      { method: "POST", url: "/api/v1/users", payload: { email: "x@example.no", name: "X" } },
      { method: "PUT", url: `/api/v1/users/${someone.id}`, payload: { name: "X", disabled: true }, headers: { "if-match": '"1"' } },
      { method: "POST", url: `/api/v1/users/${someone.id}/password`, payload: { password: "temporary passphrase" } },
      { method: "POST", url: `/api/v1/users/${someone.id}/grants`, payload: { role: "admin", organisation: null } },
      { method: "DELETE", url: `/api/v1/users/${someone.id}/grants/${someone.id}` },
    ];
    const before = await auditCount();
    for (const w of writes) {
      expect((await reporter.inject(w)).statusCode, `${w.method} ${w.url}`).toBe(403);
      expect((await t.anonymous(w)).statusCode, `${w.method} ${w.url}`).toBe(401);
    }
    expect(await auditCount()).toBe(before);
    expect((await t.app.inject("/api/v1/users")).statusCode).toBe(200);
  });

  it("creates people, changes them with If-Match, and disabling ends their sessions", async () => {
    const created = await audited(() => t.app.inject({ method: "POST", url: "/api/v1/users", payload: { email: "Kari.Nordmann@Example.no", name: "Kari Nordmann", password: "first passphrase" } }), 201);
    const kari = created.res.json() as { id: string; email: string; version: number; mustChangePassword: boolean; hasPassword: boolean };
    expect(kari).toMatchObject({ email: "kari.nordmann@example.no", mustChangePassword: true, hasPassword: true, grants: [] });
    expect(created.res.headers.etag).toBe('"1"');
    expect(created.entry).toMatchObject({ action: "user.create", objectId: kari.id, after: { email: "kari.nordmann@example.no" } });
    const taken = await t.app.inject({ method: "POST", url: "/api/v1/users", payload: { email: "KARI.nordmann@example.no", name: "Another" } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: "email_taken" });
    const weak = await t.app.inject({ method: "POST", url: "/api/v1/users", payload: { email: "ola@example.no", name: "Ola", password: "short" } });
    expect(weak.statusCode).toBe(400);
    const sso = await t.app.inject({ method: "POST", url: "/api/v1/users", payload: { email: "sso@example.no", name: "Single sign-on only" } });
    expect(sso.json()).toMatchObject({ hasPassword: false, mustChangePassword: false });
    expect((await t.db.query("SELECT 1 FROM users WHERE email = 'ola@example.no'")).length).toBe(0);
    const found = await t.app.inject("/api/v1/users?q=NORDMANN");
    expect((found.json() as { email: string }[]).map((u) => u.email)).toEqual(["kari.nordmann@example.no"]);
    expect(found.headers["x-total-count"]).toBe("1");
    const page = await t.app.inject("/api/v1/users?limit=1&offset=1");
    expect(page.json()).toHaveLength(1);
    expect(Number(page.headers["x-total-count"])).toBeGreaterThan(2);

    const s = await sessionOfSignIn(kari.email, "first passphrase");
    const put = (etag: string | undefined, body: { name: string; disabled: boolean }) =>
      t.app.inject({ method: "PUT", url: `/api/v1/users/${kari.id}`, payload: body, headers: etag ? { "if-match": etag } : {} });
    expect((await put(undefined, { name: "Kari N.", disabled: false })).statusCode).toBe(428);
    expect((await put('"7"', { name: "Kari N.", disabled: false })).statusCode).toBe(412);
    const renamed = await audited(() => put('"1"', { name: "Kari N.", disabled: false }), 200);
    expect(renamed.res.headers.etag).toBe('"2"');
    expect(renamed.entry).toMatchObject({ action: "user.update", before: { name: "Kari Nordmann" }, after: { name: "Kari N.", version: 2 } });
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: { name: "Kari N." } });
    await audited(() => put('"2"', { name: "Kari N.", disabled: true }), 200);
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await signIn(kari.email, "first passphrase")).statusCode).toBe(401);
    // Enabled again, the old session stays ended.
    await put('"3"', { name: "Kari N.", disabled: false });
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ user: null });
    expect((await t.app.inject({ method: "PUT", url: "/api/v1/users/00000000-0000-4000-8000-000000000000", payload: { name: "X", disabled: false }, headers: { "if-match": '"1"' } })).statusCode).toBe(404);
  });

  it("grants and revokes roles on organisations", async () => {
    const me = await person();
    const grant = (role: string, organisation: string | null) => t.app.inject({ method: "POST", url: `/api/v1/users/${me.id}/grants`, payload: { role, organisation } });
    expect((await grant("admin", "ahus")).statusCode).toBe(400);
    expect((await grant("reporter", null)).statusCode).toBe(400);
    expect((await grant("reporter", "no-such-trust")).json()).toMatchObject({ code: "invalid", details: [{ path: "organisation" }] });
    expect((await grant("superuser", "ahus")).statusCode).toBe(400);
    const granted = await audited(() => grant("reporter", "ahus"), 201);
    const g = granted.res.json() as { id: string };
    expect(g).toMatchObject({ role: "reporter", organisation: "ahus", source: "manual", grantedBy: "token:tests" });
    expect(granted.entry).toMatchObject({ action: "user.grant", objectId: me.id, after: { role: "reporter", organisation: "ahus" } });
    expect((await grant("reporter", "ahus")).json()).toMatchObject({ code: "grant_exists" });
    // The grant takes effect in a live session at once.
    const s = await sessionOfSignIn(me.email);
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ grants: [{ role: "reporter", organisation: "ahus" }] });
    const users = (await t.app.inject("/api/v1/users")).json() as { id: string; grants: { id: string }[] }[];
    expect(users.find((u) => u.id === me.id)!.grants.map((x) => x.id)).toEqual([g.id]);

    const revoked = await audited(() => t.app.inject({ method: "DELETE", url: `/api/v1/users/${me.id}/grants/${g.id}` }), 204);
    expect(revoked.entry).toMatchObject({ action: "user.revoke", before: { id: g.id, role: "reporter" } });
    expect((await s.inject({ url: "/api/v1/session" })).json()).toMatchObject({ grants: [] });
    expect((await t.app.inject({ method: "DELETE", url: `/api/v1/users/${me.id}/grants/${g.id}` })).statusCode).toBe(404);
  });
});

describe("first start", () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await openTestApp();
  });
  afterAll(() => fresh.close());

  const setup = (token: string, email: string, password = PASSWORD) =>
    fresh.anonymous({ method: "POST", url: "/api/v1/setup", payload: { token, email, name: "Første administrator", password }, remoteAddress: newAddress() });

  it("creates the first administrator once, with a one-time link, only while there is none; the last one stays", async () => {
    const bootstrap = await bootstrapAdmin(fresh.db, undefined);
    if (!bootstrap || !("setupToken" in bootstrap)) throw new Error("expected a setup link");
    const token = bootstrap.setupToken;
    const spare = await createSetupToken(fresh.db);
    expect((await setup("not-the-token", "first@example.no")).json()).toMatchObject({ details: [{ code: "setup_token_invalid" }] });
    expect((await setup(token, "first@example.no", "short")).statusCode).toBe(400);
    expect((await fresh.anonymous("/api/v1/session")).json()).toMatchObject({ setupRequired: true });

    const before = (await fresh.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log"))[0]!.n;
    const res = await setup(token, "First@Example.no");
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ user: { email: "first@example.no" }, grants: [{ role: "admin", organisation: null }], setupRequired: false });
    const audit = await fresh.db.query<{ action: string; actor_label: string; after: unknown }>("SELECT action, actor_label, after FROM audit_log WHERE seq > $1", [before]);
    expect(audit).toEqual([{ action: "user.setup", actor_label: "first@example.no", after: expect.objectContaining({ email: "first@example.no" }) }]);
    const admin = sessionOf(res, fresh);
    expect((await admin.inject({ url: "/api/v1/users" })).statusCode).toBe(200);

    // Used up, and no other link works once there is an administrator.
    expect((await setup(token, "second@example.no")).json()).toMatchObject({ code: "setup_done" });
    expect((await setup(spare, "second@example.no")).statusCode).toBe(409);
    expect((await setup(await createSetupToken(fresh.db), "second@example.no")).statusCode).toBe(409);

    // The last administrator can be neither disabled nor lose the role.
    const me = (res.json() as { user: { id: string } }).user.id;
    const [grant] = await fresh.db.query<{ id: string }>("SELECT id FROM role_grants WHERE user_id = $1", [me]);
    expect((await admin.inject({ method: "DELETE", url: `/api/v1/users/${me}/grants/${grant!.id}` })).json()).toMatchObject({ code: "last_admin" });
    expect((await admin.inject({ method: "PUT", url: `/api/v1/users/${me}`, payload: { name: "X", disabled: true }, headers: { "if-match": '"1"' } })).json()).toMatchObject({ code: "last_admin" });
    expect(await bootstrapAdmin(fresh.db, undefined)).toBeUndefined();
  });

  it("creates the administrator the environment names instead, for automated deployments", async () => {
    const { db, close } = await openTestDb();
    try {
      const first = await bootstrapAdmin(db, { email: "Drift@Example.no", password: "from the environment" });
      expect(first).toMatchObject({ created: { email: "drift@example.no", grants: [{ role: "admin", organisation: null }] } });
      expect(await db.query("SELECT action, actor_label FROM audit_log")).toEqual([{ action: "user.create_admin", actor_label: "VEIVALG_ADMIN_EMAIL" }]);
      // Once there is an administrator, the environment is not read again.
      expect(await bootstrapAdmin(db, { email: "other@example.no", password: "from the environment" })).toBeUndefined();
      expect(await db.query("SELECT 1 FROM setup_tokens")).toEqual([]);
    } finally {
      await close();
    }
  });
});
