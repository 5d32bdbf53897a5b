/**
 * The problem as a mixed-integer programme. One binary column x(i,t) per initiative i and start
 * year t it may take; x(i,t) = 1 selects i to start in t.
 *
 *   maximise   Σ value(i)·(1 − discount)^(t − earliest(i)) · x(i,t)
 *   subject to Σt x(i,t) ≤ 1                  (= 1 when mandatory or kept)
 *              Σ cost(i, r, y − t) · x(i,t) ≤ budget(r, y)   for each resource r and year y
 *              x(a,t) ≤ Σ_{s ≤ t} x(b,s)      for each dependency a → b and start t of a
 *              Σ_{i ∈ G} Σt x(i,t) ≤ 1        for each exclusive group G
 *              Σ valueByObjective(i,o) · x(i,t) ≥ minValue(o)
 *
 * Pure: it produces sparse arrays in the shape HiGHS takes, and every row says which family of
 * constraints it belongs to, so that a conflict can be explained by relaxing families.
 */
import { RESOURCES, costIn, discounted, startYears, type ConstraintGroup, type Problem } from "./problem.js";

export type RowFamily = ConstraintGroup | { kind: "assign" };

export interface Milp {
  /** Column j starts initiative `columns[j].initiative` (index into problem.initiatives) in `columns[j].start`. */
  columns: { initiative: number; start: number }[];
  colCost: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Compressed rows: row r holds indices[starts[r] … starts[r+1]). */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  families: RowFamily[];
  /** The assignment row of each initiative (−1 when it has no column). */
  assignRow: Int32Array;
}

export const familyKey = (f: RowFamily): string =>
  f.kind === "budget" ? `budget:${f.resource}:${f.year}` : f.kind === "objective" ? `objective:${f.objective}` : f.kind;

export function buildMilp(problem: Problem): Milp {
  const index = new Map(problem.initiatives.map((i, k) => [i.id, k]));
  const columns: Milp["columns"] = [];
  const colsOf: number[][] = problem.initiatives.map((i, k) =>
    startYears(problem, i).map((start) => {
      columns.push({ initiative: k, start });
      return columns.length - 1;
    }),
  );
  const colCost = Float64Array.from(columns, (c) => discounted(problem, problem.initiatives[c.initiative]!, c.start));

  const lower: number[] = [];
  const upper: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const families: RowFamily[] = [];
  // Money rows are scaled to a limit of 1: NOK in the tens of millions beside binaries would hurt the solver's numerics.
  const addRow = (family: RowFamily, lo: number, hi: number, entries: [number, number][], scaled = false) => {
    const nonzero = entries.filter(([, v]) => v !== 0);
    const scale = scaled ? Math.max(Number.isFinite(hi) ? Math.abs(hi) : 0, Number.isFinite(lo) ? Math.abs(lo) : 0, nonzero.reduce((m, [, v]) => Math.max(m, Math.abs(v)), 0)) || 1 : 1;
    for (const [j, v] of nonzero) {
      indices.push(j);
      values.push(v / scale);
    }
    lower.push(lo / scale);
    upper.push(hi / scale);
    families.push(family);
    starts.push(indices.length);
  };

  const assignRow = new Int32Array(problem.initiatives.length).fill(-1);
  problem.initiatives.forEach((i, k) => {
    const cols = colsOf[k]!;
    const must = i.kept || i.mandatory;
    if (cols.length === 0 && !must) return;
    assignRow[k] = families.length;
    addRow(i.kept ? { kind: "kept" } : i.mandatory ? { kind: "mandatory" } : { kind: "assign" }, must ? 1 : 0, 1, cols.map((j) => [j, 1]));
  });

  problem.years.forEach((year, y) => {
    for (const resource of RESOURCES) {
      const limit = problem.budgets[resource][y];
      if (limit === null || limit === undefined) continue;
      const entries: [number, number][] = [];
      columns.forEach((c, j) => {
        const cost = costIn(problem.initiatives[c.initiative]!, resource, c.start, year);
        if (cost !== 0) entries.push([j, cost]);
      });
      if (entries.length > 0 || limit < 0) addRow({ kind: "budget", resource, year }, -Infinity, limit, entries, true);
    }
  });

  for (const d of problem.dependencies) {
    const a = index.get(d.initiative);
    const b = index.get(d.requires);
    if (a === undefined) continue;
    for (const j of colsOf[a]!) {
      const t = columns[j]!.start;
      const before = b === undefined ? [] : colsOf[b]!.filter((s) => columns[s]!.start <= t);
      addRow({ kind: "dependencies" }, -Infinity, 0, [[j, 1], ...before.map((s): [number, number] => [s, -1])]);
    }
  }

  for (const group of problem.exclusive) {
    const cols = group.flatMap((id) => colsOf[index.get(id) ?? -1] ?? []);
    if (cols.length > 1) addRow({ kind: "exclusive" }, -Infinity, 1, cols.map((j) => [j, 1]));
  }

  for (const o of problem.objectives) {
    if (!(o.minValue > 0)) continue;
    addRow({ kind: "objective", objective: o.key }, o.minValue, Infinity, columns.map((c, j) => [j, problem.initiatives[c.initiative]!.valueByObjective[o.key] ?? 0]), true);
  }

  return {
    columns,
    colCost,
    rowLower: Float64Array.from(lower),
    rowUpper: Float64Array.from(upper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    families,
    assignRow,
  };
}

/** The column values of a selection, to seed the solver with a known portfolio. */
export function columnValues(milp: Milp, problem: Problem, selection: readonly { id: string; start: number }[]): Float64Array {
  const index = new Map(problem.initiatives.map((i, k) => [i.id, k]));
  const wanted = new Set(selection.map((s) => `${index.get(s.id)}:${s.start}`));
  return Float64Array.from(milp.columns, (c) => (wanted.has(`${c.initiative}:${c.start}`) ? 1 : 0));
}
