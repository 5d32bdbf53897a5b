import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, openPage, trendCell, visit } from "./browser.js";
import { keyResultId, measurements } from "./support-api.js";

/**
 * A health trust's reporter at work in the browser, signed in as a reporter for Helse Sør-Øst:
 * reporting a figure, correcting it, importing a file, and doing it all with the keyboard. Each test
 * uses an organisation the demo data leaves empty.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const hso = "/hso/hso-teknologi-2023";

describe("a reporter", () => {
  it("enters a figure and a correction, and the trend's table shows each", async () => {
    const kr = await keyResultId("hso-teknologi-2023", "1.4");
    const page = await openPage(browser, { lang: "nb", as: "reporter" });
    await visit(page, `${hso}/key-results/${kr}?org=sykehusapotekene&period=2026-Q3`);
    expect(await page.locator("#kr-entry-org").inputValue()).toBe("sykehusapotekene");
    expect(await page.locator("#kr-entry-period").inputValue()).toBe("2026-Q3");

    await page.getByLabel("Verdi", { exact: true }).fill("1 234");
    await page.getByRole("button", { name: "Send inn" }).click();
    await page.getByRole("status").filter({ hasText: "Lagret" }).waitFor();
    expect((await measurements(kr, "sykehusapotekene")).map((m) => [m.period, m.value])).toEqual([["2026-Q3", 1234]]);
    await expect.poll(() => trendCell(page, "3. kvartal 2026", "SAHF")).toMatch(/^1\s234$/);

    // A correction: the field holds the saved figure, and the reporter changes it.
    expect(await page.getByLabel("Verdi", { exact: true }).inputValue()).toBe("1234");
    await page.getByLabel("Verdi", { exact: true }).fill("1300");
    await page.getByRole("button", { name: "Send inn" }).click();
    await page.getByRole("status").filter({ hasText: "retter" }).waitFor();
    const history = await measurements(kr, "sykehusapotekene", true);
    expect(history.map((m) => [m.value, m.supersededAt === null])).toEqual([
      [1234, false],
      [1300, true],
    ]);
    await expect.poll(() => trendCell(page, "3. kvartal 2026", "SAHF")).toMatch(/^1\s300$/);
    await page.context().close();
  });

  it("is refused a value that is not a number, and nothing is saved", async () => {
    const kr = await keyResultId("hso-teknologi-2023", "1.4");
    const page = await openPage(browser, { lang: "en", as: "reporter" });
    await visit(page, `${hso}/key-results/${kr}?org=sykehuspartner&period=2026-Q2`);
    await page.getByLabel("Value", { exact: true }).fill("twelve");
    await page.getByRole("button", { name: "Submit" }).click();
    const summary = page.locator(".ds-error-summary");
    await summary.waitFor();
    expect(await summary.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await measurements(kr, "sykehuspartner")).toEqual([]);
    await page.context().close();
  });

  it("imports a file: a faulty row is shown by row and column and nothing is written; a good file is imported", async () => {
    const kr = await keyResultId("hso-teknologi-2023", "6.1");
    const page = await openPage(browser, { lang: "nb", as: "reporter" });
    await visit(page, `${hso}/key-results/${kr}?org=sykehusapotekene&period=2026-Q2`);
    const file = (rows: string[]) => ({
      name: "tall.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(["nøkkelresultat;organisasjon;periode;verdi", ...rows].join("\r\n"), "utf8"),
    });

    await page.getByLabel("Fil (CSV eller XLSX)").setInputFiles(file(["6.1;SAHF;2026-Q1;10", "6.1;SAHF;2026-Q2;tolv"]));
    await page.getByRole("button", { name: "Kontroller filen" }).click();
    await page.getByRole("alert").filter({ hasText: /Filen har (én|1) feil/ }).waitFor();
    const faults = page.locator("table", { has: page.locator("caption", { hasText: "Feil i filen" }) });
    const fault = (await faults.locator("tbody tr").first().locator("th, td").allInnerTexts()).map((s) => s.trim());
    expect(fault.slice(0, 2)).toEqual(["3", "verdi"]);
    expect(await page.getByRole("button", { name: /Importer \d+ rad/ }).count()).toBe(0);
    expect(await measurements(kr, "sykehusapotekene")).toEqual([]);

    await page.getByLabel("Fil (CSV eller XLSX)").setInputFiles(file(["6.1;SAHF;2026-Q1;10", "6.1;SAHF;2026-Q2;12,5"]));
    await page.getByRole("button", { name: "Kontroller filen" }).click();
    await page.getByRole("button", { name: "Importer 2 rader" }).click();
    await page.getByText(/Importerte/).first().waitFor();
    expect((await measurements(kr, "sykehusapotekene")).map((m) => [m.period, m.value])).toEqual([
      ["2026-Q1", 10],
      ["2026-Q2", 12.5],
    ]);
    await page.context().close();
  });

  it("reports with the keyboard alone", async () => {
    const kr = await keyResultId("hso-teknologi-2023", "2.4");
    const page = await openPage(browser, { lang: "nb", as: "reporter" });
    await visit(page, `${hso}/key-results/${kr}?org=sykehuspartner&period=2026-09`);
    // Tab from the top of the page to the value field, type, and press Enter.
    const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? "");
    let presses = 0;
    while ((await focusedLabel()) !== "Verdi") {
      await page.keyboard.press("Tab");
      if (++presses > 150) throw new Error("the value field is not reachable with Tab");
    }
    await page.keyboard.type("17");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Lagret" }).waitFor();
    expect((await measurements(kr, "sykehuspartner")).map((m) => [m.period, m.value])).toEqual([["2026-09", 17]]);
    await page.context().close();
  });
});
