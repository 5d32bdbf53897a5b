import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launch, openPage, visit } from "./browser.js";
import { getJson } from "./support-api.js";

/**
 * Prioritisation in the browser (issue 6): a board member scores a candidate, builds a tight and a
 * generous scenario, solves both, compares them side by side, and adopts the generous one by a
 * recorded decision, which moves its chosen candidates to their next phase.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const strategy = "hso-teknologi-2023";
const hso = `/hso/${strategy}`;

interface Sheet {
  candidates: { id: string; code: string; title: string; phase: string }[];
}
interface Scenario {
  id: string;
  name: string;
  settings: { fromYear: number; years: number };
  result: { solution: { status: string; selected: { id: string; start: number }[] } } | null;
  adoption: { decision: string; advanced: { initiative: string; from: string; to: string }[] } | null;
}

const scenarioId = (page: Page) => new URL(page.url()).pathname.split("/").pop()!;
const status = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text }).first().waitFor({ timeout: 60_000 });

/** Creates a scenario on the list page; the app opens it. */
async function createScenario(page: Page, name: string): Promise<Scenario> {
  await visit(page, `${hso}/portfolio/scenarios`);
  const form = page.locator("form", { has: page.getByRole("heading", { name: "Nytt scenario" }) });
  await form.getByLabel("Navn").fill(name);
  await form.getByRole("button", { name: "Opprett scenario" }).click();
  await page.waitForURL(/\/portfolio\/scenarios\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { name, level: 1 }).waitFor();
  return getJson<Scenario>(`/api/v1/scenarios/${scenarioId(page)}`, "board");
}

