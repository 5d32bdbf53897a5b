import { Conflict, Invalid, NotFound, PreconditionFailed, type ErrorDetail } from "../domain/errors.js";
import { parsePeriod } from "../domain/period.js";
import type { BenefitFacts, BenefitKind } from "../domain/portfolio/benefits.js";
import type { Queryable } from "./db.js";
import { defined } from "./risks.js";
import { assertRegistered } from "./strategies.js";

export interface BenefitInput {
  change?: string | undefined;
  title: string;
  kind: BenefitKind;
  priced: boolean;
  responsible: string;
  organisation?: string | null | undefined;
  keyResult?: string | null | undefined;
  indicator?: string | undefined;
  unit?: string | undefined;
  baseline?: number | null | undefined;
  baselineDate?: string | null | undefined;
  target?: number | null | undefined;
  valueNok?: number | null | undefined;
  hoursFreed?: number | null | undefined;
  realiseBy?: string | null | undefined;
}

export interface Benefit {
  id: string;
  initiativeId: string;
  change: string;
  title: string;
  kind: BenefitKind;
  priced: boolean;
  responsible: string;
  organisationId: string | null;
  keyResultId: string | null;
  indicator: string;
  unit: string;
  baseline: number | null;
  baselineDate: string | null;
  target: number | null;
  valueNok: number | null;
  hoursFreed: number | null;
  realiseBy: string | null;
  version: number;
  retiredAt: string | null;
  recordedBy: string;
  recordedAt: string;
}

