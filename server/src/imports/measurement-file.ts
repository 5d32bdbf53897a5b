/**
 * Reading measurement files as reporters have them: CSV from Excel (Norwegian Excel writes `;` and
 * Windows-1252 unless told otherwise), CSV from other tools (`,`, tabs, UTF-8), and XLSX workbooks.
 * This only turns a file into raw records and file-level errors (bad headers, bad rows); the
 * records are validated by domain/measurement-input.ts like JSON input is.
 *
 * Row numbers are spreadsheet rows as Excel shows them, header included and counting empty lines;
 * for CSV that equals the line number unless a quoted cell spans lines.
 */
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { ErrorDetail } from "../domain/errors.js";
import type { Locator, RawMeasurement } from "../domain/measurement-input.js";
import type { Aggregation, Dimension } from "../domain/strategy.js";
import { readXlsx, type Cell, type GridRow } from "./xlsx.js";

export interface FileRecord {
  /** 1-based row in the sheet/file; the header is row 1. */
  row: number;
  raw: RawMeasurement;
  /** Header as written → cell as text, for every column with a header. */
  cells: Record<string, string>;
}

export interface ParsedFile {
  format: "csv" | "xlsx";
  encoding?: "utf-8" | "windows-1252";
  delimiter?: string;
  /** The recognised columns; `field` is a RawMeasurement field or a dimension key. */
  columns: { header: string; field: string }[];
  /** Rows without file-level errors, ready for validation. */
  records: FileRecord[];
  errors: ErrorDetail[];
}

type Field = "keyResult" | "organisation" | "period" | "value" | "numerator" | "denominator" | "comment";

/** Accepted headers (compared folded), Norwegian bokmål and nynorsk, and English. */
const HEADERS = new Map<string, Field>(
  Object.entries({
    nøkkelresultat: "keyResult",
    key_result: "keyResult",
    "key result": "keyResult",
    keyresult: "keyResult",
    organisasjon: "organisation",
    organisation: "organisation",
    organization: "organisation",
    periode: "period",
    period: "period",
    verdi: "value",
    value: "value",
    teller: "numerator",
    teljar: "numerator",
    numerator: "numerator",
    nevner: "denominator",
    nemnar: "denominator",
    denominator: "denominator",
    kommentar: "comment",
    comment: "comment",
  } satisfies Record<string, Field>),
);
/** The Norwegian header of each field, for messages and the template. */
const NORWEGIAN: Record<Field, string> = {
  keyResult: "nøkkelresultat",
  organisation: "organisasjon",
  period: "periode",
  value: "verdi",
  numerator: "teller",
  denominator: "nevner",
  comment: "kommentar",
};
const NUMBER_FIELDS = new Set<string>(["value", "numerator", "denominator"]);

const fold = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

const isBlank = (c: Cell | undefined) => c === undefined || c === "";
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const cellText = (c: Cell) => (c instanceof Date ? isoDate(c) : String(c));

export async function readMeasurementFile(bytes: Buffer, fileName: string, dimensionKeys: string[]): Promise<ParsedFile> {
  const fileError = (code: string, message: string): ErrorDetail => ({ path: fileName, code, message });
  const unreadable = (format: ParsedFile["format"], message: string): ParsedFile => ({
    format,
    columns: [],
    records: [],
    errors: [fileError("bad_file", message)],
  });

  if (bytes.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1"))) {
    const grid = await readXlsx(bytes);
    if (!grid) return unreadable("xlsx", "the file is not an Excel workbook (.xlsx) we can read");
    return { format: "xlsx", ...fromGrid(grid, dimensionKeys, false, fileError) };
  }
  // The binary format of Excel 97–2003 (.xls) and other OLE documents.
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return unreadable("xlsx", "old Excel format (.xls): save the file as .xlsx or CSV");
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    // Excel's "Unicode text" export. Rare enough to refuse with a clear way out.
    return unreadable("csv", "the file is UTF-16 text: save it as CSV (UTF-8)");
  }

  const { text: decoded, encoding } = decode(bytes);
  let text = decoded;
  // Excel understands a first line `sep=;` naming the delimiter; honour it and keep row numbers true.
  let rowOffset = 0;
  let delimiter = detectDelimiter(text);
  const sep = /^sep=([;,\t])[ \t]*(\r\n|\n|\r)/i.exec(text);
  if (sep) {
    delimiter = sep[1]!;
    text = text.slice(sep[0].length);
    rowOffset = 1;
  }

  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true, // we report wrong cell counts ourselves, with row numbers
      relax_quotes: true, // a stray quote inside an unquoted cell is just a character
      skip_empty_lines: false, // empty lines are skipped below, but still count as rows
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as string[][];
  } catch (err) {
    const row = rowOffset + ((err as { records?: number }).records ?? 0) + 1;
    const reason = err instanceof Error ? err.message : String(err);
    const error = { path: `row ${row}`, row, code: "bad_csv", message: `cannot read the CSV from row ${row}: ${reason}` };
    return { format: "csv", encoding, delimiter, columns: [], records: [], errors: [error] };
  }
  const grid = records.map((cells, i) => ({ row: i + 1 + rowOffset, cells: cells.map((c) => c.trim()) }));
  return { format: "csv", encoding, delimiter, ...fromGrid(grid, dimensionKeys, true, fileError) };
}

