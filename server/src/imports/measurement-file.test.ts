import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { ErrorDetail } from "../domain/errors.js";
import {
  createValidator,
  findDuplicates,
  type MeasurementContext,
  type MeasurementInput,
  type RawMeasurement,
} from "../domain/measurement-input.js";
import { fileLocator, readMeasurementFile, templateCsv, type ParsedFile } from "./measurement-file.js";

const forløpstype = { key: "forløpstype", label: "Forløpstype", values: ["Hjertesvikt", "Hjerneslag"] };
const ctx: MeasurementContext = {
  keyResults: [
    { id: "kr-sum", code: "1.4", aggregation: "sum", frequency: "quarter", dimensions: [] },
    { id: "kr-ratio", code: "2.1a", aggregation: "ratio", frequency: "month", dimensions: [forløpstype] },
  ],
  organisations: [
    { id: "ahus", name: "Akershus universitetssykehus HF", shortName: "Ahus" },
    { id: "sshf", name: "Sørlandet sykehus HF", shortName: "SSHF" },
    { id: "ous", name: "Oslo universitetssykehus HF", shortName: "OUS" },
    { id: "forde", name: "Helse Førde HF", shortName: "Førde" },
  ],
};
const DIMENSIONS = ["forløpstype", "kjønn"];

const utf8 = (text: string, bom = false) => Buffer.from((bom ? "\uFEFF" : "") + text, "utf8");
const read = (bytes: Buffer, name = "data.csv") => readMeasurementFile(bytes, name, DIMENSIONS);

/** Validates every record as the import endpoint would, and finds duplicates among the valid ones. */
function validateFile(file: ParsedFile): { items: MeasurementInput[]; errors: ErrorDetail[] } {
  const validate = createValidator(ctx);
  const valid: { row: number; m: MeasurementInput }[] = [];
  const errors = [...file.errors];
  for (const record of file.records) {
    const r = validate(record.raw, fileLocator(file, record));
    if ("ok" in r) valid.push({ row: record.row, m: r.ok });
    else errors.push(...r.errors);
  }
  errors.push(...findDuplicates(valid.map((v) => v.m), (i) => `row ${valid[i]!.row}`));
  return { items: valid.map((v) => v.m), errors };
}
const where = (errors: ErrorDetail[]) => errors.map((e) => [e.path, e.code]);

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as Uint8Array);
}

