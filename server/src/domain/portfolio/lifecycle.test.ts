import { describe, expect, it } from "vitest";
import { Invalid } from "../errors.js";
import { DEFAULT_CHECKLISTS, GATES, PHASES, nextPhase, transition, type ActivePhase, type ChecklistItem } from "./lifecycle.js";

const all = (phase: ActivePhase) => DEFAULT_CHECKLISTS[phase].map((i) => ({ key: i.key, done: true }));
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(Invalid);
    return err as Invalid;
  }
  throw new Error("not refused");
};

describe("the lifecycle", () => {
  it("approves each phase into the next through its decision point, and realisation into completed", () => {
    const walked = PHASES.map((p) => transition(p, null, "approved", DEFAULT_CHECKLISTS[p], all(p)));
    expect(walked.map((m) => `${m.gate} ${m.from}→${m.to}`)).toEqual([
      "BP1 idea→concept",
      "BP2 concept→planning",
      "BP3 planning→execution",
      "BP4 execution→closing",
      "BP5 closing→realisation",
      "BP6 realisation→completed",
    ]);
    expect(nextPhase("realisation")).toBe("completed");
    expect(Object.keys(GATES)).toEqual([...PHASES]);
  });

  it("rejects or pauses at any decision point, and resumes a paused initiative where it stopped", () => {
    for (const p of PHASES) {
      expect(transition(p, null, "rejected", DEFAULT_CHECKLISTS[p], [])).toEqual({ gate: GATES[p], from: p, to: "rejected", pausedPhase: null });
      expect(transition(p, null, "paused", DEFAULT_CHECKLISTS[p], [])).toEqual({ gate: GATES[p], from: p, to: "paused", pausedPhase: p });
      expect(transition("paused", p, "resumed", [], [])).toEqual({ gate: GATES[p], from: "paused", to: p, pausedPhase: null });
    }
  });

  it("refuses moves the model does not have", () => {
    for (const p of PHASES) expect(refusal(() => transition(p, null, "resumed", [], [])).message).toMatch(/only a paused initiative can be resumed/);
    for (const outcome of ["approved", "rejected", "paused"] as const) {
      expect(refusal(() => transition("paused", "planning", outcome, [], [])).message).toMatch(/resume it first/);
      for (const final of ["rejected", "completed"] as const) expect(refusal(() => transition(final, null, outcome, [], [])).message).toMatch(/it is final/);
    }
    expect(refusal(() => transition("rejected", null, "resumed", [], [])).details[0]!.code).toBe("illegal_transition");
    // Paused without knowing where it stopped: nothing to resume to.
    expect(refusal(() => transition("paused", null, "resumed", [], [])).details[0]!.code).toBe("illegal_transition");
  });

  it("refuses an approval until every required item of the phase's checklist is done, naming what is missing", () => {
    const checklist: ChecklistItem[] = [
      { key: "a", label: "Første", required: true },
      { key: "b", label: "Andre", required: true },
      { key: "c", label: "Valgfri", required: false },
    ];
    const err = refusal(() => transition("concept", null, "approved", checklist, [{ key: "a", done: true }, { key: "b", done: false }]));
    expect(err.message).toMatch(/BP2 cannot be passed/);
    expect(err.details).toEqual([{ path: "checklist.b", message: "required: Andre", code: "checklist_incomplete" }]);
    expect(refusal(() => transition("concept", null, "approved", checklist, [])).details.map((d) => d.path)).toEqual(["checklist.a", "checklist.b"]);
    expect(transition("concept", null, "approved", checklist, [{ key: "a", done: true }, { key: "b", done: true }]).to).toBe("planning");
    // An empty checklist asks nothing.
    expect(transition("idea", null, "approved", [], []).to).toBe("concept");
  });
});
