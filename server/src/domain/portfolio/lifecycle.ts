/**
 * The initiative lifecycle after Digdir's Prosjektveiviseren: idé → konsept → planlegge →
 * gjennomføre → avslutte → realisere, with a decision point (BP1…BP5) between phases; an initiative
 * may be rejected or paused at any decision point, and a paused one resumes where it stopped.
 * Every move is a recorded decision; there is no other way to change the phase.
 */
import { Invalid } from "../errors.js";

export const PHASES = ["idea", "concept", "planning", "execution", "closing", "realisation"] as const;
export type ActivePhase = (typeof PHASES)[number];
export const ALL_PHASES = [...PHASES, "completed", "rejected", "paused"] as const;
export type Phase = (typeof ALL_PHASES)[number];
export const OUTCOMES = ["approved", "rejected", "paused", "resumed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The decision point that ends each phase: BP1 ends the idea phase (start the concept phase), … BP6 closes realisation. */
export const GATES: Record<ActivePhase, string> = {
  idea: "BP1",
  concept: "BP2",
  planning: "BP3",
  execution: "BP4",
  closing: "BP5",
  realisation: "BP6",
};

/** Where an approval at the end of `phase` leads: the next phase, or completed after realisation. */
export function nextPhase(phase: ActivePhase): ActivePhase | "completed" {
  const i = PHASES.indexOf(phase);
  return PHASES[i + 1] ?? "completed";
}

export const isActive = (p: Phase): p is ActivePhase => (PHASES as readonly string[]).includes(p);

/** Phases in which the initiative is a running project and owes status reports. */
export const REPORTING_PHASES: readonly Phase[] = ["planning", "execution", "closing"];

export interface ChecklistItem {
  key: string;
  /** Shown to the board; nb text (the region writes its own checklists). */
  label: string;
  required: boolean;
}

export interface CheckedItem {
  key: string;
  done: boolean;
  note?: string | undefined;
}

export interface Transition {
  gate: string;
  from: Phase;
  to: Phase;
  /** The phase to remember while paused. */
  pausedPhase: ActivePhase | null;
}

/**
 * The move a decision makes from `phase` (with `pausedPhase` when paused). Refuses a move the model
 * does not have, and an approval while a required checklist item of the phase is not done.
 */
export function transition(
  phase: Phase,
  pausedPhase: ActivePhase | null,
  outcome: Outcome,
  checklist: readonly ChecklistItem[],
  checked: readonly CheckedItem[],
): Transition {
  const refuse = (message: string): never => {
    throw new Invalid(message, [{ path: "outcome", message, code: "illegal_transition" }]);
  };
  if (outcome === "resumed") {
    if (phase !== "paused" || pausedPhase === null) return refuse(`only a paused initiative can be resumed; this one is ${phase}`);
    return { gate: GATES[pausedPhase], from: "paused", to: pausedPhase, pausedPhase: null };
  }
  if (!isActive(phase)) return refuse(`an initiative that is ${phase} has no decision point; ${phase === "paused" ? "resume it first" : "it is final"}`);
  const gate = GATES[phase];
  if (outcome === "rejected") return { gate, from: phase, to: "rejected", pausedPhase: null };
  if (outcome === "paused") return { gate, from: phase, to: "paused", pausedPhase: phase };
  const done = new Set(checked.filter((c) => c.done).map((c) => c.key));
  const missing = checklist.filter((item) => item.required && !done.has(item.key));
  if (missing.length > 0) {
    throw new Invalid(`${gate} cannot be passed: the checklist of the ${phase} phase is not complete`, missing.map((m) => ({ path: `checklist.${m.key}`, message: `required: ${m.label}`, code: "checklist_incomplete" })));
  }
  return { gate, from: phase, to: nextPhase(phase), pausedPhase: null };
}

/** Prosjektveiviseren's own checklists, the default for a region that has not written its own. */
export const DEFAULT_CHECKLISTS: Record<ActivePhase, ChecklistItem[]> = {
  idea: [
    { key: "need", label: "Behovet er beskrevet og knyttet til strategien", required: true },
    { key: "owner", label: "Eier av idéen er utpekt", required: true },
  ],
  concept: [
    { key: "alternatives", label: "Alternative konsepter er vurdert", required: true },
    { key: "benefits", label: "Gevinster er beskrevet med indikatorer og nullpunkt", required: true },
    { key: "cost", label: "Kostnader er estimert per år", required: true },
    { key: "ros", label: "ROS-analyse er gjennomført eller gjenbrukt", required: false },
  ],
  planning: [
    { key: "plan", label: "Styringsdokument er godkjent", required: true },
    { key: "benefit-plan", label: "Gevinstrealiseringsplan er godkjent av linjen", required: true },
    { key: "risks", label: "Risikoer er vurdert med tiltak", required: true },
  ],
  execution: [
    { key: "delivered", label: "Leveransene er akseptert", required: true },
    { key: "handover", label: "Forvaltning er etablert", required: true },
  ],
  closing: [
    { key: "report", label: "Sluttrapport er skrevet", required: true },
    { key: "benefit-owner", label: "Gevinstansvarlige har overtatt gevinstrealiseringsplanen", required: true },
  ],
  realisation: [{ key: "realised", label: "Gevinstene er målt og rapportert", required: true }],
};
