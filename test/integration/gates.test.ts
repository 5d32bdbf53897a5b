/**
 * Stage gates through the API: a phase changes only by a recorded decision, each move is one the
 * lifecycle has, an approval needs the phase's checklist done, decisions are the portfolio board's,
 * and each region keeps its own checklists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/app.js";
import { advanceTo, as, createInitiative, decide, tryDecide, type Initiative } from "../support/portfolio.js";

const api = "/api/v1";
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

const read = async (id: string) => (await t.app.inject(`${api}/initiatives/${id}`)).json() as Initiative;

describe("passing a gate", () => {
  it("moves the initiative to the next phase only with a recorded decision, keeping the checklist as ticked", async () => {
    const i = await createInitiative(t);
    expect(i).toMatchObject({ phase: "idea", version: 1, gate: "BP1" });
    expect(i.checklist).toMatchObject({ phase: "idea", gate: "BP1", version: 0 });

    // Editing cannot move the phase: the field is not the client's to set.
    const put = await t.app.inject({
      method: "PUT",
      url: `${api}/initiatives/${i.id}`,
      headers: { "if-match": `"${i.version}"` },
      payload: { title: i.title, organisation: "ahus", kind: "regional_project", phase: "execution", reason: "prøver å hoppe over" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ phase: "idea", version: 2 });

    const d = await decide(t, i.id, "approved", { body: "Porteføljestyret", meetingDate: "2025-02-10", decision: "Godkjent til konsept", conditions: "Gevinster beskrives", documents: [{ title: "Idébeskrivelse", url: "https://example.org/ide.pdf" }] });
    expect(d).toMatchObject({ gate: "BP1", fromPhase: "idea", toPhase: "concept", outcome: "approved", phase: "concept", version: 3, meetingDate: "2025-02-10", conditions: "Gevinster beskrives" });
    expect(d.checklist).toEqual([
      { key: "need", label: expect.any(String), required: true, done: true, note: "" },
      { key: "owner", label: expect.any(String), required: true, done: true, note: "" },
    ]);
    const after = await read(i.id);
    expect(after).toMatchObject({ phase: "concept", gate: "BP2", version: 3 });
    expect(after.checklist?.phase).toBe("concept");
    expect(after.decisions.map((x) => x.gate)).toEqual(["BP1"]);
  });

  it("refuses an approval while a required item of the checklist is not done, naming the items", async () => {
    const i = await createInitiative(t);
    const res = await tryDecide(t, i.id, "approved", { checklist: [{ key: "need", done: true }, { key: "owner", done: false }] });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { message: string; details: { path: string; code: string }[] };
    expect(body.message).toMatch(/BP1/);
    expect(body.details).toEqual([expect.objectContaining({ path: "checklist.owner", code: "checklist_incomplete" })]);
    const none = await tryDecide(t, i.id, "approved", { checklist: [] });
    expect((none.json() as { details: { path: string }[] }).details.map((x) => x.path)).toEqual(["checklist.need", "checklist.owner"]);
    // An optional item may be left undone; an item not on the list is refused.
    const unknown = await tryDecide(t, i.id, "approved", { checklist: [{ key: "need", done: true }, { key: "owner", done: true }, { key: "finnes-ikke", done: true }] });
    expect(unknown.statusCode).toBe(400);
    expect((await read(i.id)).phase).toBe("idea");
    // Rejecting or pausing needs no checklist.
    expect((await decide(t, i.id, "rejected", { checklist: [] })).phase).toBe("rejected");
  });

  it("walks the whole lifecycle to completed, after which no decision is taken", async () => {
    const i = await createInitiative(t);
    await advanceTo(t, i.id, "realisation");
    const done = await decide(t, i.id, "approved");
    expect(done).toMatchObject({ gate: "BP6", fromPhase: "realisation", toPhase: "completed" });
    const after = await read(i.id);
    expect(after).toMatchObject({ phase: "completed", gate: null, checklist: null });
    expect(after.decisions.map((d) => `${d.gate} ${d.toPhase}`)).toEqual(["BP1 concept", "BP2 planning", "BP3 execution", "BP4 closing", "BP5 realisation", "BP6 completed"]);
    for (const outcome of ["approved", "rejected", "paused", "resumed"] as const) {
      const res = await tryDecide(t, i.id, outcome);
      expect(res.statusCode, outcome).toBe(400);
      expect((res.json() as { details: { code: string }[] }).details[0]!.code).toBe("illegal_transition");
    }
  });

  it("pauses and resumes where it stopped; refuses to resume what is not paused, and any decision on a rejected one", async () => {
    const i = await createInitiative(t);
    await advanceTo(t, i.id, "planning");
    const notPaused = await tryDecide(t, i.id, "resumed");
    expect(notPaused.statusCode).toBe(400);
    expect((notPaused.json() as { message: string }).message).toMatch(/only a paused initiative can be resumed/);

    expect(await decide(t, i.id, "paused")).toMatchObject({ gate: "BP3", toPhase: "paused", phase: "paused" });
    expect(await read(i.id)).toMatchObject({ phase: "paused", pausedPhase: "planning", gate: null });
    expect((await tryDecide(t, i.id, "approved")).statusCode).toBe(400);
    expect(await decide(t, i.id, "resumed")).toMatchObject({ fromPhase: "paused", toPhase: "planning" });
    expect(await read(i.id)).toMatchObject({ phase: "planning", pausedPhase: null });

    await decide(t, i.id, "rejected");
    for (const outcome of ["approved", "resumed", "paused", "rejected"] as const) expect((await tryDecide(t, i.id, outcome)).statusCode, outcome).toBe(400);
  });

  it("refuses a decision on a version the board did not see (412), and one without If-Match (428)", async () => {
    const i = await createInitiative(t);
    const stale = `"${i.version}"`;
    await decide(t, i.id, "approved");
    const res = await tryDecide(t, i.id, "approved", { ifMatch: stale });
    expect(res.statusCode).toBe(412);
    const bare = await t.app.inject({ method: "POST", url: `${api}/initiatives/${i.id}/decisions`, payload: { outcome: "rejected", body: "Styret", meetingDate: "2025-01-01", decision: "Nei" } });
    expect(bare.statusCode).toBe(428);
    expect((await read(i.id)).decisions).toHaveLength(1);
  });

  it("keeps the benefit plan as it stood at each approval", async () => {
    const i = await createInitiative(t);
    await t.db.query("INSERT INTO benefits (initiative_id, title, kind, responsible, recorded_by) VALUES ($1, 'Spart tid', 'efficiency', 'Klinikksjef', 'tests')", [i.id]);
    const d = await decide(t, i.id, "approved");
    await decide(t, i.id, "paused");
    const rows = await t.db.query<{ revision: number; phase: string; decision_id: string; snapshot: { title: string }[] }>(
      "SELECT revision, phase, decision_id, snapshot FROM benefit_plan_revisions WHERE initiative_id = $1",
      [i.id],
    );
    expect(rows).toEqual([{ revision: 1, phase: "idea", decision_id: d.id, snapshot: [expect.objectContaining({ title: "Spart tid" })] }]);
  });
});

describe("who decides", () => {
  it("lets the region's board members decide, and no one else (not a reporter of the owning trust, nor an editor, nor nobody)", async () => {
    const i = await createInitiative(t);
    const refused = [await as(t, "reporter", "ahus"), await as(t, "strategy_editor", "hso"), await as(t, "initiative_owner", "ahus"), await as(t, "board_member", "hv")];
    for (const headers of refused) expect((await tryDecide(t, i.id, "approved", { headers })).statusCode).toBe(403);
    expect((await tryDecide(t, i.id, "approved", { headers: {} })).statusCode).toBe(401);
    expect((await read(i.id)).decisions).toEqual([]);
    expect((await decide(t, i.id, "approved")).toPhase).toBe("concept");
    const board = await as(t, "board_member", "hso");
    expect((await decide(t, i.id, "approved", { headers: board })).toPhase).toBe("planning");
  });
});

describe("checklists per region", () => {
  it("serves the default until the region writes its own, and then asks the region's items at its gates", async () => {
    const url = `${api}/portfolios/hso-teknologi-2023/checklists`;
    const defaults = (await t.app.inject(url)).json() as Record<string, { items: { key: string }[]; version: number; gate: string }>;
    expect(Object.keys(defaults)).toEqual(["idea", "concept", "planning", "execution", "closing", "realisation"]);
    expect(defaults.idea).toMatchObject({ gate: "BP1", version: 0 });

    const items = [{ key: "styresak", label: "Styresak er skrevet", required: true }, { key: "notat", label: "Notat", required: false }];
    const editor = await as(t, "strategy_editor", "hso");
    const reporter = await as(t, "reporter", "ahus");
    expect((await t.anonymous({ method: "PUT", url: `${url}/concept`, headers: { ...reporter, "if-match": '"0"' }, payload: { items } })).statusCode).toBe(403);
    const saved = await t.anonymous({ method: "PUT", url: `${url}/concept`, headers: { ...editor, "if-match": '"0"' }, payload: { items } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ phase: "concept", version: 1, items });
    expect(saved.headers.etag).toBe('"1"');
    // Someone else saving on top of the default they read too.
    expect((await t.app.inject({ method: "PUT", url: `${url}/concept`, headers: { "if-match": '"0"' }, payload: { items: [] } })).statusCode).toBe(412);
    expect((await t.app.inject({ method: "PUT", url: `${url}/concept`, headers: { "if-match": '"1"' }, payload: { items: [items[0], items[0]] } })).statusCode).toBe(400);
    // Helse Vest's checklists are its own.
    expect(((await t.app.inject(`${api}/portfolios/hv-digitalisering-2024/checklists`)).json() as typeof defaults).concept!.version).toBe(0);

    const i = await createInitiative(t);
    await decide(t, i.id, "approved");
    expect((await read(i.id)).checklist).toMatchObject({ phase: "concept", version: 1, items });
    const missing = await tryDecide(t, i.id, "approved", { checklist: [{ key: "notat", done: true }] });
    expect((missing.json() as { details: { path: string }[] }).details.map((x) => x.path)).toEqual(["checklist.styresak"]);
    expect((await decide(t, i.id, "approved", { checklist: [{ key: "styresak", done: true, note: "sak 12/25" }] })).checklist).toEqual([
      { ...items[0], done: true, note: "sak 12/25" },
      { ...items[1], done: false, note: "" },
    ]);
  });
});
