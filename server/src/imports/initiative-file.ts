/**
 * The portfolio as a spreadsheet: the columns of the initiatives sheet, written by the export and
 * read back by the import, so a board secretary can export, edit in Excel and import again.
 * Reading turns the sheet into initiative fields and faults by row and column; whether the
 * organisations, focus areas and key results named exist is checked against the strategy here too,
 * before anything is written (services/portfolio-file.ts).
 */
import ExcelJS from "exceljs";
import type { ErrorDetail } from "../domain/errors.js";
import { INITIATIVE_KINDS, LINK_SIZES, type InitiativeKind, type LinkSize } from "../domain/portfolio/initiative.js";
import type { Cell, GridRow } from "./xlsx.js";

export const SHEET = "Initiativ";

type Field =
  | "code" | "title" | "description" | "organisation" | "sponsor" | "ownerName" | "kind" | "theme" | "fundingSource"
  | "plannedStart" | "plannedEnd" | "sections" | "keyResults" | "participants" | "tags" | "version";
/** Columns the export adds for reading only; the import passes over them. */
type ReadOnly = "phase" | "latestStatus" | "investment" | "operating" | "personYears" | "risk";

/** The sheet's columns in order: Norwegian header, and the other spellings accepted. */
export const COLUMNS: { field: Field | ReadOnly; header: string; also: string[]; width: number }[] = [
  { field: "code", header: "kode", also: ["code"], width: 16 },
  { field: "title", header: "tittel", also: ["title"], width: 48 },
  { field: "description", header: "beskrivelse", also: ["skildring", "description"], width: 48 },
  { field: "organisation", header: "eier", also: ["owner", "organisation", "organisasjon"], width: 20 },
  { field: "sponsor", header: "sponsor", also: [], width: 20 },
  { field: "ownerName", header: "initiativeier", also: ["initiative owner"], width: 20 },
  { field: "kind", header: "type", also: ["kind"], width: 22 },
  { field: "theme", header: "tema", also: ["theme"], width: 12 },
  { field: "fundingSource", header: "finansieringskilde", also: ["funding source"], width: 22 },
  { field: "plannedStart", header: "planlagt start", also: ["planned start"], width: 14 },
  { field: "plannedEnd", header: "planlagt slutt", also: ["planned end"], width: 14 },
  { field: "sections", header: "innsatsområder", also: ["focus areas"], width: 22 },
  { field: "keyResults", header: "nøkkelresultater", also: ["key results"], width: 22 },
  { field: "participants", header: "deltakere", also: ["deltakarar", "participants"], width: 24 },
  { field: "tags", header: "merkelapper", also: ["merkelappar", "tags"], width: 18 },
  { field: "phase", header: "fase", also: ["phase"], width: 12 },
  { field: "latestStatus", header: "siste status", also: ["latest status"], width: 12 },
  { field: "investment", header: "investering (estimat)", also: ["investment (estimate)"], width: 18 },
  { field: "operating", header: "drift (estimat)", also: ["operating (estimate)"], width: 16 },
  { field: "personYears", header: "årsverk Sykehuspartner", also: ["provider person-years", "årsverk leverandør"], width: 14 },
  { field: "risk", header: "høyeste risiko", also: ["highest risk"], width: 12 },
  { field: "version", header: "versjon", also: ["version"], width: 9 },
];

export const KIND_LABELS: Record<InitiativeKind, string> = {
  regional_project: "Regionalt prosjekt",
  local_solution: "Lokal løsning",
  procurement: "Anskaffelse",
  operations_improvement: "Driftsforbedring",
  service_design: "Tjenestedesign",
  development: "Utvikling",
  other: "Annet",
};
const SIZE_LABELS: Record<LinkSize, string> = { small: "liten", medium: "middels", large: "stor" };

/** A link as a cell writes it: `3 (stor)`, `−1.2 (liten)` for a negative contribution. */
export interface CellLink {
  code: string;
  negative: boolean;
  size: LinkSize;
}

export const formatLinks = (links: readonly CellLink[]): string =>
  links.map((l) => `${l.negative ? "−" : ""}${l.code} (${SIZE_LABELS[l.size]})`).join("; ");

export interface InitiativeRecord {
  row: number;
  code: string | null;
  version: number | null;
  title: string;
  description: string;
  organisation: string;
  sponsor: string;
  ownerName: string;
  kind: InitiativeKind;
  theme: string | null;
  fundingSource: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  sections: CellLink[];
  keyResults: CellLink[];
  participants: string[];
  tags: string[];
}

