/**
 * Scoring initiatives against the strategy: a region's board agrees on criteria with weights and
 * scales, some derived from the portfolio (contribution to the objectives, planned benefits) and
 * some scored by the board members one by one. An initiative's strategic value is the weighted
 * mean of its normalised criteria, 0–100; the optimiser maximises the sum of these values.
 */
import { Invalid, type ErrorDetail } from "../errors.js";
import { contribution, type Link } from "../portfolio/initiative.js";

export type CriterionKind = "objectives" | "benefits" | "scored";
export const CRITERION_KINDS: readonly CriterionKind[] = ["objectives", "benefits", "scored"];

export interface Text {
  nb: string;
  nn: string;
  en: string;
}

export interface Criterion {
  key: string;
  /** objectives: the initiative's net contribution to the objectives it links to; benefits: its planned yearly benefit in NOK; scored: by the board. */
  kind: CriterionKind;
  label: Text;
  description: Text;
  /** Relative: the weights are divided by their sum. */
  weight: number;
  /** The scale: a raw value is clipped to it and normalised to 0..1. */
  min: number;
  max: number;
  higherIsBetter: boolean;
  /** Named steps of a scored criterion's scale. */
  levels?: { value: number; label: Text }[];
  /** An agreed (else mean) value at or above this makes the initiative mandatory by default. */
  mandatoryAt?: number;
}

export interface ScoringModel {
  regionId: string;
  version: number;
  criteria: Criterion[];
  /** NOK per staff hour freed, to price benefits counted in hours. */
  hourValue: number;
  createdBy: string;
  createdAt: string;
  note: string;
}

export interface InitiativeFacts {
  id: string;
  /** Net contribution per linked objective (section key), see objectiveContributions. */
  objectives: Record<string, number>;
  /** Planned yearly benefit in NOK, hours freed priced at the model's hour value, see plannedBenefitNok. */
  benefitsNok: number;
}

export interface Score {
  initiative: string;
  criterion: string;
  scorer: string;
  value: number;
  comment: string;
}

export interface Agreed {
  initiative: string;
  criterion: string;
  value: number;
  note: string;
}

export interface Spread {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation: the board's scores are all the scores there are, not a sample. */
  sd: number;
}

export interface CriterionScore {
  key: string;
  /** The value used: derived, or agreed, or the mean of the individual scores; null for a scored criterion nobody has scored. Not clipped. */
  raw: number | null;
  normalised: number;
  individual: Spread | null;
  agreed: number | null;
}

export interface InitiativeScore {
  id: string;
  criteria: CriterionScore[];
  /** 0..100: 100 × Σ weight·normalised / Σ weight. */
  value: number;
  /** The objectives criteria's part of `value`, split over the objectives in proportion to positive contribution (empty when none contributes positively). */
  valueByObjective: Record<string, number>;
  mandatory: boolean;
  /** 1 is best; equal values share a rank (1, 2, 2, 4). */
  rank: number;
  /** Best and worst rank when any one criterion's weight is halved or raised by half. */
  rankRange: [number, number];
}

const text = (nb: string, nn: string, en: string): Text => ({ nb, nn, en });

