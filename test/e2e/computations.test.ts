import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launch, openPage, visit } from "./browser.js";

/**
 * Key results computed from FHIR data in the browser (issue 7): the demo has computed them once
 * from its synthetic export; an analyst runs the computation again from the page, follows it to
 * the end, and reads what it read. The same data give no new measurement.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const hso = "/hso/hso-teknologi-2023";

describe("FHIR computations", () => {
  it("an analyst reruns the demo's computation and sees its files, definitions and that nothing changed", { timeout: 120_000 }, async () => {
    const page = await openPage(browser, { as: "analyst" });
    try {
      await visit(page, `${hso}/computations`);
      await page.getByRole("heading", { name: "Beregnet fra FHIR-data", level: 1 }).waitFor();
      // The definitions of the shipped key results, and the demo's run.
      const definitions = page.getByRole("region", { name: "Nøkkelresultatene som beregnes, med definisjonens versjon og hva tallene teller" });
      for (const code of ["1.1", "1.2", "1.4", "2.4", "3.1", "3.4", "3.5", "3.6", "5.4"]) await expect(definitions.getByRole("rowheader", { name: code, exact: true }).count()).resolves.toBe(1);
      const runs = page.getByRole("region", { name: "Beregningene, nyeste først" });
      const before = await runs.getByRole("row").count();

      await page.getByLabel("FHIR-eksport").selectOption("demo-hso");
      await page.getByRole("button", { name: "Start beregning" }).click();
      await expect.poll(() => runs.getByRole("row").count(), { timeout: 10_000 }).toBe(before + 1);
      const details = page.getByRole("region", { name: /^Kjøringen / });
      await details.getByText("Fullført").first().waitFor({ timeout: 90_000 });
      await details.getByText(/0 nye eller endrede målinger/).waitFor();
      await expect(details.getByRole("rowheader", { name: "Patient.ndjson" }).count()).resolves.toBe(1);
      await expectAccessible(page, "computations after a run (nb, mobile)");
    } finally {
      await page.close();
    }
  });
});