const fold = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
const HEADERS = new Map<string, Field | ReadOnly>(COLUMNS.flatMap((c) => [c.header, ...c.also].map((h) => [fold(h), c.field] as const)));
const KINDS = new Map<string, InitiativeKind>(INITIATIVE_KINDS.flatMap((k) => [[fold(k), k], [fold(KIND_LABELS[k]), k]] as const));
const SIZES = new Map<string, LinkSize>(LINK_SIZES.flatMap((s) => [[s, s], [SIZE_LABELS[s], s]] as const));
const text = (c: Cell | undefined): string => (c === undefined ? "" : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());
const list = (s: string) => s.split(/[;,\n]/).map((x) => x.trim()).filter((x) => x !== "");

function date(c: Cell | undefined): string | null | undefined {
  if (c === undefined || c === "") return null;
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  const s = String(c).trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const nb = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : nb ? [nb[3], nb[2]!.padStart(2, "0"), nb[1]!.padStart(2, "0")] : [];
  if (!y) return undefined;
  const value = `${y}-${m}-${d}`;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value ? value : undefined;
}

function links(s: string): CellLink[] | string {
  const out: CellLink[] = [];
  for (const part of s.split(/[;\n]/).map((x) => x.trim()).filter((x) => x !== "")) {
    const m = /^([−-])?\s*([\p{L}\p{N}.]+)\s*(?:\(([^)]*)\))?$/u.exec(part);
    const size = m?.[3] === undefined ? "medium" : SIZES.get(fold(m[3]));
    if (!m || !size) return `cannot read "${part}": write a code with an optional size, like "3 (stor)"`;
    out.push({ code: m[2]!, negative: m[1] !== undefined, size });
  }
  return out;
}

