import { describe, expect, it } from "vitest";
import { Invalid } from "../errors.js";
import { assertDistinctLinks, assertPlannedDates, changedFields, contribution, dependencyCycle, initiativeCode, type InitiativeSnapshot } from "./initiative.js";

describe("an initiative", () => {
  it("contributes its links' sizes, negative ones taken away", () => {
    expect(contribution([])).toBe(0);
    expect(contribution([{ direction: "positive", size: "large" }, { direction: "positive", size: "small" }, { direction: "negative", size: "medium" }])).toBe(2);
    expect(contribution([{ direction: "negative", size: "large" }])).toBe(-3);
  });

  it("finds the circle a new dependency would close", () => {
    const edges = new Map([
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["b"]],
    ]);
    expect(dependencyCycle(edges, "a", ["b"])).toEqual(["a", "b", "c", "a"]);
    expect(dependencyCycle(edges, "a", ["d"])).toEqual(["a", "d", "b", "c", "a"]);
    expect(dependencyCycle(edges, "a", ["a"])).toEqual(["a", "a"]);
    expect(dependencyCycle(edges, "x", ["b", "d"])).toBeNull();
    expect(dependencyCycle(new Map([["b", ["c"]], ["c", ["b"]]]), "a", ["b"])).toBeNull();
  });

  it("is coded by its owner's short name, the year and a running number", () => {
    expect(initiativeCode("HSØ", 2026, 1)).toBe("HSØ-2026-001");
    expect(initiativeCode("Helse Vest", 2025, 1234)).toBe("HELSE-VEST-2025-1234");
  });

  it("refuses a link twice and an end before the start", () => {
    expect(() => assertDistinctLinks([{ section: "fa-1", keyResult: null }, { section: "fa-1", keyResult: "k" }])).not.toThrow();
    expect(() => assertDistinctLinks([{ section: "fa-1", keyResult: "k" }, { section: "fa-1", keyResult: "k" }])).toThrow(Invalid);
    expect(() => assertPlannedDates("2025-01-01", "2024-12-31")).toThrow(Invalid);
    expect(() => assertPlannedDates("2025-01-01", "2025-01-01")).not.toThrow();
    expect(() => assertPlannedDates(null, "2024-12-31")).not.toThrow();
  });

  it("names the fields a revision changed, lists compared as sets", () => {
    const before: InitiativeSnapshot = {
      code: "A", title: "T", description: "", organisationId: "ahus", sponsor: "", ownerName: "", kind: "other", tags: ["x", "y"], themeKey: null,
      fundingSource: "", plannedStart: null, plannedEnd: null, reportFrequency: "month",
      links: [{ section: "fa-1", keyResult: null, direction: "positive", size: "medium", note: "" }], participants: ["ous"], dependsOn: [],
    };
    expect(changedFields(before, { ...before, tags: ["y", "x"], participants: ["ous"] })).toEqual([]);
    expect(changedFields(before, { ...before, title: "U", links: [{ ...before.links[0]!, size: "large" }] })).toEqual(["title", "links"]);
  });
});
