import { describe, expect, it } from "vitest";
import { Invalid } from "../errors.js";
import { assertScoreEntries, DEFAULT_CRITERIA, defaultModel, objectiveContributions, plannedBenefitNok, scoreInitiatives, validateModel, type Agreed, type Criterion, type InitiativeFacts, type Score, type ScoringModel } from "./scoring.js";

const t = { nb: "x", nn: "x", en: "x" };
const crit = (c: Partial<Criterion> & Pick<Criterion, "key" | "kind">): Criterion => ({ label: t, description: t, weight: 1, min: 0, max: 10, higherIsBetter: true, ...c });
const model = (criteria: Criterion[]): ScoringModel => ({ ...defaultModel("hso"), criteria });
const facts = (id: string, objectives: Record<string, number> = {}, benefitsNok = 0): InitiativeFacts => ({ id, objectives, benefitsNok });
const score = (initiative: string, criterion: string, scorer: string, value: number): Score => ({ initiative, criterion, scorer, value, comment: "" });
const agree = (initiative: string, criterion: string, value: number): Agreed => ({ initiative, criterion, value, note: "" });

describe("scoring initiatives", () => {
  it("normalises derived values to the scale, clipping outside it", () => {
    const m = model([crit({ key: "strategy", kind: "objectives", min: 0, max: 9 }), crit({ key: "benefits", kind: "benefits", min: 0, max: 10_000_000 })]);
    const [a, b, c] = scoreInitiatives(m, [facts("a", { x: 3, y: 6 }, 20_000_000), facts("b", { x: 3 }, 2_500_000), facts("c", { x: -2 }, 0)], [], []);
    expect([a!.id, b!.id, c!.id]).toEqual(["a", "b", "c"]);
    expect(a!.criteria.map((c) => [c.raw, c.normalised])).toEqual([[9, 1], [20_000_000, 1]]);
    expect(a!.value).toBe(100);
    expect(b!.value).toBeCloseTo(100 * (3 / 9 + 0.25) / 2);
    expect(c!.criteria[0]!.raw).toBe(-2);
    expect(c!.value).toBe(0);
  });

  it("turns the scale round when lower is better, and counts the unscored as the midpoint", () => {
    const m = model([crit({ key: "risk", kind: "scored", min: 1, max: 5, higherIsBetter: false })]);
    const out = scoreInitiatives(m, [facts("low"), facts("high"), facts("none")], [score("low", "risk", "p", 1), score("high", "risk", "p", 5)], []);
    expect(out.map((s) => [s.id, s.value])).toEqual([["low", 100], ["none", 50], ["high", 0]]);
    expect(out.find((s) => s.id === "none")!.criteria[0]).toEqual({ key: "risk", raw: null, normalised: 0.5, individual: null, agreed: null });
  });

  it("shows the spread of the individual scores, and lets the agreed score win over their mean", () => {
    const m = model([crit({ key: "urgency", kind: "scored", min: 1, max: 5 })]);
    const scores = [score("a", "urgency", "p", 2), score("a", "urgency", "q", 4), score("a", "urgency", "r", 3), score("b", "urgency", "p", 4), score("b", "urgency", "q", 2)];
    const out = scoreInitiatives(m, [facts("a"), facts("b")], scores, [agree("b", "urgency", 5)]);
    const a = out.find((s) => s.id === "a")!.criteria[0]!;
    expect(a.individual).toEqual({ n: 3, min: 2, max: 4, mean: 3, sd: Math.sqrt(2 / 3) });
    expect(a.raw).toBe(3);
    const b = out.find((s) => s.id === "b")!.criteria[0]!;
    expect(b.individual).toMatchObject({ n: 2, mean: 3, sd: 1 });
    expect([b.agreed, b.raw, b.normalised]).toEqual([5, 5, 1]);
    expect(out[0]!.id).toBe("b");
  });

  it("weighs by the weights' share, and takes a scenario's weights over the model's", () => {
    const m = model([crit({ key: "s", kind: "objectives", weight: 3, max: 1 }), crit({ key: "u", kind: "scored", weight: 1, max: 1 })]);
    const f = [facts("a", { x: 1 }), facts("b")];
    const scores = [score("a", "u", "p", 0), score("b", "u", "p", 1)];
    expect(scoreInitiatives(m, f, scores, []).map((s) => [s.id, s.value])).toEqual([["a", 75], ["b", 25]]);
    expect(scoreInitiatives(m, f, scores, [], { s: 1, u: 3, gone: 7 }).map((s) => [s.id, s.value])).toEqual([["b", 75], ["a", 25]]);
    expect(scoreInitiatives(m, f, scores, [], { s: 0, u: 0 }).map((s) => s.value)).toEqual([0, 0]);
    expect(() => scoreInitiatives(m, f, scores, [], { u: -1 })).toThrow(Invalid);
    const named = model([crit({ key: "constructor", kind: "objectives", max: 1 })]);
    expect(scoreInitiatives(named, [facts("a", { x: 1 })], [], [], {})[0]!.value).toBe(100);
  });

  it("splits the objectives' part of the value over the objectives in proportion to positive contribution", () => {
    const m = model([crit({ key: "s", kind: "objectives", weight: 1, max: 9 }), crit({ key: "b", kind: "benefits", weight: 1, max: 100 })]);
    const [a] = scoreInitiatives(m, [facts("a", { x: 6, y: 2, z: -2 }, 100)], [], []);
    const part = (100 * (6 / 9)) / 2;
    expect(a!.value).toBeCloseTo(part + 50);
    expect(Object.keys(a!.valueByObjective).sort()).toEqual(["x", "y"]);
    expect(a!.valueByObjective["x"]).toBeCloseTo(part * 0.75);
    expect(Object.values(a!.valueByObjective).reduce((p, q) => p + q, 0)).toBeCloseTo(part);
    expect(scoreInitiatives(m, [facts("n", { x: -1 })], [], [])[0]!.valueByObjective).toEqual({});
  });

  it("makes an initiative mandatory by the agreed value, else the mean, at or above mandatoryAt", () => {
    const m = model(DEFAULT_CRITERIA);
    const scores = [score("a", "mandate", "p", 2), score("a", "mandate", "q", 2), score("b", "mandate", "p", 2), score("b", "mandate", "q", 1), score("c", "mandate", "p", 2)];
    const out = scoreInitiatives(m, [facts("a"), facts("b"), facts("c"), facts("d")], scores, [agree("b", "mandate", 2), agree("c", "mandate", 1)]);
    expect(Object.fromEntries(out.map((s) => [s.id, s.mandatory]))).toEqual({ a: true, b: true, c: false, d: false });
  });

  it("ranks by value, equal values sharing a rank, with the range a weight halved or raised by half can move it", () => {
    const m = model([crit({ key: "s", kind: "objectives", weight: 1, max: 1 }), crit({ key: "b", kind: "benefits", weight: 1, max: 1 })]);
    // a is all strategy and b all benefits: any shift in weight moves them apart, never below c.
    const out = scoreInitiatives(m, [facts("a", { x: 1 }, 0), facts("b", {}, 1), facts("c", { x: 0.3 }, 0.3), facts("d")], [], []);
    expect(out.map((s) => [s.id, s.rank, s.rankRange])).toEqual([
      ["a", 1, [1, 2]],
      ["b", 1, [1, 2]],
      ["c", 3, [3, 3]],
      ["d", 4, [4, 4]],
    ]);
    const close = scoreInitiatives(m, [facts("a", { x: 1 }, 0), facts("c", { x: 0.6 }, 0.6)], [], []);
    expect(close.map((s) => [s.id, s.rank, s.rankRange])).toEqual([
      ["c", 1, [1, 2]],
      ["a", 2, [1, 2]],
    ]);
  });
});