describe("readMeasurementFile: CSV", () => {
  const norwegian = [
    "Nøkkelresultat;Organisasjon;Periode;Verdi;Kommentar",
    "1.4;Ahus;2025-Q1;12,5;",
    "1.4;SSHF;2025-Q1;1 234,5;foreløpig",
  ].join("\r\n");

  it("reads `;` with decimal comma and a BOM", async () => {
    const file = await read(utf8(norwegian, true));
    expect(file).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: ";", errors: [] });
    expect(file.columns).toEqual([
      { header: "Nøkkelresultat", field: "keyResult" },
      { header: "Organisasjon", field: "organisation" },
      { header: "Periode", field: "period" },
      { header: "Verdi", field: "value" },
      { header: "Kommentar", field: "comment" },
    ]);
    expect(file.records).toEqual([
      {
        row: 2,
        raw: { keyResult: "1.4", organisation: "Ahus", period: "2025-Q1", value: "12,5" },
        cells: { Nøkkelresultat: "1.4", Organisasjon: "Ahus", Periode: "2025-Q1", Verdi: "12,5", Kommentar: "" },
      },
      expect.objectContaining({ row: 3, raw: expect.objectContaining({ value: "1 234,5", comment: "foreløpig" }) }),
    ]);
    const { items, errors } = validateFile(file);
    expect(errors).toEqual([]);
    expect(items.map((m) => [m.organisationId, m.value, m.comment])).toEqual([
      ["ahus", 12.5, null],
      ["sshf", 1234.5, "foreløpig"],
    ]);
  });

  it("reads the same without a BOM", async () => {
    const file = await read(utf8(norwegian));
    expect(file.encoding).toBe("utf-8");
    expect(file.records.map((r) => r.raw.keyResult)).toEqual(["1.4", "1.4"]);
    expect(file.columns[0]!.header).toBe("Nøkkelresultat"); // no BOM glued to the first header
  });

  it("reads Windows-1252 bytes (Excel's CSV on Norwegian Windows)", async () => {
    const text = [
      "nøkkelresultat;organisasjon;periode;verdi;kommentar",
      "1.4;Sørlandet sykehus HF;2025-Q1;7;Målt på Østfold-måten, «foreløpig»",
      "1.4;Helse Førde HF;2025-Q1;8;ÆØÅ æøå",
    ].join("\r\n");
    const bytes = iconv.encode(text, "windows-1252");
    expect(bytes.includes(Buffer.from("ø", "utf8"))).toBe(false); // really single-byte ø
    const file = await read(bytes);
    expect(file.encoding).toBe("windows-1252");
    const { items, errors } = validateFile(file);
    expect(errors).toEqual([]);
    expect(items.map((m) => [m.organisationId, m.comment])).toEqual([
      ["sshf", "Målt på Østfold-måten, «foreløpig»"],
      ["forde", "ÆØÅ æøå"],
    ]);
  });

  it("reads `,`-separated files with English headers and decimal points", async () => {
    const text = [
      "Key Result,Organization,Period,Numerator,Denominator,Forløpstype,Comment",
      '2.1a,OUS,2025-03,12,40,hjertesvikt,"late, but complete"',
      "2.1a,OUS,2025-03,1.5,2.5,Hjerneslag,",
    ].join("\n");
    const file = await read(utf8(text));
    expect(file.delimiter).toBe(",");
    expect(file.columns.map((c) => c.field)).toEqual([
      "keyResult",
      "organisation",
      "period",
      "numerator",
      "denominator",
      "forløpstype",
      "comment",
    ]);
    const { items, errors } = validateFile(file);
    expect(errors).toEqual([]);
    expect(items.map((m) => [m.numerator, m.denominator, m.breakdownKey, m.comment])).toEqual([
      [12, 40, "forløpstype=Hjertesvikt", "late, but complete"],
      [1.5, 2.5, "forløpstype=Hjerneslag", null],
    ]);
  });

  it("reads quoted cells holding the delimiter, quotes and line breaks, keeping spreadsheet row numbers", async () => {
    const text = [
      'nøkkelresultat;organisasjon;periode;verdi;"kommentar"',
      '1.4;Ahus;2025-Q1;"12,5";"første; andre ""sitat""',
      'neste linje"',
      "1.4;OUS;2025-Q1;3;",
    ].join("\n");
    const file = await read(utf8(text));
    expect(file.errors).toEqual([]);
    expect(file.records.map((r) => [r.row, r.raw.comment])).toEqual([
      [2, 'første; andre "sitat"\nneste linje'],
      [3, undefined],
    ]);
  });

  it("reads tab-separated text (Excel's 'Text (tab delimited)')", async () => {
    const text = "nøkkelresultat\torganisasjon\tperiode\tverdi\n1.4\tAhus\t2025\t1 000\n";
    const file = await read(utf8(text), "data.txt");
    expect(file.delimiter).toBe("\t");
    expect(validateFile(file).items.map((m) => [m.period.id, m.value])).toEqual([["2025", 1000]]);
  });

  it("picks the most frequent delimiter outside quotes, `;` on ties, and honours Excel's sep= line", async () => {
    const quotedCommas = '"nøkkelresultat, kode";organisasjon;periode;verdi\n';
    expect((await read(utf8(quotedCommas))).delimiter).toBe(";");
    expect((await read(utf8("a,b;c\n"))).delimiter).toBe(";");
    const sep = await read(utf8("sep=,\r\nnøkkelresultat,organisasjon,periode,verdi\r\n1.4,Ahus,2025-Q1,5;6\r\n"));
    expect(sep.delimiter).toBe(",");
    expect(sep.records.map((r) => [r.row, r.raw.value])).toEqual([[3, "5;6"]]);
  });

  it("skips empty lines (and lines of bare delimiters) but keeps row numbers true to the file", async () => {
    const text = "\nnøkkelresultat;organisasjon;periode;verdi\n\n1.4;Ahus;2025-Q1;1\n;;;\n  \n1.4;OUS;2025-Q1;2\n\n";
    const file = await read(utf8(text));
    expect(file.errors).toEqual([]);
    expect(file.records.map((r) => r.row)).toEqual([4, 7]);
  });

  it("reports rows with too few or too many cells, but allows trailing empty cells", async () => {
    const text = [
      "nøkkelresultat;organisasjon;periode;verdi",
      "1.4;Ahus;2025-Q1",
      "1.4;Ahus;2025-Q2;1;2",
      "1.4;Ahus;2025-Q3;1;;",
      "1.4;Ahus;2025-Q4;1",
    ].join("\n");
    const file = await read(utf8(text));
    expect(file.errors).toEqual([
      { path: "row 2", row: 2, code: "wrong_cell_count", message: "row 2 has 3 cells, the header has 4" },
      { path: "row 3", row: 3, code: "wrong_cell_count", message: "row 3 has 5 cells, the header has 4" },
    ]);
    expect(file.records.map((r) => r.row)).toEqual([4, 5]);
  });

  it("ignores a trailing empty header column unless a row fills it", async () => {
    const text = "nøkkelresultat;organisasjon;periode;verdi;\n1.4;Ahus;2025-Q1;1;\n1.4;OUS;2025-Q1;1;oi\n";
    const file = await read(utf8(text));
    expect(where(file.errors)).toEqual([["row 3, column 5", "unexpected_column"]]);
    expect(file.records.map((r) => r.row)).toEqual([2]);
  });

  it("reports unknown columns on the header row and still reads the rows", async () => {
    const text = "nøkkelresultat;organisasjon;periode;verdi;Ansvarlig;kjønn\n1.4;Ahus;2025-Q1;1;Kari;\n";
    const file = await read(utf8(text));
    expect(file.errors).toEqual([
      { path: "row 1, column Ansvarlig", row: 1, column: "Ansvarlig", code: "unknown_column", message: 'unknown column "Ansvarlig"' },
    ]);
    expect(file.records).toHaveLength(1);
    expect(file.records[0]!.cells).toMatchObject({ Ansvarlig: "Kari", kjønn: "" });
  });

  it("reports missing and duplicate columns, and then reads no rows", async () => {
    const missing = await read(utf8("nøkkelresultat;periode;kommentar\n1.4;2025;x\n"));
    expect(missing.errors).toEqual([
      { path: "row 1", row: 1, code: "missing_column", message: 'missing column "organisasjon"' },
      { path: "row 1", row: 1, code: "missing_column", message: 'missing column "verdi" (or "teller" and "nevner")' },
    ]);
    expect(missing.records).toEqual([]);

    const half = await read(utf8("nøkkelresultat;organisasjon;periode;teller\n"));
    expect(half.errors.map((e) => e.message)).toEqual(['missing column "nevner"']);

    const twice = await read(utf8("nøkkelresultat;organisasjon;periode;verdi;Value\n1.4;Ahus;2025;1;2\n"));
    expect(twice.errors).toEqual([
      { path: "row 1, column Value", row: 1, column: "Value", code: "duplicate_column", message: 'column "Value" repeats column "verdi"' },
    ]);
    expect(twice.records).toEqual([]);
  });

  it("accepts a ratio file with teller and nevner only (nynorsk teljar/nemnar too)", async () => {
    const file = await read(utf8("nøkkelresultat;organisasjon;periode;teljar;nemnar;forløpstype\n2.1a;ous;2025-01;1;2;hjerneslag\n"));
    expect(validateFile(file)).toMatchObject({ errors: [], items: [{ numerator: 1, denominator: 2 }] });
  });

  it("reports every validation rule at its row and column", async () => {
    const text = [
      "nøkkelresultat;organisasjon;periode;verdi;teller;nevner;forløpstype;kommentar",
      "9.9;Ahus;2025-Q1;1;;;;", // 2 unknown key result
      "1.4;Helse Bergn;2025-Q1;1;;;;", // 3 unknown organisation
      "1.4;Ahus;2025-13;1;;;;", // 4 bad period
      "1.4;Ahus;2025-03;1;;;;", // 5 too fine
      "1.4;Ahus;2025-T1;1;;;;", // 6 tertial for a quarterly key result
      "1.4;Ahus;2025-Q1;12,5x;;;;", // 7 not a number
      "1.4;Ahus;2025-Q2;;;;;", // 8 missing value
      "1.4;Ahus;2025-Q3;1;1;2;;", // 9 numerator/denominator for a sum
      "2.1a;Ahus;2025-01;0,5;1;2;Hjertesvikt;", // 10 value for a ratio
      "2.1a;Ahus;2025-02;;-1;0;Hjertesvikt;", // 11 out of range
      "2.1a;Ahus;2025-03;;1;;Hjertesvikt;", // 12 missing denominator
      "2.1a;Ahus;2025-04;;1;2;;", // 13 missing dimension
      "2.1a;Ahus;2025-05;;1;2;Lungekreft;", // 14 unknown dimension value
      "1.4;Ahus;2025-Q4;1;;;Hjertesvikt;", // 15 dimension on a key result without it
      `1.4;OUS;2025-Q1;1;;;;${"x".repeat(2001)}`, // 16 comment too long
      "2.1a;ahus;2025-06;;1;2;hjertesvikt;ok", // 17 valid
    ].join("\r\n");
    const { items, errors } = validateFile(await read(utf8(text)));
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, "nøkkelresultat", "unknown_key_result"],
      [3, "organisasjon", "unknown_organisation"],
      [4, "periode", "bad_period"],
      [5, "periode", "period_too_fine"],
      [6, "periode", "period_grain_mismatch"],
      [7, "verdi", "not_a_number"],
      [8, "verdi", "missing_value"],
      [9, "teller", "unexpected_value"],
      [9, "nevner", "unexpected_value"],
      [10, "verdi", "unexpected_value"],
      [11, "teller", "out_of_range"],
      [11, "nevner", "out_of_range"],
      [12, "nevner", "missing_value"],
      [13, "forløpstype", "missing_dimension"],
      [14, "forløpstype", "unknown_dimension_value"],
      [15, "forløpstype", "unexpected_column"],
      [16, "kommentar", "too_long"],
    ]);
    expect(errors[5]).toEqual({
      path: "row 7, column verdi",
      row: 7,
      column: "verdi",
      code: "not_a_number",
      message: '"12,5x" is not a number',
    });
    expect(errors[3]!.message).toBe("period 2025-03 is finer than the key result's frequency (quarter)");
    expect(items).toHaveLength(1);
  });

  it("locates a field whose column the file lacks at the row", async () => {
    const file = await read(utf8("nøkkelresultat;organisasjon;periode;teller;nevner\n2.1a;Ahus;2025-01;1;2\n"));
    expect(validateFile(file).errors).toEqual([
      { path: "row 2", row: 2, code: "missing_dimension", message: "forløpstype is required" },
    ]);
  });

  it("finds duplicates across rows", async () => {
    const text = [
      "nøkkelresultat;organisasjon;periode;teller;nevner;forløpstype",
      "2.1a;Ahus;2025-01;1;2;Hjertesvikt",
      "2.1a;Ahus;2025-01;1;2;Hjerneslag",
      "2.1a;Akershus universitetssykehus HF;2025-01;3;4;hjertesvikt",
    ].join("\n");
    const { errors } = validateFile(await read(utf8(text)));
    expect(errors).toEqual([
      { path: "row 4", code: "duplicate", message: "2.1a / ahus / 2025-01 [forløpstype=Hjertesvikt] is also given at row 2" },
    ]);
  });

  it("reports files it cannot read", async () => {
    expect((await read(Buffer.alloc(0))).errors).toEqual([{ path: "data.csv", code: "empty_file", message: "the file is empty" }]);
    expect((await read(utf8("\n;;\n"))).errors.map((e) => e.code)).toEqual(["empty_file"]);
    expect((await read(utf8("nøkkelresultat;organisasjon;periode;verdi\n"))).errors.map((e) => e.code)).toEqual(["no_rows"]);
    const xls = await read(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "gammel.xls");
    expect(xls.errors).toEqual([{ path: "gammel.xls", code: "bad_file", message: "old Excel format (.xls): save the file as .xlsx or CSV" }]);
    const zip = await read(Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(50)]), "x.xlsx");
    expect(zip).toMatchObject({ format: "xlsx", errors: [{ code: "bad_file" }] });
    const utf16 = await read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("nøkkelresultat\tverdi", "utf16le")]));
    expect(utf16.errors.map((e) => e.message)).toEqual(["the file is UTF-16 text: save it as CSV (UTF-8)"]);
    const unclosed = await read(utf8('nøkkelresultat;organisasjon;periode;verdi\n1.4;Ahus;2025;1\n1.4;"OUS;2025;1\n'));
    expect(unclosed.errors).toMatchObject([{ row: 3, code: "bad_csv" }]);
  });
});

