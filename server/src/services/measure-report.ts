/**
 * A key result's figures for one organisation and period as a FHIR R4 MeasureReport (summary), so
 * other health systems can read them: the populations behind the score, the score, and a stratifier
 * per breakdown dimension. Small counts the caller may not see are left out with the reason `masked`.
 */
import type { Queryable } from "../data/db.js";
import { breakdownPartials, latestReportedPeriod } from "../data/measurements.js";
import { suppressedKeyResults } from "../data/small-counts.js";
import { getKeyResultVersions, getStrategySummary, listOrganisations } from "../data/strategies.js";
import { regionBreakdown } from "../domain/breakdown.js";
import { Invalid } from "../domain/errors.js";
import { lastCompleted, parsePeriod, type Period } from "../domain/period.js";
import { subtree } from "../domain/rollup.js";
import { smallCountFilter, type Figures, type Shown, type SmallCountView } from "../domain/small-counts.js";
import type { Aggregation, Direction, Unit } from "../domain/strategy.js";
import { ORGANISATION_SYSTEMS } from "../fhir/organisation-systems.js";
import { statusOverPeriods } from "./status.js";

export const MEASURE_BASE = "https://veivalg.no/fhir/Measure";
export const DIMENSION_SYSTEM = "https://veivalg.no/fhir/CodeSystem/breakdown-dimension";
export const DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
const POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
const IMPROVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation";
const UCUM = "http://unitsofmeasure.org";

/** Why a figure is absent: hidden as a small count, not reported, or not a whole number where FHIR wants a count. */
export type AbsentReason = "masked" | "unknown" | "unsupported";

interface Absent {
  extension: { url: typeof DATA_ABSENT_REASON; valueCode: AbsentReason }[];
}
interface Coding {
  system: string;
  code: string;
  display?: string;
}
interface CodeableConcept {
  coding?: Coding[];
  text?: string;
  extension?: Absent["extension"];
}
interface Population {
  code: CodeableConcept;
  count?: number;
  _count?: Absent;
}
interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
  extension?: Absent["extension"];
}
interface OrganisationReference {
  identifier: { system: typeof ORGANISATION_SYSTEMS.veivalg; value: string };
  display: string;
}

export interface MeasureReport {
  resourceType: "MeasureReport";
  status: "complete";
  type: "summary";
  measure: string;
  subject: OrganisationReference;
  date: string;
  reporter: OrganisationReference;
  period: { start: string; end: string };
  improvementNotation?: CodeableConcept;
  group: {
    code: CodeableConcept;
    population: Population[];
    measureScore: Quantity;
    stratifier: { code: CodeableConcept[]; stratum: { value: CodeableConcept; population: Population[]; measureScore: Quantity }[] }[];
  }[];
}

const absent = (reason: AbsentReason): Absent => ({ extension: [{ url: DATA_ABSENT_REASON, valueCode: reason }] });

/** A unit as a FHIR Quantity names it: UCUM where UCUM has it, the ISO 4217 code for kroner. */
const QUANTITY_UNITS: Record<Unit, Omit<Quantity, "value">> = {
  count: { unit: "count", system: UCUM, code: "{count}" },
  percent: { unit: "%", system: UCUM, code: "%" },
  days: { unit: "d", system: UCUM, code: "d" },
  hours: { unit: "h", system: UCUM, code: "h" },
  minutes: { unit: "min", system: UCUM, code: "min" },
  nok: { unit: "NOK", system: "urn:iso:std:iso:4217", code: "NOK" },
  score: { unit: "score" },
  ratio: { unit: "ratio", system: UCUM, code: "1" },
  index: { unit: "index" },
  tonnes: { unit: "t", system: UCUM, code: "t" },
};

const populationCode = (code: string): CodeableConcept => ({ coding: [{ system: POPULATION_SYSTEM, code }] });

/** One population: its count, or why there is none (`hidden`: a suppressed small count). */
function population(code: string, count: number | null, hidden: boolean): Population {
  if (count !== null && Number.isInteger(count)) return { code: populationCode(code), count };
  return { code: populationCode(code), _count: absent(hidden ? "masked" : count === null ? "unknown" : "unsupported") };
}

/**
 * The populations and score of figures as the caller sees them. A ratio has a numerator and a
 * denominator; any other rule a measure observation, its value. A null figure of suppressed
 * figures is a hidden small count, or a score built on one.
 */
