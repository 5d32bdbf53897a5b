import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const upload = (body: Buffer | string, query = "", contentType = "text/csv") =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/imports/measurements?strategy=hso-teknologi-2023${query}`,
    headers: { "content-type": contentType },
    payload: body,
  });

/** A multipart/form-data body with one file, as a browser's form sends it. */
function multipart(fileName: string, bytes: Buffer): { body: Buffer; type: string } {
  const boundary = "----veivalg" + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurements"))[0]!.n;
const current = async (code: string) => {
  const id = await keyResultId(t.db, code);
  return (await t.app.inject(`/api/v1/key-results/${id}/measurements`)).json() as {
    organisation: string;
    period: string;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
    breakdown: Record<string, string>;
    comment: string | null;
    source: string;
  }[];
};

describe("importing measurement files", () => {
  it("takes a CSV from Norwegian Excel: `;`, decimal comma, BOM, headers in any order, breakdown columns", async () => {
    const csv =
      "\uFEFFperiode;organisasjon;nøkkelresultat;teller;nevner;forløpstype;kommentar\r\n" +
      "2025-Q1;Ahus;1.1;12;100;KOLS;første kvartal\r\n" +
      "2025-Q1;Ahus;1.1;30;120;hjertesvikt;\r\n" +
      "2025-Q1;OUS;1.2;1 234;2 000;;\r\n";
    const res = await upload(Buffer.from(csv, "utf8"));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, format: "csv", delimiter: ";", rows: 3, corrections: 0 });
    const rows = await current("1.1");
    expect(rows.map((r) => [r.organisation, r.numerator, r.denominator, r.breakdown.forløpstype, r.source]).sort()).toEqual([
      ["ahus", 12, 100, "KOLS", "import"],
      ["ahus", 30, 120, "hjertesvikt", "import"],
    ]);
    expect((await current("1.2"))[0]).toMatchObject({ numerator: 1234, denominator: 2000 });
  });

  it("takes Windows-1252 with æøå, and English headers with `,`", async () => {
    const cp1252 = iconv.encode("nøkkelresultat;organisasjon;periode;verdi;kommentar\n3.2;Sykehuset Østfold HF;2025-02;17,5;Målt i DIPS på Kalnes\n", "win1252");
    const res = await upload(cp1252);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ encoding: "windows-1252" });
    const english = "key_result,organisation,period,value\n3.2,SØ,2025-03,4.25\n";
    expect((await upload(english)).statusCode).toBe(200);
    const rows = await current("3.2");
    expect(rows.map((r) => [r.organisation, r.period, r.value, r.comment])).toEqual([
      ["sykehuset-ostfold", "2025-02", 17.5, "Målt i DIPS på Kalnes"],
      ["sykehuset-ostfold", "2025-03", 4.25, null],
    ]);
  });

  it("takes XLSX, as a multipart upload", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Ark1");
    ws.addRow(["Nøkkelresultat", "Organisasjon", "Periode", "Verdi", "driftsområde"]);
    ws.addRow(["5.1", "Vestre Viken HF", "2025-Q2", 3, "kritisk syke pasienter"]);
    ws.addRow(["5.1", "VVHF", "2025-Q2", 2, "operasjonsplanlegging og kirurgisk logistikk"]);
    const { body, type } = multipart("analyserom.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    const res = await upload(body, "", type);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: "xlsx", rows: 2 });
    expect((await current("5.1")).map((r) => r.value).sort()).toEqual([2, 3]);
  });

  it("previews a dry run exactly, including corrections, and writes nothing", async () => {
    const before = await count();
    const csv = "nøkkelresultat;organisasjon;periode;verdi\n3.2;SØ;2025-03;5\n3.2;SØ;2025-04;6\n";
    const res = await upload(csv, "&dryRun=true");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rows: 2, corrections: 1, byKeyResult: [{ code: "3.2", rows: 2 }] });
    expect(res.json().batchId).toBeUndefined();
    expect(await count()).toBe(before);
  });

  it("rejects a file with bad rows, listing every fault by row and column, and writes nothing", async () => {
    const before = await count();
    const csv = [
      "nøkkelresultat;organisasjon;periode;verdi;teller;nevner",
      "3.2;Ahus;2025-05;10;;", // fine
      "3.2;Ahus;2025-13;10;;", // bad period
      "9.9;Ahus;2025-05;10;;", // unknown key result
      "3.2;Ukjent HF;2025-05;10;;", // unknown organisation
      "3.2;OUS;2025-05;ti;;", // not a number
      "1.2;OUS;2025-Q2;;5;0", // denominator zero
    ].join("\n");
    const res = await upload(csv);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; message: string; details: { row: number; column: string; code: string }[] };
    expect(body.code).toBe("invalid");
    const faults = body.details.map((d) => [d.row, d.column, d.code]);
    expect(faults).toEqual(
      expect.arrayContaining([
        [3, "periode", "bad_period"],
        [4, "nøkkelresultat", "unknown_key_result"],
        [5, "organisasjon", "unknown_organisation"],
        [6, "verdi", "not_a_number"],
        [7, "nevner", "out_of_range"],
      ]),
    );
    expect(faults.some(([row]) => row === 2)).toBe(false);
    expect(await count()).toBe(before);
  });

  it("rejects unknown and missing columns", async () => {
    const res = await upload("nøkkelresultat;periode;verdi;farge\n3.2;2025-05;1;blå\n");
    expect(res.statusCode).toBe(400);
    const details = (res.json() as { details: { message: string }[] }).details.map((d) => d.message).join("\n");
    expect(details).toMatch(/organisasjon|organisation/);
    expect(details).toMatch(/farge/);
  });

  it("offers a template per key result that imports once filled in", async () => {
    const id = await keyResultId(t.db, "1.2");
    const res = await t.app.inject(`/api/v1/key-results/${id}/template.csv?periods=2025-Q3`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/csv/);
    const lines = res.body.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/nøkkelresultat;organisasjon;periode;teller;nevner/);
    expect(lines).toHaveLength(1 + 11);
    const filled = [lines[0], ...lines.slice(1).map((l) => l.replace(/;;(;?)$/, ";3;10$1").replace(/;;$/, ";3;10"))].join("\n");
    const imported = await upload(filled);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ rows: 11 });
  });

  it("answers a file of many faults with the count and the first thousand, not a crash", async () => {
    const rows = Array.from({ length: 3000 }, () => "3.2;Ahus;2025-08;1");
    const res = await upload(["nøkkelresultat;organisasjon;periode;verdi", ...rows].join("\n"));
    expect(res.statusCode).toBe(400);
    const body = res.json() as { message: string; details: { code: string }[] };
    expect(body.message).toMatch(/^2999 fault/);
    expect(body.details).toHaveLength(1000);
    expect(body.details[0]!.code).toBe("duplicate");
  });
});