/** The model a region scores by until its strategy editors save their own (version 0). */
export const DEFAULT_CRITERIA: Criterion[] = [
  {
    key: "strategy",
    kind: "objectives",
    label: text("Bidrag til strategien", "Bidrag til strategien", "Contribution to the strategy"),
    description: text(
      "Summen av tiltakets koblinger til innsatsområdene: stor teller 3, middels 2, liten 1, negative trekkes fra. 9 eller mer gir full score.",
      "Summen av koplingane til tiltaket til innsatsområda: stor tel 3, middels 2, lita 1, negative blir trekte frå. 9 eller meir gir full skår.",
      "The sum of the initiative's links to the focus areas: large counts 3, medium 2, small 1, negative ones are taken away. 9 or more scores in full.",
    ),
    weight: 40,
    min: 0,
    max: 9,
    higherIsBetter: true,
  },
  {
    key: "benefits",
    kind: "benefits",
    label: text("Gevinster", "Gevinstar", "Benefits"),
    description: text(
      "Planlagt årlig gevinst i kroner etter gevinstplanen, frigjorte timer verdsatt med timeprisen. 10 millioner kroner i året eller mer gir full score.",
      "Planlagd årleg gevinst i kroner etter gevinstplanen, frigjorde timar verdsette med timeprisen. 10 millionar kroner i året eller meir gir full skår.",
      "Planned yearly benefit in NOK from the benefit plan, staff hours freed priced at the hour value. NOK 10 million a year or more scores in full.",
    ),
    weight: 25,
    min: 0,
    max: 10_000_000,
    higherIsBetter: true,
  },
  {
    key: "risk",
    kind: "scored",
    label: text("Risiko", "Risiko", "Risk"),
    description: text(
      "Samlet risiko for at tiltaket ikke gir det som er planlagt, i tid, kostnad eller gevinst. Lav risiko er best.",
      "Samla risiko for at tiltaket ikkje gir det som er planlagt, i tid, kostnad eller gevinst. Låg risiko er best.",
      "Overall risk that the initiative does not deliver as planned, in time, cost or benefit. Low risk is best.",
    ),
    weight: 15,
    min: 1,
    max: 5,
    higherIsBetter: false,
    levels: [
      { value: 1, label: text("Svært lav", "Svært låg", "Very low") },
      { value: 2, label: text("Lav", "Låg", "Low") },
      { value: 3, label: text("Middels", "Middels", "Medium") },
      { value: 4, label: text("Høy", "Høg", "High") },
      { value: 5, label: text("Svært høy", "Svært høg", "Very high") },
    ],
  },
  {
    key: "urgency",
    kind: "scored",
    label: text("Hastegrad", "Hastegrad", "Urgency"),
    description: text(
      "Hvor mye det koster å vente: utgående løsninger, avtaler som løper ut, pasientsikkerhet.",
      "Kor mykje det kostar å vente: utgåande løysingar, avtalar som går ut, pasienttryggleik.",
      "What waiting costs: solutions going out of support, contracts expiring, patient safety.",
    ),
    weight: 10,
    min: 1,
    max: 5,
    higherIsBetter: true,
    levels: [
      { value: 1, label: text("Kan vente", "Kan vente", "Can wait") },
      { value: 3, label: text("Bør starte snart", "Bør starte snart", "Should start soon") },
      { value: 5, label: text("Må starte nå", "Må starte no", "Must start now") },
    ],
  },
  {
    key: "mandate",
    kind: "scored",
    label: text("Pålegg", "Pålegg", "Mandate"),
    description: text(
      "Om tiltaket er pålagt av eier eller lov. Et lovkrav gjør tiltaket obligatorisk.",
      "Om tiltaket er pålagt av eigar eller lov. Eit lovkrav gjer tiltaket obligatorisk.",
      "Whether the owner or the law requires the initiative. A legal requirement makes it mandatory.",
    ),
    weight: 10,
    min: 0,
    max: 2,
    higherIsBetter: true,
    levels: [
      { value: 0, label: text("Ingen pålegg", "Ikkje pålegg", "None") },
      { value: 1, label: text("Oppdrag fra eier", "Oppdrag frå eigar", "Owner's mandate") },
      { value: 2, label: text("Lovkrav", "Lovkrav", "Legal requirement") },
    ],
    mandatoryAt: 2,
  },
];

/** NOK per staff hour freed in the default model: roughly a health trust's cost of an hour of clinical staff time. */
export const DEFAULT_HOUR_VALUE = 700;

/** The model of a region that has not saved one. */
export function defaultModel(regionId: string): ScoringModel {
  return { regionId, version: 0, criteria: DEFAULT_CRITERIA, hourValue: DEFAULT_HOUR_VALUE, createdBy: "", createdAt: "1970-01-01T00:00:00.000Z", note: "" };
}

/** An initiative's net contribution per objective (focus area) it links to, as the objectives criterion reads it. */
export function objectiveContributions(links: readonly Pick<Link, "section" | "direction" | "size">[]): Record<string, number> {
  const bySection = new Map<string, Pick<Link, "direction" | "size">[]>();
  for (const l of links) bySection.set(l.section, [...(bySection.get(l.section) ?? []), l]);
  return Object.fromEntries([...bySection].map(([section, ls]) => [section, contribution(ls)]));
}

