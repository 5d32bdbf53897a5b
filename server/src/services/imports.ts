import type { Db } from "../data/db.js";
import { recordMeasurements } from "../data/measurements.js";
import { Invalid, NotFound } from "../domain/errors.js";
import { fileLocator, readMeasurementFile } from "../imports/measurement-file.js";
import { batchAudit, MAX_DETAILS, measurementContext, reportingOf, validateAll, type ReportingAccess } from "./measurements.js";

export interface ImportPreview {
  dryRun: boolean;
  format: string;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  columns: { header: string; field: string }[];
  rows: number;
  /** Rows the import would supersede (corrections of current values). */
  corrections: number;
  byKeyResult: { code: string; rows: number }[];
  sample: { row: number; keyResult: string; organisation: string; period: string; value: number | null; numerator: number | null; denominator: number | null; breakdown: Record<string, string> }[];
  batchId?: string | undefined;
}

/**
 * Imports a CSV or XLSX file of measurements for one strategy, all or nothing. A dry run does
 * everything but commit, so its preview (including how many values would be corrected) is exact.
 */
export async function importMeasurementFile(
  db: Db,
  strategyId: string,
  file: { bytes: Buffer; name: string },
  opts: { dryRun: boolean; actor: string; access: ReportingAccess },
): Promise<ImportPreview> {
  const exists = await db.query("SELECT 1 FROM strategies WHERE id = $1", [strategyId]);
  if (exists.length === 0) throw new NotFound(`no strategy "${strategyId}"`);
  const ctx = await measurementContext(db, strategyId);
  // Columns of every version's dimensions: a file may report an old period under its old rules.
  const dimensionKeys = [...new Set(ctx.keyResults.flatMap((k) => [k, ...(k.history ?? [])]).flatMap((r) => r.dimensions.map((d) => d.key)))];
  const parsed = await readMeasurementFile(file.bytes, file.name, dimensionKeys);
  if (parsed.errors.length > 0) {
    throw new Invalid(`${parsed.errors.length} fault(s) in the file; nothing was saved`, parsed.errors.slice(0, MAX_DETAILS));
  }
  const locate = (i: number, field: string) => fileLocator(parsed, parsed.records[i]!)(field);
  const inputs = validateAll(
    ctx,
    parsed.records.map((r) => r.raw),
    locate,
  );
  // A dry run is refused too: it would tell the caller what is stored for organisations not theirs.
  await opts.access.mayReport(reportingOf(inputs, locate), db);
  const preview: ImportPreview = {
    dryRun: opts.dryRun,
    format: parsed.format,
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    columns: parsed.columns,
    rows: inputs.length,
    corrections: 0,
    byKeyResult: [],
    sample: inputs.slice(0, 20).map((m, i) => ({
      row: parsed.records[i]!.row,
      keyResult: m.keyResultCode,
      organisation: m.organisationId,
      period: m.period.id,
      value: m.value,
      numerator: m.numerator,
      denominator: m.denominator,
      breakdown: m.breakdown,
    })),
  };
  const counts = new Map<string, number>();
  for (const m of inputs) counts.set(m.keyResultCode, (counts.get(m.keyResultCode) ?? 0) + 1);
  preview.byKeyResult = [...counts].map(([code, rows]) => ({ code, rows })).sort((a, b) => a.code.localeCompare(b.code, "nb", { numeric: true }));

  const rollback = new Error("dry run");
  try {
    await db.transaction(async (tx) => {
      const result = await recordMeasurements(tx, inputs, { source: "import", actor: opts.actor });
      preview.corrections = result.superseded;
      preview.batchId = opts.dryRun ? undefined : result.batchId;
      if (opts.dryRun) throw rollback;
      await opts.access.audit(tx, batchAudit(inputs, result, "import"));
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  return preview;
}
