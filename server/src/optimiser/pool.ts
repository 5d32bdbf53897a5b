/**
 * Solves run on a pool of worker threads sized to the cores, so a long solve never blocks the
 * request thread and two boards solving at once each get a core. Further solves queue.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { FrontierPoint } from "../domain/prioritisation/explain.js";
import type { Problem, SolveOptions } from "../domain/prioritisation/problem.js";
import type { Solved } from "./highs-solve.js";
import type { Task } from "./worker.js";

export class Optimiser {
  readonly threads: number;
  private readonly pool: Piscina<Task, unknown>;

  constructor(threads = availableParallelism()) {
    this.threads = threads;
    this.pool = new Piscina({ filename: new URL("./worker-entry.mjs", import.meta.url).href, minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
  }

  solve(problem: Problem): Promise<Solved> {
    return this.pool.run({ op: "solve", problem }) as Promise<Solved>;
  }

  frontier(problem: Problem, levels: number, options: SolveOptions): Promise<FrontierPoint[]> {
    return this.pool.run({ op: "frontier", problem, levels, options }) as Promise<FrontierPoint[]>;
  }

  /** Solves waiting for a thread. */
  get queued(): number {
    return this.pool.queueSize;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
