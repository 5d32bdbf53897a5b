import { describe, expect, it } from "vitest";
import { missingByOrganisation, missingReports, reportersOf } from "./reporting.js";

const orgs = [
  { id: "rhf", parent: null, kind: "rhf" },
  { id: "a", parent: "rhf", kind: "hf" },
  { id: "b", parent: "rhf", kind: "hf" },
  { id: "s", parent: "rhf", kind: "shared_service" },
  { id: "a-unit", parent: "a", kind: "unit" },
  { id: "other", parent: null, kind: "rhf" },
  { id: "c", parent: "other", kind: "hf" },
];
const { reporters, through } = reportersOf("rhf", orgs);
const rec = (organisationId: string, reported: boolean, reportedBefore: boolean) => ({ organisationId, reported, reportedBefore });

describe("missing reports", () => {
  it("asks a region's trusts and shared services, a unit reporting through its trust", () => {
    expect(reporters).toEqual(["a", "b", "s"]);
    expect(through.get("a-unit")).toBe("a");
    expect(through.has("rhf")).toBe(false);
    expect(through.has("c")).toBe(false);
  });

  it("expects everyone until someone has reported before, then those that have", () => {
    expect(missingReports(reporters, through, [])).toEqual({ expected: ["a", "b", "s"], missing: ["a", "b", "s"] });
    expect(missingReports(reporters, through, [rec("b", true, false)])).toEqual({ expected: ["a", "b", "s"], missing: ["a", "s"] });
    expect(missingReports(reporters, through, [rec("a-unit", false, true), rec("s", true, true), rec("c", false, true)])).toEqual({
      expected: ["a", "s"],
      missing: ["a"],
    });
  });

  it("turns the lists around per organisation, leaving out those with nothing missing", () => {
    const krs = [
      { code: "1", missing: ["a"] },
      { code: "2", missing: ["a", "s"] },
    ];
    expect(missingByOrganisation(reporters, krs).map((o) => [o.organisation, o.missing.map((k) => k.code)])).toEqual([
      ["a", ["1", "2"]],
      ["s", ["2"]],
    ]);
  });
});
