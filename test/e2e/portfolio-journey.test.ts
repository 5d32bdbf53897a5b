import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launch, openPage, trendCell, visit } from "./browser.js";
import { getJson, keyResultId } from "./support-api.js";

/**
 * The portfolio's whole journey in the browser (issue 5): a trust registers a need, the portfolio
 * board makes it an initiative and takes it through the decision points into execution — which the
 * computed key result 6.2a (user-driven development runs started) counts for the trust — and the
 * initiative then reports its status and benefits, and shows in the coverage matrix.
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
const focusAreaTitle = "Brukernær utvikling av teknologi";

interface Need {
  id: string;
  title: string;
  organisationId: string;
  status: string;
  sectionKeys: string[];
  initiativeId: string | null;
}
interface Initiative {
  id: string;
  code: string;
  phase: string;
  organisationId: string;
  tags: string[];
  links: { section: string; keyResult: string | null; direction: string; size: string }[];
}
interface Measurement {
  period: string;
  value: number | null;
  source: string;
}

/** The key of a focus area of the strategy by its title. */
async function focusAreaKey(title: string): Promise<string> {
  interface Node {
    key: string;
    title: string;
    children: Node[];
  }
  const tree = await getJson<{ sections: Node[] }>(`/api/v1/strategies/${strategy}`);
  const find = (nodes: Node[]): Node | undefined => nodes.reduce<Node | undefined>((hit, n) => hit ?? (n.title === title ? n : find(n.children)), undefined);
  const hit = find(tree.sections);
  if (!hit) throw new Error(`no section "${title}" in ${strategy}`);
  return hit.key;
}

/** The current value of a key result for an organisation and period, as the API gives it (none: undefined). */
async function currentMeasurement(kr: string, organisation: string, period: string): Promise<Measurement | undefined> {
  const rows = await getJson<Measurement[]>(`/api/v1/key-results/${kr}/measurements?organisation=${organisation}`);
  return rows.find((m) => m.period === period);
}

/** The value of a term in a description list inside `scope`: "Stikkord" → "user_driven". */
const fact = (scope: Locator, term: string) => scope.locator("dl > div", { has: scope.page().locator("dt").getByText(term, { exact: true }) }).locator("dd");

/** The phase tag in the initiative's head: "Fase: Idé". */
const phaseTag = (page: Page) => page.locator("header.ini-head").getByText(/^Fase: /);

/** Records an approval at the current decision point with the board's form, every checklist item ticked. */
async function approveGate(page: Page, gate: string, meetingDate: string) {
  await page.getByRole("button", { name: `Registrer beslutning ved ${gate}` }).click();
  const form = page.locator("#dec-form");
  await form.getByRole("heading", { name: `Registrer beslutning ved ${gate}` }).waitFor();
  await form.getByRole("radio", { name: "Godkjent – videre til neste fase" }).check();
  await form.getByLabel("Beslutningsorgan").fill("Porteføljestyret");
  await form.getByLabel("Møtedato").fill(meetingDate);
  await form.getByLabel("Vedtak", { exact: true }).fill(`${gate} er passert. Initiativet går videre.`);
  for (const item of await form.getByRole("checkbox").all()) await item.check();
  await form.getByRole("button", { name: "Registrer beslutning", exact: true }).click();
  await form.waitFor({ state: "detached" });
}

