/**
 * The initiative page's own rules, pure: where an initiative stands in the lifecycle, its risks on
 * the likelihood × consequence grid, and numbers as people type them into its forms. The lifecycle
 * is the server's own module, so the page never shows a step the server would not take.
 */
import { GATES, isActive, nextPhase, PHASES, type ActivePhase, type Outcome, type Phase } from "../../../../server/src/domain/portfolio/lifecycle.js";
import { parseDecimal } from "../../../../server/src/domain/number.js";

export { PHASES, type ActivePhase, type Phase };

export type StepState = "done" | "current" | "stopped" | "upcoming";

export interface Step {
  phase: ActivePhase;
  state: StepState;
  /** The decision point that ends this phase (BP1 ends the idea phase). */
  gate: string;
}

/**
 * The six phases with where the initiative is: the phases behind it are done, the one it is in is
 * current (also while paused, where it will resume), the ones ahead upcoming. A completed one has
 * done them all; a rejected one stopped in the phase its rejection ended (`stoppedIn`, from its
 * decisions).
 */
export function lifecycleSteps(phase: Phase, pausedPhase: ActivePhase | null, stoppedIn: ActivePhase | null = null): Step[] {
  const at = isActive(phase) ? phase : phase === "paused" ? pausedPhase : phase === "rejected" ? stoppedIn : null;
  const index = phase === "completed" ? PHASES.length : at === null ? -1 : PHASES.indexOf(at);
  const here: StepState = phase === "rejected" ? "stopped" : "current";
  return PHASES.map((p, i) => ({ phase: p, gate: GATES[p], state: i < index ? "done" : i === index ? here : "upcoming" }));
}

export interface NextGate {
  gate: string;
  from: ActivePhase;
  to: ActivePhase | "completed";
}

/** The decision point ahead: for a paused initiative the one it stopped before; none once final. */
export function nextGate(phase: Phase, pausedPhase: ActivePhase | null): NextGate | null {
  const from = isActive(phase) ? phase : phase === "paused" ? pausedPhase : null;
  return from ? { gate: GATES[from], from, to: nextPhase(from) } : null;
}

/** The outcomes a decision may have now: resume a paused initiative; pass, reject or pause an active one; none once final. */
export function possibleOutcomes(phase: Phase): Outcome[] {
  if (phase === "paused") return ["resumed"];
  return isActive(phase) ? ["approved", "rejected", "paused"] : [];
}

export const SCALE = [1, 2, 3, 4, 5] as const;

export type RiskLevel = "low" | "medium" | "high";

/** Likelihood × consequence read as the usual three bands of a 5 × 5 risk matrix. */
export function riskLevel(likelihood: number, consequence: number): RiskLevel {
  const score = likelihood * consequence;
  return score >= 15 ? "high" : score >= 6 ? "medium" : "low";
}

/** Open risks on the grid: `grid[likelihood - 1][consequence - 1]` holds the risks in that cell. */
export function riskGrid<R extends { likelihood: number; consequence: number; status: string }>(risks: readonly R[]): R[][][] {
  const grid: R[][][] = SCALE.map(() => SCALE.map(() => []));
  for (const r of risks) if (r.status === "open") grid[r.likelihood - 1]?.[r.consequence - 1]?.push(r);
  return grid;
}

/** Whole kroner as typed (`1 250 000`, `1250000`); a fraction or a negative is no amount. Empty is `null`. */
export function parseKroner(text: string): number | null | undefined {
  if (text.trim() === "") return null;
  const n = parseDecimal(text);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A non-negative decimal as typed (`1,5` person-years, `120` hours). Empty is `null`. */
export function parseAmount(text: string): number | null | undefined {
  if (text.trim() === "") return null;
  const n = parseDecimal(text);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** Any decimal as typed (an indicator's value may be negative). Empty is `null`. */
export function parseSigned(text: string): number | null | undefined {
  if (text.trim() === "") return null;
  return parseDecimal(text);
}

/** A stored number back into a field as a Norwegian types it: `1250000`, `1,5`; nothing for no number. */
export function inputText(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "";
  return String(Number(n.toPrecision(15))).replace(".", ",");
}

/** A calendar date the API accepts: YYYY-MM-DD that exists. */
export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Tags as typed, comma separated: trimmed, without empties or repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim()).filter(Boolean))];
}
