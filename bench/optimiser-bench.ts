/**
 * Figure 5: the portfolio optimiser (HiGHS in WebAssembly) on synthetic problems of the issue's
 * shape — 1,000 candidates over 5 years with start windows, investment, operating and capacity
 * budgets, 300 dependencies, 50 exclusive pairs and 30 mandatory ones — and on 200 candidates.
 * No database. Each runtime is warmed up with one small solve first (V8 compiles the solver on
 * first use); the cold first solve is reported on its own.
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import type { Highs } from "highs";
import { frontierFactors } from "../server/src/domain/prioritisation/explain.js";
import { greedy } from "../server/src/domain/prioritisation/greedy.js";
import { evaluate, type Problem, type SolveOptions } from "../server/src/domain/prioritisation/problem.js";
import { frontier, solve } from "../server/src/optimiser/highs-solve.js";
import { FRONTIER_LEVELS, FRONTIER_OPTIONS } from "../server/src/services/scenarios.js";
import { Optimiser } from "../server/src/optimiser/pool.js";
import { highsRuntime } from "../server/src/optimiser/runtime.js";
import { BENCH_SHAPE, syntheticProblem, type ProblemShape } from "../server/src/seed/problems.js";

export const TARGETS = { gap1Seconds: 2, gapAfter10s: 0.001, prove200Seconds: 1, frontierSeconds: 10 };

/** HiGHS's default relative gap, which the app takes for "proved optimal". */
const PROVE_GAP = 1e-4;

export interface SolveFigure {
  status: string;
  seconds: number;
  gap: number;
  objective: number;
}

export interface OptimiserResults {
  shape: ProblemShape;
  scale: number;
  /** Candidates of the smaller problems (200 at full scale). */
  smallInitiatives: number;
  threads: number;
  loadSeconds: number;
  coldSolveSeconds: number;
  warmSolveSeconds: number;
  toGap1: SolveFigure;
  after10s: SolveFigure;
  prove200: (SolveFigure & { seed: string })[];
  prove200Median: number;
  frontier: { seconds: number; levels: number; maxGap: number; timeLimited: number; infeasible: number; values: number[] };
  greedyShare: { set: string; greedy: number; optimum: number; optimumGap: number; share: number }[];
  pool: { aloneSeconds: number; pairSeconds: number; ratio: number; expected: number; threadWarmupSeconds: number };
  loadAverage: { before: number; after: number; cores: number };
}

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const out = fn();
  return [out, (performance.now() - t) / 1000];
};

const withOptions = (p: Problem, options: SolveOptions): Problem => ({ ...p, options });

const figure = (s: { status: string; seconds: number; gap: number; objective: number }): SolveFigure => ({ status: s.status, seconds: s.seconds, gap: s.gap, objective: s.objective });

/** The 200-initiative shape: the bench shape scaled down (60 dependencies, 10 exclusive pairs, 6 mandatory). */
const shape200 = (seed: string): ProblemShape => ({ ...BENCH_SHAPE, initiatives: 200, dependencies: 60, exclusive: 10, mandatory: 6, seed });
const warmup = syntheticProblem({ ...BENCH_SHAPE, initiatives: 30, dependencies: 9, exclusive: 2, mandatory: 1, seed: "warm-up" });

/**
 * `scale` shrinks the problems (a smoke run: `--scale=0.2` solves 200 and 40 candidates); the
 * targets are for scale 1.
 */
