import { existsSync } from "node:fs";
import { join } from "node:path";
import { synth } from "../cli/synth.js";
import type { Db } from "../data/db.js";
import { createRun } from "../data/fhir-runs.js";
import { loadIndicatorDefinitions } from "../fhir/indicators.js";
import { executeRun } from "../services/fhir-runs.js";
import { recordMeasurements } from "../data/measurements.js";
import { addAlignment, addKeyResultVersion, readKeyResultContents, type KeyResultVersionRow } from "../data/strategies.js";
import { makePeriod, type Period } from "../domain/period.js";
import type { RawMeasurement } from "../domain/measurement-input.js";
import type { Frequency, Target } from "../domain/strategy.js";
import { measurementContext, validateAll } from "../services/measurements.js";
import { SEED_ACTOR } from "./load.js";
import { seedDemoPortfolio } from "./portfolio.js";
import { random } from "./random.js";
import { seedDemoScores } from "./scoring.js";

/**
 * DEMO DATA — not from the source documents. Invented, deterministic figures so a fresh
 * installation is not empty: example targets (as a key result version whose reason says so),
 * measurements from Helse Sør-Øst's trusts for 2024-01 to 2026-09 (source `demo`), example
 * alignment of the technology strategy's objectives to the development plan's goals, and the
 * portfolio board's scores of the demo portfolio.
 */
export const DEMO_STRATEGY = "hso-teknologi-2023";
export const DEMO_REASON = "DEMO: eksempelmål for visning, ikke vedtatt";
const DEMO_EFFECTIVE = "2024-01-01";
const FIRST = { year: 2024, month: 1 };
const LAST = { year: 2026, month: 9 };

/** Example breakdown values for the dimensions the strategy names but does not enumerate. */
const DEMO_VALUES: Record<string, string[]> = {
  forløpstype: ["hjertesvikt", "KOLS", "kreft", "psykisk helse"],
  undersøkelsestype: ["røntgen", "CT", "MR"],
};

function periodsOf(grain: Frequency): Period[] {
  const out: Period[] = [];
  for (let y = FIRST.year; y <= LAST.year; y++) {
    const count = { month: 12, quarter: 4, tertial: 3, year: 1 }[grain];
    for (let i = 1; i <= count; i++) {
      const p = makePeriod(grain, y, i);
      if (p.end <= `${LAST.year}-${String(LAST.month + 1).padStart(2, "0")}-01`) out.push(p);
    }
  }
  return out;
}

/** Where a key result stands at time t ∈ [0, 1], and its target level for a year. */
function level(kr: KeyResultVersionRow, t: number): number {
  switch (kr.unit) {
    case "percent":
      return kr.direction === "decrease" ? 30 - 12 * t : 15 + 30 * t;
    case "score":
      return 3.4 + 0.8 * t;
    case "minutes":
    case "hours":
    case "days":
      return 40 - 15 * t;
    case "nok":
      return kr.direction === "decrease" ? 9000 - 1500 * t : 400000 + 300000 * t;
    default:
      return kr.direction === "decrease" ? 120 - 40 * t : 20 + 60 * t;
  }
}

function demoTargets(kr: KeyResultVersionRow): Target[] {
  const targets: Target[] = [];
  for (const year of [2025, 2026]) {
    const t = year === 2025 ? 0.6 : 0.95;
    if (kr.aggregation === "sum") {
      for (const p of periodsOf(kr.frequency).filter((p) => p.year === year)) {
        targets.push({ period: p.id, value: Math.round(level(kr, t) * breakdownCount(kr)) });
      }
    } else {
      targets.push({ period: String(year), value: Math.round(level(kr, t) * 10) / 10 });
    }
  }
  return targets;
}

const breakdownCount = (kr: KeyResultVersionRow) =>
  kr.dimensions.reduce((n, d) => n * (d.values.length || DEMO_VALUES[d.key]?.length || 1), 1);

function breakdowns(kr: KeyResultVersionRow): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const d of kr.dimensions) {
    const values = d.values.length > 0 ? d.values : (DEMO_VALUES[d.key] ?? ["alle"]);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [d.key]: v })));
  }
  return combos;
}

const DEMO_ALIGNMENTS: [string, string[]][] = [
  ["fa-1", ["goal-1", "goal-2", "goal-4"]],
  ["fa-2", ["goal-2", "goal-3"]],
  ["fa-3", ["goal-1", "goal-2"]],
  ["fa-4", ["goal-3"]],
  ["fa-5", ["goal-2", "goal-4"]],
  ["fa-6", ["goal-3"]],
  ["fa-7", ["goal-4"]],
];

/** Patients in the demo's synthetic FHIR export: a few hundred thousand resources, computed in seconds. */
const DEMO_PATIENTS = 4000;
const DEMO_EXPORT = "demo-hso";

