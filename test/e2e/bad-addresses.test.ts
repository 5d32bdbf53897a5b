import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launch, openContext, resize, screenshot, url, visit } from "./browser.js";
import type { Person } from "./people.js";
import { keyResultId } from "./support-api.js";

/**
 * Addresses with something wrong in them — a period that is none, an organisation, strategy or
 * region that does not exist, an id that is not one — as they come from a mistyped or cut-off link.
 * Every one gives a page that says what is wrong, in the reader's language, and a link on: never a
 * blank page, never an error the app did not catch.
 */
interface BadAddress {
  name: string;
  path: () => Promise<string> | string;
  as?: Person;
  /** The page's heading. */
  heading: string | RegExp;
  /** What the page says is wrong, in an alert or the text under the heading. */
  says: string | RegExp;
  /** A link on: its text, and where it leads (a path, or a path and query). */
  link: { name: string | RegExp; href: string | RegExp };
}

const hso = "/hso/hso-teknologi-2023";
const nil = "00000000-0000-4000-8000-000000000000";
const kr = (code: string) => keyResultId("hso-teknologi-2023", code);
const badAddress = "Feil i adressen";
const without = "Vis siden uten denne verdien";
const overview = { name: "Til oversikten", href: hso };

const CASES: BadAddress[] = [
  { name: "overview, a quarter that is none", path: () => `${hso}?period=2026-Q9`, heading: badAddress, says: "Ugyldig periode «2026-Q9»", link: { name: without, href: hso } },
  { name: "overview, a period that is no period", path: () => `${hso}?period=banana&lang=x`, heading: badAddress, says: "Ugyldig periode «banana»", link: { name: without, href: `${hso}?lang=x` } },
  { name: "focus area, a month that is none", path: () => `${hso}/areas/fa-1?period=2026-13`, heading: badAddress, says: "Ugyldig periode «2026-13»", link: { name: without, href: `${hso}/areas/fa-1` } },
  { name: "focus area that does not exist", path: () => `${hso}/areas/fa-99?period=2026-Q3`, heading: "Fant ikke området", says: "«fa-99»", link: { name: "Til oversikten", href: `${hso}?period=2026-Q3` } },
  { name: "comparison, a tertial that is none", path: () => `${hso}/compare?period=2026-T4`, heading: badAddress, says: "Ugyldig periode «2026-T4»", link: overview },
  { name: "key result, a period that is none", path: async () => `${hso}/key-results/${await kr("1.1")}?period=2026-Q9`, heading: badAddress, says: "Ugyldig periode «2026-Q9»", link: overview },
  { name: "key result, a range that starts at no period", path: async () => `${hso}/key-results/${await kr("1.1")}?from=2026-Q0&to=2026-Q2`, heading: badAddress, says: "Ugyldig periode «2026-Q0»", link: { name: without, href: /\/key-results\/[0-9a-f-]+\?to=2026-Q2$/ } },
  { name: "key result, an organisation that does not exist", path: async () => `${hso}/key-results/${await kr("1.4")}?period=2026-Q3&org=nowhere`, heading: badAddress, says: "Ukjent organisasjon «nowhere»", link: overview },
  { name: "key result, another region's trust", path: async () => `${hso}/key-results/${await kr("1.4")}?org=helse-bergen`, heading: badAddress, says: "Ukjent organisasjon «helse-bergen»", link: overview },
  { name: "key result, a breakdown it does not have", path: async () => `${hso}/key-results/${await kr("1.5a")}?dim=nope`, heading: badAddress, says: "Ukjent fordeling «nope»", link: overview },
  { name: "key result, an id that is not one", path: () => `${hso}/key-results/1.1`, heading: "Fant ikke det målbare resultatet", says: "Det finnes ikke noe målbart resultat", link: overview },
  { name: "key result that does not exist", path: () => `${hso}/key-results/${nil}`, heading: "Fant ikke det målbare resultatet", says: "Det finnes ikke noe målbart resultat", link: overview },
  { name: "missing reports, a day that is none", path: () => `${hso}/missing?asOf=2026-02-30`, heading: badAddress, says: "Ugyldig dato «2026-02-30»", link: { name: without, href: `${hso}/missing` } },
  { name: "versions, a version the strategy does not have", path: () => `${hso}/versions?from=99`, heading: badAddress, says: "Ukjent versjon «99»", link: { name: without, href: `${hso}/versions` } },
  { name: "strategy that does not exist", path: () => "/hso/hso-teknologi-1999/compare", heading: "Fant ikke strategien", says: "«hso-teknologi-1999»", link: { name: "Til oversikten", href: "/hso" } },
  { name: "region that does not exist", path: () => "/nowhere", heading: "Fant ikke regionen", says: "«nowhere»", link: { name: "Til forsiden", href: "/" } },
  { name: "strategy in a region that does not exist", path: () => "/nowhere/nothing", heading: "Fant ikke strategien", says: "«nothing»", link: { name: "Til forsiden", href: "/" } },
  { name: "page that does not exist", path: () => `${hso}/nowhere`, heading: "Fant ikke siden", says: "Adressen peker ikke på noe", link: { name: "Til oversikten", href: "/" } },
  // The portfolio's pages, as someone who may see them.
  { name: "scenario comparison, ids that are none", as: "board", path: () => `${hso}/portfolio/scenarios/compare?ids=1,2`, heading: badAddress, says: "Ugyldig id «1»", link: { name: without, href: `${hso}/portfolio/scenarios/compare` } },
  { name: "scenario, an id that is not one", as: "board", path: () => `${hso}/portfolio/scenarios/first`, heading: "Scenarier", says: "Kunne ikke vise dette", link: { name: "Alle scenarier", href: `${hso}/portfolio/scenarios` } },
  { name: "scenario that does not exist", as: "board", path: () => `${hso}/portfolio/scenarios/${nil}`, heading: "Scenarier", says: "Fant ikke det du lette etter", link: { name: "Alle scenarier", href: `${hso}/portfolio/scenarios` } },
  { name: "initiative, an id that is not one", as: "admin", path: () => `${hso}/initiatives/HSØ-2023-0001`, heading: "Fant ikke initiativet", says: "Adressen peker ikke på et initiativ", link: { name: "Til porteføljen", href: `${hso}/portfolio` } },
  { name: "initiative that does not exist", as: "admin", path: () => `${hso}/initiatives/${nil}`, heading: "Fant ikke initiativet", says: "Adressen peker ikke på et initiativ", link: { name: "Til porteføljen", href: `${hso}/portfolio` } },
  { name: "computation run, an id that is not one", as: "analyst", path: () => `${hso}/computations?run=latest`, heading: badAddress, says: "Ugyldig id «latest»", link: { name: without, href: `${hso}/computations` } },
  { name: "audit trail, a day that is none", as: "admin", path: () => "/admin/audit?from=2026-13-01&actor=ada", heading: badAddress, says: "Ugyldig dato «2026-13-01»", link: { name: without, href: "/admin/audit?actor=ada" } },
];

