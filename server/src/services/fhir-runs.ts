/**
 * A computation of a strategy's FHIR-bound key results: read the export, evaluate the definitions
 * in DuckDB, and write what changed as measurements (source `computed`, batch = the run) in one
 * transaction. A failed run changes no measurement; a rerun on the same data writes nothing.
 */
import { resolve } from "node:path";
import { appendAudit } from "../access/audit.js";
import type { Principal } from "../access/policy.js";
import type { Db, Queryable } from "../data/db.js";
import {
  bindKeyResults,
  currentMeasurements,
  failRun,
  finishRun,
  getRun,
  markRunning,
  organisationIdentifiers,
  reportProgress,
  type CurrentMeasurement,
  type FhirRun,
  type RunInput,
} from "../data/fhir-runs.js";
import { recordMeasurements } from "../data/measurements.js";
import { DomainError, Invalid, type ErrorDetail } from "../domain/errors.js";
import type { MeasurementInput, RawMeasurement } from "../domain/measurement-input.js";
import { evaluateIndicators, type IndicatorRow, type OrganisationIdentifier } from "../fhir/evaluate.js";
import { ORGANISATION_SYSTEMS } from "../fhir/organisation-systems.js";
import { loadIndicatorDefinitions, type IndicatorDefinition } from "../fhir/indicators.js";
import { printable, type UnpackLimits } from "../fhir/inputs.js";
import { measurementContext, validateAll } from "./measurements.js";

/** The identifier keys organisations are given in Veivalg, and the FHIR naming systems they stand for. */
const IDENTIFIER_SYSTEMS: Record<string, string> = { orgnr: ORGANISATION_SYSTEMS.organisationNumber, resh: ORGANISATION_SYSTEMS.resh };

/** Every organisation under Veivalg's own naming system, and under the systems of the identifiers it has been given. */
export async function organisationMap(db: Queryable): Promise<OrganisationIdentifier[]> {
  const map: OrganisationIdentifier[] = [];
  for (const o of await organisationIdentifiers(db)) {
    map.push({ system: ORGANISATION_SYSTEMS.veivalg, value: o.id, organisationId: o.id });
    for (const [key, value] of Object.entries(o.identifiers)) {
      const system = IDENTIFIER_SYSTEMS[key] ?? (key.includes(":") ? key : null);
      if (system) map.push({ system, value, organisationId: o.id });
    }
  }
  return map;
}

const same = (a: number | null, b: number | null | undefined) => (a === null ? b === null || b === undefined : b !== null && b !== undefined && Math.abs(a - b) < 1e-9);

/** The measurements of `inputs` that are new or differ from the current ones (so a rerun writes nothing). */
export function changedMeasurements(inputs: readonly MeasurementInput[], current: readonly CurrentMeasurement[]): MeasurementInput[] {
  const key = (m: Pick<CurrentMeasurement, "keyResultId" | "organisationId" | "period" | "breakdownKey">) => `${m.keyResultId}|${m.organisationId}|${m.period}|${m.breakdownKey}`;
  const now = new Map(current.map((c) => [key(c), c]));
  return inputs.filter((m) => {
    const c = now.get(key({ ...m, period: m.period.id }));
    return !c || !same(m.value, c.value) || !same(m.numerator, c.numerator) || !same(m.denominator, c.denominator);
  });
}

function raw(row: IndicatorRow): RawMeasurement {
  return {
    keyResult: row.keyResult,
    organisation: row.organisationId,
    period: row.period,
    value: row.value ?? null,
    numerator: row.numerator ?? null,
    denominator: row.denominator ?? null,
    breakdown: row.breakdown,
  };
}

export interface ExecuteOptions {
  /** The folder a run's relative source is read from (the server's FHIR folder). */
  root?: string;
  /** Where the definitions come from (the repository's, by default). */
  definitions?: (strategyId: string) => Promise<IndicatorDefinition[]>;
  /** How far an archived export may unpack (inputs.ts's defaults unless told). */
  unpackLimits?: Partial<UnpackLimits> | undefined;
  /** Called after each progress report, e.g. to print it. */
  onProgress?: (step: string, done: number, total: number) => void;
}

/**
 * Carries out a queued run to the end; never throws for faults of the data (the run records them).
 * Whatever fails inside the run (the data, DuckDB, the database) ends it failed; should even that
 * record fail, it throws, and the caller's watchdog ends the run.
 */
