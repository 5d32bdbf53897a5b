import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, openPage, url, visit } from "./browser.js";
import { keyResultId } from "./support-api.js";

/**
 * The built web app runs under the server's Content Security Policy (script-src 'self', no inline
 * script): every kind of page renders — charts included — without one violation, and the policy is
 * really enforced (an injected inline script does not run).
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The page's CSP violations, as Chromium reports them in the console. */
function watchViolations(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) found.push(`${page.url()}: ${m.text()}`);
  });
  return found;
}

const hso = "/hso/hso-teknologi-2023";

describe("content security policy", () => {
  it("lets every kind of page render without a violation", async () => {
    const page = await openPage(browser, { lang: "nb" });
    const violations = watchViolations(page);
    try {
      const response = await page.goto(url("/signin"));
      expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self'(;|$)/);
      await page.locator("h1").first().waitFor();
      const kr = await keyResultId("hso-teknologi-2023", "1.1");
      for (const path of [`${hso}?period=2026-Q3`, `${hso}/areas/fa-1?period=2026-Q3`, `${hso}/key-results/${kr}?period=2026-Q3`, `${hso}/compare?period=2026-Q3`, `${hso}/versions`, "/signin"]) {
        await visit(page, path);
      }
      // ECharts draws (as SVG, setting style attributes) after the data arrives.
      await visit(page, `${hso}/key-results/${kr}?period=2026-Q3`);
      await page.locator("figure.chart svg path").first().waitFor({ state: "attached" });
      expect(violations).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("is enforced: a script injected into the page does not run", async () => {
    const page = await openPage(browser);
    const violations = watchViolations(page);
    try {
      await visit(page, hso);
      const ran = await page.evaluate(async () => {
        const s = document.createElement("script");
        s.textContent = "window.injected = true";
        document.body.append(s);
        await new Promise((r) => setTimeout(r, 50));
        return (window as { injected?: boolean }).injected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => violations.length).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });
});
