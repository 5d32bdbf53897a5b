import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launch, newPage, openContext, resize, screenshot, visit } from "./browser.js";
import type { Person } from "./people.js";
import { getJson, keyResultId, sweepScenarioIds } from "./support-api.js";

/**
 * Every page of the app, for both seeded regions, in bokmål and English, at desktop and phone
 * widths: it renders its heading and passes axe-core's WCAG 2.1 A/AA rules with no violations.
 * Strategy pages are seen as an anonymous visitor sees them, unless `as` names who is signed in: the
 * strategy's internal pages (portfolio, needs, benefits, computations) by one of its own people.
 *
 * The sweep runs on the newest axe-core release (today @axe-core/playwright 4.14.1 with axe-core
 * 4.14.1), as a new release counts faults an older one let pass (4.14 made WCAG 2.5.3's
 * label-content-name-mismatch count). When axe-core releases, move it forward with
 * `npm install -D @axe-core/playwright@latest` and fix what the sweep then finds.
 */
interface PageCase {
  name: string;
  path: () => Promise<string> | string;
  as?: Person;
}

const hso = "/hso/hso-teknologi-2023";
const hv = "/hv/hv-digitalisering-2024";
const PAGES: PageCase[] = [
  { name: "hso-overview", path: () => `${hso}?period=2026-Q3` },
  { name: "hso-focus-area", path: () => `${hso}/areas/fa-1?period=2026-Q3` },
  { name: "hso-key-result", path: async () => `${hso}/key-results/${await keyResultId("hso-teknologi-2023", "1.1")}?period=2026-Q3` },
  { name: "hso-key-result-reporting", as: "reporter", path: async () => `${hso}/key-results/${await keyResultId("hso-teknologi-2023", "1.4")}?period=2026-Q3&org=ahus` },
  { name: "hso-focus-area-admin", as: "admin", path: () => `${hso}/areas/fa-1?period=2026-Q3` },
  { name: "hso-key-result-breakdown", path: async () => `${hso}/key-results/${await keyResultId("hso-teknologi-2023", "1.5a")}?period=2026-Q3&dim=respondentgruppe` },
  { name: "hso-compare", path: () => `${hso}/compare?period=2026-Q3` },
  { name: "hso-missing", path: () => `${hso}/missing?asOf=2026-11-24` },
  { name: "hso-alignment", path: () => `${hso}/alignment` },
  { name: "hso-versions", path: () => `${hso}/versions` },
  { name: "hso-portfolio", as: "reader", path: () => `${hso}/portfolio` },
  { name: "hso-portfolio-table", as: "reader", path: () => `${hso}/portfolio?view=table&rag=amber` },
  { name: "hso-portfolio-no-match", as: "reader", path: () => `${hso}/portfolio?kind=other&rag=red&org=nowhere` },
  { name: "hso-roadmap", as: "reader", path: () => `${hso}/portfolio/roadmap` },
  { name: "hso-bubbles", as: "reader", path: () => `${hso}/portfolio/bubbles` },
  { name: "hso-budgets", as: "reader", path: () => `${hso}/portfolio/budgets` },
  { name: "hso-budgets-admin", as: "admin", path: () => `${hso}/portfolio/budgets` },
  { name: "hso-scoring", as: "reader", path: () => `${hso}/portfolio/scoring` },
  { name: "hso-scoring-board", as: "board", path: () => `${hso}/portfolio/scoring` },
  { name: "hso-scoring-admin", as: "admin", path: () => `${hso}/portfolio/scoring` },
  { name: "hso-scenarios", as: "reader", path: async () => (await sweepScenarioIds(), `${hso}/portfolio/scenarios`) },
  { name: "hso-scenarios-board", as: "board", path: async () => (await sweepScenarioIds(), `${hso}/portfolio/scenarios`) },
  { name: "hso-scenario", as: "reader", path: async () => `${hso}/portfolio/scenarios/${(await sweepScenarioIds())[0]}` },
  { name: "hso-scenario-board", as: "board", path: async () => `${hso}/portfolio/scenarios/${(await sweepScenarioIds())[0]}` },
  { name: "hso-scenario-compare", as: "reader", path: async () => `${hso}/portfolio/scenarios/compare?ids=${(await sweepScenarioIds()).join(",")}` },
  { name: "hso-coverage", as: "reader", path: () => `${hso}/coverage` },
  { name: "hso-needs", as: "reader", path: () => `${hso}/needs?status=all` },
  { name: "hso-needs-admin", as: "admin", path: () => `${hso}/needs` },
  { name: "hso-needs-reporter", as: "ahus", path: () => `${hso}/needs` },
  { name: "hso-initiative", as: "reader", path: async () => `${hso}/initiatives/${await initiativeId("hso-teknologi-2023")}` },
  { name: "hso-initiative-admin", as: "admin", path: async () => `${hso}/initiatives/${await initiativeId("hso-teknologi-2023")}` },
  { name: "hso-initiative-rejected", as: "reader", path: async () => `${hso}/initiatives/${await initiativeId("hso-teknologi-2023", "rejected")}` },
  { name: "hso-initiative-not-found", as: "reader", path: () => `${hso}/initiatives/00000000-0000-4000-8000-000000000000` },
  { name: "hso-initiative-new", as: "admin", path: () => `${hso}/initiatives/new` },
  { name: "hso-benefits", as: "reader", path: () => `${hso}/benefits` },
  { name: "hso-computations", as: "reader", path: () => `${hso}/computations` },
  { name: "hso-computations-analyst", as: "analyst", path: () => `${hso}/computations` },
  { name: "hso-benefits-by-trust", as: "reader", path: () => `${hso}/benefits?view=organisations` },
  { name: "hv-overview", path: () => hv },
  { name: "hv-focus-area", path: () => `${hv}/areas/fa-1` },
  { name: "hv-compare", path: () => `${hv}/compare` },
  { name: "hv-missing", path: () => `${hv}/missing` },
  { name: "hv-alignment", path: () => `${hv}/alignment` },
  { name: "hv-versions", path: () => `${hv}/versions` },
  { name: "hv-portfolio", as: "admin", path: () => `${hv}/portfolio` },
  { name: "hv-roadmap", as: "admin", path: () => `${hv}/portfolio/roadmap` },
  { name: "hv-bubbles", as: "admin", path: () => `${hv}/portfolio/bubbles` },
  { name: "hv-budgets", as: "admin", path: () => `${hv}/portfolio/budgets` },
  { name: "hv-scoring", as: "admin", path: () => `${hv}/portfolio/scoring` },
  { name: "hv-coverage", as: "admin", path: () => `${hv}/coverage` },
  { name: "hv-needs", as: "admin", path: () => `${hv}/needs` },
  { name: "hv-benefits", as: "admin", path: () => `${hv}/benefits` },
  { name: "not-found", path: () => "/hso/hso-teknologi-2023/nowhere" },
  // A visitor who follows a link to the strategy's internal pages is asked to sign in.
  { name: "hso-portfolio-anonymous", path: () => `${hso}/portfolio` },
  { name: "signin", path: () => "/signin?returnTo=%2Fhso" },
  { name: "setup-done", path: () => "/setup" },
  { name: "account", as: "ahus", path: () => "/account" },
  { name: "admin-users", as: "admin", path: () => "/admin/users" },
  { name: "admin-tokens", as: "admin", path: () => "/admin/tokens" },
  { name: "admin-audit", as: "admin", path: () => "/admin/audit" },
  { name: "admin-no-access", as: "reader", path: () => "/admin/users" },
];