/** UTF-8 when the bytes are valid UTF-8 (after a BOM, if any), else Windows-1252 (Excel's "CSV" on Norwegian Windows). */
function decode(bytes: Buffer): { text: string; encoding: "utf-8" | "windows-1252" } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(body, "windows-1252"), encoding: "windows-1252" };
  }
}

/** The most frequent of `;`, `,` and tab outside quotes on the header line (the first line with content); `;` wins ties. */
function detectDelimiter(text: string): string {
  const candidates = [";", ",", "\t"];
  let counts = [0, 0, 0];
  let quoted = false;
  let content = false;
  for (const c of text) {
    if (c === '"') {
      quoted = !quoted; // `""` toggles twice
      content = true;
    } else if (quoted) {
      continue;
    } else if (c === "\n" || c === "\r") {
      if (content) break;
      counts = [0, 0, 0];
    } else if (candidates.includes(c)) {
      counts[candidates.indexOf(c)]! += 1;
    } else if (c.trim() !== "") {
      content = true;
    }
  }
  const best = Math.max(...counts);
  return candidates[counts.indexOf(best)]!;
}

function fromGrid(
  grid: GridRow[],
  dimensionKeys: string[],
  strictCellCount: boolean,
  fileError: (code: string, message: string) => ErrorDetail,
): Omit<ParsedFile, "format" | "encoding" | "delimiter"> {
  const errors: ErrorDetail[] = [];
  const headerIndex = grid.findIndex((r) => !r.cells.every(isBlank));
  const headerRow = grid[headerIndex];
  if (!headerRow) return { columns: [], records: [], errors: [fileError("empty_file", "the file is empty")] };
  const row1 = headerRow.row;
  const at = (column: string) => ({ path: `row ${row1}, column ${column}`, row: row1, column });

  // Headers → fields. Columns without a header are ignored unless a row has something in them.
  const headers = headerRow.cells.map((c) => cellText(c).trim());
  const fields: (string | undefined)[] = [];
  const seen = new Map<string, string>();
  headers.forEach((header, i) => {
    const field = HEADERS.get(fold(header)) ?? dimensionKeys.find((key) => fold(key) === fold(header));
    fields[i] = field;
    if (header === "") return;
    if (field === undefined) errors.push({ ...at(header), code: "unknown_column", message: `unknown column "${header}"` });
    else if (seen.has(field)) {
      errors.push({ ...at(header), code: "duplicate_column", message: `column "${header}" repeats column "${seen.get(field)}"` });
    } else seen.set(field, header);
  });
  const missing = (names: string) =>
    errors.push({ path: `row ${row1}`, row: row1, code: "missing_column", message: `missing column ${names}` });
  for (const field of ["keyResult", "organisation", "period"] as const) {
    if (!seen.has(field)) missing(`"${NORWEGIAN[field]}"`);
  }
  if (!seen.has("value")) {
    if (seen.has("numerator") && !seen.has("denominator")) missing(`"nevner"`);
    else if (seen.has("denominator") && !seen.has("numerator")) missing(`"teller"`);
    else if (!seen.has("numerator")) missing(`"verdi" (or "teller" and "nevner")`);
  }
  const columns = [...seen].map(([field, header]) => ({ header, field }));
  // Without the columns that say what a row is, rows cannot be read (and would only repeat the fault).
  if (errors.some((e) => e.code !== "unknown_column")) return { columns, records: [], errors };

  // Fewer cells than headers is an error in CSV (cells would have shifted); trailing empty headers don't count.
  const needed = headers.findLastIndex((h) => h !== "") + 1;
  const records: FileRecord[] = [];
  for (const { row, cells } of grid.slice(headerIndex + 1)) {
    if (cells.every(isBlank)) continue;
    const rowErrors: ErrorDetail[] = [];
    const extra = cells.slice(headers.length).some((c) => !isBlank(c));
    if (extra || (strictCellCount && cells.length < needed)) {
      rowErrors.push({
        path: `row ${row}`,
        row,
        code: "wrong_cell_count",
        message: `row ${row} has ${cells.length} cells, the header has ${headers.length}`,
      });
    }
    const raw: RawMeasurement = {};
    const texts: Record<string, string> = {};
    headers.forEach((header, i) => {
      const cell = cells[i] ?? "";
      const field = fields[i];
      if (header === "") {
        if (!isBlank(cell)) {
          const column = `${i + 1}`;
          const message = `a value in column ${column}, which has no header`;
          rowErrors.push({ path: `row ${row}, column ${column}`, row, code: "unexpected_column", message });
        }
        return;
      }
      texts[header] = cellText(cell);
      if (field === undefined || isBlank(cell)) return;
      if (cell instanceof Date && field !== "comment") {
        const hint = field === "period" ? "write the period as text, like 2025-03" : "format the column as text";
        const message = `${header} is a date (${isoDate(cell)}): ${hint}`;
        rowErrors.push({ path: `row ${row}, column ${header}`, row, column: header, code: "date_cell", message });
        return;
      }
      if (NUMBER_FIELDS.has(field)) (raw as Record<string, unknown>)[field] = typeof cell === "number" ? cell : cellText(cell);
      else if (Object.hasOwn(NORWEGIAN, field)) (raw as Record<string, unknown>)[field] = cellText(cell);
      else raw.breakdown = { ...raw.breakdown, [field]: cellText(cell) };
    });
    for (const e of rowErrors) errors.push(e);
    if (rowErrors.length === 0) records.push({ row, raw, cells: texts });
  }
  if (records.length === 0 && errors.length === 0) errors.push(fileError("no_rows", "the file has no rows below the header"));
  return { columns, records, errors };
}

