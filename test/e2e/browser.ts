import { mkdirSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import type { Person } from "./people.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = new URL("../../test-artifacts/screenshots/", import.meta.url);

export const WIDTHS = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 844 } } as const;
export type Width = keyof typeof WIDTHS;

/** Debian's Chromium, headless, with the flags a sandboxed CI machine needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface PageOptions {
  lang?: "nb" | "nn" | "en";
  width?: Width;
  as?: Person;
}

/**
 * A page in a fresh context with the language already chosen (as the app remembers it), anonymous
 * or, with `as`, signed in as one of the test people (their session made by the global setup).
 */
export async function openPage(browser: Browser, opts: PageOptions = {}): Promise<Page> {
  return newPage(await openContext(browser, opts));
}

/** A context as `openPage` makes one, for tests that open many pages as the same person. */
export async function openContext(browser: Browser, opts: PageOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: WIDTHS[opts.width ?? "desktop"], locale: "nb-NO", timezoneId: "Europe/Oslo" });
  if (opts.as) await context.addCookies([{ name: "veivalg_session", value: inject("sessions")[opts.as], url: inject("baseUrl") }]);
  if (opts.lang)
    await context.addInitScript((lang) => {
      // about:blank has no storage; the app's own pages do.
      if (location.protocol.startsWith("http")) localStorage.setItem("veivalg.lang", lang);
    }, opts.lang);
  return context;
}

export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // An error in the app's JavaScript fails the run.
  page.on("pageerror", (e) => {
    throw e;
  });
  return page;
}

/** Sets the viewport of a page already loaded, and waits until the app has drawn at the new width. */
export async function resize(page: Page, width: Width): Promise<void> {
  await page.setViewportSize(WIDTHS[width]);
  await page.waitForFunction((w) => window.innerWidth === w, WIDTHS[width].width);
  // Charts redraw on the window's resize event; two frames later they have.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

export const url = (path: string): string => inject("baseUrl") + path;

/** Opens a path and waits until the page has its heading and nothing is loading. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(url(path));
  await page.locator("h1").first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[role="status"].loading').length === 0);
}

/** Signs in through the sign-in page, as a person would, and waits until the app has gone on. */
export async function signIn(page: Page, email: string, password: string, returnTo?: string): Promise<void> {
  await visit(page, returnTo ? `/signin?returnTo=${encodeURIComponent(returnTo)}` : "/signin");
  await page.locator("#signin-email").fill(email);
  await page.locator("#signin-password").fill(password);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((u) => u.pathname !== "/signin");
}

/** axe-core's WCAG 2.1 A and AA rules: the page must have no violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Legacy mode runs axe in the page itself instead of finishing in a new blank page: a third less
  // time on a large page, and the same findings, as the app has no frames (all it cannot look into).
  // Not `resultTypes: ["violations"]`: it cuts the passes that landmark-unique compares against, and
  // then finds duplicates that are not there.
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).setLegacyMode().analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  expect(found, `${what}: accessibility violations`).toEqual([]);
}

/**
 * The trend tables' cell for a period and an organisation (by its short name in the column header).
 * A key result that sums gets two charts, the region's and the trusts'; the trusts' has the column.
 */
export async function trendCell(page: Page, periodLabel: string, orgShortName: string): Promise<string> {
  const section = page.locator("section[aria-labelledby=kr-trend-heading]");
  for (const details of await section.locator("details").all()) {
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
    const table = details.locator("table").first();
    await table.waitFor({ state: "visible" });
    const headers = await table.locator("thead th").allInnerTexts();
    const column = headers.findIndex((h) => h.trim().startsWith(orgShortName));
    if (column < 0) continue;
    const row = table.locator("tbody tr", { has: page.getByText(periodLabel, { exact: true }) });
    return (await row.locator("th, td").nth(column).innerText()).trim();
  }
  throw new Error(`no trend table has a column for ${orgShortName}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOT_DIR).pathname, fullPage: true });
}