/** An initiative of the demo portfolio: a local solution under way (every part of its page has something), or one in `phase`. */
async function initiativeId(strategy: string, phase?: string): Promise<string> {
  const list = await getJson<{ id: string; kind: string; phase: string }[]>(`/api/v1/initiatives?strategy=${strategy}`, "reader");
  const pick = phase ? list.find((i) => i.phase === phase) : (list.find((i) => i.kind === "local_solution" && i.phase === "execution") ?? list[0]);
  if (!pick) throw new Error(`no initiative${phase ? ` in phase ${phase}` : ""} in the portfolio of ${strategy}`);
  return pick.id;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * One context per language and person, shared by their pages: the app keeps nothing in the browser
 * but the language and the session, and its scripts and styles then come from the browser's cache.
 */
const contexts = new Map<string, Promise<BrowserContext>>();
function contextFor(lang: "nb" | "en", as?: Person): Promise<BrowserContext> {
  const key = `${lang} ${as ?? "anonymous"}`;
  let context = contexts.get(key);
  if (!context) contexts.set(key, (context = openContext(browser, { lang, width: "mobile", as })));
  return context;
}

// Each page is loaded at the phone's width, as a phone opens it, and then widened to the desktop's.
describe.each(["nb", "en"] as const)("every page in %s", (lang) => {
  it.each(PAGES.map((p) => [p.name, p] as const))("%s renders at phone and desktop widths and has no accessibility violations", async (name, p) => {
    const page = await newPage(await contextFor(lang, p.as));
    try {
      await visit(page, await p.path());
      for (const width of ["mobile", "desktop"] as const) {
        if (width === "desktop") await resize(page, width);
        expect(await page.locator("h1").count()).toBe(1);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        // Nothing wider than the phone: the page itself never scrolls sideways.
        if (width === "mobile") expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await expectAccessible(page, `${name} (${lang}, ${width})`);
        await screenshot(page, `${name}-${lang}-${width}`);
      }
    } finally {
      await page.close();
    }
  });
});
