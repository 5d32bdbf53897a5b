/**
 * Prioritisation scenarios through the API: a scenario is created with the portfolio's budgets,
 * solved on the optimiser's worker pool (a real HiGHS), explained, compared and adopted by a
 * recorded decision that moves the chosen candidates to their next phase. Its problem exports as
 * the documented JSON file. Who may do what, stale solves and infeasible budgets are refused or
 * explained.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemSchema } from "../../server/src/optimiser/problem-schema.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { veivalg } from "../support/cli.js";
import { as, createInitiative } from "../support/portfolio.js";

const api = "/api/v1";
const strategy = "hso-teknologi-2023";
let t: TestApp;
let board: Record<string, string>;
const year = new Date().getUTCFullYear() + 1;

interface Scenario {
  id: string;
  version: number;
  name: string;
  status: string | null;
  current: boolean;
  settings: { fromYear: number; years: number; budgets: { year: number; investment: number | null; operating: number | null; capacity: number | null }[]; forced: { initiative: string; choice: string }[]; exclusive: string[][]; startWindow: number };
  result: {
    solution: { status: string; selected: { id: string; start: number }[]; value: number; gap: number; conflicts: { kind: string; year?: number; resource?: string; initiatives?: string[] }[]; spend: { year: number; used: Record<string, number> }[] };
    explanation: { budgets: { resource: string; year: number; gain: number; comesIn: string[] }[]; forced: { id: string; force: string; loss: number | null }[]; reasons: Record<string, { kind: string }[]> } | null;
  } | null;
  frontier: { factor: number; value: number; status: string }[] | null;
  adoption: { advanced: { initiative: string; from: string; to: string }[] } | null;
}

/** Three candidates of 4, 3 and 2 MNOK in the first year, worth (by links) large, medium and small. */
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await openTestApp();
  board = await as(t, "board_member", "hso");
  for (const [name, size, cost] of [["big", "large", 4_000_000], ["mid", "medium", 3_000_000], ["small", "small", 2_000_000]] as const) {
    const i = await createInitiative(t, { title: `Kandidat ${name}`, plannedStart: `${year}-01-01`, links: [{ section: "fa-1", size }] });
    ids[name] = i.id;
    const res = await t.app.inject({ method: "PUT", url: `${api}/initiatives/${i.id}/costs/${year}`, payload: { investmentEstimate: cost, operatingEstimate: 0, providerPersonYears: 1 } });
    expect(res.statusCode, res.body).toBe(200);
  }
  // Room for two of the three next year, and no investment money the years after.
  for (const [y, investment] of [[year, 7_000_000], [year + 1, 0], [year + 2, 0], [year + 3, 0]]) {
    const budget = await t.app.inject({ method: "PUT", url: `${api}/strategies/${strategy}/budgets/${y}/Regionale midler`, payload: { investment, operating: 0, providerPersonYears: 10 } });
    expect(budget.statusCode, budget.body).toBe(200);
  }
});
afterAll(() => t?.close());

