import { describe, expect, it } from "vitest";
import { inputText, lifecycleSteps, nextGate, parseAmount, parseKroner, parseTags, possibleOutcomes, riskGrid, riskLevel } from "./model.js";

const states = (steps: ReturnType<typeof lifecycleSteps>) => steps.map((s) => s.state);

describe("lifecycleSteps", () => {
  it("marks the phases behind as done, the current one, and the ones ahead", () => {
    expect(states(lifecycleSteps("planning", null))).toEqual(["done", "done", "current", "upcoming", "upcoming", "upcoming"]);
    expect(lifecycleSteps("idea", null).map((s) => s.gate)).toEqual(["BP1", "BP2", "BP3", "BP4", "BP5", "BP6"]);
  });
  it("shows a paused initiative where it will resume", () => {
    expect(states(lifecycleSteps("paused", "execution"))).toEqual(["done", "done", "done", "current", "upcoming", "upcoming"]);
  });
  it("has done every phase once completed", () => {
    expect(states(lifecycleSteps("completed", null))).toEqual(Array(6).fill("done"));
  });
  it("shows where a rejected initiative stopped, when known", () => {
    expect(states(lifecycleSteps("rejected", null, "concept"))).toEqual(["done", "stopped", "upcoming", "upcoming", "upcoming", "upcoming"]);
    expect(states(lifecycleSteps("rejected", null))).toEqual(Array(6).fill("upcoming"));
  });
});

describe("nextGate and possibleOutcomes", () => {
  it("names the decision point ending the current phase", () => {
    expect(nextGate("concept", null)).toEqual({ gate: "BP2", from: "concept", to: "planning" });
    expect(nextGate("realisation", null)).toEqual({ gate: "BP6", from: "realisation", to: "completed" });
    expect(nextGate("paused", "planning")).toEqual({ gate: "BP3", from: "planning", to: "execution" });
    expect(nextGate("rejected", null)).toBeNull();
  });
  it("offers only the moves the lifecycle has", () => {
    expect(possibleOutcomes("idea")).toEqual(["approved", "rejected", "paused"]);
    expect(possibleOutcomes("paused")).toEqual(["resumed"]);
    expect(possibleOutcomes("completed")).toEqual([]);
    expect(possibleOutcomes("rejected")).toEqual([]);
  });
});

describe("risks", () => {
  it("bands the score", () => {
    expect(riskLevel(1, 5)).toBe("low");
    expect(riskLevel(2, 3)).toBe("medium");
    expect(riskLevel(3, 5)).toBe("high");
  });
  it("places open risks in their cell and leaves closed ones out", () => {
    const grid = riskGrid([
      { id: "a", likelihood: 2, consequence: 5, status: "open" },
      { id: "b", likelihood: 2, consequence: 5, status: "open" },
      { id: "c", likelihood: 5, consequence: 5, status: "closed" },
    ]);
    expect(grid[1]![4]!.map((r) => r.id)).toEqual(["a", "b"]);
    expect(grid[4]![4]).toEqual([]);
  });
});

describe("numbers typed into the forms", () => {
  it("reads whole kroner with grouping, and refuses fractions and negatives", () => {
    expect(parseKroner("1 250 000")).toBe(1250000);
    expect(parseKroner("")).toBeNull();
    expect(parseKroner("12,5")).toBeUndefined();
    expect(parseKroner("-3")).toBeUndefined();
    expect(parseKroner("tre")).toBeUndefined();
  });
  it("reads decimals with a comma", () => {
    expect(parseAmount("1,5")).toBe(1.5);
    expect(parseAmount("-1")).toBeUndefined();
    expect(inputText(1.5)).toBe("1,5");
    expect(inputText(null)).toBe("");
  });
  it("splits tags", () => {
    expect(parseTags(" user_driven, ai ,,ai")).toEqual(["user_driven", "ai"]);
  });
});