/** Where a validation error of a record sits in the file: the row, and the column the field came from. */
export function fileLocator(file: Pick<ParsedFile, "columns">, record: Pick<FileRecord, "row">): Locator {
  return (field) => {
    const header = file.columns.find((c) => c.field === field)?.header;
    return header === undefined
      ? { path: `row ${record.row}`, row: record.row }
      : { path: `row ${record.row}, column ${header}`, row: record.row, column: header };
  };
}

/**
 * A ready CSV template for one key result: `;`-separated and UTF-8 with BOM (what Norwegian Excel
 * opens correctly with a double-click), Norwegian headers, one row per organisation × period with
 * the value cells left empty.
 */
export function templateCsv(
  keyResult: { code: string; aggregation: Aggregation; dimensions: Dimension[] },
  organisations: string[],
  periods: string[],
): string {
  const numbers = keyResult.aggregation === "ratio" ? [NORWEGIAN.numerator, NORWEGIAN.denominator] : [NORWEGIAN.value];
  const dimensions = keyResult.dimensions.map((d) => d.key);
  const header = [NORWEGIAN.keyResult, NORWEGIAN.organisation, NORWEGIAN.period, ...dimensions, ...numbers, NORWEGIAN.comment];
  const blanks = header.length - 3;
  const rows = organisations.flatMap((org) => periods.map((period) => [keyResult.code, org, period, ...Array<string>(blanks).fill("")]));
  return `\uFEFF${[header, ...rows].map((cells) => cells.map(csvCell).join(";")).join("\r\n")}\r\n`;
}

const csvCell = (s: string) => (/[";\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