describe("readMeasurementFile: XLSX", () => {
  it("reads the first worksheet: numbers, rich text, formulas, hyperlinks; a date period is an error", async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet("Rapport");
      ws.addRow(["Nøkkelresultat", " Organisasjon ", "Periode", "Verdi", "Kommentar"]);
      ws.addRow([1.4, "Ahus", "2025-Q1", 12.5, null]); // the code typed as a number
      ws.addRow(["1.4", { richText: [{ text: "Sørlandet " }, { text: "sykehus HF", font: { bold: true } }] }, "2025-Q2", { formula: "D2*2", result: 25 }, "sum av avdelinger"]);
      ws.addRow(["1.4", { text: "OUS", hyperlink: "https://oslo-universitetssykehus.no" }, 2025, "1 234,5", new Date(Date.UTC(2025, 0, 15))]);
      ws.addRow([]);
      ws.addRow(["1.4", "OUS", new Date(Date.UTC(2025, 2, 1)), 3]);
      ws.addRow(["1.4", "OUS", "2025-Q3", { formula: "1/0", result: { error: "#DIV/0!" } }]);
      wb.addWorksheet("Hjelp").addRow(["ignored"]);
    });
    const file = await read(bytes, "rapport.xlsx");
    expect(file.format).toBe("xlsx");
    expect(file.encoding).toBeUndefined();
    expect(file.columns.map((c) => c.header)).toEqual(["Nøkkelresultat", "Organisasjon", "Periode", "Verdi", "Kommentar"]);
    expect(file.errors).toEqual([
      {
        path: "row 6, column Periode",
        row: 6,
        column: "Periode",
        code: "date_cell",
        message: "Periode is a date (2025-03-01): write the period as text, like 2025-03",
      },
    ]);
    expect(file.records.map((r) => [r.row, r.raw])).toEqual([
      [2, { keyResult: "1.4", organisation: "Ahus", period: "2025-Q1", value: 12.5 }],
      [3, { keyResult: "1.4", organisation: "Sørlandet sykehus HF", period: "2025-Q2", value: 25, comment: "sum av avdelinger" }],
      [4, { keyResult: "1.4", organisation: "OUS", period: "2025", value: "1 234,5", comment: "2025-01-15" }],
      [7, { keyResult: "1.4", organisation: "OUS", period: "2025-Q3", value: "#DIV/0!" }],
    ]);
    const { items, errors } = validateFile(file);
    expect(items.map((m) => [m.organisationId, m.period.id, m.value])).toEqual([
      ["ahus", "2025-Q1", 12.5],
      ["sshf", "2025-Q2", 25],
      ["ous", "2025", 1234.5],
    ]);
    expect(errors.slice(1)).toEqual([
      { path: "row 7, column Verdi", row: 7, column: "Verdi", code: "not_a_number", message: '"#DIV/0!" is not a number' },
    ]);
  });

  it("reads ratio numbers and dimension columns, and reports cells beyond the header", async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet("Ark1");
      ws.addRow(["key_result", "organisation", "period", "numerator", "denominator", "Forløpstype"]);
      ws.addRow(["2.1a", "OUS", "2025-02", 17, 20, "Hjerneslag"]);
      ws.addRow(["2.1a", "OUS", "2025-03", 1, 2, "Hjerneslag", null, "stray"]);
    });
    const file = await read(bytes, "ratio.xlsx");
    expect(file.errors).toEqual([
      { path: "row 3", row: 3, code: "wrong_cell_count", message: "row 3 has 8 cells, the header has 6" },
    ]);
    expect(validateFile(file).items).toMatchObject([{ numerator: 17, denominator: 20, breakdown: { forløpstype: "Hjerneslag" } }]);
  });
});

