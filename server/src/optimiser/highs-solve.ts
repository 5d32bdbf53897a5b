/**
 * Solving the portfolio problem with HiGHS (WebAssembly). Synchronous and CPU-bound: it runs in a
 * worker thread of the optimiser pool, or in the shell for `veivalg optimise`. One HiGHS model is
 * loaded per task and its bounds changed for each what-if, so the explanation and the frontier do
 * not rebuild the programme.
 */
import type { Highs, Model } from "highs";
import { conflictsOf } from "../domain/prioritisation/conflicts.js";
import { frontierFactors, reasons, scaleBudgets, totalBudget, type BudgetEffect, type Explanation, type ForcedEffect, type FrontierPoint } from "../domain/prioritisation/explain.js";
import { greedy, type Hint } from "../domain/prioritisation/greedy.js";
import { buildMilp, columnValues, familyKey, type Milp, type RowFamily } from "../domain/prioritisation/model.js";
import { evaluate, type ConstraintGroup, type Problem, type Selection, type Solution, type SolveOptions, type SolveStatus } from "../domain/prioritisation/problem.js";

interface Loaded {
  highs: Highs;
  model: Model;
  milp: Milp;
  problem: Problem;
}

interface Outcome {
  status: SolveStatus;
  selected: Selection[];
  objective: number;
  bound: number;
  gap: number;
  seconds: number;
  colValue: Float64Array | null;
}

const finite = (highs: Highs, v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);

/** The programme in HiGHS: binaries, or with `relaxed` the same columns continuous in [0, 1]. */
function createModel(highs: Highs, milp: Milp, relaxed = false): Model {
  const numCols = milp.columns.length;
  const numRows = milp.families.length;
  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: milp.colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower: milp.rowLower.map((v) => finite(highs, v)),
    rowUpper: milp.rowUpper.map((v) => finite(highs, v)),
    matrix: { format: "csr", numRows, numCols, starts: milp.starts, indices: milp.indices, values: milp.values },
    ...(relaxed ? {} : { integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer) }),
  });
  model.options.set({ output_flag: false, random_seed: 1 });
  return model;
}

function load(highs: Highs, problem: Problem): Loaded {
  const milp = buildMilp(problem);
  return { highs, model: createModel(highs, milp), milp, problem };
}

/** Runs the loaded model as its bounds stand now; `start` seeds it with a known portfolio. */
function run({ highs, model, milp, problem }: Loaded, options: SolveOptions, start?: Float64Array | null): Outcome {
  model.options.set({ time_limit: options.timeLimitSeconds, mip_rel_gap: options.relativeGap });
  if (start) model.setSolution({ colValue: start });
  const started = performance.now();
  if (milp.columns.length > 0 || milp.families.length > 0) model.run();
  const seconds = (performance.now() - started) / 1000;
  const codes = highs.constants.modelStatus;
  const code = milp.columns.length === 0 && milp.families.length === 0 ? codes.optimal : model.getModelStatus();
  const info = (name: string): number => {
    try {
      return Number(model.info.get(name));
    } catch {
      return Number.NaN;
    }
  };
  if (milp.columns.length === 0) {
    const feasible = milp.families.every((_, r) => milp.rowLower[r]! <= 0 && milp.rowUpper[r]! >= 0);
    return { status: feasible ? "optimal" : "infeasible", selected: [], objective: 0, bound: 0, gap: 0, seconds, colValue: new Float64Array(0) };
  }
  const none = { selected: [], objective: 0, gap: Infinity, seconds, colValue: null };
  if (code === codes.infeasible) return { status: "infeasible", bound: -Infinity, ...none };
  const hasSolution = info("primal_solution_status") === 2;
  if (!hasSolution) {
    if (code === codes.timeLimit || code === codes.interrupted) return { status: "time_limit", bound: info("mip_dual_bound"), ...none };
    throw new Error(`HiGHS ended with model status ${code}`);
  }
  const { colValue } = model.getSolution();
  const selected = selectionOf({ milp, problem }, colValue);
  const objective = info("objective_function_value");
  const optimal = code === codes.optimal;
  const dual = info("mip_dual_bound");
  // Stopped before HiGHS had a bound (still in presolve, on a big problem with a short limit): nothing is proved.
  const bound = Number.isFinite(dual) ? Math.max(objective, dual) : optimal ? objective : Infinity;
  const gap = objective > 0 ? Math.max(0, (bound - objective) / objective) : 0;
  return { status: optimal ? "optimal" : "time_limit", selected, objective, bound, gap, seconds, colValue };
}