/** Types budgets into the settings form (empty: no limit), saves them, and solves. */
async function setBudgetsAndSolve(page: Page, budgets: Record<string, string>): Promise<Scenario> {
  for (const [label, value] of Object.entries(budgets)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Lagre innstillingene" }).click();
  await status(page, "Innstillingene er lagret.");
  await page.getByRole("button", { name: "Løs", exact: true }).click();
  await status(page, "Scenarioet er løst.");
  await page.getByRole("heading", { name: /^Valgte initiativ \(\d+\)$/ }).waitFor();
  return getJson<Scenario>(`/api/v1/scenarios/${scenarioId(page)}`, "board");
}

describe("the prioritisation journey", () => {
  it("scores, builds and solves two scenarios, compares them and adopts one, which moves its candidates on", { timeout: 240_000 }, async () => {
    const suffix = Date.now().toString(36);
    const page = await openPage(browser, { lang: "nb", as: "board" });

    // 1. The board member gives a candidate her own scores.
    const sheet = await getJson<Sheet>(`/api/v1/portfolios/${strategy}/scores`, "board");
    const candidate = sheet.candidates.find((c) => c.phase === "concept")!;
    await visit(page, `${hso}/portfolio/scoring`);
    await page.getByRole("button", { name: `Gi poeng til ${candidate.code} ${candidate.title}` }).click();
    const mine = page.getByRole("dialog").locator("form", { has: page.getByRole("heading", { name: "Dine poeng" }) });
    await mine.getByLabel("Risiko", { exact: true }).selectOption("2");
    await mine.getByLabel("Hastegrad", { exact: true }).selectOption("5");
    await mine.getByLabel("Pålegg", { exact: true }).selectOption("1");
    await mine.getByRole("button", { name: "Lagre mine poeng" }).click();
    await status(page, `Dine poeng for ${candidate.code} er lagret.`);
    await page.keyboard.press("Escape");

    // 2. A tight scenario: 60 MNOK to invest the first year.
    const tightName = `Stramt ${suffix}`;
    const tight = await createScenario(page, tightName);
    const years = Array.from({ length: tight.settings.years }, (_, k) => tight.settings.fromYear + k);
    const tightSolved = await setBudgetsAndSolve(page, { [`Investering (mill. kr) ${years[0]}`]: "60" });
    expect(tightSolved.result?.solution.status).toBe("optimal");

    // 3. A generous one: 150 MNOK to invest every year, and no limit on the provider's capacity.
    const generousName = `Romslig ${suffix}`;
    await createScenario(page, generousName);
    const generous = await setBudgetsAndSolve(page, Object.fromEntries(years.flatMap((y) => [[`Investering (mill. kr) ${y}`, "150"], [`Leverandørkapasitet (årsverk) ${y}`, ""]])));
    expect(generous.result?.solution.status).toBe("optimal");
    expect(generous.result!.solution.selected.length).toBeGreaterThan(tightSolved.result!.solution.selected.length);
    await expectAccessible(page, "the solved scenario");

    // 4. Both side by side: each a column, and the initiatives only one of them takes marked as differing.
    await visit(page, `${hso}/portfolio/scenarios`);
    await page.getByRole("checkbox", { name: `Ta med ${tightName} i sammenlikningen` }).check();
    await page.getByRole("checkbox", { name: `Ta med ${generousName} i sammenlikningen` }).check();
    await page.getByRole("link", { name: "Sammenlikn 2 valgte scenarier" }).click();
    await page.getByRole("heading", { name: "Sammenlikning av scenarier", level: 1 }).waitFor();
    const matrix = page.locator("table", { has: page.locator("caption", { hasText: "Hvilke initiativ hvert scenario velger" }) });
    await matrix.waitFor();
    expect((await matrix.locator("thead th").allInnerTexts()).map((h) => h.trim())).toEqual(["Initiativ", "Forskjell", tightName, generousName]);
    // Each cell reads as its mark ("✓ 2027", "–") over its words for a screen reader: the mark is what counts.
    const rows = await matrix.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.querySelector("[aria-hidden=true]")?.textContent?.trim() ?? td.textContent?.trim() ?? "")));
    expect(rows.length).toBeGreaterThanOrEqual(generous.result!.solution.selected.length);
    expect(rows).toContainEqual(["Ulikt", "–", expect.stringMatching(/^✓ \d{4}$/)]);
    await expectAccessible(page, "the comparison");

    // 5. The board adopts the generous scenario at its meeting.
    await visit(page, `${hso}/portfolio/scenarios/${generous.id}`);
    const adopt = page.locator("form", { has: page.getByRole("heading", { name: "Vedta scenarioet" }) });
    await adopt.getByLabel("Beslutningsorgan").fill("Porteføljestyret");
    await adopt.getByLabel("Møtedato").fill("2026-12-10");
    await adopt.getByLabel("Vedtak", { exact: true }).fill("Porteføljen for neste år vedtas etter scenarioet Romslig.");
    await adopt.getByRole("checkbox", { name: "De valgte initiativene oppfyller de påkrevde punktene i sjekklistene" }).check();
    await adopt.getByRole("button", { name: "Vedta scenarioet" }).click();
    await status(page, "Scenarioet er vedtatt.");
    const adopted = await getJson<Scenario>(`/api/v1/scenarios/${generous.id}`, "board");
    expect(adopted.adoption?.decision).toBe("Porteføljen for neste år vedtas etter scenarioet Romslig.");
    expect(adopted.adoption!.advanced.length).toBeGreaterThan(0);
    const chosen = new Set(generous.result!.solution.selected.map((s) => s.id));
    expect(adopted.adoption!.advanced.every((a) => chosen.has(a.initiative))).toBe(true);
    expect(await page.getByRole("button", { name: "Lagre innstillingene" }).count()).toBe(0);

    // 6. A chosen initiative's page shows the phase the decision moved it to.
    const moved = page.locator("table", { has: page.locator("caption", { hasText: "Initiativene som skiftet fase" }) }).locator("tbody tr").first();
    const to = (await moved.locator("td").last().innerText()).trim();
    await moved.getByRole("link").click();
    await page.waitForURL(/\/initiatives\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("header.ini-head").getByText(/^Fase: /).innerText()).toBe(`Fase: ${to}`);
    const initiative = await getJson<{ phase: string; decisions: { decision: string }[] }>(`/api/v1/initiatives/${new URL(page.url()).pathname.split("/").pop()}`, "board");
    expect(initiative.decisions.at(-1)?.decision).toBe("Porteføljen for neste år vedtas etter scenarioet Romslig.");
    await page.context().close();
  });
});
