import { afterAll, describe, expect, it } from "vitest";
import { evaluate } from "../domain/prioritisation/problem.js";
import { BENCH_SHAPE, syntheticProblem } from "../seed/problems.js";
import { solve } from "./highs-solve.js";
import { Optimiser } from "./pool.js";
import { highsRuntime } from "./runtime.js";

// Small enough to be proved optimal at once, so that threads and process must agree exactly.
const small = (seed: string) => ({
  ...syntheticProblem({ ...BENCH_SHAPE, initiatives: 14, dependencies: 4, exclusive: 1, mandatory: 1, seed }),
  options: { timeLimitSeconds: 30, relativeGap: 0 },
});

describe("the optimiser's worker pool", () => {
  const optimiser = new Optimiser(2);
  afterAll(() => optimiser.close());

  it("solves in worker threads, two at once, as the process itself does", async () => {
    const [p, q] = [small("pool-1"), small("pool-2")];
    const [a, b] = await Promise.all([optimiser.solve(p), optimiser.solve(q)]);
    const highs = await highsRuntime();
    for (const [problem, solved] of [[p, a], [q, b]] as const) {
      expect(solved.solution.status).toBe("optimal");
      expect(evaluate(problem, solved.solution.selected).violations).toEqual([]);
      expect(solved.solution.objective).toBeCloseTo(solve(highs, problem).objective, 6);
      expect(solved.explanation?.reasons).toBeDefined();
    }
    expect(optimiser.queued).toBe(0);
  });
});
