import type { Db, Queryable } from "../data/db.js";
import type { AuditInput } from "../access/audit.js";
import type { ReportingRow } from "../access/reporting.js";
import { onceWithKey, requestHash, type Caller, type StoredResponse } from "../data/idempotency.js";
import { recordMeasurements, type MeasurementSource, type RecordResult } from "../data/measurements.js";
import { listOrganisations } from "../data/strategies.js";
import { Invalid, type ErrorDetail } from "../domain/errors.js";
import {
  createValidator,
  findDuplicates,
  type KeyResultRef,
  type KeyResultRules,
  type MeasurementContext,
  type MeasurementInput,
  type RawMeasurement,
} from "../domain/measurement-input.js";

/** What validation needs to know: the key results with the rules of each version, and the organisations. */
export async function measurementContext(db: Queryable, strategyId?: string): Promise<MeasurementContext> {
  const rows = await db.query<KeyResultRules & { id: string; code: string; effectiveFrom: string; current: boolean }>(
    `SELECT k.id, k.code, v.aggregation, v.frequency, v.dimensions, v.effective_from AS "effectiveFrom",
            v.version = k.current_version AS current
       FROM key_results k JOIN key_result_versions v ON v.key_result_id = k.id
      WHERE ($1::text IS NULL OR k.strategy_id = $1) AND k.retired_from IS NULL
      ORDER BY k.strategy_id, k.code, v.version`,
    [strategyId ?? null],
  );
  const refs = new Map<string, KeyResultRef & { history: NonNullable<KeyResultRef["history"]> }>();
  for (const { id, code, aggregation, frequency, dimensions, effectiveFrom, current } of rows) {
    const ref = refs.get(id) ?? { id, code, aggregation, frequency, dimensions, history: [] };
    ref.history.push({ aggregation, frequency, dimensions, effectiveFrom });
    if (current) Object.assign(ref, { aggregation, frequency, dimensions });
    refs.set(id, ref);
  }
  const organisations = (await listOrganisations(db)).map((o) => ({ id: o.id, name: o.name, shortName: o.shortName }));
  return { keyResults: [...refs.values()], organisations };
}

export interface BatchItem extends RawMeasurement {
  /** The id of the current measurement this one corrects, or null when the writer expects none. */
  replaces?: number | null | undefined;
}

/** More faults than this are counted, not listed: a file of a million bad rows needs its first ones fixed. */
export const MAX_DETAILS = 1000;

/** Validates every item; throws one Invalid listing every fault (up to MAX_DETAILS), so nothing is written. */
/** Where the caller gave field `field` of the `index`th figure. */
type Locate = (index: number, field: string) => Pick<ErrorDetail, "path" | "row" | "column">;

export function validateAll(ctx: MeasurementContext, raws: readonly RawMeasurement[], locate: Locate): MeasurementInput[] {
  const validate = createValidator(ctx);
  let errors: ErrorDetail[] = [];
  const ok: MeasurementInput[] = [];
  raws.forEach((raw, i) => {
    const r = validate(raw, (field) => locate(i, field));
    if ("ok" in r) ok.push(r.ok);
    else for (const e of r.errors) errors.push(e);
  });
  if (errors.length === 0) errors = findDuplicates(ok, (i) => locate(i, "keyResult").path);
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_DETAILS);
    const more = errors.length > MAX_DETAILS ? ` (the first ${MAX_DETAILS} are listed)` : "";
    throw new Invalid(`${errors.length} fault(s)${more}; nothing was saved`, shown);
  }
  return ok;
}

export interface BatchResponse extends RecordResult {
  ids?: number[];
}

/** What a write of measurements needs from the caller's access: the right to report, and the audit trail. */
export interface ReportingAccess {
  /**
   * Refuses unless the caller may report every row: for its organisation, which lies in the region of
   * its key result's strategy, which the caller may read (read through `via`). Names the first row refused.
   */
  mayReport(rows: readonly ReportingRow[], via: Queryable): Promise<void>;
  /** Appends the write's audit entry, in its transaction. */
  audit(tx: Queryable, input: AuditInput): Promise<void>;
}

/** What a batch of measurements asks of the caller's rights (see ReportingAccess.mayReport), each row located as validation locates it. */
export const reportingOf = (inputs: readonly MeasurementInput[], locate: Locate): ReportingRow[] =>
  inputs.map((m, i) => ({ organisationId: m.organisationId, keyResultId: m.keyResultId, where: locate(i, "organisation") }));

/** The audit entry of a batch: what it touched, not every row (the rows keep who and when themselves). */
export function batchAudit(inputs: readonly MeasurementInput[], result: RecordResult, source: MeasurementSource): AuditInput {
  const distinct = (f: (m: MeasurementInput) => string) => [...new Set(inputs.map(f))].sort();
  return {
    action: "measurements.record",
    objectType: "measurement_batch",
    objectId: result.batchId,
    before: { superseded: result.superseded },
    after: {
      source,
      rows: inputs.length,
      keyResults: distinct((m) => m.keyResultCode),
      organisations: distinct((m) => m.organisationId),
      periods: distinct((m) => m.period.id),
    },
  };
}

/** `POST /measurements`: all items or none, once per caller and Idempotency-Key. */
export async function submitBatch(
  db: Db,
  items: readonly BatchItem[],
  opts: { actor: string; caller: Caller; source: MeasurementSource; idempotencyKey?: string | undefined; access: ReportingAccess },
): Promise<StoredResponse<RecordResult> & { replayed: boolean }> {
  const run = async (tx: Queryable): Promise<StoredResponse<RecordResult>> => {
    const ctx = await measurementContext(tx);
    const locate: Locate = (i, field) => ({ path: `items.${i}.${field}` });
    const inputs = validateAll(ctx, items, locate);
    await opts.access.mayReport(reportingOf(inputs, locate), tx);
    const expectCurrent = new Map<number, number | null>();
    items.forEach((item, i) => {
      if (item.replaces !== undefined) expectCurrent.set(i, item.replaces);
    });
    const result = await recordMeasurements(tx, inputs, { source: opts.source, actor: opts.actor, expectCurrent });
    await opts.access.audit(tx, batchAudit(inputs, result, opts.source));
    return { status: 201, body: result };
  };
  if (!opts.idempotencyKey) return { ...(await db.transaction(run)), replayed: false };
  // A caller's keys are their own: the same key from another caller is another request.
  return onceWithKey(db, { action: "measurements", caller: opts.caller }, opts.idempotencyKey, requestHash(items), run);
}