describe("the portfolio journey", () => {
  it("takes a trust's need through the board's decision points into execution, counted by 6.2a, with status, benefits and coverage", { timeout: 120_000 }, async () => {
    const title = `Pasientstyrt timebestilling ${Date.now().toString(36)}`;
    const area = await focusAreaKey(focusAreaTitle);
    const kr = await keyResultId(strategy, "6.2a");

    // 1. Ahus's reporter registers the need.
    const ahus = await openPage(browser, { lang: "nb", as: "ahus" });
    await visit(ahus, `${hso}/needs`);
    const register = ahus.locator("section[aria-labelledby=need-register]");
    await register.getByLabel("Organisasjon", { exact: true }).selectOption("ahus");
    await register.getByLabel("Tittel", { exact: true }).fill(title);
    await register.getByLabel("Problemet").fill("Pasientene må ringe for å bestille og endre timer, og telefonkøene er lange.");
    await register.getByLabel("Størrelse").selectOption("medium");
    await register.getByRole("checkbox", { name: new RegExp(focusAreaTitle) }).check();
    await register.getByRole("button", { name: "Meld inn behovet" }).click();
    await ahus.getByRole("status").filter({ hasText: `Behovet «${title}» er meldt inn.` }).waitFor();
    await ahus.getByRole("heading", { name: title, level: 3 }).waitFor();
    const need = (await getJson<Need[]>(`/api/v1/needs?strategy=${strategy}`, "board")).find((n) => n.title === title);
    expect(need).toMatchObject({ organisationId: "ahus", status: "open", sectionKeys: [area] });
    await ahus.context().close();

    // 2. A board member makes it an initiative, and tags it as a user-driven development run.
    const page = await openPage(browser, { lang: "nb", as: "board" });
    await visit(page, `${hso}/needs`);
    await page.getByRole("button", { name: `Behandle behovet: ${title}` }).click();
    const triage = page.getByRole("dialog");
    await triage.getByLabel("Type initiativ").selectOption("development");
    await triage.getByRole("button", { name: "Gjør om til initiativ" }).click();
    await page.waitForURL(/\/initiatives\/[0-9a-f-]{36}$/);
    const initiativeId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("heading", { name: title, level: 1 }).waitFor();
    expect(await phaseTag(page).innerText()).toBe("Fase: Idé");
    expect((await getJson<Need[]>(`/api/v1/needs?strategy=${strategy}`, "board")).find((n) => n.id === need!.id)).toMatchObject({ status: "converted", initiativeId });

    await page.getByRole("button", { name: "Endre initiativet" }).click();
    const edit = page.getByRole("dialog");
    await edit.getByLabel("Stikkord").fill("user_driven");
    await edit.getByRole("button", { name: "Lagre" }).click();
    await edit.waitFor({ state: "hidden" });
    await expect.poll(() => fact(page.locator("header.ini-head"), "Stikkord").innerText()).toBe("user_driven");
    const created = await getJson<Initiative>(`/api/v1/initiatives/${initiativeId}`, "board");
    expect(created).toMatchObject({ organisationId: "ahus", tags: ["user_driven"], phase: "idea" });
    expect(created.links).toEqual([expect.objectContaining({ section: area, keyResult: null, direction: "positive" })]);

    // 3. The board passes BP1, BP2 and BP3 at its meetings in the third quarter: the initiative is in execution, and 6.2a counts it for Ahus.
    const before = (await currentMeasurement(kr, "ahus", "2026-Q3"))?.value ?? 0;
    await approveGate(page, "BP1", "2026-08-18");
    await expect.poll(() => phaseTag(page).innerText()).toBe("Fase: Konsept");
    await approveGate(page, "BP2", "2026-09-01");
    await expect.poll(() => phaseTag(page).innerText()).toBe("Fase: Planlegge");
    expect((await currentMeasurement(kr, "ahus", "2026-Q3"))?.value ?? 0).toBe(before);
    await approveGate(page, "BP3", "2026-09-15");
    await expect.poll(() => phaseTag(page).innerText()).toBe("Fase: Gjennomføre");
    const decisions = page.locator("#decisions ol.ini-decisions > li");
    expect(await decisions.count()).toBe(3);
    expect(await decisions.first().getByRole("heading").innerText()).toBe("BP3: Godkjent (Planlegge → Gjennomføre)");
    expect(await page.locator("ol.ini-steps li[aria-current=step] .ini-step-name").innerText()).toBe("Gjennomføre");

    const after = await currentMeasurement(kr, "ahus", "2026-Q3");
    expect(after).toMatchObject({ value: before + 1, source: "computed" });
    const krPage = await page.context().newPage();
    await visit(krPage, `${hso}/key-results/${kr}`);
    await expect.poll(() => trendCell(krPage, "3. kvartal 2026", "Ahus")).toBe(String(before + 1));
    await krPage.close();

    // 4. A status report for the period just ended (it is owed since the initiative entered execution), and a benefit with what it realised.
    const status = page.locator("#status");
    await status.getByRole("heading", { name: "Statusrapport forfalt" }).waitFor();
    await status.getByRole("button", { name: "Skriv statusrapport" }).click();
    const report = page.locator("#sr-form");
    const period = (await report.getByLabel("Periode").locator("option:checked").innerText()).trim();
    const rag: [string, string][] = [
      ["Samlet", "Gul"],
      ["Omfang", "Grønn"],
      ["Fremdrift", "Gul"],
      ["Kostnad", "Grønn"],
      ["Gevinster", "Grønn"],
    ];
    for (const [dimension, colour] of rag) await report.getByRole("group", { name: dimension, exact: true }).getByRole("radio", { name: colour }).check();
    const narrative = "Første brukerverksted er holdt; pilot på to poliklinikker i desember.";
    await report.getByLabel("Kommentar").fill(narrative);
    await report.getByRole("button", { name: "Send statusrapport" }).click();
    await report.getByRole("status").filter({ hasText: `Statusrapporten for ${period} er lagret.` }).waitFor();
    const reports = status.locator("table", { has: page.locator("caption", { hasText: "Statusrapporter per periode" }) });
    const row = reports.locator("tbody tr", { has: page.getByText(period, { exact: true }) });
    await row.waitFor();
    // A RAG cell reads as its symbol over its word: the word is what counts.
    const cells = (await row.locator("th, td").allInnerTexts()).map((s) => s.trim().split("\n").at(-1)!.trim());
    expect(cells.slice(0, 7)).toEqual([period, "Gul", "Grønn", "Gul", "Grønn", "Grønn", narrative]);
    await expect.poll(() => status.getByRole("heading", { name: "Statusrapport forfalt" }).count()).toBe(0);

    const benefits = page.locator("#benefits");
    const benefitTitle = "Færre telefoner om timeendring";
    await benefits.getByRole("button", { name: "Legg til gevinst" }).click();
    const plan = page.getByRole("dialog");
    await plan.getByLabel("Gevinst", { exact: true }).fill(benefitTitle);
    await plan.getByLabel("Gevinsttype").selectOption("efficiency");
    await plan.getByLabel("Gevinstansvarlig").fill("Klinikksjef, Ahus");
    await plan.getByRole("radio", { name: "Egen indikator" }).check();
    await plan.getByRole("textbox", { name: "Egen indikator" }).fill("Telefoner om timeendring per uke");
    await plan.getByLabel("Enhet", { exact: true }).fill("telefoner");
    await plan.getByLabel("Nullpunkt", { exact: true }).fill("400");
    await plan.getByLabel("Nullpunkt målt").fill("2026-06-01");
    await plan.getByLabel("Mål", { exact: true }).fill("150");
    await plan.getByLabel("Realiseres innen").fill("2027-12-31");
    await plan.getByLabel("Kroner per år").fill("500000");
    await plan.getByLabel("Frigjorte timer per år").fill("1200");
    await plan.getByRole("button", { name: "Lagre" }).click();
    await plan.waitFor({ state: "hidden" });
    const card = benefits.locator("li", { has: page.getByRole("heading", { name: benefitTitle }) });
    await card.waitFor();

    await card.getByRole("button", { name: `Registrer oppnådd – ${benefitTitle}` }).click();
    const actual = page.getByRole("dialog");
    expect(await actual.getByLabel("Periode").inputValue()).toBe("2026-Q3");
    await actual.getByLabel("Indikatorverdi").fill("320");
    await actual.getByLabel("Kroner per år").fill("160000");
    await actual.getByLabel("Frigjorte timer per år").fill("380");
    await actual.getByRole("button", { name: "Lagre" }).click();
    await actual.waitFor({ state: "hidden" });
    await expect.poll(() => fact(card, "Sist oppnådd").innerText()).toMatch(/^3\. kvartal 2026: 320 telefoner; 160\s000 kr; 380 timer$/);

    // The benefit realisation report lists the initiative with what it planned and realised.
    await visit(page, `${hso}/benefits`);
    const chart = page.locator("figure", { has: page.locator("figcaption", { hasText: "Kroner per år, per initiativ" }) });
    await chart.locator("summary").click();
    const line = chart.locator("tbody tr", { has: page.getByRole("link", { name: `${created.code} ${title}` }) });
    await line.waitFor();
    expect((await line.locator("th, td").allInnerTexts()).map((s) => s.trim()).slice(0, 3)).toEqual([`${created.code} ${title}`, expect.stringMatching(/^500\s000 kr$/), expect.stringMatching(/^160\s000 kr$/)]);

    // 5. The coverage matrix has the initiative as a column, contributing to the focus area the need named and to no other.
    await visit(page, `${hso}/coverage`);
    const matrix = page.locator("table", { has: page.locator("caption#coverage-caption") });
    const headers = (await matrix.locator("thead th").allInnerTexts()).map((h) => h.trim());
    const column = headers.findIndex((h) => h.split(/\s/)[0] === created.code);
    expect(column, `a column for ${created.code} among ${headers.join(" | ")}`).toBeGreaterThan(1);
    // The cell shows a + per step of size, and says the contribution in words to a screen reader.
    const [signs, words] = ({ small: ["+", "lite"], medium: ["++", "middels"], large: ["+++", "stort"] } as Record<string, [string, string]>)[created.links[0]!.size]!;
    const areaRows = matrix.locator("tbody tr.coverage-area");
    const ours = areaRows.filter({ has: page.locator("th", { hasText: focusAreaTitle }) });
    expect(await ours.locator("th, td").nth(column).textContent()).toBe(`${signs}Positivt bidrag, ${words}`);
    for (const r of await areaRows.filter({ hasNot: page.locator("th", { hasText: focusAreaTitle }) }).all()) expect(((await r.locator("th, td").nth(column).textContent()) ?? "").trim()).toBe("");

    // 6. The initiative page as the board sees it now, with its form for the next decision point open, is accessible; its history tells the story.
    await visit(page, `${hso}/initiatives/${initiativeId}`);
    await page.getByRole("button", { name: "Registrer beslutning ved BP4" }).click();
    await page.locator("#dec-form").getByRole("heading", { name: "Registrer beslutning ved BP4" }).waitFor();
    await page.locator("#history .ini-history-event").first().waitFor();
    await expectAccessible(page, "initiative page with the decision form");
    expect(await page.locator("#history .ini-history-event .ds-tag").allInnerTexts()).toEqual(["Gevinst oppnådd", "Statusrapport", "Beslutning", "Beslutning", "Beslutning", "Endret", "Registrert"]);
    await page.context().close();
  });
});