describe("a scoring model", () => {
  it("has a usable default", () => {
    expect(() => validateModel(DEFAULT_CRITERIA)).not.toThrow();
    expect(DEFAULT_CRITERIA.map((c) => [c.key, c.kind, c.weight])).toEqual([["strategy", "objectives", 40], ["benefits", "benefits", 25], ["risk", "scored", 15], ["urgency", "scored", 10], ["mandate", "scored", 10]]);
  });

  it("refuses faults, naming each path", () => {
    const faults = (criteria: Criterion[]): string[] => {
      try {
        validateModel(criteria);
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(Invalid);
        return (e as Invalid).details.map((d) => d.path);
      }
    };
    expect(faults([])).toEqual(["criteria"]);
    expect(faults([crit({ key: "a", kind: "scored", weight: 0 })])).toEqual(["criteria"]);
    expect(faults([crit({ key: "a", kind: "scored" }), crit({ key: "a", kind: "scored" }), crit({ key: "B C", kind: "scored" })])).toEqual(["criteria.1.key", "criteria.2.key"]);
    expect(faults([crit({ key: "a", kind: "scored", min: 5, max: 5, weight: -1 })])).toEqual(["criteria.0.weight", "criteria.0.max", "criteria"]);
    expect(faults([crit({ key: "a", kind: "scored", max: 2, levels: [{ value: 0, label: t }, { value: 3, label: t }, { value: 0, label: t }], mandatoryAt: 4 })])).toEqual([
      "criteria.0.levels.1.value",
      "criteria.0.levels.2.value",
      "criteria.0.mandatoryAt",
    ]);
    expect(faults([crit({ key: "a", kind: "benefits", levels: [] }), crit({ key: "b", kind: "nope" as "scored" })])).toEqual(["criteria.0.levels", "criteria.1.kind"]);
  });
});

describe("a score sheet's entries", () => {
  it("are for scored criteria, within their scale, once each; null takes one back", () => {
    const paths = (entries: { criterion: string; value: number | null }[]): string[] => {
      try {
        assertScoreEntries(DEFAULT_CRITERIA, entries);
        return [];
      } catch (e) {
        return (e as Invalid).details.map((d) => `${d.path} ${d.message}`);
      }
    };
    expect(paths([{ criterion: "risk", value: 1 }, { criterion: "mandate", value: 2 }, { criterion: "urgency", value: null }])).toEqual([]);
    expect(paths([{ criterion: "risk", value: 6 }, { criterion: "strategy", value: 3 }, { criterion: "nope", value: 1 }, { criterion: "mandate", value: -1 }, { criterion: "risk", value: 2 }])).toEqual([
      "scores.0.value must lie within the scale 1–5",
      'scores.1.criterion "strategy" is derived from the portfolio, not scored',
      'scores.2.criterion the scoring model has no criterion "nope"',
      "scores.3.value must lie within the scale 0–2",
      'scores.4.criterion "risk" is scored earlier in the list',
    ]);
  });
});

describe("facts for scoring", () => {
  it("sums the links per objective and prices hours freed", () => {
    expect(
      objectiveContributions([
        { section: "fa-1", direction: "positive", size: "large" },
        { section: "fa-1", direction: "negative", size: "small" },
        { section: "fa-2", direction: "positive", size: "medium" },
      ]),
    ).toEqual({ "fa-1": 2, "fa-2": 2 });
    expect(plannedBenefitNok([{ valueNok: 1000, hoursFreed: 10 }, { valueNok: null, hoursFreed: 2 }, { valueNok: 5, hoursFreed: null }], 700)).toBe(1000 + 7000 + 1400 + 5);
  });
});
