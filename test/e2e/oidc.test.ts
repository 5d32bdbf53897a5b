import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/src/http/app.js";
import { openTestDb, type TestDb } from "../support/db.js";
import { freePort, startProvider, type TestProvider } from "../support/oidc-provider.js";
import { launch, openPage } from "./browser.js";

/**
 * Single sign-on in a real browser: the sign-in page's button leads to a real OpenID Connect
 * provider, whose login and consent pages send the person back signed in, where they started.
 * The app runs here as a second instance, configured for single sign-on, serving the same build.
 */

const WEB_DIST = fileURLToPath(new URL("../../node_modules/.cache/veivalg/web-e2e", import.meta.url));
const LABEL = "Helse Testregion (testleverandør)";

let browser: Browser;
let provider: TestProvider;
let db: TestDb;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const redirectUri = `${base}/api/v1/auth/oidc/callback`;
  provider = await startProvider({
    clients: [{ client_id: "veivalg-e2e", client_secret: "e2e-client-secret-long-enough", redirect_uris: [redirectUri], token_endpoint_auth_method: "client_secret_post" }],
    accounts: { kari: { email: "kari.nordmann@example.no", email_verified: true, name: "Kari Nordmann", veivalg_roles: ["reporter@ahus"] } },
  });
  db = await openTestDb();
  app = await buildApp({
    db: db.db,
    // The refused login below is expected; its warning would only be noise.
    logLevel: "error",
    webDir: WEB_DIST,
    oidc: {
      issuer: provider.issuer,
      clientId: "veivalg-e2e",
      clientSecret: "e2e-client-secret-long-enough",
      redirectUri,
      label: LABEL,
      scopes: "openid email profile roles",
      rolesClaim: "veivalg_roles",
    },
  });
  await app.listen({ port, host: "127.0.0.1" });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
  await provider?.close();
});

describe("single sign-on", () => {
  it("signs a person in from the sign-in page's button through the provider and back to where they were", async () => {
    const page = await openPage(browser, { lang: "nb" });
    const violations: string[] = [];
    page.on("console", (m) => {
      if (m.location().url.startsWith(base) && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    try {
      const returnTo = "/hso/hso-teknologi-2023";
      await page.goto(`${base}/signin?returnTo=${encodeURIComponent(returnTo)}`);
      await page.getByRole("link", { name: `Logg inn med ${LABEL}` }).click();

      // The provider's own pages.
      await page.waitForURL((u) => u.origin === provider.issuer);
      await page.locator('input[name="login"]').fill("kari");
      await page.locator('input[name="password"]').fill("whatever the provider accepts");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await page.getByRole("button", { name: "Continue" }).click();

      await page.waitForURL(`${base}${returnTo}`);
      await page.locator("h1").first().waitFor();
      const session = await page.evaluate(async () => (await fetch("/api/v1/session")).json());
      expect(session.user).toMatchObject({ email: "kari.nordmann@example.no", name: "Kari Nordmann" });
      expect(session.grants).toContainEqual({ role: "reporter", organisation: "ahus" });
      expect(session.sso).toEqual({ enabled: true, label: LABEL });
      const cookie = (await page.context().cookies(base)).find((c) => c.name === "veivalg_session");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      expect(violations).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("shows the sign-in page with an error when the login cannot be finished", async () => {
    const page = await openPage(browser, { lang: "nb" });
    try {
      // A callback this browser never started a login for.
      await page.goto(`${base}/api/v1/auth/oidc/callback?code=stolen&state=forged`);
      await page.waitForURL(`${base}/signin?error=sso`);
      await page.getByRole("alert").getByText(LABEL).waitFor();
      const session = await page.evaluate(async () => (await fetch("/api/v1/session")).json());
      expect(session.user).toBeNull();
    } finally {
      await page.context().close();
    }
  });
});