function selectionOf({ milp, problem }: Pick<Loaded, "milp" | "problem">, colValue: Float64Array): Selection[] {
  const selected: Selection[] = [];
  colValue.forEach((v, j) => {
    if (v > 0.5) {
      const c = milp.columns[j]!;
      selected.push({ id: problem.initiatives[c.initiative]!.id, start: c.start });
    }
  });
  return selected;
}

/**
 * A first portfolio from the relaxation (binaries allowed to be fractional, a linear programme
 * solved in milliseconds), rounded by the greedy: the solver then starts with an incumbent close
 * to the optimum and mostly has to prove it.
 */
function roundedRelaxation(highs: Highs, problem: Problem): { selection: Selection[] | null; bound: number } {
  const milp = buildMilp(problem);
  if (milp.columns.length === 0) return { selection: null, bound: Infinity };
  const lp = createModel(highs, milp, true);
  try {
    lp.options.set({ time_limit: Math.max(0.2, problem.options.timeLimitSeconds / 5) });
    lp.run();
    if (lp.getModelStatus() !== highs.constants.modelStatus.optimal) return { selection: null, bound: Infinity };
    const hint: Hint = new Map();
    lp.getSolution().colValue.forEach((v, j) => {
      const c = milp.columns[j]!;
      const id = problem.initiatives[c.initiative]!.id;
      hint.set(id, (hint.get(id) ?? new Map()).set(c.start, v));
    });
    return { selection: greedy(problem, hint), bound: Number(lp.info.get("objective_function_value")) };
  } finally {
    lp.dispose();
  }
}

/** No portfolio is worth more than the relaxation: a bound for a search stopped before it proved its own. */
function bounded(o: Outcome, relaxation: number): Outcome {
  if (o.status !== "time_limit" || o.colValue === null || !(relaxation < o.bound)) return o;
  const bound = Math.max(o.objective, relaxation);
  return { ...o, bound, gap: o.objective > 0 ? (bound - o.objective) / o.objective : 0 };
}

function toSolution(problem: Problem, o: Outcome): Solution {
  const e = evaluate(problem, o.selected);
  return { status: o.status, objective: o.objective, bound: o.bound, gap: o.gap, seconds: o.seconds, selected: o.selected, value: e.value, valueByObjective: e.valueByObjective, spend: e.spend, conflicts: [] };
}

/**
 * Relaxing one family of constraints at a time, keeps relaxed those whose relaxation leaves the
 * problem infeasible: what remains is a smallest set of families that cannot all hold (a deletion
 * filter, as for an irreducible infeasible subsystem, but over families a board can read).
 */
