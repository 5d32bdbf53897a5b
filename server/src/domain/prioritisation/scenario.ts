/**
 * A scenario: the board's named set of budgets, capacity, weights and forced choices. Turned into
 * an optimisation problem together with the portfolio as it stands (candidates, costs,
 * dependencies) and the scores under the scenario's weights.
 */
import type { Phase } from "../portfolio/lifecycle.js";
import { DEFAULT_OPTIONS, PROBLEM_FORMAT, RESOURCES, type Problem, type ProblemInitiative, type Resource } from "./problem.js";
import type { InitiativeScore } from "./scoring.js";

export interface ScenarioBudget {
  year: number;
  investment: number | null;
  operating: number | null;
  capacity: number | null;
}

export interface ScenarioSettings {
  fromYear: number;
  years: number;
  /** One per year of the horizon; a year without a row has no limits. */
  budgets: ScenarioBudget[];
  /** The scoring model's weights overridden by criterion key. */
  weights: Record<string, number>;
  forced: { initiative: string; choice: "in" | "out" }[];
  /** Groups of alternatives: at most one of each. */
  exclusive: string[][];
  /** Minimum strategic value per objective (section key): balance, so no objective is left with nothing. */
  minValueByObjective: Record<string, number>;
  /** Years a candidate may start after its planned start. */
  startWindow: number;
  delayDiscount: number;
  timeLimitSeconds: number;
}

/** Phases whose initiatives are still to be chosen; later ones are committed and kept. */
export const CANDIDATE_PHASES: readonly Phase[] = ["idea", "concept", "planning", "paused"];
export const KEPT_PHASES: readonly Phase[] = ["execution", "closing", "realisation"];

export interface PlanningInitiative {
  id: string;
  code: string;
  title: string;
  phase: Phase;
  /** The year its plan starts (planned start, else its first cost year), null when it has neither. */
  plannedStartYear: number | null;
  /** Estimates per year. */
  costs: { year: number; investment: number; operating: number; capacity: number }[];
  dependsOn: string[];
}

export interface PlanningObjective {
  key: string;
  title: string;
}

export function defaultSettings(thisYear: number, budgets: ScenarioBudget[]): ScenarioSettings {
  const fromYear = thisYear + 1;
  const years = 4;
  const byYear = new Map(budgets.map((b) => [b.year, b]));
  return {
    fromYear,
    years,
    budgets: Array.from({ length: years }, (_, k) => byYear.get(fromYear + k) ?? { year: fromYear + k, investment: null, operating: null, capacity: null }),
    weights: {},
    forced: [],
    exclusive: [],
    minValueByObjective: {},
    startWindow: 1,
    delayDiscount: 0.05,
    timeLimitSeconds: DEFAULT_OPTIONS.timeLimitSeconds,
  };
}

/** The cost profile from `start` on, of estimates kept per calendar year. */
function profile(costs: PlanningInitiative["costs"], start: number): Record<Resource, number[]> {
  const last = Math.max(start, ...costs.map((c) => c.year));
  const out = Object.fromEntries(RESOURCES.map((r) => [r, Array.from({ length: last - start + 1 }, () => 0)])) as Record<Resource, number[]>;
  for (const c of costs) if (c.year >= start) for (const r of RESOURCES) out[r][c.year - start]! += c[r];
  for (const r of RESOURCES) while (out[r].length > 0 && out[r].at(-1) === 0) out[r].pop();
  return out;
}

export function buildProblem(
  name: string,
  settings: ScenarioSettings,
  initiatives: readonly PlanningInitiative[],
  scores: readonly InitiativeScore[],
  objectives: readonly PlanningObjective[],
): Problem {
  const years = Array.from({ length: settings.years }, (_, k) => settings.fromYear + k);
  const scoreOf = new Map(scores.map((s) => [s.id, s]));
  const forced = new Map(settings.forced.map((f) => [f.initiative, f.choice]));
  const inPlay = initiatives.filter((i) => CANDIDATE_PHASES.includes(i.phase) || KEPT_PHASES.includes(i.phase));
  const ids = new Set(inPlay.map((i) => i.id));
  const rejected = new Set(initiatives.filter((i) => i.phase === "rejected").map((i) => i.id));

  const problemInitiatives: ProblemInitiative[] = inPlay.map((i) => {
    const kept = KEPT_PHASES.includes(i.phase);
    const base = i.plannedStartYear ?? settings.fromYear;
    const earliest = kept ? base : Math.max(base, settings.fromYear);
    // A candidate planned to start before the horizon starts at its first year with its whole plan.
    const costs = profile(kept ? i.costs : i.costs.map((c) => ({ ...c, year: c.year - base + earliest })), earliest);
    const score = scoreOf.get(i.id);
    return {
      id: i.id,
      code: i.code,
      title: i.title,
      value: Math.round((score?.value ?? 0) * 100) / 100,
      valueByObjective: Object.fromEntries(Object.entries(score?.valueByObjective ?? {}).map(([k, v]) => [k, Math.round(v * 100) / 100])),
      ...costs,
      earliestStart: earliest,
      latestStart: kept ? earliest : earliest + settings.startWindow,
      mandatory: !kept && (forced.get(i.id) === "in" || (forced.get(i.id) !== "out" && (score?.mandatory ?? false))),
      kept,
      excluded: !kept && forced.get(i.id) === "out",
    };
  });

  const budgetOf = new Map(settings.budgets.map((b) => [b.year, b]));
  const budgets = Object.fromEntries(RESOURCES.map((r) => [r, years.map((y) => budgetOf.get(y)?.[r] ?? null)])) as Problem["budgets"];
  // A requirement already done is met; one rejected can never be: it stays, so the dependant cannot come.
  // An initiative in execution is kept whatever it required: only a candidate waits for its requirements.
  const dependencies = inPlay.filter((i) => !KEPT_PHASES.includes(i.phase)).flatMap((i) => i.dependsOn.filter((b) => ids.has(b) || rejected.has(b)).map((b) => ({ initiative: i.id, requires: b })));
  return {
    format: PROBLEM_FORMAT,
    name,
    years,
    budgets,
    objectives: objectives.map((o) => ({ key: o.key, title: o.title, minValue: settings.minValueByObjective[o.key] ?? 0 })),
    initiatives: problemInitiatives,
    dependencies,
    exclusive: settings.exclusive.map((g) => g.filter((id) => ids.has(id))).filter((g) => g.length > 1),
    delayDiscount: settings.delayDiscount,
    options: { timeLimitSeconds: settings.timeLimitSeconds, relativeGap: DEFAULT_OPTIONS.relativeGap },
  };
}
