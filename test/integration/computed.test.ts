/**
 * Key results computed from the portfolio: the seeded bindings of Helse Sør-Øst's technology
 * strategy, measurements (source computed) that follow gate decisions, adoptions and ROS analyses
 * and their reuse in the same transaction, a rerun that writes nothing, and binding through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshComputed } from "../../server/src/data/computed.js";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";
import { advanceTo, createInitiative } from "../support/portfolio.js";

const api = "/api/v1";
const STRATEGY = "hso-teknologi-2023";
let t: TestApp;
const kr: Record<string, string> = {};

beforeAll(async () => {
  t = await openTestApp();
  for (const code of ["6.2a", "6.3", "6.5", "7.1a", "7.1e", "7.4"]) kr[code] = await keyResultId(t.db, code);
});
afterAll(() => t?.close());

interface Measurement {
  organisation: string;
  period: string;
  value: number | null;
  source: string;
  recordedBy: string;
}

/** The current measurements of a key result, as `organisation period → value`. */
async function values(code: string): Promise<Record<string, number | null>> {
  const res = await t.app.inject(`${api}/key-results/${kr[code]}/measurements?limit=1000`);
  expect(res.statusCode, res.body).toBe(200);
  const rows = res.json() as Measurement[];
  for (const m of rows) expect(m.source).toBe("computed");
  return Object.fromEntries(rows.map((m) => [`${m.organisation} ${m.period}`, m.value]));
}

const rowCount = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurements"))[0]!.n;