export async function executeRun(db: Db, runId: string, opts: ExecuteOptions = {}): Promise<FhirRun> {
  const run = await getRun(db, runId);
  let inputs: RunInput[] = [];
  try {
    // Ended meanwhile (by the watchdog): nothing to do.
    if (!(await markRunning(db, runId))) return await getRun(db, runId);
    const definitions = await (opts.definitions ?? loadIndicatorDefinitions)(run.strategyId);
    if (definitions.length === 0) throw new Invalid(`No FHIR indicator definitions for strategy ${run.strategyId}`, [{ path: "strategy", message: "nothing to compute" }]);
    let reported = 0;
    const evaluation = await evaluateIndicators({
      dataDir: resolve(opts.root ?? ".", run.source),
      unpackLimits: opts.unpackLimits,
      definitions,
      organisationMap: await organisationMap(db),
      onProgress: (step, done, total) => {
        opts.onProgress?.(step, done, total);
        // Progress is advisory: a failed write of it must not fail the run.
        const at = Date.now();
        if (at - reported > 250 || done === total) {
          reported = at;
          void reportProgress(db, runId, step, done, total).catch(() => {});
        }
      },
    });
    inputs = evaluation.files.map((f) => ({ name: f.name, resourceType: f.resourceType, bytes: f.bytes, sha256: f.sha256, resources: f.resources }));
    await db.transaction(async (tx) => {
      const ctx = await measurementContext(tx, run.strategyId);
      const all = validateAll(ctx, evaluation.rows.map(raw), (i, field) => ({ path: `results.${evaluation.rows[i]!.keyResult}.${i}.${field}` }));
      const byCode = new Map(ctx.keyResults.map((k) => [k.code, k.id]));
      const unknown = definitions.filter((d) => !byCode.has(d.keyResult));
      if (unknown.length > 0) {
        throw new Invalid(`The strategy has no key result ${unknown.map((d) => d.keyResult).join(", ")}`, unknown.map((d) => ({ path: `definitions.${d.keyResult}`, message: "no such key result in the strategy" })));
      }
      const keyResultIds = definitions.map((d) => byCode.get(d.keyResult)!);
      const changed = changedMeasurements(all, await currentMeasurements(tx, keyResultIds));
      const result = await recordMeasurements(tx, changed, { source: "computed", actor: run.requestedBy, batchId: runId });
      await bindKeyResults(
        tx,
        runId,
        definitions.map((d) => ({
          keyResultId: byCode.get(d.keyResult)!,
          definitionVersion: d.version,
          definitionHash: d.fingerprint,
          countsAre: d.countsAre,
          suppressSmallCounts: d.countsAre !== "types",
        })),
      );
      await finishRun(tx, runId, {
        inputs,
        definitions: definitions.map((d) => ({ keyResult: d.keyResult, version: d.version, hash: d.fingerprint })),
        views: evaluation.views,
        resultRows: evaluation.rows.length,
        unmappedRows: evaluation.unmapped,
        recorded: result.recorded,
        superseded: result.superseded,
      });
      await appendAudit(tx, runPrincipal(run), {
        action: "fhir_run.finish",
        objectType: "fhir_run",
        objectId: runId,
        before: null,
        after: { recorded: result.recorded, superseded: result.superseded, resultRows: evaluation.rows.length, inputs: inputs.map((i) => i.sha256) },
      });
    });
  } catch (error) {
    await recordFailure(db, runId, error, inputs);
  }
  return getRun(db, runId);
}

async function recordFailure(db: Db, runId: string, error: unknown, inputs: RunInput[]): Promise<void> {
  const faults = faultsOf(error);
  try {
    await failRun(db, runId, faults, inputs);
  } catch (second) {
    // The faults could not be stored (too large, or a character the database refuses): the run
    // still ends failed, with the first fault in a form that stores, and why the rest is missing.
    const first = faults[0]!.message.slice(0, 2000);
    await failRun(db, runId, [{ path: "run", message: `${printable(first)} (the details could not be recorded: ${printable(second instanceof Error ? second.message : String(second))})` }]);
  }
}

/** The run acts for whoever asked for it; the audit trail names the run. */
const runPrincipal = (run: FhirRun): Principal => ({ kind: "system", id: null, label: `${run.requestedBy} (fhir-run ${run.id})`, grants: [] });

function faultsOf(error: unknown): ErrorDetail[] {
  if (error instanceof DomainError) return error.details.length > 0 ? [{ path: "run", message: error.message }, ...error.details] : [{ path: "run", message: error.message }];
  return [{ path: "run", message: error instanceof Error ? error.message : String(error) }];
}