describe("templateCsv", () => {
  it("writes a `;`-separated UTF-8 template with BOM and Norwegian headers", () => {
    const csv = templateCsv({ code: "2.1a", aggregation: "ratio", dimensions: [forløpstype] }, ["Ahus", "Sørlandet; HF"], ["2025-01", "2025-02"]);
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFnøkkelresultat;organisasjon;periode;forløpstype;teller;nevner;kommentar",
      "2.1a;Ahus;2025-01;;;;",
      "2.1a;Ahus;2025-02;;;;",
      '2.1a;"Sørlandet; HF";2025-01;;;;',
      '2.1a;"Sørlandet; HF";2025-02;;;;',
      "",
    ]);
  });

  it("round-trips through readMeasurementFile", async () => {
    const periods = ["2025-Q1", "2025-Q2"];
    const orgs = ["Ahus", "Sørlandet sykehus HF", "OUS"];
    const file = await read(Buffer.from(templateCsv({ code: "1.4", aggregation: "sum", dimensions: [] }, orgs, periods), "utf8"));
    expect(file).toMatchObject({ encoding: "utf-8", delimiter: ";", errors: [] });
    expect(file.columns.map((c) => c.field)).toEqual(["keyResult", "organisation", "period", "value", "comment"]);
    expect(file.records.map((r) => [r.row, r.raw])).toEqual(
      orgs.flatMap((organisation, i) =>
        periods.map((period, j) => [2 + i * periods.length + j, { keyResult: "1.4", organisation, period }]),
      ),
    );
    // Once filled in, the template validates.
    const filled = templateCsv({ code: "1.4", aggregation: "sum", dimensions: [] }, ["Ahus"], ["2025-Q1"]).replace(
      "1.4;Ahus;2025-Q1;;",
      "1.4;Ahus;2025-Q1;42,5;",
    );
    expect(validateFile(await read(utf8(filled))).items.map((m) => m.value)).toEqual([42.5]);
  });
});

