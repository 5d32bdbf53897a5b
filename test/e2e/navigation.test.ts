import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, openPage, url, visit } from "./browser.js";

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("language", () => {
  it("is bokmål by default, switches to English and nynorsk, and is remembered", async () => {
    page = await openPage(browser);
    await visit(page, "/hso/hso-teknologi-2023?period=2026-Q3");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("nb");
    await page.getByRole("heading", { name: "Strategikart" }).waitFor();

    await page.getByLabel("Språk").selectOption("en");
    await page.getByRole("heading", { name: "Strategy map" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.reload();
    await page.getByRole("heading", { name: "Strategy map" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Comparison" }).count()).toBe(1);

    await page.getByLabel("Language").selectOption("nn");
    await page.getByRole("navigation", { name: "Hovudmeny" }).getByRole("link", { name: "Samanlikning" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("nn");
    // The strategy itself stays in the language it was written in.
    expect(await page.locator("h1").getAttribute("lang")).toBe("nb");
    await page.context().close();
  });
});

describe("deep links", () => {
  it("open the period the address names, and choosing another period changes the address", async () => {
    page = await openPage(browser, { lang: "nb" });
    await visit(page, "/hso/hso-teknologi-2023?period=2025-T2");
    expect(await page.getByLabel("Periode").inputValue()).toBe("2025-T2");
    await page.getByText("2. tertial 2025").first().waitFor();
    await page.getByLabel("Periode").selectOption("2024");
    await page.waitForURL(/period=2024$/);
    await page.goBack();
    await page.goto(url("/hso/hso-teknologi-2023?period=2024"));
    expect(await page.getByLabel("Periode").inputValue()).toBe("2024");
    await page.context().close();
  });

  it("lead from a region to its strategy, and the region switcher to the other region's", async () => {
    page = await openPage(browser, { lang: "nb" });
    await visit(page, "/hv");
    await page.waitForURL(/\/hv\/hv-digitalisering-2024$/);
    expect(await page.locator("h1").getAttribute("lang")).toBe("nn");
    await page.getByLabel("Region").selectOption("hso");
    await page.waitForURL(/\/hso\/hso-teknologi-2023$/);
    await visit(page, "/");
    await page.waitForURL(/\/hso\/hso-teknologi-2023$/);
    await page.context().close();
  });

  it("answer an unknown address with a page that says so", async () => {
    page = await openPage(browser, { lang: "en" });
    const response = await page.goto(url("/hso/hso-teknologi-2023/no-such-page"));
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.context().close();
  });
});
