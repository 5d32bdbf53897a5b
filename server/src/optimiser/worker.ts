/**
 * The optimiser's worker thread: one HiGHS runtime per thread and one task at a time (HiGHS is
 * single-threaded; the pool gives each core its own).
 */
import type { Problem, SolveOptions } from "../domain/prioritisation/problem.js";
import { frontier, solveAndExplain } from "./highs-solve.js";
import { highsRuntime } from "./runtime.js";

export type Task =
  | { op: "solve"; problem: Problem }
  | { op: "frontier"; problem: Problem; levels: number; options: SolveOptions };

export default async function handle(task: Task) {
  const highs = await highsRuntime();
  return task.op === "solve" ? solveAndExplain(highs, task.problem) : frontier(highs, task.problem, task.levels, task.options);
}
