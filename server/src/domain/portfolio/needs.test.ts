import { describe, expect, it } from "vitest";
import { Conflict, Invalid } from "../errors.js";
import { assertMergeable, assertOpen, assertSupporter, type NeedState } from "./needs.js";

const need = (id: string, change: Partial<NeedState> = {}): NeedState => ({ id, strategyId: "s", organisationId: "ahus", status: "open", mergedInto: null, initiativeId: null, ...change });

describe("triaging needs", () => {
  it("acts only on open needs, saying where a closed one went", () => {
    expect(() => assertOpen(need("a"), "merged")).not.toThrow();
    expect(() => assertOpen(need("a", { status: "merged", mergedInto: "b" }), "supported")).toThrow(/merged into need b/);
    expect(() => assertOpen(need("a", { status: "converted", initiativeId: "i" }), "declined")).toThrow(Conflict);
  });

  it("merges only into another open need of the same portfolio", () => {
    expect(() => assertMergeable(need("a"), need("b"))).not.toThrow();
    expect(() => assertMergeable(need("a"), need("a"))).toThrow(Invalid);
    expect(() => assertMergeable(need("a"), need("b", { strategyId: "t" }))).toThrow(/different portfolios/);
    expect(() => assertMergeable(need("a"), need("b", { status: "declined" }))).toThrow(Invalid);
    expect(() => assertMergeable(need("a", { status: "declined" }), need("b"))).toThrow(Conflict);
  });

  it("takes support from other organisations only", () => {
    expect(() => assertSupporter(need("a"), "ous")).not.toThrow();
    expect(() => assertSupporter(need("a"), "ahus")).toThrow(Invalid);
  });
});