describe("readMeasurementFile: property", () => {
  // Every column the reader knows, with the headers it accepts for it.
  const COLUMNS: { field: string; headers: string[] }[] = [
    { field: "keyResult", headers: ["nøkkelresultat", "Key result", "KEY_RESULT", "keyresult"] },
    { field: "organisation", headers: ["organisasjon", "Organisation", "organization"] },
    { field: "period", headers: ["periode", "Period"] },
    { field: "value", headers: ["verdi", "Value"] },
    { field: "numerator", headers: ["teller", "Numerator"] },
    { field: "denominator", headers: ["nevner", "denominator"] },
    { field: "comment", headers: ["kommentar", "Comment"] },
    { field: "forløpstype", headers: ["forløpstype", "Forløpstype"] },
    { field: "kjønn", headers: ["KJØNN", "kjønn"] },
  ];
  const unit = fc.constantFrom(..."abzæøåÆØÅ019-.,;\t\" \n'".split(""), "\r\n", "\u00A0", "é");
  // Cells are trimmed on reading, so generate them trimmed; "" is an empty cell.
  const cell = fc.string({ unit, maxLength: 8 }).map((s) => s.trim());
  const record = fc.record({
    keyResult: cell.filter((s) => s !== ""), // a row with no cells at all would be skipped
    organisation: cell,
    period: cell,
    value: cell,
    numerator: cell,
    denominator: cell,
    comment: cell,
    forløpstype: cell,
    kjønn: cell,
  });
  const layout = fc.record({
    order: fc.shuffledSubarray(COLUMNS, { minLength: COLUMNS.length }),
    headerChoice: fc.array(fc.nat(), { minLength: COLUMNS.length, maxLength: COLUMNS.length }),
    delimiter: fc.constantFrom(";", ",", "\t"),
    newline: fc.constantFrom("\n", "\r\n"),
    bom: fc.boolean(),
    quoteSeed: fc.array(fc.boolean(), { minLength: 1, maxLength: 17 }),
  });

  it("reads back any valid records written as CSV in any column order, delimiter and quoting", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), layout, async (rows, l) => {
        let q = 0;
        const quote = (s: string) => {
          const must = s.includes(l.delimiter) || /["\r\n]/.test(s);
          const may = l.quoteSeed[q++ % l.quoteSeed.length]!;
          return must || may ? `"${s.replaceAll('"', '""')}"` : s;
        };
        const header = l.order.map((c, i) => c.headers[l.headerChoice[i]! % c.headers.length]!);
        const lines = [header, ...rows.map((r) => l.order.map((c) => r[c.field as keyof typeof r]))];
        const text = lines.map((cells) => cells.map(quote).join(l.delimiter)).join(l.newline) + l.newline;

        const file = await read(utf8(text, l.bom));
        expect(file.errors).toEqual([]);
        expect(file.delimiter).toBe(l.delimiter);
        const expected = rows.map((r, i) => {
          const raw: RawMeasurement = {};
          const breakdown: Record<string, string> = {};
          for (const [field, v] of Object.entries(r)) {
            if (v === "") continue;
            if (field === "forløpstype" || field === "kjønn") breakdown[field] = v;
            else (raw as Record<string, string>)[field] = v;
          }
          if (Object.keys(breakdown).length > 0) raw.breakdown = breakdown;
          return { row: i + 2, raw };
        });
        expect(file.records.map((r) => ({ row: r.row, raw: r.raw }))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("readMeasurementFile: hostile files", () => {
  /** Whatever the bytes, a result: rows, or faults that say where. Never an exception (that would be a 500). */
  const readsOrReports = async (bytes: Buffer, name: string) => {
    const file = await read(bytes, name);
    expect(file.errors.length + file.records.length).toBeGreaterThan(0);
    for (const e of file.errors) expect(e).toEqual(expect.objectContaining({ path: expect.any(String), code: expect.any(String), message: expect.any(String) }));
  };

  it("reads any bytes, or reports them", async () => {
    const prefix = fc.constantFrom(Buffer.alloc(0), Buffer.from("PK\x03\x04", "latin1"), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from("sep=;\n"));
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 3000 }), fc.constantFrom("data.csv", "data.xlsx", ""), async (p, body, name) => {
        await readsOrReports(Buffer.concat([p, Buffer.from(body)]), name);
      }),
      { numRuns: 200 },
    );
  });

  it("reads text of any characters, quotes and line breaks, or reports it", async () => {
    const unit = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...";,\t\"'\r\n =+-@.0123456789abcæøå".split(""), "\u0000", "\uFEFF", "\uD800", "\u2028", "sep=", "nøkkelresultat", "verdi") },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 3 }) },
    );
    const encoding = fc.constantFrom<BufferEncoding>("utf8", "latin1", "utf16le");
    await fc.assert(
      fc.asyncProperty(fc.array(unit, { maxLength: 200 }), encoding, async (parts, enc) => {
        await readsOrReports(Buffer.from(`nøkkelresultat;organisasjon;periode;verdi\n${parts.join("")}`, enc), "data.csv");
      }),
      { numRuns: 300 },
    );
  });

  it("reports a damaged or cut-off workbook", async () => {
    const good = await xlsx((wb) => {
      const ws = wb.addWorksheet("Ark1");
      ws.addRow(["Nøkkelresultat", "Organisasjon", "Periode", "Verdi"]);
      ws.addRow(["1.4", "Ahus", "2025-Q1", 12]);
    });
    const damage = fc.record({
      // Whole, so that the damage gets past the zip's directory at its end, or cut off anywhere.
      cut: fc.oneof(fc.constant(good.length), fc.integer({ min: 4, max: good.length })),
      bytes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ cut, bytes }) => {
        const broken = Buffer.from(good.subarray(0, cut));
        for (const [at, value] of bytes) broken[at % broken.length] = value;
        await readsOrReports(broken, "data.xlsx");
      }),
      { numRuns: 100 },
    );
  });
});
