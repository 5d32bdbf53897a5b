import { describe, expect, it } from "vitest";
import { coverage, isObjective, type CoverageInitiative, type CoverageLink, type CoverageSection } from "./coverage.js";

const sections: CoverageSection[] = [
  { key: "fa-1", code: "1", title: "Hjemme", keyResults: [{ id: "k11", code: "1.1", title: "Andel" }, { id: "k12", code: "1.2", title: "Antall" }] },
  { key: "fa-2", code: "2", title: "Data", keyResults: [{ id: "k21", code: "2.1", title: "Kvalitet" }] },
  { key: "fa-3", code: "3", title: "Samhandling", keyResults: [] },
];
const initiative = (id: string, phase: CoverageInitiative["phase"] = "execution"): CoverageInitiative => ({ id, code: id.toUpperCase(), title: id, phase });
const link = (initiative: string, section: string, keyResult: string | null = null, direction: CoverageLink["direction"] = "positive"): CoverageLink => ({
  initiative,
  section,
  keyResult,
  direction,
  size: "medium",
});

describe("the coverage matrix", () => {
  it("counts the initiatives behind each focus area and key result, and names what has none", () => {
    const c = coverage(sections, [initiative("a"), initiative("b")], [link("a", "fa-1", "k11"), link("a", "fa-1"), link("b", "fa-1", "k11"), link("b", "fa-2")]);
    expect(c.sections.map((s) => [s.key, s.initiativeCount, s.keyResults.map((k) => k.initiativeCount)])).toEqual([
      ["fa-1", 2, [2, 0]],
      ["fa-2", 1, [0]],
      ["fa-3", 0, []],
    ]);
    expect(c.uncovered).toEqual({ sections: ["fa-3"], keyResults: ["k12", "k21"] });
    expect(c.cells).toHaveLength(4);
  });

  it("leaves rejected initiatives out, and lets no negative link cover an objective", () => {
    const c = coverage(
      sections,
      [initiative("a", "rejected"), initiative("b", "completed"), initiative("c", "paused"), initiative("d", "idea")],
      [link("a", "fa-1", "k11"), link("b", "fa-2", "k21"), link("c", "fa-3"), link("d", "fa-1", "k12", "negative")],
    );
    expect(c.initiatives.map((i) => i.id)).toEqual(["b", "c", "d"]);
    expect(c.cells.map((x) => x.initiative)).toEqual(["b", "c", "d"]);
    expect(c.uncovered).toEqual({ sections: ["fa-1"], keyResults: ["k11", "k12"] });
  });

  it("ignores links to sections that are not objectives of the strategy", () => {
    const c = coverage(sections, [initiative("a")], [link("a", "bakgrunn")]);
    expect(c.cells).toEqual([]);
    expect(c.uncovered.sections).toEqual(["fa-1", "fa-2", "fa-3"]);
  });

  it("takes focus areas, ambitions and goals, and any section with key results, as objectives", () => {
    expect(["focus_area", "ambition", "goal", "text", "initiative"].map((kind) => isObjective({ kind, keyResultCount: 0 }))).toEqual([true, true, true, false, false]);
    expect(isObjective({ kind: "guideline", keyResultCount: 2 })).toBe(true);
  });
});
