/**
 * Benefit realisation after DFØ's method (change → benefit → indicator → measurement): each
 * initiative's planned benefits against what its actuals say is achieved, rolled up per initiative,
 * per focus area the initiative serves and per trust the benefit falls to, with the benefits whose
 * plan is lacking flagged.
 */

export const BENEFIT_KINDS = ["efficiency", "quality", "other_actors"] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];

export const BENEFIT_PROBLEMS = ["no_indicator", "no_responsible", "no_baseline", "overdue"] as const;
export type BenefitProblem = (typeof BENEFIT_PROBLEMS)[number];

export interface Actual {
  period: string;
  /** First day of the period, for ordering. */
  periodStart: string;
  value: number | null;
  valueNok: number | null;
  hoursFreed: number | null;
}

export interface BenefitFacts {
  id: string;
  title: string;
  kind: BenefitKind;
  priced: boolean;
  responsible: string;
  keyResultId: string | null;
  indicator: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  /** Yearly value when realised. */
  valueNok: number | null;
  hoursFreed: number | null;
  realiseBy: string | null;
  /** The organisation the benefit falls to: its own, else the initiative's owner. */
  trust: string;
  initiative: { id: string; code: string; title: string; organisationId: string; phase: string; sectionKeys: string[] };
  actuals: Actual[];
}

export interface Figures {
  valueNok: number;
  hoursFreed: number;
}

export interface Rollup {
  count: number;
  realised: number;
  planned: Figures;
  achieved: Figures;
}

export interface BenefitLine {
  id: string;
  title: string;
  kind: BenefitKind;
  priced: boolean;
  responsible: string;
  trust: string;
  keyResultId: string | null;
  indicator: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  realiseBy: string | null;
  planned: Figures;
  achieved: Figures;
  /** The latest actual, each figure the latest one given. */
  latest: { period: string; value: number | null; valueNok: number | null; hoursFreed: number | null } | null;
  realised: boolean;
  problems: BenefitProblem[];
}

export interface BenefitReport {
  byInitiative: (Rollup & { initiativeId: string; code: string; title: string; organisationId: string; phase: string; sectionKeys: string[]; benefits: BenefitLine[] })[];
  bySection: (Rollup & { section: string })[];
  byOrganisation: (Rollup & { organisation: string })[];
  totals: Rollup;
  flags: { benefit: string; title: string; initiative: string; code: string; problem: BenefitProblem }[];
}

/** The latest non-empty value of one figure, in period order. */
function latestOf(actuals: readonly Actual[], field: "value" | "valueNok" | "hoursFreed"): number | null {
  for (let i = actuals.length - 1; i >= 0; i--) {
    const v = actuals[i]![field];
    if (v !== null) return v;
  }
  return null;
}

/**
 * Whether the benefit is realised: its indicator has reached the target (moving from the baseline
 * towards it; upwards without a baseline); without a target, the yearly kroner and hours planned are
 * reached; with nothing to compare, any actual counts.
 */
export function isRealised(b: Pick<BenefitFacts, "baseline" | "target" | "valueNok" | "hoursFreed">, latest: BenefitLine["latest"]): boolean {
  if (latest === null) return false;
  if (b.target !== null) {
    if (latest.value === null) return false;
    return b.baseline !== null && b.target < b.baseline ? latest.value <= b.target : latest.value >= b.target;
  }
  const reached = (planned: number | null, achieved: number | null) => planned === null || planned <= 0 || (achieved !== null && achieved >= planned);
  return reached(b.valueNok, latest.valueNok) && reached(b.hoursFreed, latest.hoursFreed);
}

/** What is lacking in the plan, and whether it is late (`at`: the day judged at, `YYYY-MM-DD`). */
export function problemsOf(b: BenefitFacts, realised: boolean, at: string): BenefitProblem[] {
  const out: BenefitProblem[] = [];
  if (b.keyResultId === null && b.indicator.trim() === "") out.push("no_indicator");
  if (b.responsible.trim() === "") out.push("no_responsible");
  if (b.baseline === null) out.push("no_baseline");
  if (b.realiseBy !== null && b.realiseBy < at && !realised) out.push("overdue");
  return out;
}