export async function runOptimiserBench(scale: number, log: (line: string) => void, loadAverage: () => number): Promise<OptimiserResults> {
  const before = loadAverage();
  const shape: ProblemShape = {
    ...BENCH_SHAPE,
    initiatives: Math.max(20, Math.round(BENCH_SHAPE.initiatives * scale)),
    dependencies: Math.round(BENCH_SHAPE.dependencies * scale),
    exclusive: Math.round(BENCH_SHAPE.exclusive * scale),
    mandatory: Math.round(BENCH_SHAPE.mandatory * scale),
  };
  const small = (seed: string): ProblemShape => (scale === 1 ? shape200(seed) : { ...shape200(seed), initiatives: Math.max(20, Math.round(200 * scale)), dependencies: Math.round(60 * scale), exclusive: Math.round(10 * scale), mandatory: Math.round(6 * scale) });

  const [highs, loadSeconds] = await (async (): Promise<[Highs, number]> => {
    const t = performance.now();
    const h = await highsRuntime();
    return [h, (performance.now() - t) / 1000];
  })();
  const [, coldSolveSeconds] = time(() => solve(highs, warmup));
  const [, warmSolveSeconds] = time(() => solve(highs, warmup));
  log(`  HiGHS runtime loaded in ${loadSeconds.toFixed(1)} s; the first solve of 30 candidates ${coldSolveSeconds.toFixed(2)} s cold, ${warmSolveSeconds.toFixed(2)} s warm`);

  const big = syntheticProblem(shape);
  const toGap1 = figure(solve(highs, withOptions(big, { timeLimitSeconds: 60, relativeGap: 0.01 })));
  log(`  ${shape.initiatives} candidates to a 1 % gap: ${toGap1.seconds.toFixed(2)} s (${toGap1.status}, gap ${(toGap1.gap * 100).toFixed(2)} %)`);
  const after10 = solve(highs, withOptions(big, { timeLimitSeconds: 10, relativeGap: 0 }));
  const after10s = figure(after10);
  log(`  ${shape.initiatives} candidates for 10 s: gap ${(after10s.gap * 100).toFixed(3)} % (${after10s.status}, ${after10s.seconds.toFixed(1)} s)`);

  const prove200 = ["p200-a", "p200-b", "p200-c"].map((seed) => {
    const p = syntheticProblem(small(seed));
    const s = solve(highs, withOptions(p, { timeLimitSeconds: 30, relativeGap: PROVE_GAP }));
    log(`  ${p.initiatives.length} candidates (${seed}) proved to ${PROVE_GAP * 100} %: ${s.seconds.toFixed(2)} s (${s.status}, gap ${(s.gap * 100).toFixed(3)} %)`);
    return { ...figure(s), seed };
  });
  const prove200Median = [...prove200].sort((a, b) => a.seconds - b.seconds)[1]!.seconds;

  const [points, frontierSeconds] = time(() => frontier(highs, big, FRONTIER_LEVELS, FRONTIER_OPTIONS));
  const feasible = points.filter((q) => q.status !== "infeasible");
  const frontierFigure = {
    seconds: frontierSeconds,
    levels: points.length,
    maxGap: Math.max(0, ...feasible.map((q) => q.gap)),
    timeLimited: points.filter((q) => q.status === "time_limit").length,
    infeasible: points.length - feasible.length,
    values: points.map((q) => q.value),
  };
  log(`  frontier of ${points.length} levels (${frontierFactors(FRONTIER_LEVELS)[0]}–${frontierFactors(FRONTIER_LEVELS).at(-1)}× the budgets): ${frontierSeconds.toFixed(1)} s`);

  // The optimum of each set to the default gap, for greedy's share.
  const greedyShare = [
    ["1,000 set", big, after10] as const,
    ...(() => {
      const p = syntheticProblem(small("p200-a"));
      return [["200 set", p, solve(highs, withOptions(p, { timeLimitSeconds: 30, relativeGap: PROVE_GAP }))] as const];
    })(),
  ].map(([set, p, best]) => {
    const g = greedy(p);
    const value = g ? evaluate(p, g).objective : 0;
    return { set: set.replace("1,000", String(shape.initiatives)).replace("200", String(p.initiatives.length)), greedy: value, optimum: best.objective, optimumGap: best.gap, share: best.objective > 0 ? value / best.objective : 0 };
  });

  const pool = await poolFigure(syntheticProblem(small("pool")), log);
  return { shape, scale, smallInitiatives: syntheticProblem(small("size")).initiatives.length, threads: availableParallelism(), loadSeconds, coldSolveSeconds, warmSolveSeconds, toGap1, after10s, prove200, prove200Median, frontier: frontierFigure, greedyShare, pool, loadAverage: { before, after: loadAverage(), cores: availableParallelism() } };
}

/**
 * One board's solve alone, then two boards' at once, on a pool sized to the cores. A board's solve
 * is what the app runs: the solve with its explanation (for more than 150 candidates, the what-ifs
 * of each budget), here of a 200-candidate problem to a 1 % gap.
 */
async function poolFigure(problem: Problem, log: (line: string) => void): Promise<OptimiserResults["pool"]> {
  const cores = availableParallelism();
  const optimiser = new Optimiser(cores);
  try {
    const t0 = performance.now();
    // One warm-up per thread, at once, so that each thread has its runtime compiled.
    await Promise.all(Array.from({ length: cores }, () => optimiser.solve(warmup)));
    const threadWarmupSeconds = (performance.now() - t0) / 1000;
    const task = withOptions(problem, { timeLimitSeconds: 60, relativeGap: 0.01 });
    const t1 = performance.now();
    await optimiser.solve(task);
    const aloneSeconds = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    await Promise.all([optimiser.solve(task), optimiser.solve(task)]);
    const pairSeconds = (performance.now() - t2) / 1000;
    const expected = cores >= 2 ? 1 : 2;
    log(`  pool of ${cores}: warm-up ${threadWarmupSeconds.toFixed(1)} s; one solve ${aloneSeconds.toFixed(2)} s, two at once ${pairSeconds.toFixed(2)} s`);
    return { aloneSeconds, pairSeconds, ratio: pairSeconds / aloneSeconds, expected, threadWarmupSeconds };
  } finally {
    await optimiser.close();
  }
}