describe("key results computed from the portfolio", () => {
  it("binds 6.2a, 6.3, 6.5, 7.1a and 7.1e of the seeded strategy", async () => {
    const res = await t.app.inject(`${api}/strategies/${STRATEGY}/computations`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { code: string; query: string; params: object }[]).map((b) => [b.code, b.query, b.params])).toEqual([
      ["6.2a", "initiatives_entered_phase", { phase: "execution", tags: ["user_driven"] }],
      ["6.3", "initiatives_entered_phase", { phase: "closing", kinds: ["service_design"] }],
      ["6.5", "adoptions", {}],
      ["7.1a", "initiatives_entered_phase", { phase: "closing" }],
      ["7.1e", "ros_performed_or_reused", {}],
    ]);
  });

  it("counts initiatives entering a phase at their gate decisions, for their owner and the quarter of the meeting", async () => {
    const agile = await createInitiative(t, { organisation: "ous", kind: "service_design", tags: ["user_driven"] });
    const other = await createInitiative(t, { organisation: "ous", kind: "development" });
    await advanceTo(t, agile.id, "execution", { meetingDate: "2025-05-10" });
    await advanceTo(t, other.id, "execution", { meetingDate: "2025-05-20" });
    expect(await values("6.2a")).toEqual({ "ous 2025-Q2": 1 });
    expect(await values("7.1a")).toEqual({});

    await advanceTo(t, agile.id, "closing", { meetingDate: "2025-07-01" });
    await advanceTo(t, other.id, "closing", { meetingDate: "2025-09-30" });
    expect(await values("6.3")).toEqual({ "ous 2025-Q3": 1 });
    expect(await values("7.1a")).toEqual({ "ous 2025-Q3": 2 });

    const [audit] = await t.db.query<{ actor: string }>("SELECT actor_label AS actor FROM audit_log ORDER BY seq DESC LIMIT 1");
    const rows = (await t.app.inject(`${api}/key-results/${kr["7.1a"]}/measurements`)).json() as Measurement[];
    expect(rows.map((m) => m.recordedBy)).toEqual([audit!.actor]);

    // The status page reads the computed value at once: the strategy's data revision moved with it.
    const status = (await t.app.inject(`${api}/strategies/${STRATEGY}/status?period=2025-Q3`)).json() as {
      sections: { keyResults: { code: string; organisations: { organisation: string; value: number | null }[] }[] }[];
    };
    const line = status.sections.flatMap((s) => s.keyResults).find((k) => k.code === "7.1a")!;
    expect(line.organisations.find((o) => o.organisation === "ous")?.value).toBe(2);
  });

  it("counts adoptions of local solutions for the adopting trust", async () => {
    const local = await createInitiative(t, { organisation: "ahus", kind: "local_solution" });
    const adopt = (organisation: string, adoptedOn: string) =>
      t.app.inject({ method: "POST", url: `${api}/initiatives/${local.id}/adoptions`, payload: { organisation, adoptedOn, note: "tatt i bruk" } });
    expect((await adopt("ous", "2025-02-03")).statusCode).toBe(201);
    expect((await adopt("sunnaas", "2025-03-31")).statusCode).toBe(201);
    expect(await values("6.5")).toEqual({ "ous 2025-Q1": 1, "sunnaas 2025-Q1": 1 });
    // Once per organisation; never the owner itself; only local solutions.
    expect((await adopt("ous", "2025-04-01")).statusCode).toBe(409);
    expect((await adopt("ahus", "2025-04-01")).statusCode).toBe(400);
    const project = await createInitiative(t, { organisation: "ahus" });
    const refused = await t.app.inject({ method: "POST", url: `${api}/initiatives/${project.id}/adoptions`, payload: { organisation: "ous", adoptedOn: "2025-04-01" } });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(await values("6.5")).toEqual({ "ous 2025-Q1": 1, "sunnaas 2025-Q1": 1 });
  });

  it("counts ROS analyses performed, and reused by another initiative, for the owner of each", async () => {
    const maker = await createInitiative(t, { organisation: "ahus" });
    const reuser = await createInitiative(t, { organisation: "vestre-viken" });
    const ros = await t.app.inject({ method: "POST", url: `${api}/initiatives/${maker.id}/ros`, payload: { title: "ROS for plattform", performedOn: "2025-01-15", conclusion: "Akseptabel risiko" } });
    expect(ros.statusCode, ros.body).toBe(201);
    expect(await values("7.1e")).toEqual({ "ahus 2025-Q1": 1 });
    const id = (ros.json() as { id: string }).id;
    const reuse = (initiative: string, reusedOn: string) => t.app.inject({ method: "POST", url: `${api}/ros/${id}/reuses`, payload: { initiative, reusedOn } });
    expect((await reuse(reuser.id, "2025-04-02")).statusCode).toBe(201);
    expect(await values("7.1e")).toEqual({ "ahus 2025-Q1": 1, "vestre-viken 2025-Q2": 1 });
    expect((await reuse(reuser.id, "2025-05-02")).statusCode).toBe(409);
    expect((await reuse(maker.id, "2025-05-02")).statusCode).toBe(400);

    // The reusing initiative shows the analysis, marked as reused.
    const shown = (await t.app.inject(`${api}/initiatives/${reuser.id}`)).json() as { ros: { id: string; reused: boolean }[] };
    expect(shown.ros).toEqual([expect.objectContaining({ id, reused: true })]);
  });

  it("writes nothing when run again", async () => {
    const before = await rowCount();
    expect(await t.db.transaction((tx) => refreshComputed(tx, STRATEGY, "tests"))).toBe(0);
    expect(await rowCount()).toBe(before);
  });

  it("binds a key result through the API, recomputing at once, and sets what no longer counts to zero", async () => {
    const before = await values("6.2a");
    expect(before).toEqual({ "ous 2025-Q2": 1 });
    const bind = (code: string, payload: object) => t.app.inject({ method: "PUT", url: `${api}/key-results/${kr[code]}/computation`, payload });
    const rebound = await bind("6.2a", { query: "initiatives_entered_phase", params: { phase: "execution", kinds: ["development"] } });
    expect(rebound.statusCode, rebound.body).toBe(200);
    expect(rebound.json()).toMatchObject({ code: "6.2a", query: "initiatives_entered_phase", params: { phase: "execution", kinds: ["development"] }, recorded: 0 });
    // The development initiative entered execution in the same quarter, so the value stands; a phase nobody entered zeroes it.
    expect(await values("6.2a")).toEqual({ "ous 2025-Q2": 1 });
    const realisation = await bind("6.2a", { query: "initiatives_entered_phase", params: { phase: "realisation" } });
    expect(realisation.json()).toMatchObject({ recorded: 1 });
    expect(await values("6.2a")).toEqual({ "ous 2025-Q2": 0 });
    const history = (await t.app.inject(`${api}/key-results/${kr["6.2a"]}/measurements?history=true`)).json() as Measurement[];
    expect(history.map((m) => m.value)).toEqual([1, 0]);

    // A ratio, or an unknown query, cannot be bound.
    expect((await bind("7.4", { query: "adoptions", params: {} })).statusCode).toBe(400);
    expect((await bind("6.2a", { query: "everything", params: {} })).statusCode).toBe(400);

    // Unbound, a key result keeps its measurements and no longer follows the portfolio.
    const unbound = await t.app.inject({ method: "DELETE", url: `${api}/key-results/${kr["6.5"]}/computation` });
    expect(unbound.statusCode, unbound.body).toBe(200);
    const local = await createInitiative(t, { organisation: "ahus", kind: "local_solution" });
    const adopted = await t.app.inject({ method: "POST", url: `${api}/initiatives/${local.id}/adoptions`, payload: { organisation: "ous", adoptedOn: "2025-02-10" } });
    expect(adopted.statusCode).toBe(201);
    expect(await values("6.5")).toEqual({ "ous 2025-Q1": 1, "sunnaas 2025-Q1": 1 });
    expect((await t.app.inject({ method: "DELETE", url: `${api}/key-results/${kr["6.5"]}/computation` })).statusCode).toBe(404);
  });
});
