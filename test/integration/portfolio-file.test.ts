/**
 * The portfolio to and from XLSX and CSV: an exported workbook imports back as unchanged, edits in
 * the sheet revise or register initiatives, and a sheet with faults is refused whole, every fault
 * named by row and column.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoPortfolio } from "../../server/src/seed/portfolio.js";
import { openTestApp, type TestApp } from "../support/app.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const STRATEGY = "hso-teknologi-2023";
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  await seedDemoPortfolio(t.db, STRATEGY, "2026-12-03");
});
afterAll(() => t.close());

async function exported(): Promise<ExcelJS.Workbook> {
  const res = await t.app.inject(`/api/v1/strategies/${STRATEGY}/portfolio/export?format=xlsx`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers["content-type"]).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

const upload = async (wb: ExcelJS.Workbook, dryRun = false) =>
  t.app.inject({ method: "POST", url: `/api/v1/imports/initiatives?strategy=${STRATEGY}&dryRun=${dryRun}`, headers: { "content-type": XLSX }, payload: Buffer.from(await wb.xlsx.writeBuffer()) });

const column = (ws: ExcelJS.Worksheet, header: string) => (ws.getRow(1).values as unknown[]).indexOf(header);
const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM initiatives"))[0]!.n;

describe("portfolio export and import", () => {
  it("reads its own export back as unchanged, costs and all", async () => {
    const wb = await exported();
    const ws = wb.getWorksheet("Initiativ")!;
    expect(ws.rowCount - 1).toBe(await count());
    expect(wb.getWorksheet("Kostnader")!.rowCount).toBeGreaterThan(1);
    const res = await upload(wb);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as { created: string[]; revised: string[]; unchanged: string[] };
    expect(r.created).toEqual([]);
    expect(r.revised).toEqual([]);
    expect(r.unchanged).toHaveLength(await count());
  });

  it("revises an initiative edited in the sheet and registers a new row; a dry run writes nothing", async () => {
    const wb = await exported();
    const ws = wb.getWorksheet("Initiativ")!;
    const code = String(ws.getCell(2, column(ws, "kode")).value);
    ws.getCell(2, column(ws, "tittel")).value = "Nytt navn fra regnearket";
    ws.getCell(2, column(ws, "nøkkelresultater")).value = "6.3 (stor); −7.1e (liten)";
    const added = ws.addRow([]);
    added.getCell(column(ws, "tittel")).value = "Felles talegjenkjenning";
    added.getCell(column(ws, "eier")).value = "Ahus";
    added.getCell(column(ws, "type")).value = "Regionalt prosjekt";
    added.getCell(column(ws, "innsatsområder")).value = "4 (stor)";
    added.getCell(column(ws, "planlagt start")).value = "01.03.2027";
    const before = await count();
    const dry = await upload(wb, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, revised: [code] });
    expect(await count()).toBe(before);

    const res = await upload(wb);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as { created: string[]; revised: string[] };
    expect(r.revised).toEqual([code]);
    expect(r.created).toHaveLength(1);
    expect(await count()).toBe(before + 1);
    const list = (await t.app.inject(`/api/v1/initiatives?strategy=${STRATEGY}`)).json() as { code: string; title: string; id: string; plannedStart: string | null; organisationId: string }[];
    expect(list.find((i) => i.code === code)!.title).toBe("Nytt navn fra regnearket");
    const made = list.find((i) => i.code === r.created[0])!;
    expect(made).toMatchObject({ title: "Felles talegjenkjenning", organisationId: "ahus", plannedStart: "2027-03-01" });
    const detail = (await t.app.inject(`/api/v1/initiatives/${list.find((i) => i.code === code)!.id}`)).json() as { links: { keyResult: string | null; direction: string; size: string }[] };
    expect(detail.links.filter((l) => l.keyResult !== null).map((l) => [l.direction, l.size]).sort()).toEqual([["negative", "small"], ["positive", "large"]]);

    // The same sheet again: its versions are now stale, so the whole file is refused.
    const stale = await upload(wb);
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ details: expect.arrayContaining([expect.objectContaining({ row: 2, column: "versjon" })]) });
  });

  it("refuses a sheet with faults whole, naming each row and column", async () => {
    const wb = await exported();
    const ws = wb.getWorksheet("Initiativ")!;
    ws.getCell(3, column(ws, "type")).value = "Hobbyprosjekt";
    ws.getCell(4, column(ws, "eier")).value = "Ukjent HF";
    ws.getCell(5, column(ws, "planlagt slutt")).value = "31.02.2027";
    ws.getCell(6, column(ws, "nøkkelresultater")).value = "9.9";
    ws.getCell(7, column(ws, "tittel")).value = "";
    const before = (await t.db.query<{ v: number }>("SELECT sum(version)::int AS v FROM initiatives"))[0]!.v;
    const res = await upload(wb);
    expect(res.statusCode).toBe(400);
    const details = (res.json() as { details: { row: number; column: string }[] }).details.map((d) => `${d.row}:${d.column}`).sort();
    expect(details).toEqual(["3:type", "4:eier", "5:planlagt slutt", "6:nøkkelresultater", "7:tittel"]);
    expect((await t.db.query<{ v: number }>("SELECT sum(version)::int AS v FROM initiatives"))[0]!.v).toBe(before);
  });

  it("refuses what is not a workbook and a sheet without its key columns", async () => {
    const junk = await t.app.inject({ method: "POST", url: `/api/v1/imports/initiatives?strategy=${STRATEGY}`, headers: { "content-type": XLSX }, payload: Buffer.from("PK\x03\x04 not really") });
    expect(junk.statusCode).toBe(400);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Initiativ").addRow(["tittel", "farge"]);
    const res = await upload(wb);
    expect(res.statusCode).toBe(400);
    const details = (res.json() as { details: { path: string }[] }).details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(["row 1, column farge", "row 1"]));
  });

  it("exports CSV the way Norwegian Excel opens it", async () => {
    const res = await t.app.inject(`/api/v1/strategies/${STRATEGY}/portfolio/export?format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith("\uFEFFkode;tittel;")).toBe(true);
    const lines = res.body.trim().split("\r\n");
    expect(lines).toHaveLength((await count()) + 1);
    expect(res.body).toMatch(/;\d{2}\.\d{2}\.\d{4};/);
  });
});