/** An initiative's planned yearly benefit in NOK: priced benefits plus hours freed at the hour value. */
export function plannedBenefitNok(benefits: readonly { valueNok: number | null; hoursFreed: number | null }[], hourValue: number): number {
  return benefits.reduce((sum, b) => sum + (b.valueNok ?? 0) + (b.hoursFreed ?? 0) * hourValue, 0);
}

/** Refuses a model the scoring cannot use, naming each fault's path (`criteria.2.max`). */
export function validateModel(criteria: Criterion[]): void {
  const faults: ErrorDetail[] = [];
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    const at = (field: string, message: string): void => void faults.push({ path: `criteria.${i}${field ? `.${field}` : ""}`, message });
    if (!/^[a-z][a-z0-9_-]{0,39}$/.test(c.key)) at("key", "must be 1–40 lower-case letters, digits, - or _, starting with a letter");
    else if (seen.has(c.key)) at("key", `"${c.key}" is used by an earlier criterion`);
    seen.add(c.key);
    if (!CRITERION_KINDS.includes(c.kind)) at("kind", `must be one of ${CRITERION_KINDS.join(", ")}`);
    if (!Number.isFinite(c.weight) || c.weight < 0) at("weight", "must be a number at or above 0");
    if (!Number.isFinite(c.min)) at("min", "must be a number");
    if (!Number.isFinite(c.max)) at("max", "must be a number");
    else if (Number.isFinite(c.min) && !(c.min < c.max)) at("max", `must be above the minimum ${c.min}`);
    const within = (v: number): boolean => Number.isFinite(v) && v >= c.min && v <= c.max;
    if (c.levels !== undefined) {
      if (c.kind !== "scored") at("levels", "only a scored criterion has named levels");
      const values = new Set<number>();
      c.levels.forEach((l, j) => {
        if (!within(l.value)) at(`levels.${j}.value`, `must lie within the scale ${c.min}–${c.max}`);
        else if (values.has(l.value)) at(`levels.${j}.value`, `${l.value} is named twice`);
        values.add(l.value);
      });
    }
    if (c.mandatoryAt !== undefined && !within(c.mandatoryAt)) at("mandatoryAt", `must lie within the scale ${c.min}–${c.max}`);
  });
  if (criteria.length === 0) faults.push({ path: "criteria", message: "a model needs at least one criterion" });
  else if (!criteria.some((c) => c.weight > 0)) faults.push({ path: "criteria", message: "at least one criterion must weigh more than 0" });
  if (faults.length > 0) throw new Invalid("the scoring model is not usable", faults);
}

/**
 * Refuses entries of a score sheet (a member's own or the agreed ones) for criteria the board does
 * not score, outside their scale, or twice; a null value takes a score back.
 */
export function assertScoreEntries(criteria: readonly Criterion[], entries: readonly { criterion: string; value: number | null }[]): void {
  const faults: ErrorDetail[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const c = criteria.find((x) => x.key === e.criterion);
    if (!c) faults.push({ path: `scores.${i}.criterion`, message: `the scoring model has no criterion "${e.criterion}"` });
    else if (c.kind !== "scored") faults.push({ path: `scores.${i}.criterion`, message: `"${e.criterion}" is derived from the portfolio, not scored` });
    else if (seen.has(e.criterion)) faults.push({ path: `scores.${i}.criterion`, message: `"${e.criterion}" is scored earlier in the list` });
    else if (e.value !== null && !(Number.isFinite(e.value) && e.value >= c.min && e.value <= c.max)) faults.push({ path: `scores.${i}.value`, message: `must lie within the scale ${c.min}–${c.max}` });
    seen.add(e.criterion);
  });
  if (faults.length > 0) throw new Invalid("the scores do not fit the scoring model", faults);
}

function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  return { n, min: Math.min(...values), max: Math.max(...values), mean, sd };
}

function normalise(c: Criterion, raw: number | null): number {
  // An unscored criterion counts as the middle of its scale, so a candidate neither gains nor
  // loses by not being scored yet; the sheet shows it as unscored (raw null).
  if (raw === null) return 0.5;
  const share = (Math.min(c.max, Math.max(c.min, raw)) - c.min) / (c.max - c.min);
  return c.higherIsBetter ? share : 1 - share;
}

// Values that differ only by floating-point noise share a rank.
const EPSILON = 1e-9;

