import { describe, expect, it } from "vitest";
import { evaluate } from "./problem.js";
import { buildProblem, defaultSettings, type PlanningInitiative, type ScenarioSettings } from "./scenario.js";
import type { InitiativeScore } from "./scoring.js";

const settings = (over: Partial<ScenarioSettings> = {}): ScenarioSettings => ({
  ...defaultSettings(2026, [{ year: 2027, investment: 10e6, operating: 2e6, capacity: 5 }]),
  ...over,
});

const initiative = (id: string, over: Partial<PlanningInitiative> = {}): PlanningInitiative => ({
  id,
  code: id.toUpperCase(),
  title: `Tiltak ${id}`,
  phase: "concept",
  plannedStartYear: 2027,
  costs: [
    { year: 2027, investment: 3e6, operating: 0, capacity: 1 },
    { year: 2028, investment: 1e6, operating: 0.5e6, capacity: 0.5 },
  ],
  dependsOn: [],
  ...over,
});

const score = (id: string, value: number, over: Partial<InitiativeScore> = {}): InitiativeScore => ({
  id,
  criteria: [],
  value,
  valueByObjective: { "fa-1": value / 2 },
  mandatory: false,
  rank: 1,
  rankRange: [1, 1],
  ...over,
});

describe("a scenario's problem", () => {
  it("starts from next year for four years with the portfolio's budgets, and no limit where there is none", () => {
    const s = settings();
    expect(s.fromYear).toBe(2027);
    expect(s.budgets.map((b) => b.year)).toEqual([2027, 2028, 2029, 2030]);
    const p = buildProblem("Test", s, [], [], []);
    expect(p.years).toEqual([2027, 2028, 2029, 2030]);
    expect(p.budgets.investment).toEqual([10e6, null, null, null]);
    expect(p.budgets.capacity).toEqual([5, null, null, null]);
  });

  it("makes candidates of the early phases with their cost profile from their planned start, and keeps those in execution", () => {
    const p = buildProblem(
      "Test",
      settings({ startWindow: 2 }),
      [
        initiative("a"),
        initiative("b", { phase: "execution", plannedStartYear: 2025, costs: [{ year: 2025, investment: 5e6, operating: 0, capacity: 2 }, { year: 2027, investment: 0, operating: 1e6, capacity: 0 }] }),
        initiative("c", { phase: "completed" }),
        initiative("d", { phase: "rejected" }),
        initiative("e", { plannedStartYear: 2024, costs: [{ year: 2024, investment: 3e6, operating: 0, capacity: 1 }, { year: 2025, investment: 1e6, operating: 0, capacity: 0 }] }),
      ],
      [score("a", 40), score("b", 60), score("e", 20)],
      [{ key: "fa-1", title: "Digital hjemmeoppfølging" }],
    );
    expect(p.initiatives.map((i) => i.id)).toEqual(["a", "b", "e"]);
    const [a, b, e] = p.initiatives;
    expect(a).toMatchObject({ investment: [3e6, 1e6], operating: [0, 0.5e6], capacity: [1, 0.5], earliestStart: 2027, latestStart: 2029, kept: false, value: 40, valueByObjective: { "fa-1": 20 } });
    // Kept at its own start, before the horizon: only what falls inside counts.
    expect(b).toMatchObject({ kept: true, earliestStart: 2025, latestStart: 2025, investment: [5e6], operating: [0, 0, 1e6] });
    // Planned before the horizon but not begun: its plan moves to the first year whole.
    expect(e).toMatchObject({ earliestStart: 2027, investment: [3e6, 1e6] });
    expect(evaluate(p, [{ id: "b", start: 2025 }]).spend[0]!.used.operating).toBe(1e6);
  });

  it("forces in and out as the board chose, and makes an agreed legal requirement mandatory unless forced out", () => {
    const p = buildProblem(
      "Test",
      settings({ forced: [{ initiative: "a", choice: "in" }, { initiative: "b", choice: "out" }] }),
      [initiative("a"), initiative("b"), initiative("c")],
      [score("a", 10), score("b", 10, { mandatory: true }), score("c", 10, { mandatory: true })],
      [],
    );
    expect(p.initiatives.map((i) => [i.id, i.mandatory, i.excluded])).toEqual([
      ["a", true, false],
      ["b", false, true],
      ["c", true, false],
    ]);
  });

  it("keeps dependencies on what may still come or can never come, and drops those already met", () => {
    const p = buildProblem(
      "Test",
      settings({ exclusive: [["a", "b"], ["a", "gone"]] }),
      [initiative("a", { dependsOn: ["b", "done", "no"] }), initiative("b"), initiative("done", { phase: "completed" }), initiative("no", { phase: "rejected" })],
      [],
      [],
    );
    expect(p.dependencies).toEqual([
      { initiative: "a", requires: "b" },
      { initiative: "a", requires: "no" },
    ]);
    expect(p.exclusive).toEqual([["a", "b"]]);
    // Requiring a rejected one, it can never be selected.
    expect(evaluate(p, [{ id: "a", start: 2027 }, { id: "b", start: 2027 }]).feasible).toBe(false);
  });

  it("keeps an initiative in execution whatever it depends on: only candidates wait for their requirements", () => {
    const p = buildProblem("Test", settings(), [initiative("running", { phase: "execution", dependsOn: ["later"] }), initiative("later", { phase: "planning" })], [], []);
    expect(p.dependencies).toEqual([]);
    expect(evaluate(p, [{ id: "running", start: 2027 }]).feasible).toBe(true);
  });

  it("carries the minimum value per objective and the solver options", () => {
    const p = buildProblem("Test", settings({ minValueByObjective: { "fa-1": 30 }, timeLimitSeconds: 5, delayDiscount: 0.1 }), [], [], [{ key: "fa-1", title: "A" }, { key: "fa-2", title: "B" }]);
    expect(p.objectives).toEqual([
      { key: "fa-1", title: "A", minValue: 30 },
      { key: "fa-2", title: "B", minValue: 0 },
    ]);
    expect(p.options.timeLimitSeconds).toBe(5);
    expect(p.delayDiscount).toBe(0.1);
  });
});