function scored(figures: Shown<Figures>, aggregation: Aggregation, unit: Unit): { population: Population[]; measureScore: Quantity } {
  const hidden = figures.suppressed === true;
  const population_ =
    aggregation === "ratio"
      ? [population("numerator", figures.numerator, hidden && figures.numerator === null), population("denominator", figures.denominator, hidden && figures.denominator === null)]
      : [population("measure-observation", figures.value, hidden)];
  const measureScore: Quantity = figures.value === null ? absent(hidden ? "masked" : "unknown") : { value: figures.value, ...QUANTITY_UNITS[unit] };
  return { population: population_, measureScore };
}

/** FHIR's end of a period is its last day; ours is the day after. */
const lastDay = (period: Period) => new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const improvement = (direction: Direction): CodeableConcept | undefined =>
  direction === "maintain" ? undefined : { coding: [{ system: IMPROVEMENT_SYSTEM, code: direction }] };

/**
 * The MeasureReport of a key result for `organisation` (the strategy's region or an organisation in
 * it) and `period`: by default the latest period the organisation or those below it reported,
 * else the last completed one. Figures as the status page gives them to `view`.
 */
export async function measureReport(
  db: Queryable,
  keyResultId: string,
  query: { organisation: string; period?: string | undefined },
  view: SmallCountView,
): Promise<MeasureReport> {
  const versions = await getKeyResultVersions(db, keyResultId);
  const current = versions[versions.length - 1]!;
  const strategy = await getStrategySummary(db, current.strategyId);
  const all = await listOrganisations(db);
  const region = subtree(all, strategy.owner);
  const org = all.find((o) => o.id === query.organisation);
  if (!org || !region.some((o) => o.id === org.id)) {
    throw new Invalid(`${query.organisation} is not ${strategy.owner} or an organisation in it`, [{ path: "organisation", message: `an organisation of ${strategy.owner}'s region` }]);
  }
  const below = subtree(region, org.id);
  const latest = query.period === undefined ? await latestReportedPeriod(db, keyResultId, below.map((o) => o.id)) : null;
  const period: Period = parsePeriod(query.period ?? latest ?? lastCompleted(current.frequency, new Date().toISOString().slice(0, 10)).id);

  const [[rated], suppressed] = await Promise.all([statusOverPeriods(db, strategy.id, strategy.owner, [period], view, keyResultId), suppressedKeyResults(db, strategy.id, keyResultId)]);
  const entry = rated?.[0];
  if (!entry) throw new Invalid(`key result ${current.code} was not in effect in ${period.id}`, [{ path: "period", message: "a period in which the key result was in effect" }]);
  const { kr, status } = entry;
  const cell = org.id === strategy.owner ? status : status.organisations.find((o) => o.organisation === org.id);
  if (!cell) throw new Error(`no status for ${org.id}`);

  const shown = smallCountFilter(view, suppressed.has(keyResultId), kr.aggregation);
  const stratifier = [];
  for (const dimension of kr.dimensions) {
    const partials = await breakdownPartials(db, strategy.id, keyResultId, dimension.key, [period]);
    const slices = regionBreakdown(kr, org.id, below, partials, dimension.values);
    stratifier.push({
      code: [{ coding: [{ system: DIMENSION_SYSTEM, code: dimension.key, display: dimension.label }], text: dimension.label }],
      stratum: slices.map((slice) => ({
        value: slice.dimensionValue === null ? { extension: absent("unknown").extension } : { text: slice.dimensionValue },
        ...scored(shown(slice, org.id), kr.aggregation, kr.unit),
      })),
    });
  }

  const reference: OrganisationReference = { identifier: { system: ORGANISATION_SYSTEMS.veivalg, value: org.id }, display: org.name };
  const notation = improvement(kr.direction);
  return {
    resourceType: "MeasureReport",
    status: "complete",
    type: "summary",
    measure: `${MEASURE_BASE}/${encodeURIComponent(strategy.id)}/${encodeURIComponent(kr.code)}|${kr.version}`,
    subject: reference,
    date: new Date().toISOString(),
    reporter: reference,
    period: { start: period.start, end: lastDay(period) },
    ...(notation && { improvementNotation: notation }),
    group: [{ code: { text: kr.title }, ...scored(cell, kr.aggregation, kr.unit), stratifier }],
  };
}