function conflictingFamilies(loaded: Loaded, options: SolveOptions): ConstraintGroup[] {
  const { model, milp, highs } = loaded;
  const rowsOf = new Map<string, { family: RowFamily; rows: number[] }>();
  milp.families.forEach((family, r) => {
    if (family.kind === "assign") return;
    const key = familyKey(family);
    const entry = rowsOf.get(key) ?? { family, rows: [] };
    entry.rows.push(r);
    rowsOf.set(key, entry);
  });
  // Only a feasible point is sought, so any gap will do.
  const probe: SolveOptions = { timeLimitSeconds: Math.max(1, options.timeLimitSeconds / 4), relativeGap: 1e6 };
  const relaxRow = (r: number) => {
    const assign = milp.families[r]!.kind === "mandatory" || milp.families[r]!.kind === "kept";
    model.changeRowBounds(r, assign ? 0 : -highs.infinity, assign ? 1 : highs.infinity);
  };
  const restoreRow = (r: number) => model.changeRowBounds(r, finite(highs, milp.rowLower[r]!), finite(highs, milp.rowUpper[r]!));
  const needed: ConstraintGroup[] = [];
  for (const { family, rows } of rowsOf.values()) {
    rows.forEach(relaxRow);
    if (run(loaded, probe).status === "infeasible") continue;
    rows.forEach(restoreRow);
    needed.push(family as ConstraintGroup);
  }
  for (const { rows } of rowsOf.values()) rows.forEach(restoreRow);
  return needed;
}

function withModel<T>(highs: Highs, problem: Problem, work: (loaded: Loaded) => T): T {
  const loaded = load(highs, problem);
  try {
    return work(loaded);
  } finally {
    loaded.model.dispose();
  }
}

/** The best portfolio, or the reasons there is none. */
export function solve(highs: Highs, problem: Problem): Solution {
  return solveWith(highs, problem, () => null).solution;
}

function solveWith(highs: Highs, problem: Problem, explain: (loaded: Loaded, base: Outcome, solution: Solution) => Explanation | null): Solved {
  const certain = conflictsOf(problem);
  if (certain.length > 0) return { solution: { ...toSolution(problem, { status: "infeasible", selected: [], objective: 0, bound: 0, gap: 0, seconds: 0, colValue: null }), conflicts: certain }, explanation: null };
  return withModel(highs, problem, (loaded) => {
    const started = performance.now();
    const relaxation = roundedRelaxation(highs, problem);
    const start = relaxation.selection ?? greedy(problem);
    const left = Math.max(0.1, problem.options.timeLimitSeconds - (performance.now() - started) / 1000);
    const outcome = bounded(run(loaded, { ...problem.options, timeLimitSeconds: left }, start ? columnValues(loaded.milp, problem, start) : null), relaxation.bound);
    // The time reported is the whole solve, the relaxation included.
    const base = { ...outcome, seconds: (performance.now() - started) / 1000 };
    const solution = toSolution(problem, base);
    if (base.status === "infeasible") return { solution: { ...solution, conflicts: [{ kind: "combination", constraints: conflictingFamilies(loaded, problem.options) }] }, explanation: null };
    return { solution, explanation: base.colValue ? explain(loaded, base, solution) : null };
  });
}

export interface Solved {
  solution: Solution;
  explanation: Explanation | null;
}

/** Explanations cost one solve per budget row and per candidate; beyond this many candidates only the budgets are explained. */
export const FORCED_LIMIT = 150;

/**
 * The solution with its explanation: what 10 % more of each budget in each year would bring, and
 * the value lost by forcing each candidate the other way.
 */
