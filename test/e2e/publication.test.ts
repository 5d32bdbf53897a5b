import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectAccessible, launch, openPage, screenshot, visit } from "./browser.js";
import { getJson, sendJson } from "./support-api.js";

/**
 * What a visitor sees of a published strategy (docs/decisions/0015-publication-policy.md): its text and
 * figures, and of the portfolio nothing — unless the region publishes the portfolio summary, and then
 * only each initiative's title, focus area, phase and planned period.
 */
let browser: Browser;
const hso = "/hso/hso-teknologi-2023";
const publish = (portfolioSummary: boolean) => sendJson("admin", "PUT", "/api/v1/organisations/hso/publication", { portfolioSummary });
const navLinks = (page: Page) => page.getByRole("navigation", { name: "Hovedmeny" }).getByRole("link").allTextContents();

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await publish(false);
  await browser?.close();
});

it("offers a visitor no internal page, and asks them to sign in on a link to one", async () => {
  const page = await openPage(browser, { lang: "nb" });
  await visit(page, `${hso}?period=2026-Q3`);
  await page.getByRole("link", { name: "Logg inn" }).waitFor();
  const links = await navLinks(page);
  expect(links).toContain("Oversikt");
  for (const internal of ["Portefølje", "Behov", "Dekning", "Gevinster"]) expect(links).not.toContain(internal);
  for (const path of ["portfolio", "needs", "benefits", "portfolio/scenarios"]) {
    await visit(page, `${hso}/${path}`);
    await page.waitForURL(/\/signin\?returnTo=/);
  }
  await page.context().close();
});

it("shows a visitor the portfolio summary where the region publishes it, and nothing more of each initiative", async () => {
  await publish(true);
  const page = await openPage(browser, { lang: "nb" });
  await visit(page, `${hso}?period=2026-Q3`);
  await page.getByRole("link", { name: "Logg inn" }).waitFor();
  expect(await navLinks(page)).toContain("Portefølje");
  await page.getByRole("navigation", { name: "Hovedmeny" }).getByRole("link", { name: "Portefølje" }).click();
  const table = page.getByRole("table", { name: "Initiativene i porteføljen" });
  await table.waitFor();
  const all = await getJson<{ code: string; title: string; phase: string }[]>(`/api/v1/initiatives?strategy=hso-teknologi-2023`, "reader");
  const published = all.filter((i) => i.phase !== "rejected");
  expect(await table.locator("tbody tr").count()).toBe(published.length);
  expect(await table.locator("thead th").allTextContents()).toEqual(["Initiativ", "Innsatsområde", "Fase", "Planlagt periode"]);
  expect(await table.textContent()).toContain(published[0]!.title);
  // No way further in: the initiatives are not links, and their pages still ask for signing in.
  expect(await table.getByRole("link").count()).toBe(0);
  await expectAccessible(page, "the portfolio summary");
  await screenshot(page, "hso-portfolio-summary-nb");
  await page.context().close();
});