/**
 * `fhirDir`: the folder computations read exports from. The demo writes a synthetic export there
 * (`veivalg synth`) and computes the FHIR-bound key results from it, as a data engineer would.
 */
export async function seedDemo(db: Db, opts: { fhirDir: string }): Promise<{ measurements: number; initiatives: number }> {
  const already = await db.query("SELECT 1 FROM measurements WHERE source = 'demo' LIMIT 1");
  const fhirBound = new Set((await loadIndicatorDefinitions(DEMO_STRATEGY)).map((d) => d.keyResult));
  const measurements = already.length > 0 ? 0 : await seedDemoMeasurements(db, fhirBound);
  const portfolio = await seedDemoPortfolio(db, DEMO_STRATEGY);
  await seedDemoScores(db, DEMO_STRATEGY);
  await seedDemoFhir(db, opts.fhirDir);
  return { measurements, initiatives: portfolio.initiatives ?? 0 };
}

async function seedDemoFhir(db: Db, fhirDir: string): Promise<void> {
  if ((await db.query("SELECT 1 FROM fhir_runs WHERE strategy_id = $1 LIMIT 1", [DEMO_STRATEGY])).length > 0) return;
  const out = join(fhirDir, DEMO_EXPORT);
  if (!existsSync(out)) await synth({ patients: DEMO_PATIENTS, seed: 1, out });
  const run = await createRun(db, DEMO_STRATEGY, DEMO_EXPORT, SEED_ACTOR);
  const done = await executeRun(db, run.id, { root: fhirDir });
  if (done.status !== "succeeded") throw new Error(`the demo's FHIR computation failed: ${done.errors.map((e) => e.message).join("; ")}`);
}

async function seedDemoMeasurements(db: Db, fhirBound: ReadonlySet<string>): Promise<number> {
  return db.transaction(async (tx) => {
    for (const [from, goals] of DEMO_ALIGNMENTS) {
      for (const to of goals) {
        await addAlignment(tx, { fromStrategy: DEMO_STRATEGY, fromSection: from, toStrategy: "hso-rup-2040", toSection: to, note: "DEMO: eksempel på kobling" }, SEED_ACTOR);
      }
    }
    const krs = await readKeyResultContents(tx, DEMO_STRATEGY, "current");
    for (const kr of krs) {
      await addKeyResultVersion(tx, kr.id, kr.currentVersion, DEMO_EFFECTIVE, { ...kr, targets: demoTargets(kr) }, DEMO_REASON, SEED_ACTOR);
    }
    const trusts = await tx.query<{ id: string }>("SELECT id FROM organisations WHERE parent_id = 'hso' AND kind = 'hf' ORDER BY id");
    // Key results counted from the portfolio or computed from FHIR data get their figures from them, not invented ones.
    const computed = new Set((await tx.query<{ id: string }>("SELECT key_result_id AS id FROM key_result_computations")).map((r) => r.id));
    const raws: RawMeasurement[] = [];
    for (const kr of krs.filter((k) => !computed.has(k.id) && !fhirBound.has(k.code))) {
      const periods = periodsOf(kr.frequency);
      for (const org of trusts) {
        const rnd = random(`${kr.code}/${org.id}`);
        const pace = 0.6 + rnd() * 0.7; // trusts move at different speeds
        const size = 0.5 + rnd() * 1.5;
        periods.forEach((p, i) => {
          const t = Math.min(1, (i / Math.max(1, periods.length - 1)) * pace);
          for (const breakdown of breakdowns(kr)) {
            const noise = 0.9 + rnd() * 0.2;
            const v = level(kr, t) * noise;
            const raw: RawMeasurement = { keyResult: kr.code, organisation: org.id, period: p.id, breakdown };
            if (kr.aggregation === "ratio") {
              const denominator = Math.round(200 * size * (kr.frequency === "month" ? 1 : 3)) + 10;
              raw.denominator = denominator;
              // A percentage counts a part of the denominator; other ratios (NOK per unit) scale it.
              raw.numerator = kr.unit === "percent" ? Math.min(denominator, Math.round((denominator * v) / 100)) : Math.round(denominator * v);
            } else {
              raw.value = kr.unit === "score" ? Math.round(v * 10) / 10 : Math.round(v * (kr.unit === "count" ? size : 1));
            }
            raws.push(raw);
          }
        });
      }
    }
    const ctx = await measurementContext(tx, DEMO_STRATEGY);
    const inputs = validateAll(ctx, raws, (i, field) => ({ path: `demo.${i}.${field}` }));
    await recordMeasurements(tx, inputs, { source: "demo", actor: SEED_ACTOR });
    return inputs.length;
  });
}