/** Competition ranks (1, 2, 2, 4) of values, higher is better. */
function ranks(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => b - a);
  return values.map((v) => {
    // Sorted best first, the values better than v are those before the first one not better.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! > v + EPSILON) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  });
}

/**
 * Scores the candidates by the model. `weights` overrides criteria's weights by key (a scenario's
 * other weighting); keys the model does not have are ignored, so a scenario outlives a criterion.
 * The result is ranked, best first; equal values keep the order of `facts`.
 */
export function scoreInitiatives(model: ScoringModel, facts: InitiativeFacts[], scores: Score[], agreed: Agreed[], weights?: Record<string, number>): InitiativeScore[] {
  const criteria = model.criteria;
  const weight = criteria.map((c) => {
    // Own keys only: a criterion may be called "constructor".
    const w = weights !== undefined && Object.hasOwn(weights, c.key) ? weights[c.key]! : c.weight;
    if (!Number.isFinite(w) || w < 0) throw new Invalid("a weight must be a number at or above 0", [{ path: `weights.${c.key}`, message: "must be a number at or above 0" }]);
    return w;
  });

  const individual = new Map<string, number[]>();
  for (const s of scores) {
    const k = `${s.initiative}\u0000${s.criterion}`;
    individual.set(k, [...(individual.get(k) ?? []), s.value]);
  }
  const agreedBy = new Map(agreed.map((a) => [`${a.initiative}\u0000${a.criterion}`, a.value]));

  const rows = facts.map((f) => {
    const perCriterion = criteria.map((c): CriterionScore => {
      if (c.kind === "objectives") {
        const raw = Object.values(f.objectives).reduce((a, b) => a + b, 0);
        return { key: c.key, raw, normalised: normalise(c, raw), individual: null, agreed: null };
      }
      if (c.kind === "benefits") return { key: c.key, raw: f.benefitsNok, normalised: normalise(c, f.benefitsNok), individual: null, agreed: null };
      const k = `${f.id}\u0000${c.key}`;
      const ind = spread(individual.get(k) ?? []);
      const agreedValue = agreedBy.get(k) ?? null;
      const raw = agreedValue ?? ind?.mean ?? null;
      return { key: c.key, raw, normalised: normalise(c, raw), individual: ind, agreed: agreedValue };
    });
    const mandatory = criteria.some((c, i) => c.mandatoryAt !== undefined && perCriterion[i]!.raw !== null && perCriterion[i]!.raw! >= c.mandatoryAt);
    return { facts: f, perCriterion, mandatory };
  });

  const valuesWith = (w: number[]): number[] => {
    const total = w.reduce((a, b) => a + b, 0);
    return rows.map((r) => (total > 0 ? (100 * r.perCriterion.reduce((a, c, i) => a + w[i]! * c.normalised, 0)) / total : 0));
  };
  const values = valuesWith(weight);
  const rank = ranks(values);
  const best = [...rank];
  const worst = [...rank];
  criteria.forEach((_, i) => {
    for (const factor of [0.5, 1.5]) {
      const changed = weight.map((w, j) => (j === i ? w * factor : w));
      ranks(valuesWith(changed)).forEach((r, n) => {
        best[n] = Math.min(best[n]!, r);
        worst[n] = Math.max(worst[n]!, r);
      });
    }
  });

  const totalWeight = weight.reduce((a, b) => a + b, 0);
  const result = rows.map((r, n): InitiativeScore => {
    const objectivesPart = totalWeight > 0 ? criteria.reduce((a, c, i) => a + (c.kind === "objectives" ? (100 * weight[i]! * r.perCriterion[i]!.normalised) / totalWeight : 0), 0) : 0;
    const positive = Object.entries(r.facts.objectives).filter(([, v]) => v > 0);
    const positiveSum = positive.reduce((a, [, v]) => a + v, 0);
    const valueByObjective = positiveSum > 0 ? Object.fromEntries(positive.map(([k, v]) => [k, (objectivesPart * v) / positiveSum])) : {};
    return { id: r.facts.id, criteria: r.perCriterion, value: values[n]!, valueByObjective, mandatory: r.mandatory, rank: rank[n]!, rankRange: [best[n]!, worst[n]!] };
  });
  return result.map((s, n) => ({ s, n })).sort((a, b) => a.s.rank - b.s.rank || a.n - b.n).map(({ s }) => s);
}
