/** Reading the first sheet of an XLSX workbook as a grid of cells, as people fill them in Excel. */
import ExcelJS from "exceljs";

/** A cell after reading: text (trimmed, "" when empty), or from XLSX a number or a date. */
export type Cell = string | number | Date;
export interface GridRow {
  /** 1-based row as Excel shows it. */
  row: number;
  cells: Cell[];
}

/** The rows of the sheet called `sheetName` (else the first sheet), or undefined when the bytes are not a workbook. */
export async function readXlsx(bytes: Buffer, sheetName?: string): Promise<GridRow[] | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as its own ArrayBuffer-like `Buffer`; at run time it takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return undefined;
  }
  const sheet = (sheetName === undefined ? undefined : workbook.getWorksheet(sheetName)) ?? workbook.worksheets[0];
  if (!sheet) return [];
  const grid: GridRow[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(xlsxCell(row.getCell(c).value));
    grid.push({ row: r, cells });
  }
  return grid;
}

function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || v instanceof Date) return v;
  if (typeof v === "string") return v.trim();
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if ("richText" in v) return v.richText.map((t) => t.text).join("").trim();
  // A formula counts as its saved result; one without a result (never calculated) is empty.
  if ("formula" in v || "sharedFormula" in v) return xlsxCell(v.result ?? null);
  if ("error" in v) return v.error; // `#DIV/0!` etc.: reported later as not a number
  if ("hyperlink" in v) return xlsxCell(v.text as ExcelJS.CellValue); // the text may itself be rich text
  return "";
}