let browser: Browser;
const contexts = new Map<string, Promise<BrowserContext>>();
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

function contextFor(lang: "nb" | "nn" | "en", as?: Person): Promise<BrowserContext> {
  const key = `${lang} ${as ?? "anonymous"}`;
  let context = contexts.get(key);
  if (!context) contexts.set(key, (context = openContext(browser, { lang, as })));
  return context;
}

/** A page that records what the app's scripts let escape, instead of failing somewhere else. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: Error[] }> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on("pageerror", (e) => errors.push(e));
  return { page, errors };
}

/** Nothing blank: the page has its heading, and text under it. */
async function expectNotBlank(page: Page): Promise<void> {
  expect(await page.locator("h1").count()).toBe(1);
  expect((await page.locator("main").innerText()).trim().length).toBeGreaterThan(40);
}

describe("a malformed address", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s: says what is wrong, with a link on", async (_, c) => {
    const { page, errors } = await watchedPage(await contextFor("nb", c.as));
    try {
      await visit(page, await c.path());
      await expectNotBlank(page);
      await page.getByRole("heading", { level: 1, name: c.heading }).waitFor();
      const said = page.getByRole("alert").filter({ hasText: c.says }).or(page.locator("main p").filter({ hasText: c.says }));
      await said.first().waitFor();
      const link = page.locator("main").getByRole("link", { name: c.link.name });
      const href = await link.first().getAttribute("href");
      if (typeof c.link.href === "string") expect(href).toBe(c.link.href);
      else expect(href).toMatch(c.link.href);
      expect(errors.map((e) => e.message)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("the way on from a malformed address", () => {
  it("leads to the page without the faulty value, which then works", async () => {
    const { page, errors } = await watchedPage(await contextFor("nb"));
    try {
      await visit(page, `${hso}/compare?period=2026-Q9`);
      await page.getByRole("heading", { level: 1, name: badAddress }).waitFor();
      await page.getByRole("link", { name: without }).click();
      await page.waitForURL(url(`${hso}/compare`));
      await page.getByRole("heading", { level: 1, name: "Sammenlikning av helseforetakene" }).waitFor();
      expect(await page.getByRole("alert").filter({ hasText: "Ugyldig periode" }).count()).toBe(0);
      // And a bad value again, by the app's own navigation, is caught again.
      await page.evaluate(() => {
        history.pushState(null, "", `${location.pathname}?period=2026-Q0`);
        dispatchEvent(new PopStateEvent("popstate"));
      });
      await page.getByRole("heading", { level: 1, name: badAddress }).waitFor();
      await page.getByRole("link", { name: "Til oversikten" }).click();
      await page.waitForURL(url(hso));
      await page.getByRole("heading", { level: 1, name: "Regional delstrategi for teknologiområdet" }).waitFor();
      expect(errors.map((e) => e.message)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("of a strategy named under another region leads to the strategy's own address", async () => {
    const { page, errors } = await watchedPage(await contextFor("nb"));
    try {
      await visit(page, "/hv/hso-teknologi-2023/compare?period=2026-Q1");
      await page.waitForURL(url(`${hso}/compare?period=2026-Q1`));
      await page.getByRole("heading", { level: 1, name: "Sammenlikning av helseforetakene" }).waitFor();
      expect(errors.map((e) => e.message)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    ["en", "Error in the address", "Invalid period “2026-Q9”", "Show the page without this value"],
    ["nn", "Feil i adressa", "Ugyldig periode «2026-Q9»", "Vis sida utan denne verdien"],
  ] as const)("is said in the reader's language (%s)", async (lang, heading, says, link) => {
    const { page, errors } = await watchedPage(await contextFor(lang));
    try {
      await visit(page, `${hso}/areas/fa-1?period=2026-Q9`);
      await expectNotBlank(page);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      await page.getByRole("alert").filter({ hasText: says }).waitFor();
      expect(await page.getByRole("link", { name: link }).getAttribute("href")).toBe(`${hso}/areas/fa-1`);
      expect(errors.map((e) => e.message)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    ["address", `${hso}?period=2026-Q9`],
    ["strategy", "/hso/hso-teknologi-1999"],
  ])("is a page that passes the accessibility sweep's rules (%s)", async (name, path) => {
    const { page, errors } = await watchedPage(await contextFor("nb"));
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await visit(page, path);
      for (const width of ["mobile", "desktop"] as const) {
        if (width === "desktop") await resize(page, width);
        await expectAccessible(page, `bad ${name} (${width})`);
        await screenshot(page, `bad-address-${name}-nb-${width}`);
      }
      expect(errors.map((e) => e.message)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