/** The initiatives of a sheet, and every fault found (by row and column). */
export function readInitiativeGrid(grid: GridRow[]): { records: InitiativeRecord[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const headerIndex = grid.findIndex((r) => r.cells.some((c) => text(c) !== ""));
  const headerRow = grid[headerIndex];
  if (!headerRow) return { records: [], errors: [{ path: "file", code: "empty_file", message: "the sheet is empty" }] };
  const at = (row: number, column: string, message: string, code = "invalid"): ErrorDetail => ({ path: `row ${row}, column ${column}`, row, column, code, message });
  const fields = headerRow.cells.map((c) => HEADERS.get(fold(text(c))));
  const headers = headerRow.cells.map(text);
  headers.forEach((h, i) => {
    if (h !== "" && fields[i] === undefined) errors.push(at(headerRow.row, h, `unknown column "${h}"`, "unknown_column"));
  });
  const columnOf = new Map<string, number>();
  fields.forEach((f, i) => {
    if (f === undefined) return;
    if (columnOf.has(f)) errors.push(at(headerRow.row, headers[i]!, `column "${headers[i]}" repeats another`, "duplicate_column"));
    columnOf.set(f, i);
  });
  for (const f of ["title", "organisation", "kind"] as const) {
    if (!columnOf.has(f)) errors.push({ path: `row ${headerRow.row}`, row: headerRow.row, code: "missing_column", message: `missing column "${COLUMNS.find((c) => c.field === f)!.header}"` });
  }
  if (errors.length > 0) return { records: [], errors };

  const records: InitiativeRecord[] = [];
  const codes = new Map<string, number>();
  for (const { row, cells } of grid.slice(headerIndex + 1)) {
    if (cells.every((c) => text(c) === "")) continue;
    const cell = (f: Field) => cells[columnOf.get(f) ?? -1];
    const header = (f: Field) => headers[columnOf.get(f)!]!;
    const str = (f: Field) => text(cell(f));
    const before = errors.length;
    const fault = (f: Field, message: string) => errors.push(at(row, header(f), message));
    headers.forEach((h, i) => {
      if (h === "" && text(cells[i]) !== "") errors.push(at(row, String(i + 1), `a value in column ${i + 1}, which has no header`, "unexpected_column"));
    });
    const title = str("title");
    if (title === "") fault("title", "an initiative needs a title");
    const organisation = str("organisation");
    if (organisation === "") fault("organisation", "name the owning organisation");
    const kind = KINDS.get(fold(str("kind")));
    if (!kind) fault("kind", `unknown type "${str("kind")}": use one of ${Object.values(KIND_LABELS).join(", ")}`);
    const code = str("code") === "" ? null : str("code");
    if (code !== null) {
      if (codes.has(code)) fault("code", `code ${code} is also on row ${codes.get(code)}`);
      codes.set(code, row);
    }
    let version: number | null = null;
    if (columnOf.has("version") && str("version") !== "") {
      version = Number(str("version"));
      if (!Number.isInteger(version) || version < 1) fault("version", `"${str("version")}" is not a version number`);
    }
    const dates = { plannedStart: date(cell("plannedStart")), plannedEnd: date(cell("plannedEnd")) };
    for (const f of ["plannedStart", "plannedEnd"] as const) {
      if (dates[f] === undefined) fault(f, `"${str(f)}" is not a date: write 22.11.2026 or 2026-11-22`);
    }
    if (dates.plannedStart && dates.plannedEnd && dates.plannedEnd < dates.plannedStart) fault("plannedEnd", "the planned end is before the planned start");
    const linked = { sections: links(str("sections")), keyResults: links(str("keyResults")) };
    for (const f of ["sections", "keyResults"] as const) if (typeof linked[f] === "string") fault(f, linked[f]);
    if (errors.length > before) continue;
    records.push({
      row,
      code,
      version,
      title,
      description: str("description"),
      organisation,
      sponsor: str("sponsor"),
      ownerName: str("ownerName"),
      kind: kind!,
      theme: str("theme") === "" ? null : str("theme"),
      fundingSource: str("fundingSource"),
      plannedStart: dates.plannedStart ?? null,
      plannedEnd: dates.plannedEnd ?? null,
      sections: linked.sections as CellLink[],
      keyResults: linked.keyResults as CellLink[],
      participants: list(str("participants")),
      tags: list(str("tags")),
    });
  }
  if (records.length === 0 && errors.length === 0) errors.push({ path: "file", code: "no_rows", message: "the sheet has no initiatives below the header" });
  return { records, errors };
}

/** One initiative as the export writes it. */
export type ExportRow = Omit<InitiativeRecord, "row" | "code" | "version"> & {
  code: string;
  version: number;
  phase: string;
  latestStatus: string;
  investment: number;
  operating: number;
  personYears: number;
  risk: number | null;
};

function cellsOf(r: ExportRow): (string | number | Date | null)[] {
  return COLUMNS.map(({ field }) => {
    switch (field) {
      case "kind":
        return KIND_LABELS[r.kind];
      case "sections":
      case "keyResults":
        return formatLinks(r[field]);
      case "participants":
      case "tags":
        return r[field].join("; ");
      case "plannedStart":
      case "plannedEnd":
        return r[field] === null ? null : new Date(`${r[field]}T00:00:00Z`);
      default:
        return r[field];
    }
  });
}

/** The portfolio as a workbook: the initiatives sheet (importable) and sheets of costs per year. */
export async function portfolioWorkbook(rows: readonly ExportRow[], costs: readonly { code: string; year: number; investmentEstimate: number; investmentActual: number | null; operatingEstimate: number; operatingActual: number | null; providerPersonYears: number }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Veivalg";
  const sheet = wb.addWorksheet(SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width, style: c.field.startsWith("planned") ? { numFmt: "dd.mm.yyyy" } : c.field === "investment" || c.field === "operating" ? { numFmt: "# ##0" } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(cellsOf(r));
  const c = wb.addWorksheet("Kostnader", { views: [{ state: "frozen", ySplit: 1 }] });
  c.columns = [
    { header: "kode", key: "code", width: 16 },
    { header: "år", key: "year", width: 8 },
    { header: "investering estimat", key: "investmentEstimate", width: 18, style: { numFmt: "# ##0" } },
    { header: "investering faktisk", key: "investmentActual", width: 18, style: { numFmt: "# ##0" } },
    { header: "drift estimat", key: "operatingEstimate", width: 16, style: { numFmt: "# ##0" } },
    { header: "drift faktisk", key: "operatingActual", width: 16, style: { numFmt: "# ##0" } },
    { header: "årsverk Sykehuspartner", key: "providerPersonYears", width: 14 },
  ];
  c.getRow(1).font = { bold: true };
  for (const row of costs) c.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The initiatives sheet as CSV the way Norwegian Excel opens it: `;`, UTF-8 with BOM, dates 22.11.2026. */
export function portfolioCsvRecords(rows: readonly ExportRow[]): string[][] {
  const nbDate = (d: string | null) => (d === null ? "" : `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`);
  return [
    COLUMNS.map((c) => c.header),
    ...rows.map((r) =>
      cellsOf(r).map((v, i) => {
        const field = COLUMNS[i]!.field;
        if (field === "plannedStart" || field === "plannedEnd") return nbDate(r[field]);
        if (typeof v === "number" && !Number.isInteger(v)) return String(v).replace(".", ",");
        return v === null ? "" : String(v);
      }),
    ),
  ];
}
