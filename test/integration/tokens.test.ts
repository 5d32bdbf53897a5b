import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../server/src/access/secrets.js";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

interface Created {
  token: string;
  info: { id: string; name: string; prefix: string; role: string; organisation: string | null; createdBy: string; expiresAt: string; revokedAt: string | null; lastUsedAt: string | null };
}

const createToken = async (body: Record<string, unknown>) => {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/tokens", payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Created;
};
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const report = (token: string, organisation: string, period = "2025-01") =>
  t.anonymous({ method: "POST", url: "/api/v1/measurements", headers: as(token), payload: { items: [{ keyResult: "3.2", organisation, period, value: 7 }] } });
const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const listed = async () => (await t.app.inject("/api/v1/tokens")).json() as Created["info"][];

describe("API tokens", () => {
  it("shows a new token once and keeps only its hash", async () => {
    const { token, info } = await createToken({ name: "Ahus datavarehus", role: "reporter", organisation: "ahus", days: 30 });
    expect(token).toMatch(/^vvt_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: "Ahus datavarehus", role: "reporter", organisation: "ahus", createdBy: "token:tests", revokedAt: null, lastUsedAt: null });
    expect(token.startsWith(info.prefix)).toBe(true);
    const days = (Date.parse(info.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    // Neither the token table nor the audit trail holds the secret; the table holds its SHA-256.
    const [row] = await t.db.query<Record<string, unknown>>("SELECT * FROM api_tokens WHERE id = $1", [info.id]);
    expect(row!.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const audit = await t.db.query("SELECT * FROM audit_log");
    expect(JSON.stringify(audit)).not.toContain(token);
    const [entry] = await t.db.query<{ action: string; after: { id: string } }>("SELECT action, after FROM audit_log WHERE object_id = $1", [info.id]);
    expect(entry).toMatchObject({ action: "token.create", after: { id: info.id, role: "reporter" } });

    // The list shows it, without the secret.
    const list = await listed();
    expect(list.find((x) => x.id === info.id)).toEqual(info);
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it("lets a reporter's token push measurements for its organisation, and nothing beyond its role", async () => {
    const { token, info } = await createToken({ name: "Ahus rapportering", role: "reporter", organisation: "ahus" });
    expect((Date.parse(info.expiresAt) - Date.now()) / 86_400_000).toBeCloseTo(90, 0);
    const ok = await report(token, "ahus");
    expect(ok.statusCode, ok.body).toBe(201);
    const [m] = await t.db.query<{ recorded_by: string }>("SELECT recorded_by FROM measurements WHERE batch_id = $1", [(ok.json() as { batchId: string }).batchId]);
    expect(m!.recorded_by).toBe("token:Ahus rapportering");
    const [entry] = await t.db.query<{ actor_kind: string; actor_id: string; actor_label: string }>("SELECT actor_kind, actor_id, actor_label FROM audit_log ORDER BY seq DESC LIMIT 1");
    expect(entry).toEqual({ actor_kind: "token", actor_id: info.id, actor_label: "token:Ahus rapportering" });

    // Another trust: refused, and nothing written.
    const before = await count("measurements");
    expect((await report(token, "ous")).statusCode).toBe(403);
    expect(await count("measurements")).toBe(before);

    // A strategy editor's action: refused.
    const id = await keyResultId(t.db, "3.2");
    const kr = await t.anonymous({ url: `/api/v1/key-results/${id}`, headers: as(token) });
    expect(kr.statusCode).toBe(200);
    const body = kr.json() as Record<string, unknown>;
    const content = Object.fromEntries(["title", "definition", "unit", "direction", "aggregation", "frequency", "dimensions", "targets", "tolerance"].map((k) => [k, body[k]]));
    const revise = await t.anonymous({
      method: "PUT",
      url: `/api/v1/key-results/${id}`,
      headers: { ...as(token), "if-match": kr.headers.etag as string },
      payload: { content: { ...content, title: "Endret av en rapportør" }, reason: "prøver", effectiveFrom: "2025-01-01" },
    });
    expect(revise.statusCode).toBe(403);

    // Token administration and the audit trail are for administrators.
    for (const [method, url] of [["GET", "/api/v1/tokens"], ["POST", "/api/v1/tokens"], ["DELETE", `/api/v1/tokens/${info.id}`], ["GET", "/api/v1/audit"], ["GET", "/api/v1/audit/verify"], ["GET", "/api/v1/audit/export"]] as const) {
      const payload = method === "POST" ? { name: "x", role: "reader", organisation: "ahus" } : undefined;
      const res = await t.anonymous({ method, url, headers: as(token), ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect((await t.anonymous({ method, url, ...(payload ? { payload } : {}) })).statusCode, `${method} ${url} anonymously`).toBe(401);
    }
  });

  it("records when a token was last used", async () => {
    const { token, info } = await createToken({ name: "Sist brukt", role: "reader", organisation: "hso" });
    expect((await listed()).find((x) => x.id === info.id)!.lastUsedAt).toBeNull();
    const started = Date.now();
    expect((await t.anonymous({ url: "/api/v1/strategies", headers: as(token) })).statusCode).toBe(200);
    const used = (await listed()).find((x) => x.id === info.id)!.lastUsedAt;
    expect(Date.parse(used!)).toBeGreaterThanOrEqual(started - 1000);
  });

  it("refuses an expired or revoked token with 401", async () => {
    const expired = await createToken({ name: "Utløpt", role: "reporter", organisation: "ahus", days: 1 });
    await t.db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.info.id]);
    const res = await report(expired.token, "ahus");
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: "unauthenticated" });

    const revoked = await createToken({ name: "Trekkes tilbake", role: "reporter", organisation: "ahus" });
    expect((await report(revoked.token, "ahus", "2025-02")).statusCode).toBe(201);
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/tokens/${revoked.info.id}` });
    expect(del.statusCode, del.body).toBe(200);
    expect((del.json() as Created["info"]).revokedAt).not.toBeNull();
    expect((await report(revoked.token, "ahus", "2025-03")).statusCode).toBe(401);
    const [entry] = await t.db.query<{ action: string; before: { revokedAt: string | null }; after: { revokedAt: string | null } }>(
      "SELECT action, before, after FROM audit_log WHERE object_id = $1 ORDER BY seq DESC LIMIT 1",
      [revoked.info.id],
    );
    expect(entry!.action).toBe("token.revoke");
    expect(entry!.before.revokedAt).toBeNull();
    expect(entry!.after.revokedAt).not.toBeNull();

    expect((await t.app.inject({ method: "DELETE", url: "/api/v1/tokens/00000000-0000-4000-8000-000000000000" })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "DELETE", url: "/api/v1/tokens/ikke-en-id" })).statusCode).toBe(400);
    // A token that is not ours at all, or not even shaped like one.
    expect((await t.anonymous({ url: "/api/v1/strategies", headers: as("vvt_finnes-ikke") })).statusCode).toBe(401);
    expect((await t.anonymous({ url: "/api/v1/strategies", headers: as("noe-annet") })).statusCode).toBe(401);
  });

  it("refuses a bad token request with 400 and writes nothing", async () => {
    const tokens = await count("api_tokens");
    const entries = await count("audit_log");
    for (const body of [
      { name: "", role: "reporter", organisation: "ahus" },
      { name: "x".repeat(101), role: "reporter", organisation: "ahus" },
      { name: "x", role: "superuser", organisation: "ahus" },
      { name: "x", role: "reporter", organisation: "finnes-ikke" },
      { name: "x", role: "reporter", organisation: null },
      { name: "x", role: "reporter" },
      { name: "x", role: "admin", organisation: "ahus" },
      { name: "x", role: "reporter", organisation: "ahus", days: 0 },
      { name: "x", role: "reporter", organisation: "ahus", days: 731 },
      { name: "x", role: "reporter", organisation: "ahus", days: 1.5 },
    ]) {
      const res = await t.app.inject({ method: "POST", url: "/api/v1/tokens", payload: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code: "invalid" });
    }
    expect(await count("api_tokens")).toBe(tokens);
    expect(await count("audit_log")).toBe(entries);
  });

  it("makes an administrator's token, which has no organisation", async () => {
    const { token, info } = await createToken({ name: "Drift", role: "admin", organisation: null, days: 730 });
    expect(info.organisation).toBeNull();
    expect((await t.anonymous({ url: "/api/v1/tokens", headers: as(token) })).statusCode).toBe(200);
  });

  // Last: it uses up this app's allowance.
  it("limits how fast tokens can be made", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await t.app.inject({ method: "POST", url: "/api/v1/tokens", payload: { name: "" } })).statusCode);
    expect(codes.at(-1)).toBe(429);
    const res = await t.app.inject({ method: "POST", url: "/api/v1/tokens", payload: { name: "x", role: "reader", organisation: "ahus" } });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: "rate_limited" });
    expect(res.headers["retry-after"]).toBeDefined();
  });
});
