import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, openPage, signIn, url, visit } from "./browser.js";
import { PEOPLE } from "./people.js";
import { keyResultId } from "./support-api.js";

/**
 * What each person is offered: the pages hide what the server would refuse. A visitor reads the
 * published strategies and is offered nothing to change; a trust's reporter reports for their own
 * trust only; a reader is offered no forms; an administrator reaches the administration.
 */
let browser: Browser;
let keyResultPath: string;
beforeAll(async () => {
  browser = await launch();
  keyResultPath = `/hso/hso-teknologi-2023/key-results/${await keyResultId("hso-teknologi-2023", "1.4")}?period=2026-Q3`;
});
afterAll(async () => {
  await browser?.close();
});

/** The forms of the key result page: reporting, file import, and the owner's assessment. */
const forms = (page: Page) => ({
  report: page.getByRole("heading", { name: "Rapporter tall" }),
  entry: page.locator("#kr-entry-org"),
  upload: page.getByRole("heading", { name: "Last opp fil" }),
  assessment: page.getByRole("button", { name: "Lagre vurderingen" }),
});

/** Checks, once the session is known (the header shows who is signed in) and the page drawn, that no form is offered. */
async function expectNoForms(page: Page, who: string | null) {
  const f = forms(page);
  await (who ? page.getByRole("button", { name: who }) : page.getByRole("link", { name: "Logg inn" })).waitFor();
  await page.getByRole("heading", { name: /^Vurdering for / }).waitFor();
  expect(await f.report.count()).toBe(0);
  expect(await f.entry.count()).toBe(0);
  expect(await f.upload.count()).toBe(0);
  expect(await f.assessment.count()).toBe(0);
}

const signedInAs = (page: Page) => page.evaluate(async () => ((await (await fetch("/api/v1/session")).json()) as { user: { email: string } | null }).user?.email ?? null);

describe("an anonymous visitor", () => {
  it("reads the published strategy and its key results, and is offered nothing to change", async () => {
    const page = await openPage(browser, { lang: "nb" });
    await visit(page, "/hso/hso-teknologi-2023?period=2026-Q3");
    await page.getByRole("heading", { name: "Strategikart" }).waitFor();
    expect(await page.getByRole("link", { name: "Logg inn" }).count()).toBe(1);
    await visit(page, keyResultPath);
    await expectNoForms(page, null);
    await page.context().close();
  });

  it("is sent to sign in by a page that needs it, and brought back", async () => {
    const page = await openPage(browser, { lang: "nb" });
    await visit(page, "/admin/users");
    await page.waitForURL(/\/signin\?returnTo=%2Fadmin%2Fusers$/);
    await page.getByRole("heading", { name: "Logg inn" }).waitFor();
    await page.context().close();
  });

  it("is told the same thing for an unknown e-mail as for a wrong password", async () => {
    const page = await openPage(browser, { lang: "en" });
    await visit(page, "/signin");
    await page.locator("#signin-email").fill("nobody@e2e.example");
    await page.locator("#signin-password").fill("not a password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The e-mail address or password is wrong, or the account is disabled." }).waitFor();
    expect(await signedInAs(page)).toBeNull();
    await page.context().close();
  });
});

describe("a reporter for Akershus universitetssykehus", () => {
  it("signs in, comes back to the page, and may report for Ahus only", async () => {
    const page = await openPage(browser, { lang: "nb" });
    await signIn(page, PEOPLE.ahus.email, PEOPLE.ahus.password, keyResultPath);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(keyResultPath);
    const f = forms(page);
    await f.entry.waitFor();
    // Only their own trust is offered (and chosen, as the only one), whatever the address says.
    expect(await f.entry.locator("option:not([value=''])").allInnerTexts()).toEqual(["Akershus universitetssykehus HF"]);
    expect(await f.entry.inputValue()).toBe("ahus");
    expect(await f.upload.count()).toBe(1);
    // The region's own assessment is for its strategy editors.
    expect(await f.assessment.count()).toBe(0);
    // No administration in their menu.
    await page.getByRole("button", { name: PEOPLE.ahus.name }).click();
    await page.getByRole("link", { name: "Min konto" }).waitFor();
    expect(await page.getByRole("link", { name: "Administrasjon" }).count()).toBe(0);
    await page.context().close();
  });

  it("is not led to another site by the address they signed in from", async () => {
    const page = await openPage(browser, { lang: "nb" });
    await signIn(page, PEOPLE.ahus.email, PEOPLE.ahus.password, "//evil.example/phish");
    expect(new URL(page.url()).origin).toBe(new URL(url("/")).origin);
    await page.context().close();
  });
});

describe("a reader", () => {
  it("is offered no forms, and no administration", async () => {
    const page = await openPage(browser, { lang: "nb", as: "reader" });
    await visit(page, keyResultPath);
    await expectNoForms(page, PEOPLE.reader.name);
    await visit(page, "/admin/users");
    await page.getByRole("heading", { name: "Ingen tilgang" }).waitFor();
    await page.context().close();
  });
});

describe("an administrator", () => {
  it("reaches the administration from the menu, and may write the region's assessment", async () => {
    const page = await openPage(browser, { lang: "nb", as: "admin" });
    await visit(page, keyResultPath);
    await forms(page).assessment.waitFor();
    await page.getByRole("button", { name: PEOPLE.admin.name }).click();
    await page.getByRole("link", { name: "Administrasjon" }).click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByRole("heading", { name: "Brukere", level: 1 }).waitFor();
    const admin = page.getByRole("navigation", { name: "Administrasjon" });
    for (const name of ["Brukere", "API-nøkler", "Revisjonslogg"]) expect(await admin.getByRole("link", { name }).count()).toBe(1);
    await page.context().close();
  });
});

describe("signing out", () => {
  it("ends the session: the header offers to sign in again and the forms are gone", async () => {
    const page = await openPage(browser, { lang: "nb" });
    await signIn(page, PEOPLE.reader.email, PEOPLE.reader.password, "/account");
    await page.getByRole("heading", { name: "Min konto" }).waitFor();
    expect(await signedInAs(page)).toBe(PEOPLE.reader.email);
    await page.getByRole("button", { name: PEOPLE.reader.name }).click();
    await page.getByRole("button", { name: "Logg ut", exact: true }).click();
    await page.getByRole("link", { name: "Logg inn" }).waitFor();
    expect(await signedInAs(page)).toBeNull();
    // The old cookie no longer opens anything.
    await visit(page, "/account");
    await page.waitForURL(/\/signin/);
    await page.context().close();
  });
});
