/**
 * The portfolio to and from a spreadsheet. The import is all or nothing: every row is read and
 * checked against the strategy (organisations, focus areas, key results, themes, the version of an
 * initiative being changed) before any is written, and the faults are named by row and column.
 * A row whose code names an initiative revises it (if the sheet's version is still current);
 * other rows register new initiatives.
 */
import type { Db, Queryable } from "../data/db.js";
import { createInitiative, listInitiatives, reviseInitiative, type InitiativeInput, type LinkInput } from "../data/initiatives.js";
import { costsByYear, importContext, sheetFields } from "../data/portfolio-file.js";
import { Invalid, type ErrorDetail } from "../domain/errors.js";
import { portfolioCsvRecords, portfolioWorkbook, readInitiativeGrid, SHEET, type ExportRow, type InitiativeRecord } from "../imports/initiative-file.js";
import { readXlsx } from "../imports/xlsx.js";

export interface PortfolioImportResult {
  dryRun: boolean;
  created: string[];
  revised: string[];
  unchanged: string[];
}

const fold = (s: string) => s.trim().toLowerCase();

/** Turns checked rows into initiative input, or faults by row and column. */
function resolve(records: InitiativeRecord[], ctx: Awaited<ReturnType<typeof importContext>>): { inputs: { record: InitiativeRecord; input: InitiativeInput; existing: { id: string; version: number } | null }[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const org = new Map<string, string>();
  for (const o of ctx.organisations) {
    org.set(fold(o.id), o.id);
    org.set(fold(o.shortName), o.id);
  }
  const focusAreas = new Map(ctx.sections.filter((s) => s.kind === "focus_area" && s.code !== null).map((s) => [s.code!, s.key]));
  const themes = new Set(ctx.sections.filter((s) => s.kind === "initiative").map((s) => s.key));
  const krs = new Map(ctx.keyResults.map((k) => [k.code, k]));
  const existing = new Map(ctx.initiatives.map((i) => [i.code, i]));
  const inputs = [];
  for (const r of records) {
    const fault = (column: string, message: string) => errors.push({ path: `row ${r.row}, column ${column}`, row: r.row, column, message });
    const before = errors.length;
    const owner = org.get(fold(r.organisation));
    if (!owner) fault("eier", `no organisation "${r.organisation}"`);
    const participants = r.participants.map((p) => org.get(fold(p)) ?? (fault("deltakere", `no organisation "${p}"`), ""));
    if (r.theme !== null && !themes.has(r.theme)) fault("tema", `"${r.theme}" is not one of the strategy's initiatives (themes)`);
    const links: LinkInput[] = [];
    for (const s of r.sections) {
      const key = focusAreas.get(s.code);
      if (!key) fault("innsatsområder", `no focus area ${s.code} in the strategy`);
      else links.push({ section: key, keyResult: null, direction: s.negative ? "negative" : "positive", size: s.size });
    }
    for (const k of r.keyResults) {
      const kr = krs.get(k.code);
      if (!kr) fault("nøkkelresultater", `no key result ${k.code} in the strategy`);
      else links.push({ section: kr.sectionKey, keyResult: kr.id, direction: k.negative ? "negative" : "positive", size: k.size });
    }
    const found = r.code === null ? undefined : existing.get(r.code);
    if (found && r.version === null) fault("versjon", `initiative ${r.code} exists: give the version you exported to change it`);
    if (found && r.version !== null && r.version !== found.version) fault("versjon", `initiative ${r.code} has been changed since (version ${found.version}, the sheet has ${r.version}); export again`);
    if (!found && r.version !== null) fault("kode", `no initiative ${r.code ?? "without a code"} to change: leave the version empty to register a new one`);
    if (errors.length > before) continue;
    inputs.push({
      record: r,
      existing: found ? { id: found.id, version: found.version } : null,
      input: {
        ...(r.code === null ? {} : { code: r.code }),
        title: r.title,
        description: r.description,
        organisation: owner!,
        sponsor: r.sponsor,
        ownerName: r.ownerName,
        kind: r.kind,
        tags: r.tags,
        theme: r.theme,
        fundingSource: r.fundingSource,
        plannedStart: r.plannedStart,
        plannedEnd: r.plannedEnd,
        links,
        participants,
      },
    });
  }
  return { inputs, errors };
}

/**
 * Imports the initiatives sheet of an XLSX workbook into the strategy's portfolio in `tx`, or
 * refuses the whole file. `dryRun` checks and reports without writing.
 */
export async function importPortfolio(tx: Queryable, strategyId: string, bytes: Buffer, opts: { dryRun: boolean; actor: string }): Promise<PortfolioImportResult> {
  const grid = await readXlsx(bytes, SHEET);
  if (!grid) throw new Invalid("the file is not an Excel workbook (.xlsx) we can read", [{ path: "file", message: "not XLSX", code: "bad_file" }]);
  const read = readInitiativeGrid(grid);
  const resolved = resolve(read.records, await importContext(tx, strategyId));
  const errors = [...read.errors, ...resolved.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (errors.length > 0) throw new Invalid(`the file has ${errors.length} ${errors.length === 1 ? "fault" : "faults"}; nothing was imported`, errors);
  const result: PortfolioImportResult = { dryRun: opts.dryRun, created: [], revised: [], unchanged: [] };
  for (const { record, input, existing } of resolved.inputs) {
    const at = (err: unknown): never => {
      // The data layer's own checks (a dependency, a duplicate link) still name the row.
      if (err instanceof Invalid) throw new Invalid(`row ${record.row}: ${err.message}; nothing was imported`, err.details.map((d) => ({ ...d, path: `row ${record.row}, ${d.path}`, row: record.row })));
      throw err;
    };
    if (existing) {
      const r = await reviseInitiative(tx, existing.id, existing.version, input, "Importert fra regneark", opts.actor).catch(at);
      (r.changed.length > 0 ? result.revised : result.unchanged).push(r.after.code);
    } else {
      const id = await createInitiative(tx, strategyId, input, "Importert fra regneark", opts.actor).catch(at);
      const [made] = await tx.query<{ code: string }>("SELECT code FROM initiatives WHERE id = $1", [id]);
      result.created.push(made!.code);
    }
  }
  if (opts.dryRun) throw new DryRun(result);
  return result;
}

/** Unwinds the import's transaction after a dry run; carries what would have been done. */
export class DryRun extends Error {
  constructor(readonly result: PortfolioImportResult) {
    super("dry run");
  }
}

/** Runs the import in its own transaction; a dry run is rolled back and reported. */
export async function importPortfolioFile(db: Db, strategyId: string, bytes: Buffer, opts: { dryRun: boolean; actor: string; audit: (tx: Queryable, r: PortfolioImportResult) => Promise<void> }): Promise<PortfolioImportResult> {
  try {
    return await db.transaction(async (tx) => {
      const r = await importPortfolio(tx, strategyId, bytes, opts);
      await opts.audit(tx, r);
      return r;
    });
  } catch (err) {
    if (err instanceof DryRun) return err.result;
    throw err;
  }
}

async function exportRows(db: Queryable, strategyId: string): Promise<ExportRow[]> {
  const today = new Date().toISOString().slice(0, 10);
  const [list, fields] = await Promise.all([listInitiatives(db, { strategyId, today }), sheetFields(db, strategyId)]);
  return list.map((i) => {
    const f = fields.get(i.id)!;
    return {
      code: i.code,
      version: i.version,
      title: i.title,
      description: f.description,
      organisation: i.organisationId,
      sponsor: f.sponsor,
      ownerName: f.ownerName,
      kind: i.kind,
      theme: i.themeKey,
      fundingSource: i.fundingSource,
      plannedStart: i.plannedStart,
      plannedEnd: i.plannedEnd,
      sections: f.sections,
      keyResults: f.keyResults,
      participants: f.participants,
      tags: i.tags,
      phase: i.phase,
      latestStatus: i.latestStatus?.overall ?? "",
      investment: i.totals.investmentEstimate,
      operating: i.totals.operatingEstimate,
      personYears: i.totals.providerPersonYears,
      risk: i.riskScore,
    };
  });
}

export async function exportPortfolioXlsx(db: Queryable, strategyId: string): Promise<Buffer> {
  return portfolioWorkbook(await exportRows(db, strategyId), await costsByYear(db, strategyId));
}

export async function exportPortfolioCsv(db: Queryable, strategyId: string): Promise<string[][]> {
  return portfolioCsvRecords(await exportRows(db, strategyId));
}
