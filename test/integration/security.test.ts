import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/src/http/app.js";
import { openTestDb, type TestDb } from "../support/db.js";

/** Security headers, request size limits, rate limits and what error answers give away. */

function csp(header: unknown): Map<string, string[]> {
  return new Map(
    String(header)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("security hardening", () => {
  let t: TestDb;
  let app: FastifyInstance;
  let proxied: FastifyInstance;
  let webDir: string;

  beforeAll(async () => {
    t = await openTestDb();
    webDir = mkdtempSync(join(tmpdir(), "veivalg-web-"));
    mkdirSync(join(webDir, "assets"));
    writeFileSync(join(webDir, "index.html"), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>');
    writeFileSync(join(webDir, "assets", "app.js"), "export {};");
    app = await buildApp({ db: t.db, logLevel: "silent", webDir });
    // A route that fails in the database, as a bug would: what does the client see?
    app.get("/api/v1/test/broken", async () => t.db.query("SELECT secret_column FROM no_such_table WHERE id = 'x'"));
    await app.ready();
    proxied = await buildApp({ db: t.db, logLevel: "silent", trustProxy: true });
    await proxied.ready();
  });
  afterAll(async () => {
    await app.close();
    await proxied.close();
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it("sends the security headers with the web app's pages and with API answers", async () => {
    for (const url of ["/", "/strategier/x", "/assets/app.js", "/api/v1/organisations", "/api/v1/no-such-route"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(res.headers["referrer-policy"], url).toBe("no-referrer");
      expect(res.headers["cross-origin-opener-policy"], url).toBe("same-origin");
      const policy = csp(res.headers["content-security-policy"]);
      expect(policy.get("default-src"), url).toEqual(["'self'"]);
      expect(policy.get("script-src"), url).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors"), url).toEqual(["'none'"]);
      expect(policy.get("base-uri"), url).toEqual(["'self'"]);
      expect(policy.get("form-action"), url).toEqual(["'self'"]);
      expect(policy.get("object-src"), url).toEqual(["'none'"]);
      expect(policy.get("connect-src"), url).toEqual(["'self'"]);
      expect(policy.get("img-src"), url).toEqual(["'self'", "data:"]);
    }
    const page = await app.inject({ url: "/" });
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(String(page.headers["content-security-policy"])).not.toMatch(/script-src[^;]*unsafe/);
    // API answers are not kept by caches along the way; the web app's assets are.
    expect((await app.inject({ url: "/api/v1/organisations" })).headers["cache-control"]).toBe("no-store");
    expect((await app.inject({ url: "/assets/app.js" })).headers["cache-control"]).toMatch(/immutable/);
  });

  it("allows forms to go to the single sign-on provider, and nowhere else", async () => {
    const sso = await buildApp({
      db: t.db,
      logLevel: "silent",
      oidc: { issuer: "https://login.example.no/tenant/v2.0", clientId: "c", redirectUri: "https://veivalg.example.no/api/v1/auth/oidc/callback", label: "SSO", scopes: "openid" },
    });
    try {
      const res = await sso.inject({ url: "/healthz" });
      expect(csp(res.headers["content-security-policy"]).get("form-action")).toEqual(["'self'", "https://login.example.no"]);
    } finally {
      await sso.close();
    }
  });

  it("sends HSTS only for requests that came over TLS, as told by a trusted proxy", async () => {
    const https = { "x-forwarded-proto": "https" };
    expect((await proxied.inject({ url: "/api/v1/organisations", headers: https })).headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect((await proxied.inject({ url: "/api/v1/organisations" })).headers["strict-transport-security"]).toBeUndefined();
    // Without a trusted proxy the header is anybody's to send, and means nothing.
    expect((await app.inject({ url: "/api/v1/organisations", headers: https })).headers["strict-transport-security"]).toBeUndefined();
  });

  it("refuses a JSON body over 1 MB with 413 in the error shape, but takes large imports and batches", async () => {
    const big = JSON.stringify({ id: "x", kind: "unit", name: "n".repeat(2 * 1024 * 1024), shortName: "x" });
    const res = await app.inject({ method: "POST", url: "/api/v1/organisations", headers: { "content-type": "application/json" }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ code: expect.any(String), message: expect.any(String), details: [] });

    // A batch of measurements and an import file may be larger: they are refused for what they hold, not their size.
    const items = Array.from({ length: 20_000 }, (_, i) => ({ keyResult: "1.1", organisation: "ahus", period: `2025-${i}`, value: i, comment: "x".repeat(50) }));
    const batch = await app.inject({ method: "POST", url: "/api/v1/measurements", payload: { items } });
    expect(JSON.stringify({ items }).length).toBeGreaterThan(2 * 1024 * 1024);
    expect(batch.statusCode).not.toBe(413);
    const csv = "nøkkelresultat;organisasjon;periode;verdi\n" + "1.1;ahus;2025;1\n".repeat(150_000);
    const file = await app.inject({ method: "POST", url: "/api/v1/imports/measurements?strategy=hso-teknologi-2023&dryRun=true", headers: { "content-type": "text/csv" }, payload: csv });
    expect(file.statusCode).not.toBe(413);
  });

  it("gives no stack trace, SQL or framework internals in error answers", async () => {
    const broken = await app.inject({ url: "/api/v1/test/broken" });
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toEqual({ code: "internal", message: "something went wrong on our side", details: [] });

    const answers = [
      broken,
      await app.inject({ method: "POST", url: "/api/v1/organisations", headers: { "content-type": "application/json" }, payload: '{"id": ' }),
      await app.inject({ method: "POST", url: "/api/v1/organisations", headers: { "content-type": "application/x-unknown" }, payload: "x" }),
      await app.inject({ method: "POST", url: "/api/v1/organisations", headers: { "content-type": "application/json" }, payload: JSON.stringify({ id: "Not Valid" }) }),
      await app.inject({ url: "/api/v1/strategies/no-such-strategy" }),
    ];
    for (const res of answers) {
      const body = res.body;
      expect(() => JSON.parse(body), body).not.toThrow();
      expect(Object.keys(res.json()).sort(), body).toEqual(["code", "details", "message"]);
      expect(body).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts\b|stack/);
      expect(body).not.toMatch(/SELECT|no_such_table|secret_column|relation|syntax error at/i);
    }
  });

  it("limits the routes that ask for it per client address, answering 429 in the error shape", async () => {
    // The single sign-on login allows 30 a minute from one address (here it is not configured: a redirect).
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await proxied.inject({ url: "/api/v1/auth/oidc/login", headers: { "x-forwarded-for": "192.0.2.7" } })).statusCode);
    expect(statuses.every((s) => s === 302)).toBe(true);
    const limited = await proxied.inject({ url: "/api/v1/auth/oidc/login", headers: { "x-forwarded-for": "192.0.2.7" } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: "rate_limited", details: [] });
    expect(limited.headers["retry-after"]).toBeDefined();
    // Another address is not held back by the first one's requests.
    expect((await proxied.inject({ url: "/api/v1/auth/oidc/login", headers: { "x-forwarded-for": "192.0.2.8" } })).statusCode).toBe(302);
  });
});