const BENEFIT = `id, initiative_id AS "initiativeId", change, title, kind, priced, responsible, organisation_id AS "organisationId",
  key_result_id AS "keyResultId", indicator, unit, baseline, baseline_date AS "baselineDate", target, value_nok AS "valueNok",
  hours_freed AS "hoursFreed", realise_by AS "realiseBy", version, retired_at AS "retiredAt", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** The stored fields of a benefit as the input names them. */
type Fields = Required<{ [K in keyof BenefitInput]: Exclude<BenefitInput[K], undefined> }>;

/** The indicator is one of the strategy's key results or the benefit's own, not both; the organisation must be registered. */
async function assertPlan(tx: Queryable, initiativeId: string, b: Fields): Promise<void> {
  const faults: ErrorDetail[] = [];
  if (b.keyResult !== null && b.indicator.trim() !== "") faults.push({ path: "indicator", message: "give a key result or an indicator of the benefit's own, not both" });
  if (b.keyResult !== null) {
    const found = await tx.query("SELECT 1 FROM key_results k JOIN initiatives i ON i.strategy_id = k.strategy_id WHERE k.id = $1 AND i.id = $2", [b.keyResult, initiativeId]);
    if (found.length === 0) faults.push({ path: "keyResult", message: "not a key result of the initiative's strategy" });
  }
  if (faults.length > 0) throw new Invalid("the benefit's indicator is not right", faults);
  if (b.organisation !== null) await assertRegistered(tx, [{ path: "organisation", organisation: b.organisation }]);
}

const fieldsOf = (b: Benefit): Fields => ({
  change: b.change,
  title: b.title,
  kind: b.kind,
  priced: b.priced,
  responsible: b.responsible,
  organisation: b.organisationId,
  keyResult: b.keyResultId,
  indicator: b.indicator,
  unit: b.unit,
  baseline: b.baseline,
  baselineDate: b.baselineDate,
  target: b.target,
  valueNok: b.valueNok,
  hoursFreed: b.hoursFreed,
  realiseBy: b.realiseBy,
});

const values = (f: Fields) => [
  f.change, f.title, f.kind, f.priced, f.responsible, f.organisation, f.keyResult, f.indicator, f.unit,
  f.baseline, f.baselineDate, f.target, f.valueNok, f.hoursFreed, f.realiseBy,
];

const EMPTY: Omit<Fields, "title" | "kind" | "priced" | "responsible"> = {
  change: "", organisation: null, keyResult: null, indicator: "", unit: "", baseline: null, baselineDate: null, target: null, valueNok: null, hoursFreed: null, realiseBy: null,
};

export async function createBenefit(tx: Queryable, initiativeId: string, input: BenefitInput, actor: string): Promise<Benefit> {
  const f: Fields = { ...EMPTY, ...(defined(input) as Pick<Fields, "title" | "kind" | "priced" | "responsible">) };
  await assertPlan(tx, initiativeId, f);
  const [row] = await tx.query<Benefit>(
    `INSERT INTO benefits (initiative_id, change, title, kind, priced, responsible, organisation_id, key_result_id, indicator, unit,
                           baseline, baseline_date, target, value_nok, hours_freed, realise_by, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ${BENEFIT}`,
    [initiativeId, ...values(f), actor],
  );
  return row!;
}

/** The initiative a benefit belongs to. */
export async function benefitInitiative(db: Queryable, benefitId: string): Promise<string> {
  const [row] = await db.query<{ initiativeId: string }>(`SELECT initiative_id AS "initiativeId" FROM benefits WHERE id = $1`, [benefitId]);
  if (!row) throw new NotFound(`no benefit ${benefitId}`);
  return row.initiativeId;
}

/** Changes a benefit read at version `expected`: fields left out keep their value; `retired` takes it out of the plan (or back). */
export async function updateBenefit(
  tx: Queryable,
  benefitId: string,
  expected: number,
  input: Partial<BenefitInput> & { retired?: boolean | undefined },
): Promise<{ before: Benefit; after: Benefit }> {
  const [before] = await tx.query<Benefit>(`SELECT ${BENEFIT} FROM benefits WHERE id = $1 FOR UPDATE`, [benefitId]);
  if (!before) throw new NotFound(`no benefit ${benefitId}`);
  if (before.version !== expected) throw new PreconditionFailed(`the benefit is at version ${before.version}, not ${expected}; reload and apply your changes again`);
  const { retired, ...changes } = input;
  const f: Fields = { ...fieldsOf(before), ...(defined(changes) as Partial<Fields>) };
  await assertPlan(tx, before.initiativeId, f);
  const [after] = await tx.query<Benefit>(
    `UPDATE benefits SET change = $2, title = $3, kind = $4, priced = $5, responsible = $6, organisation_id = $7, key_result_id = $8, indicator = $9,
            unit = $10, baseline = $11, baseline_date = $12, target = $13, value_nok = $14, hours_freed = $15, realise_by = $16,
            retired_at = CASE WHEN $17::boolean IS NULL THEN retired_at WHEN $17 THEN coalesce(retired_at, now()) END, version = version + 1
      WHERE id = $1 RETURNING ${BENEFIT}`,
    [benefitId, ...values(f), retired ?? null],
  );
  return { before, after: after! };
}

export interface ActualInput {
  period: string;
  value?: number | null | undefined;
  valueNok?: number | null | undefined;
  hoursFreed?: number | null | undefined;
  comment?: string | undefined;
  /** Id of the current actual for the period the writer saw; null when expecting none. */
  replaces?: number | null | undefined;
}

export interface BenefitActual {
  id: number;
  benefitId: string;
  period: string;
  value: number | null;
  valueNok: number | null;
  hoursFreed: number | null;
  comment: string;
  recordedBy: string;
  recordedAt: string;
  supersededAt: string | null;
}

const ACTUAL = `id, benefit_id AS "benefitId", period, value, value_nok AS "valueNok", hours_freed AS "hoursFreed", comment,
  recorded_by AS "recordedBy", recorded_at AS "recordedAt", superseded_at AS "supersededAt"`;

/** Records what a benefit achieved in a period; the actual it corrects stays as history. */
export async function recordActual(tx: Queryable, benefitId: string, a: ActualInput, actor: string): Promise<BenefitActual> {
  const [benefit] = await tx.query<{ retired: boolean }>("SELECT retired_at IS NOT NULL AS retired FROM benefits WHERE id = $1", [benefitId]);
  if (!benefit) throw new NotFound(`no benefit ${benefitId}`);
  if (benefit.retired) throw new Invalid("the benefit is retired from the plan", [{ path: "benefit", message: "retired" }]);
  const period = parsePeriod(a.period);
  const [value, valueNok, hoursFreed] = [a.value ?? null, a.valueNok ?? null, a.hoursFreed ?? null];
  if (value === null && valueNok === null && hoursFreed === null) {
    throw new Invalid("an actual gives the indicator's value, kroner or hours freed", [{ path: "value", message: "give value, valueNok or hoursFreed" }]);
  }
  const current = await tx.query<{ id: number }>("SELECT id FROM benefit_actuals WHERE benefit_id = $1 AND period = $2 AND superseded_at IS NULL FOR UPDATE", [benefitId, period.id]);
  if (a.replaces !== undefined && (current[0]?.id ?? null) !== a.replaces) {
    throw new Conflict("someone else has recorded an actual for this period since you read it", [
      { path: "replaces", message: `current actual is ${current[0]?.id ?? "none"}` },
    ], "stale_benefit_actual");
  }
  await tx.query("UPDATE benefit_actuals SET superseded_at = now() WHERE benefit_id = $1 AND period = $2 AND superseded_at IS NULL", [benefitId, period.id]);
  try {
    const [row] = await tx.query<BenefitActual>(
      `INSERT INTO benefit_actuals (benefit_id, period, period_start, value, value_nok, hours_freed, comment, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ACTUAL}`,
      [benefitId, period.id, period.start, value, valueNok, hoursFreed, a.comment ?? "", actor],
    );
    return row!;
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new Conflict("another actual for this period was saved at the same moment; reload and try again", [], "concurrent_write");
    }
    throw err;
  }
}

/**
 * The benefits of a strategy's portfolio as the realisation report reads them: those in the plan
 * (not retired) of initiatives not rejected, with their current actuals; only those falling to
 * `organisation` and of initiatives serving `section` when given.
 */
export async function benefitFacts(db: Queryable, strategyId: string, filter: { organisation?: string | undefined; section?: string | undefined }): Promise<BenefitFacts[]> {
  return db.query<BenefitFacts>(
    `SELECT b.id, b.title, b.kind, b.priced, b.responsible, b.key_result_id AS "keyResultId", b.indicator, b.unit, b.baseline, b.target,
            b.value_nok AS "valueNok", b.hours_freed AS "hoursFreed", b.realise_by AS "realiseBy",
            coalesce(b.organisation_id, i.organisation_id) AS trust,
            json_build_object('id', i.id, 'code', i.code, 'title', i.title, 'organisationId', i.organisation_id, 'phase', i.phase,
                              'sectionKeys', coalesce((SELECT json_agg(DISTINCT l.section_key) FROM initiative_links l WHERE l.initiative_id = i.id), '[]')) AS initiative,
            coalesce((SELECT json_agg(json_build_object('period', a.period, 'periodStart', a.period_start, 'value', a.value, 'valueNok', a.value_nok, 'hoursFreed', a.hours_freed))
                        FROM benefit_actuals a WHERE a.benefit_id = b.id AND a.superseded_at IS NULL), '[]') AS actuals
       FROM benefits b JOIN initiatives i ON i.id = b.initiative_id
      WHERE i.strategy_id = $1 AND i.phase <> 'rejected' AND b.retired_at IS NULL
        AND ($2::text IS NULL OR coalesce(b.organisation_id, i.organisation_id) = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM initiative_links l WHERE l.initiative_id = i.id AND l.section_key = $3))
      ORDER BY i.code, b.recorded_at`,
    [strategyId, filter.organisation ?? null, filter.section ?? null],
  ).then((rows) =>
    // json_build_object gives numerics as JSON numbers or strings.
    rows.map((r) => ({ ...r, actuals: r.actuals.map((a) => ({ ...a, value: num(a.value), valueNok: num(a.valueNok), hoursFreed: num(a.hoursFreed) })) })),
  );
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
