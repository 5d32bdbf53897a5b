import { describe, expect, it } from "vitest";
import { ANONYMOUS, ancestryOf, can, smallNumbersAudience, type Grant, type Principal } from "./policy.js";

const ancestry = ancestryOf(
  new Map<string, string | null>([
    ["hso", null],
    ["ahus", "hso"],
    ["ous", "hso"],
    ["ous-kreft", "ous"],
    ["hv", null],
    ["helse-bergen", "hv"],
  ]),
);
const user = (...grants: Grant[]): Principal => ({ kind: "user", id: "u", label: "u@example.no", grants });

describe("policy", () => {
  it("keeps a strategy's internal material to its region's people, and the portfolio summary too unless published", () => {
    const reader = user({ role: "reader", organisation: "ahus" });
    const other = user({ role: "strategy_editor", organisation: "hv" });
    expect(can(ANONYMOUS, { do: "strategy.internal", organisation: "hso" }, ancestry)).toBe(false);
    expect(can(reader, { do: "strategy.internal", organisation: "hso" }, ancestry)).toBe(true);
    expect(can(other, { do: "strategy.internal", organisation: "hso" }, ancestry)).toBe(false);
    expect(can(ANONYMOUS, { do: "portfolio.summary", organisation: "hso", published: false }, ancestry)).toBe(false);
    expect(can(ANONYMOUS, { do: "portfolio.summary", organisation: "hso", published: true }, ancestry)).toBe(true);
    expect(can(reader, { do: "portfolio.summary", organisation: "hso", published: false }, ancestry)).toBe(true);
  });

  it("refuses figures, assessments and needs for an organisation outside the strategy's region, even to an administrator", () => {
    const admin = user({ role: "admin", organisation: null });
    const bergen = user({ role: "reporter", organisation: "helse-bergen" });
    expect(can(bergen, { do: "measurement.write", organisation: "helse-bergen", region: "hv" }, ancestry)).toBe(true);
    expect(can(bergen, { do: "measurement.write", organisation: "helse-bergen", region: "hso" }, ancestry)).toBe(false);
    expect(can(admin, { do: "measurement.write", organisation: "helse-bergen", region: "hso" }, ancestry)).toBe(false);
    expect(can(admin, { do: "measurement.write", organisation: "ous-kreft", region: "hso" }, ancestry)).toBe(true);
    expect(can(bergen, { do: "assessment.write", organisation: "hso", about: "helse-bergen" }, ancestry)).toBe(false);
    expect(can(admin, { do: "assessment.write", organisation: "hso", about: "helse-bergen" }, ancestry)).toBe(false);
    expect(can(bergen, { do: "portfolio.propose", organisation: "helse-bergen", region: "hso" }, ancestry)).toBe(false);
    expect(can(bergen, { do: "portfolio.propose", organisation: "helse-bergen", region: "hv" }, ancestry)).toBe(true);
  });

  it("lets anyone read a published strategy, and an anonymous visitor nothing else", () => {
    expect(can(ANONYMOUS, { do: "strategy.read", organisation: "hso", published: true }, ancestry)).toBe(true);
    expect(can(ANONYMOUS, { do: "strategy.read", organisation: "hso", published: false }, ancestry)).toBe(false);
    expect(can(ANONYMOUS, { do: "measurement.write", organisation: "ahus", region: "hso" }, ancestry)).toBe(false);
  });

  it("applies a role to the organisation's sub-tree and not beside it", () => {
    const reporter = user({ role: "reporter", organisation: "ous" });
    expect(can(reporter, { do: "measurement.write", organisation: "ous", region: "hso" }, ancestry)).toBe(true);
    expect(can(reporter, { do: "measurement.write", organisation: "ous-kreft", region: "hso" }, ancestry)).toBe(true);
    expect(can(reporter, { do: "measurement.write", organisation: "ahus", region: "hso" }, ancestry)).toBe(false);
    expect(can(reporter, { do: "measurement.write", organisation: "hso", region: "hso" }, ancestry)).toBe(false);
  });

  it("lets a trust's people read their region's unpublished strategy, but not another region's", () => {
    const reader = user({ role: "reader", organisation: "ahus" });
    expect(can(reader, { do: "strategy.read", organisation: "hso", published: false }, ancestry)).toBe(true);
    expect(can(reader, { do: "strategy.read", organisation: "hv", published: false }, ancestry)).toBe(false);
  });

  it("keeps each role to its own work", () => {
    const editor = user({ role: "strategy_editor", organisation: "hso" });
    expect(can(editor, { do: "strategy.write", organisation: "hso" }, ancestry)).toBe(true);
    expect(can(editor, { do: "strategy.write", organisation: "hv" }, ancestry)).toBe(false);
    expect(can(editor, { do: "measurement.write", organisation: "ahus", region: "hso" }, ancestry)).toBe(false);
    expect(can(editor, { do: "user.admin" }, ancestry)).toBe(false);
    const board = user({ role: "board_member", organisation: "hso" });
    expect(can(board, { do: "strategy.write", organisation: "hso" }, ancestry)).toBe(false);
    const reporter = user({ role: "reporter", organisation: "ahus" });
    expect(can(reporter, { do: "assessment.write", organisation: "hso", about: "ahus" }, ancestry)).toBe(true);
    expect(can(reporter, { do: "assessment.write", organisation: "hso", about: null }, ancestry)).toBe(false);
  });

  it("lets an analyst see small numbers in their sub-tree only, run computations and read", () => {
    const analyst = user({ role: "analyst", organisation: "ous" });
    expect(can(analyst, { do: "measurement.small_numbers", organisation: "ous" }, ancestry)).toBe(true);
    expect(can(analyst, { do: "measurement.small_numbers", organisation: "ous-kreft" }, ancestry)).toBe(true);
    expect(can(analyst, { do: "measurement.small_numbers", organisation: "hso" }, ancestry)).toBe(false);
    expect(can(analyst, { do: "measurement.small_numbers", organisation: "ahus" }, ancestry)).toBe(false);
    expect(can(analyst, { do: "computation.run", organisation: "ous" }, ancestry)).toBe(true);
    expect(can(analyst, { do: "computation.run", organisation: "hso" }, ancestry)).toBe(false);
    expect(can(analyst, { do: "strategy.read", organisation: "hso", published: false }, ancestry)).toBe(true);
    expect(can(analyst, { do: "strategy.read", organisation: "hv", published: false }, ancestry)).toBe(false);
    expect(can(analyst, { do: "measurement.write", organisation: "ous", region: "hso" }, ancestry)).toBe(false);
    expect(can(analyst, { do: "strategy.write", organisation: "ous" }, ancestry)).toBe(false);
  });

  it("keeps small numbers from every role but analysts and administrators, and lets editors run computations", () => {
    for (const role of ["strategy_editor", "board_member", "reporter", "initiative_owner", "reader"] as const) {
      expect(can(user({ role, organisation: "hso" }), { do: "measurement.small_numbers", organisation: "ahus" }, ancestry), role).toBe(false);
    }
    expect(can(ANONYMOUS, { do: "measurement.small_numbers", organisation: "ahus" }, ancestry)).toBe(false);
    expect(can(user({ role: "strategy_editor", organisation: "hso" }), { do: "computation.run", organisation: "hso" }, ancestry)).toBe(true);
    expect(can(user({ role: "reporter", organisation: "hso" }), { do: "computation.run", organisation: "hso" }, ancestry)).toBe(false);
    expect(can(user({ role: "admin", organisation: null }), { do: "measurement.small_numbers", organisation: "helse-bergen" }, ancestry)).toBe(true);
  });

  it("names who sees which small numbers by the grants that decide it", () => {
    expect(smallNumbersAudience(ANONYMOUS)).toBe("none");
    expect(smallNumbersAudience(user({ role: "reader", organisation: "ahus" }))).toBe("none");
    expect(smallNumbersAudience(user({ role: "admin", organisation: null }))).toBe("all");
    expect(smallNumbersAudience(user({ role: "analyst", organisation: "ous" }, { role: "reader", organisation: "hso" }, { role: "analyst", organisation: "ahus" }))).toBe("analyst:ahus,ous");
  });

  it("lets a system administrator do everything", () => {
    const admin = user({ role: "admin", organisation: null });
    for (const a of ["organisation.write", "user.admin", "token.admin", "audit.read"] as const) expect(can(admin, { do: a }, ancestry)).toBe(true);
    expect(can(admin, { do: "measurement.write", organisation: "helse-bergen", region: "hv" }, ancestry)).toBe(true);
  });

  it("stops at a loop in the register instead of running forever", () => {
    const looped = ancestryOf(new Map([["a", "b"], ["b", "a"]]));
    expect(looped("a")).toEqual(["a", "b"]);
  });
});
