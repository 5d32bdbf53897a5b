/**
 * The synthetic installation: one region with its health trusts, one strategy of focus areas with
 * monthly key results (sum, ratio, mean and latest in turn), each broken down by one dimension, and
 * deterministic values for any key result × organisation × month × breakdown value.
 */
import { makePeriod, type Period } from "../server/src/domain/period.js";
import type { Aggregation, Direction, KeyResultInput, OrganisationInput, StrategyInput, Unit } from "../server/src/domain/strategy.js";
import type { BenchConfig } from "./config.js";

export const STRATEGY_ID = "bench-strategi";
export const REGION_ID = "bench-rhf";
export const DIMENSION_KEY = "enhet";
const KEY_RESULTS_PER_FOCUS_AREA = 5;

const pad2 = (n: number) => String(n).padStart(2, "0");

export function benchOrganisations(cfg: BenchConfig): OrganisationInput[] {
  const orgs: OrganisationInput[] = [{ id: REGION_ID, kind: "rhf", name: "Helse Benk RHF", shortName: "Benk RHF" }];
  for (let i = 1; i < cfg.organisations; i++) {
    orgs.push({ id: `bench-hf-${pad2(i)}`, parent: REGION_ID, kind: "hf", name: `Sykehuset Bø ${pad2(i)} HF`, shortName: `SBØ${pad2(i)}` });
  }
  return orgs;
}

export function dimensionValues(cfg: BenchConfig): string[] {
  return Array.from({ length: cfg.valuesDefined }, (_, i) => `Område ${pad2(i + 1)}`);
}

const KINDS: { aggregation: Aggregation; unit: Unit; direction: Direction }[] = [
  { aggregation: "sum", unit: "count", direction: "increase" },
  { aggregation: "ratio", unit: "percent", direction: "increase" },
  { aggregation: "mean", unit: "days", direction: "decrease" },
  { aggregation: "latest", unit: "count", direction: "maintain" },
];

/** The i-th background month (0-based), counted from January of the first year. */
export function monthAt(cfg: BenchConfig, i: number): Period {
  return makePeriod("month", cfg.firstYear + Math.floor(i / 12), (i % 12) + 1);
}

/** Expected yearly level of a key result's region-own value, so targets sit near the data and statuses vary. */
function expectedYearly(aggregation: Aggregation, values: number): number {
  switch (aggregation) {
    case "sum":
      return 100 * values * 12;
    case "ratio":
      return 77.5;
    case "mean":
      return 30;
    case "latest":
      return 49.5 * values;
  }
}

export function benchStrategy(cfg: BenchConfig): StrategyInput {
  const values = dimensionValues(cfg);
  const lastYear = cfg.firstYear + Math.ceil(cfg.months / 12) + 3;
  const focusAreas = Math.ceil(cfg.keyResults / KEY_RESULTS_PER_FOCUS_AREA);
  let k = 0;
  const sections: StrategyInput["sections"] = [];
  for (let f = 1; f <= focusAreas; f++) {
    const keyResults: KeyResultInput[] = [];
    for (let j = 1; j <= KEY_RESULTS_PER_FOCUS_AREA && k < cfg.keyResults; j++, k++) {
      const kind = KINDS[k % KINDS.length]!;
      const level = expectedYearly(kind.aggregation, cfg.valuesLoaded);
      const targets = [];
      for (let y = cfg.firstYear; y <= lastYear; y++) {
        // Between 90 % and 110 % of the expected level, varying by key result and year.
        targets.push({ period: String(y), value: Math.round(level * (0.9 + 0.2 * ((k * 7 + y) % 11) / 10) * 10) / 10 });
      }
      keyResults.push({
        code: `${f}.${j}`,
        title: `Nøkkelresultat ${f}.${j} (${kind.aggregation})`,
        definition: `Syntetisk nøkkelresultat for ytelsestest, aggregert som ${kind.aggregation}.`,
        unit: kind.unit,
        direction: kind.direction,
        aggregation: kind.aggregation,
        frequency: "month",
        dimensions: [{ key: DIMENSION_KEY, label: "Enhet", values }],
        targets,
        tolerance: 0.1,
      });
    }
    sections.push({
      key: `ia-${f}`,
      kind: "focus_area",
      code: String(f),
      title: `Innsatsområde ${f}`,
      objective: `Mål for innsatsområde ${f}`,
      description: "Syntetisk innsatsområde for ytelsestesten.",
      keyResults,
    });
  }
  return {
    id: STRATEGY_ID,
    owner: REGION_ID,
    kind: "sub_strategy",
    title: "Benk: syntetisk strategi for ytelsestest",
    language: "nb",
    periodFrom: String(cfg.firstYear),
    periodTo: String(lastYear),
    status: "adopted",
    published: true,
    sections,
  };
}

/** A fast 32-bit integer hash of four integers, mapped to [0, 1). */
export function unit(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ Math.imul(d + 0x61c88647, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

export interface Sample {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** The deterministic measurement of key result k, organisation o, month m and breakdown value v; `salt` varies it (corrections). */
export function sample(aggregation: Aggregation, k: number, o: number, m: number, v: number, salt = 0): Sample {
  const h = unit(k * 131 + salt, o, m, v);
  switch (aggregation) {
    case "sum":
      return { value: Math.round(h * 2000) / 10, numerator: null, denominator: null };
    case "ratio": {
      const denominator = 50 + Math.floor(h * 100);
      const numerator = Math.floor(denominator * (0.6 + 0.35 * unit(v, m, o, k + salt)));
      return { value: null, numerator, denominator };
    }
    case "mean":
      return { value: Math.round((10 + 40 * h) * 10) / 10, numerator: null, denominator: null };
    case "latest":
      return { value: Math.floor(h * 100), numerator: null, denominator: null };
  }
}