const create = async (name: string, settings?: object) => {
  const res = await t.anonymous({ method: "POST", url: `${api}/scenarios`, headers: board, payload: { strategy, name, ...(settings ? { settings } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Scenario;
};
const solve = async (id: string) => {
  const res = await t.anonymous({ method: "POST", url: `${api}/scenarios/${id}/solve`, headers: board });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Scenario;
};
const chosen = (s: Scenario) => new Set(s.result!.solution.selected.map((x) => x.id));

describe("a scenario", () => {
  let base: Scenario;

  it("starts from next year's budgets, solves to the best portfolio within them and explains it", async () => {
    base = await create("Stramt budsjett");
    expect(base.settings.fromYear).toBe(year);
    expect(base.settings.budgets[0]).toEqual({ year, investment: 7_000_000, operating: 0, capacity: 10 });
    const solved = await solve(base.id);
    expect(solved.result!.solution.status).toBe("optimal");
    // big + mid = 7 MNOK is the best pair; the small one does not fit beside them.
    const inside = chosen(solved);
    expect(inside.has(ids.big!) && inside.has(ids.mid!)).toBe(true);
    expect(inside.has(ids.small!)).toBe(false);
    expect(solved.current).toBe(true);
    const investment = solved.result!.explanation!.budgets.find((b) => b.resource === "investment" && b.year === year)!;
    expect(investment.gain).toBe(0); // 10 % more (7.7 MNOK) still leaves no room for the 2 MNOK one.
    expect(solved.result!.explanation!.reasons[ids.small!]![0]!.kind).toBe("does_not_fit");
    const forcedIn = solved.result!.explanation!.forced.find((f) => f.id === ids.small)!;
    expect(forcedIn.force).toBe("in");
    expect(forcedIn.loss).toBeGreaterThan(0);
    base = solved;
  });

  it("exports its problem as the documented file, which names every candidate", async () => {
    const res = await t.anonymous({ url: `${api}/scenarios/${base.id}/problem`, headers: board });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain("Stramt-budsjett.problem.json");
    const problem = problemSchema.parse(res.json());
    expect(problem.initiatives.map((i) => i.id)).toEqual(expect.arrayContaining(Object.values(ids)));
  });

  it("is solved the same from the shell: `veivalg optimise` on the exported file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "veivalg-problem-")), "problem.json");
    writeFileSync(file, (await t.anonymous({ url: `${api}/scenarios/${base.id}/problem`, headers: board })).body);
    const { stdout } = await veivalg({}, "optimise", file, "--explain");
    const out = JSON.parse(stdout) as { solution: { status: string; objective: number; selected: { id: string }[] }; explanation: { reasons: Record<string, { kind: string }[]> } };
    expect(out.solution.status).toBe("optimal");
    expect(new Set(out.solution.selected.map((s) => s.id))).toEqual(chosen(base));
    expect(out.explanation.reasons[ids.small!]![0]!.kind).toBe("does_not_fit");
    // A file that is not a problem is refused, naming what is wrong.
    writeFileSync(file, JSON.stringify({ format: "veivalg.optimisation-problem/1", name: "x" }));
    const refused = await veivalg({}, "optimise", file).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain("years:");
  });

  it("explains in its own terms when forced choices cannot all be met", async () => {
    const forced = Object.values(ids).map((initiative) => ({ initiative, choice: "in" }));
    // Without a later start to move to, the three need 9 MNOK of next year's 7: plain arithmetic.
    const now = await solve((await create("Alt må med nå", { ...base.settings, startWindow: 0, forced })).id);
    expect(now.result!.solution.status).toBe("infeasible");
    expect(now.result!.solution.conflicts).toEqual([expect.objectContaining({ kind: "over_budget", resource: "investment", year, needed: 9_000_000, limit: 7_000_000, initiatives: expect.arrayContaining(Object.values(ids)) })]);
    expect(now.result!.explanation).toBeNull();
    // With a year to move into, the solver finds the conflict: the mandatory ones against both years' budgets.
    const later = await solve((await create("Alt må med", { ...base.settings, forced })).id);
    expect(later.result!.solution.status).toBe("infeasible");
    const [conflict] = later.result!.solution.conflicts as { kind: string; constraints: object[] }[];
    expect(conflict!.kind).toBe("combination");
    expect(conflict!.constraints).toEqual(
      expect.arrayContaining([{ kind: "mandatory" }, { kind: "budget", resource: "investment", year }, { kind: "budget", resource: "investment", year: year + 1 }]),
    );
  });

  it("solves again on revised settings, and the frontier grows with the budget", async () => {
    const generous = await create("Romslig", { ...base.settings, budgets: base.settings.budgets.map((b) => (b.year === year ? { ...b, investment: 10_000_000 } : b)) });
    const solved = await solve(generous.id);
    expect(chosen(solved).size).toBeGreaterThanOrEqual(3);
    const res = await t.anonymous({ method: "POST", url: `${api}/scenarios/${generous.id}/frontier`, headers: board });
    expect(res.statusCode, res.body).toBe(200);
    const frontier = (res.json() as Scenario).frontier!;
    expect(frontier).toHaveLength(20);
    frontier.slice(1).forEach((p, k) => expect(p.value).toBeGreaterThanOrEqual(frontier[k]!.value - 1e-9));

    const list = (await t.anonymous({ url: `${api}/scenarios?strategy=${strategy}`, headers: board })).json() as Scenario[];
    expect(list.map((s) => s.name)).toEqual(["Stramt budsjett", "Alt må med nå", "Alt må med", "Romslig"]);
  });

  it("is revised on the version read; a revision makes its solve no longer current", async () => {
    const settings = { ...base.settings, startWindow: 2 };
    expect((await t.anonymous({ method: "PUT", url: `${api}/scenarios/${base.id}`, headers: board, payload: { name: base.name, description: "", settings } })).statusCode).toBe(428);
    const res = await t.anonymous({ method: "PUT", url: `${api}/scenarios/${base.id}`, headers: { ...board, "if-match": `"${base.version}"` }, payload: { name: base.name, description: "Med slakk", settings } });
    expect(res.statusCode, res.body).toBe(200);
    const revised = res.json() as Scenario;
    expect(revised.version).toBe(base.version + 1);
    expect(revised.current).toBe(false);
    expect((await t.anonymous({ method: "PUT", url: `${api}/scenarios/${base.id}`, headers: { ...board, "if-match": `"${base.version}"` }, payload: { name: base.name, description: "", settings } })).statusCode).toBe(412);
    base = await solve(base.id);
    expect(base.current).toBe(true);
  });

  it("is adopted by the board's recorded decision, which moves the chosen candidates to their next phase", async () => {
    const adopt = (headers: Record<string, string>, payload: object) => t.anonymous({ method: "POST", url: `${api}/scenarios/${base.id}/adopt`, headers, payload });
    const decision = { body: "Porteføljestyret", meetingDate: "2026-12-10", decision: "Porteføljen for neste år vedtas", checklistsConfirmed: true };
    expect((await adopt({ ...(await as(t, "strategy_editor", "hso")), "if-match": `"${base.version}"` }, decision)).statusCode).toBe(403);
    const res = await adopt({ ...board, "if-match": `"${base.version}"` }, decision);
    expect(res.statusCode, res.body).toBe(200);
    const adopted = res.json() as Scenario;
    expect(adopted.adoption!.advanced.map((a) => a.initiative).sort()).toEqual([ids.big!, ids.mid!].sort());
    expect(adopted.adoption!.advanced.every((a) => a.from === "idea" && a.to === "concept")).toBe(true);
    const big = (await t.app.inject(`${api}/initiatives/${ids.big}`)).json() as { phase: string; decisions: { decision: string }[] };
    expect(big.phase).toBe("concept");
    expect(big.decisions.at(-1)!.decision).toBe(decision.decision);
    expect(((await t.app.inject(`${api}/initiatives/${ids.small}`)).json() as { phase: string }).phase).toBe("idea");
    // Once adopted, it stays as decided.
    expect((await adopt({ ...board, "if-match": `"${adopted.version}"` }, decision)).statusCode).toBe(409);
  });

  it("is not adopted on a solve the portfolio has moved past", async () => {
    const other = await create("Annen vekting");
    const solved = await solve(other.id);
    // A chosen candidate's estimate changes: the problem the scenario poses is another now.
    const [first] = solved.result!.solution.selected;
    const cost = await t.app.inject({ method: "PUT", url: `${api}/initiatives/${first!.id}/costs/${year}`, payload: { investmentEstimate: 3_500_000, operatingEstimate: 0, providerPersonYears: 1 } });
    expect(cost.statusCode, cost.body).toBe(200);
    const res = await t.anonymous({ method: "POST", url: `${api}/scenarios/${other.id}/adopt`, headers: { ...board, "if-match": `"${solved.version}"` }, payload: { body: "Styret", meetingDate: "2026-12-10", decision: "Vedtatt", checklistsConfirmed: true } });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: "stale_solution" });
  });

  it("is created and solved by the region's governors only; the region's people read it, a visitor not (it is internal)", async () => {
    for (const [role, org] of [["reporter", "hso"], ["board_member", "hv"], ["initiative_owner", "ahus"]] as const) {
      const res = await t.anonymous({ method: "POST", url: `${api}/scenarios`, headers: await as(t, role, org), payload: { strategy, name: `x ${role} ${org}` } });
      expect(res.statusCode, `${role}@${org}`).toBe(403);
      expect((await t.anonymous({ method: "POST", url: `${api}/scenarios/${base.id}/solve`, headers: await as(t, role, org) })).statusCode).toBe(403);
    }
    expect((await t.anonymous({ url: `${api}/scenarios/${base.id}`, headers: await as(t, "reader", "ahus") })).statusCode).toBe(200);
    expect((await t.anonymous({ url: `${api}/scenarios/${base.id}`, headers: await as(t, "reader", "hv") })).statusCode).toBe(403);
    expect((await t.anonymous(`${api}/scenarios/${base.id}`)).statusCode).toBe(401);
  });

  it("refuses settings that make no sense, naming the field", async () => {
    const res = await t.anonymous({ method: "POST", url: `${api}/scenarios`, headers: board, payload: { strategy, name: "Feil", settings: { ...base.settings, budgets: [{ year: year + 30, investment: -1, operating: null, capacity: null }] } } });
    expect(res.statusCode).toBe(400);
    const paths = (res.json() as { details: { path: string }[] }).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.settings.budgets.0.investment", "body.settings.budgets.0.year"]));
    expect((await t.anonymous({ method: "POST", url: `${api}/scenarios`, headers: board, payload: { strategy, name: "Stramt budsjett" } })).statusCode).toBe(409);
  });
});