const emptyRollup = (): Rollup => ({ count: 0, realised: 0, planned: { valueNok: 0, hoursFreed: 0 }, achieved: { valueNok: 0, hoursFreed: 0 } });
// Hours are decimals: sums are rounded so 0.1 + 0.2 reads 0.3.
const round = (n: number) => Math.round(n * 100) / 100;

function add(r: Rollup, b: BenefitLine): void {
  r.count++;
  if (b.realised) r.realised++;
  r.planned.valueNok += b.planned.valueNok;
  r.planned.hoursFreed = round(r.planned.hoursFreed + b.planned.hoursFreed);
  r.achieved.valueNok += b.achieved.valueNok;
  r.achieved.hoursFreed = round(r.achieved.hoursFreed + b.achieved.hoursFreed);
}

export function benefitLine(b: BenefitFacts, at: string): BenefitLine {
  const actuals = [...b.actuals].sort((x, y) => x.periodStart.localeCompare(y.periodStart));
  const last = actuals.at(-1);
  const latest = last ? { period: last.period, value: latestOf(actuals, "value"), valueNok: latestOf(actuals, "valueNok"), hoursFreed: latestOf(actuals, "hoursFreed") } : null;
  const realised = isRealised(b, latest);
  return {
    id: b.id,
    title: b.title,
    kind: b.kind,
    priced: b.priced,
    responsible: b.responsible,
    trust: b.trust,
    keyResultId: b.keyResultId,
    indicator: b.indicator,
    unit: b.unit,
    baseline: b.baseline,
    target: b.target,
    realiseBy: b.realiseBy,
    planned: { valueNok: b.valueNok ?? 0, hoursFreed: b.hoursFreed ?? 0 },
    achieved: { valueNok: latest?.valueNok ?? 0, hoursFreed: latest?.hoursFreed ?? 0 },
    latest,
    realised,
    problems: problemsOf(b, realised, at),
  };
}

/**
 * The benefit realisation report. A benefit counts once per initiative and trust, and once for each
 * focus area its initiative serves (so the focus areas may add up to more than the total).
 */
export function benefitReport(benefits: readonly BenefitFacts[], at: string): BenefitReport {
  const initiatives = new Map<string, BenefitReport["byInitiative"][number]>();
  const sections = new Map<string, Rollup>();
  const organisations = new Map<string, Rollup>();
  const totals = emptyRollup();
  const flags: BenefitReport["flags"] = [];
  for (const b of benefits) {
    const line = benefitLine(b, at);
    const i = b.initiative;
    let row = initiatives.get(i.id);
    if (!row) {
      row = { initiativeId: i.id, code: i.code, title: i.title, organisationId: i.organisationId, phase: i.phase, sectionKeys: i.sectionKeys, ...emptyRollup(), benefits: [] };
      initiatives.set(i.id, row);
    }
    row.benefits.push(line);
    add(row, line);
    for (const s of new Set(i.sectionKeys)) {
      if (!sections.has(s)) sections.set(s, emptyRollup());
      add(sections.get(s)!, line);
    }
    if (!organisations.has(b.trust)) organisations.set(b.trust, emptyRollup());
    add(organisations.get(b.trust)!, line);
    add(totals, line);
    for (const problem of line.problems) flags.push({ benefit: b.id, title: b.title, initiative: i.id, code: i.code, problem });
  }
  const byKey = <T>(m: Map<string, Rollup>, name: (key: string) => T) =>
    [...m].sort(([a], [b]) => a.localeCompare(b, "nb", { numeric: true })).map(([key, r]) => ({ ...name(key), ...r }));
  return {
    byInitiative: [...initiatives.values()].sort((a, b) => a.code.localeCompare(b.code, "nb", { numeric: true })),
    bySection: byKey(sections, (section) => ({ section })),
    byOrganisation: byKey(organisations, (organisation) => ({ organisation })),
    totals,
    flags,
  };
}