export function solveAndExplain(highs: Highs, problem: Problem): Solved {
  return solveWith(highs, problem, (loaded, base, solution) => {
    const { model, milp } = loaded;
    const what = (o: Outcome) => new Set(o.selected.map((s) => s.id));
    const chosen = what(base);
    // Each what-if is a full solve: a coarser gap and a short limit keep the whole explanation to
    // seconds; what a what-if reports carries its own gap.
    const options: SolveOptions = { timeLimitSeconds: Math.min(0.5, Math.max(0.1, problem.options.timeLimitSeconds / 40)), relativeGap: Math.max(problem.options.relativeGap, 5e-3) };

    const budgets: BudgetEffect[] = [];
    milp.families.forEach((family, r) => {
      if (family.kind !== "budget") return;
      const scaledLimit = milp.rowUpper[r]!;
      model.changeRowBounds(r, -loaded.highs.infinity, scaledLimit * 1.1);
      const more = run(loaded, options, base.colValue);
      model.changeRowBounds(r, -loaded.highs.infinity, scaledLimit);
      const after = what(more);
      const spend = solution.spend.find((s) => s.year === family.year)!;
      const used = spend.used[family.resource];
      const limit = spend.limit[family.resource] ?? 0;
      budgets.push({
        resource: family.resource,
        year: family.year,
        used,
        limit,
        gain: more.status === "infeasible" ? 0 : Math.max(0, more.objective - base.objective),
        gap: more.gap,
        comesIn: [...after].filter((id) => !chosen.has(id)),
        goesOut: [...chosen].filter((id) => !after.has(id)),
      });
    });

    const forced: ForcedEffect[] = [];
    const candidates = problem.initiatives.filter((i) => !i.kept && !i.mandatory && !i.excluded);
    if (candidates.length <= FORCED_LIMIT) {
      const index = new Map(problem.initiatives.map((i, k) => [i.id, k]));
      const colsOf = (k: number) => milp.columns.flatMap((c, j) => (c.initiative === k ? [j] : []));
      for (const i of candidates) {
        const k = index.get(i.id)!;
        const row = milp.assignRow[k]!;
        if (row < 0) continue;
        const inside = chosen.has(i.id);
        if (inside) for (const j of colsOf(k)) model.changeColBounds(j, 0, 0);
        else model.changeRowBounds(row, 1, 1);
        const o = run(loaded, options, inside ? null : base.colValue);
        if (inside) for (const j of colsOf(k)) model.changeColBounds(j, 0, 1);
        else model.changeRowBounds(row, 0, 1);
        const possible = o.status !== "infeasible" && o.colValue !== null;
        forced.push({ id: i.id, force: inside ? "out" : "in", loss: possible ? Math.max(0, base.objective - o.objective) : null, gap: possible ? o.gap : 0 });
      }
    }
    return { budgets, forced, reasons: reasons(problem, solution) };
  });
}

/**
 * The efficient frontier: the best value at budget levels around the scenario's (all money budgets
 * scaled alike). Levels are solved from the smallest up, each seeded with the one before, which
 * stays feasible when the budgets grow.
 */
export function frontier(highs: Highs, problem: Problem, levels: number, options: SolveOptions): FrontierPoint[] {
  return withModel(highs, problem, (loaded) => {
    const { model, milp } = loaded;
    const money = milp.families.flatMap((f, r) => (f.kind === "budget" && f.resource !== "capacity" ? [r] : []));
    const points: FrontierPoint[] = [];
    let seed: Float64Array | null = null;
    for (const factor of frontierFactors(levels)) {
      const scaled: Problem = { ...problem, budgets: scaleBudgets(problem, factor) };
      const budget = totalBudget(scaled.budgets);
      if (conflictsOf(scaled).length > 0) {
        points.push({ factor, budget, status: "infeasible", value: 0, objective: 0, gap: 0, selected: 0 });
        continue;
      }
      for (const r of money) model.changeRowBounds(r, -highs.infinity, milp.rowUpper[r]! * factor);
      // The better of the rounded relaxation and the level below (still feasible with more budget):
      // so the frontier never falls as the budget grows, even where a level stops at its time limit.
      const relaxation = roundedRelaxation(highs, { ...scaled, options });
      const rounded = relaxation.selection;
      const previous = seed ? evaluate(scaled, selectionOf(loaded, seed)).objective : -Infinity;
      const start = rounded && evaluate(scaled, rounded).objective >= previous ? columnValues(milp, scaled, rounded) : seed;
      const o = bounded(run(loaded, options, start), relaxation.bound);
      if (o.colValue) seed = o.colValue;
      points.push({ factor, budget, status: o.status, value: evaluate(scaled, o.selected).value, objective: o.objective, gap: o.gap, selected: o.selected.length });
    }
    return points;
  });
}
