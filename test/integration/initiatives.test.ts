/**
 * Initiatives through the API: registered with links, participants and dependencies (never in a
 * circle), revised in versions under If-Match, listed for the portfolio board with the figures of
 * their costs, status and risks, shown whole with their history, and changed only by those who may.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";
import { as, createInitiative, decide, initiativeInput, type Initiative } from "../support/portfolio.js";

const api = "/api/v1";
const year = new Date().getUTCFullYear();
let t: TestApp;
let kr11: string;
let kr21: string;

beforeAll(async () => {
  t = await openTestApp();
  kr11 = await keyResultId(t.db, "1.1");
  kr21 = await keyResultId(t.db, "2.1");
});
afterAll(() => t?.close());

const read = async (id: string) => {
  const res = await t.app.inject(`${api}/initiatives/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.json() as Initiative, etag: res.headers.etag as string };
};
const put = (id: string, etag: string, payload: object, headers: Record<string, string> = {}) =>
  (Object.keys(headers).length > 0 ? t.anonymous : t.app.inject)({ method: "PUT", url: `${api}/initiatives/${id}`, headers: { "if-match": etag, ...headers }, payload });
const post = (payload: object) => t.app.inject({ method: "POST", url: `${api}/initiatives`, payload });
const details = (res: { json(): unknown }) => (res.json() as { details: { path: string; message: string; code?: string }[] }).details;

describe("registering an initiative", () => {
  it("stores its fields, links, participants and dependencies, and gives it a code of its owner and year", async () => {
    const base = await createInitiative(t, { organisation: "sykehuspartner", title: "Felles plattform" });
    const res = await post(
      initiativeInput({
        title: "Digital hjemmeoppfølging for KOLS",
        description: "Pasienter med KOLS følges opp hjemme",
        sponsor: "Fagdirektør",
        ownerName: "Kari Nordmann",
        kind: "local_solution",
        tags: ["user_driven", "dho", "dho"],
        theme: "fa-1-i-2",
        fundingSource: "Regionale midler",
        plannedStart: "2025-01-01",
        plannedEnd: "2026-06-30",
        reportFrequency: "quarter",
        links: [
          { section: "fa-1", keyResult: kr11, direction: "positive", size: "large", note: "flere i DHO" },
          { section: "fa-1" },
          { section: "fa-2", direction: "negative", size: "small" },
        ],
        participants: ["ous", "sunnaas"],
        dependsOn: [base.id],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const i = res.json() as Initiative;
    expect(i).toMatchObject({
      strategyId: "hso-teknologi-2023",
      code: `AHUS-${year}-001`,
      phase: "idea",
      version: 1,
      organisationId: "ahus",
      kind: "local_solution",
      tags: ["user_driven", "dho"],
      themeKey: "fa-1-i-2",
      plannedStart: "2025-01-01",
      plannedEnd: "2026-06-30",
      reportFrequency: "quarter",
      participants: ["ous", "sunnaas"],
      dependsOn: [{ id: base.id, code: `SP-${year}-001`, title: "Felles plattform", phase: "idea" }],
      dependents: [],
      contribution: 3 + 2 - 1,
      latestStatus: null,
      riskScore: null,
      reportOverdue: false,
      costs: [],
      decisions: [],
      needs: [],
    });
    expect(i.links).toEqual([
      { section: "fa-1", keyResult: null, direction: "positive", size: "medium", note: "" },
      { section: "fa-1", keyResult: kr11, direction: "positive", size: "large", note: "flere i DHO" },
      { section: "fa-2", keyResult: null, direction: "negative", size: "small", note: "" },
    ]);
    expect((await read(base.id)).body.dependents).toEqual([{ id: i.id, code: i.code, title: i.title, phase: "idea" }]);
    expect((await createInitiative(t)).code).toBe(`AHUS-${year}-002`);
    expect((await createInitiative(t, { code: "EGEN-1" })).code).toBe("EGEN-1");
    const taken = await post(initiativeInput({ code: "egen-1" }));
    expect(taken.statusCode).toBe(400);
    expect(details(taken)).toEqual([expect.objectContaining({ path: "code", code: "code_taken" })]);
  });

  it("refuses what is not in the strategy, an owner among the participants, and dependencies outside the portfolio", async () => {
    const other = (await t.db.query<{ id: string }>("SELECT id FROM initiatives LIMIT 1"))[0]!.id;
    const cases: [Record<string, unknown>, string][] = [
      [{ links: [{ section: "finnes-ikke" }] }, "links.0.section"],
      [{ links: [{ section: "bakgrunn" }] }, "links.0.section"],
      [{ links: [{ section: "fa-1", keyResult: kr21 }] }, "links.0.keyResult"],
      [{ links: [{ section: "fa-1" }, { section: "fa-1" }] }, "links.1"],
      [{ theme: "fa-1" }, "theme"],
      [{ participants: ["ahus"] }, "participants.0"],
      [{ participants: ["finnes-ikke"] }, "participants.0"],
      [{ dependsOn: ["00000000-0000-0000-0000-000000000000"] }, "dependsOn.0"],
      [{ organisation: "finnes-ikke" }, "organisation"],
      [{ plannedStart: "2026-01-01", plannedEnd: "2025-01-01" }, "plannedEnd"],
      [{ strategy: "hv-digitalisering-2024", dependsOn: [other] }, "dependsOn.0"],
    ];
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM initiatives"))[0]!.n;
    for (const [change, path] of cases) {
      const res = await post(initiativeInput(change));
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(details(res).map((d) => d.path), JSON.stringify(change)).toContain(path);
    }
    expect((await post(initiativeInput({ strategy: "finnes-ikke" }))).statusCode).toBe(404);
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM initiatives"))[0]!.n).toBe(before);
  });

  it("refuses dependencies that go in a circle", async () => {
    const a = await createInitiative(t);
    const b = await createInitiative(t, { dependsOn: [a.id] });
    const c = await createInitiative(t, { dependsOn: [b.id] });
    const { body, etag } = await read(a.id);
    for (const dependsOn of [[c.id], [b.id], [a.id]]) {
      const res = await put(a.id, etag, { title: body.title, organisation: "ahus", kind: body.kind, dependsOn });
      expect(res.statusCode, res.body).toBe(400);
    }
    const circle = await put(a.id, etag, { title: body.title, organisation: "ahus", kind: body.kind, dependsOn: [c.id] });
    expect((circle.json() as { message: string }).message).toContain(`${a.code} → ${c.code} → ${b.code} → ${a.code}`);
    expect(details(circle)[0]!.code).toBe("dependency_cycle");
    // Depending the other way round is fine.
    expect((await put(c.id, `"${c.version}"`, { title: c.title, organisation: "ahus", kind: c.kind, dependsOn: [a.id, b.id] })).statusCode).toBe(200);
  });
});

describe("revising an initiative", () => {
  it("records a version per change, keeps what the body leaves out, and never silently overwrites another's change", async () => {
    const i = await createInitiative(t, { sponsor: "Direktør", links: [{ section: "fa-1" }] });
    const first = await put(i.id, '"1"', { title: "Nytt navn", organisation: "ahus", kind: "regional_project", links: [{ section: "fa-3", size: "large" }], reason: "omdøpt" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ title: "Nytt navn", sponsor: "Direktør", version: 2, links: [{ section: "fa-3", size: "large" }] });

    // Two people edited version 2 at once: the second is told, not overwritten.
    const [a, b] = await Promise.all(["Av Anne", "Av Bjørn"].map((title) => put(i.id, '"2"', { title, organisation: "ahus", kind: "regional_project" })));
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 412]);
    const [won, lost] = a!.statusCode === 200 ? [a!, b!] : [b!, a!];
    expect((lost.json() as { code: string }).code).toBe("version_mismatch");
    expect((await read(i.id)).body.title).toBe((won.json() as Initiative).title);
    expect((await t.app.inject({ method: "PUT", url: `${api}/initiatives/${i.id}`, payload: { title: "Uten", organisation: "ahus", kind: "other" } })).statusCode).toBe(428);

    const versions = await t.db.query<{ version: number; reason: string; title: string }>(
      "SELECT version, reason, snapshot->>'title' AS title FROM initiative_versions WHERE initiative_id = $1 ORDER BY version",
      [i.id],
    );
    expect(versions).toEqual([
      { version: 1, reason: "registered", title: i.title },
      { version: 2, reason: "omdøpt", title: "Nytt navn" },
      { version: 3, reason: "", title: expect.stringMatching(/^Av (Anne|Bjørn)$/) },
    ]);
  });

  it("lists everything that happened, newest first", async () => {
    const i = await createInitiative(t);
    await put(i.id, '"1"', { title: "Endret", organisation: "ahus", kind: "regional_project", tags: ["ny"], reason: "presisert" });
    await decide(t, i.id, "approved", { meetingDate: "2025-03-12" });
    await t.db.query("INSERT INTO initiative_costs (initiative_id, year, investment_estimate, updated_by) VALUES ($1, 2025, 1000000, 'økonomi')", [i.id]);
    await t.db.query(
      "INSERT INTO status_reports (initiative_id, period, period_start, overall, scope, schedule, cost, benefits, recorded_by) VALUES ($1, '2025-03', '2025-03-01', 'amber', 'green', 'amber', 'green', 'green', 'prosjektleder')",
      [i.id],
    );
    await t.db.query("INSERT INTO risks (initiative_id, title, likelihood, consequence, recorded_by) VALUES ($1, 'Leverandør forsinket', 4, 3, 'prosjektleder')", [i.id]);
    const res = await t.app.inject(`${api}/initiatives/${i.id}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const history = res.json() as { at: string; kind: string; summary: string; actor: string; details: Record<string, unknown> }[];
    expect(history.map((h) => h.kind)).toEqual(["risk", "status_report", "cost", "decision", "revised", "created"]);
    expect(history.map((h) => h.at)).toEqual([...history.map((h) => h.at)].sort().reverse());
    const revised = history.find((h) => h.kind === "revised")!;
    expect(revised).toMatchObject({ actor: "token:tests", details: { version: 2, reason: "presisert", changed: ["title", "tags"] } });
    expect(revised.summary).toBe("Revised (title, tags): presisert");
    expect(history.find((h) => h.kind === "decision")!.summary).toBe("BP1 approved: idea → concept (Porteføljestyret, 2025-03-12)");
    expect(history.find((h) => h.kind === "risk")).toMatchObject({ actor: "prosjektleder", summary: "Risk registered: Leverandør forsinket (4 × 3)" });
    expect((await t.app.inject(`${api}/initiatives/00000000-0000-0000-0000-000000000000/history`)).statusCode).toBe(404);
  });
});

describe("the portfolio", () => {
  it("lists initiatives with their cost totals, latest status, risk, contribution and overdue reports, and filters them", async () => {
    const strategy = await t.app.inject({ method: "POST", url: `${api}/strategies`, payload: { ...strategyFor("portefolje-liste") } });
    expect(strategy.statusCode, strategy.body).toBe(201);
    const s = "portefolje-liste";
    const a = await createInitiative(t, { strategy: s, code: "A", links: [{ section: "fa-1", size: "large" }, { section: "fa-2", direction: "negative", size: "small" }], fundingSource: "Regionale midler" });
    await createInitiative(t, { strategy: s, code: "B", organisation: "ous", kind: "procurement", links: [{ section: "fa-2" }] });
    await t.db.query(
      `INSERT INTO initiative_costs (initiative_id, year, investment_estimate, investment_actual, operating_estimate, operating_actual, provider_person_years, updated_by)
       VALUES ($1, 2025, 1000000, 900000, 200000, NULL, 1.5, 't'), ($1, 2026, 500000, NULL, 250000, 100000, 0.5, 't')`,
      [a.id],
    );
    for (const [period, overall, superseded] of [["2025-01", "green", false], ["2025-02", "red", true], ["2025-02", "amber", false]] as const) {
      await t.db.query(
        `INSERT INTO status_reports (initiative_id, period, period_start, overall, scope, schedule, cost, benefits, recorded_by, superseded_at)
         VALUES ($1, $2, $3, $4, 'green', 'green', 'red', 'green', 't', $5)`,
        [a.id, period, `${period}-01`, overall, superseded ? new Date().toISOString() : null],
      );
    }
    await t.db.query("INSERT INTO risks (initiative_id, title, likelihood, consequence, status, recorded_by) VALUES ($1, 'x', 2, 3, 'open', 't'), ($1, 'y', 5, 5, 'closed', 't'), ($1, 'z', 4, 2, 'open', 't')", [a.id]);
    // In execution since early 2025 and no report since February: overdue. B is an idea and owes none.
    for (let n = 0; n < 3; n++) await decide(t, a.id, "approved", { meetingDate: "2025-01-05" });

    const list = async (query = "") => {
      const res = await t.app.inject(`${api}/initiatives?strategy=${s}${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Record<string, unknown>[];
    };
    const all = await list();
    expect(all).toEqual([
      {
        id: a.id,
        code: "A",
        title: a.title,
        kind: "regional_project",
        phase: "execution",
        organisationId: "ahus",
        themeKey: null,
        tags: [],
        fundingSource: "Regionale midler",
        plannedStart: null,
        plannedEnd: null,
        sectionKeys: ["fa-1", "fa-2"],
        keyResultIds: [],
        totals: { investmentEstimate: 1500000, operatingEstimate: 450000, investmentActual: 900000, operatingActual: 100000, providerPersonYears: 2 },
        latestStatus: { period: "2025-02", overall: "amber", scope: "green", schedule: "green", cost: "red", benefits: "green" },
        reportOverdue: true,
        riskScore: 8,
        contribution: 2,
        version: 4,
      },
      expect.objectContaining({ code: "B", phase: "idea", reportOverdue: false, riskScore: null, latestStatus: null, contribution: 2, totals: { investmentEstimate: 0, operatingEstimate: 0, investmentActual: 0, operatingActual: 0, providerPersonYears: 0 } }),
    ]);
    const codes = (rows: Record<string, unknown>[]) => rows.map((r) => r.code);
    expect(codes(await list("&phase=execution"))).toEqual(["A"]);
    expect(codes(await list("&kind=procurement"))).toEqual(["B"]);
    expect(codes(await list("&organisation=ous"))).toEqual(["B"]);
    expect(codes(await list("&section=fa-2"))).toEqual(["A", "B"]);
    expect(codes(await list("&section=fa-1"))).toEqual(["A"]);
    expect((await t.app.inject(`${api}/initiatives?strategy=${s}&phase=nope`)).statusCode).toBe(400);
  });

  it("shows one initiative whole: costs, latest status, risks, ROS analyses own and reused, adoptions and benefits with actuals", async () => {
    const owner = await createInitiative(t);
    const i = await createInitiative(t, { kind: "local_solution" });
    await t.db.query("INSERT INTO initiative_costs (initiative_id, year, investment_estimate, updated_by) VALUES ($1, 2026, 300, 't'), ($1, 2025, 100, 't')", [i.id]);
    const [ros] = await t.db.query<{ id: string }>("INSERT INTO ros_analyses (initiative_id, title, performed_on, recorded_by) VALUES ($1, 'ROS for plattformen', '2025-02-01', 't') RETURNING id", [owner.id]);
    await t.db.query("INSERT INTO ros_reuses (ros_id, initiative_id, reused_on, recorded_by) VALUES ($1, $2, '2025-04-01', 't')", [ros!.id, i.id]);
    const [own] = await t.db.query<{ id: string }>("INSERT INTO ros_analyses (initiative_id, title, performed_on, recorded_by) VALUES ($1, 'Egen ROS', '2025-01-01', 't') RETURNING id", [i.id]);
    await t.db.query("INSERT INTO adoptions (initiative_id, organisation_id, adopted_on, recorded_by) VALUES ($1, 'ous', '2025-05-01', 't')", [i.id]);
    const [benefit] = await t.db.query<{ id: string }>(
      "INSERT INTO benefits (initiative_id, title, kind, priced, responsible, value_nok, hours_freed, key_result_id, recorded_by) VALUES ($1, 'Færre reiser', 'efficiency', true, 'Klinikksjef', 200000, 1500, $2, 't') RETURNING id",
      [i.id, kr11],
    );
    await t.db.query("INSERT INTO benefit_actuals (benefit_id, period, period_start, value_nok, hours_freed, recorded_by) VALUES ($1, '2025-06', '2025-06-01', 50000, 300, 't')", [benefit!.id]);
    await t.db.query(
      "INSERT INTO status_reports (initiative_id, period, period_start, overall, scope, schedule, cost, benefits, narrative, recorded_by) VALUES ($1, '2025-05', '2025-05-01', 'green', 'green', 'green', 'green', 'amber', 'Går etter planen', 't')",
      [i.id],
    );
    const { body } = await read(i.id);
    expect(body.costs).toEqual([expect.objectContaining({ year: 2025, investmentEstimate: 100, investmentActual: null }), expect.objectContaining({ year: 2026, investmentEstimate: 300 })]);
    expect(body.totals).toMatchObject({ investmentEstimate: 400 });
    expect(body.latestStatus).toMatchObject({ period: "2025-05", benefits: "amber", narrative: "Går etter planen" });
    expect(body.ros).toEqual([
      expect.objectContaining({ id: ros!.id, reused: true, reusedOn: "2025-04-01", initiativeId: owner.id, initiativeCode: owner.code }),
      expect.objectContaining({ id: own!.id, reused: false, reusedOn: null, reusedBy: [] }),
    ]);
    expect((await read(owner.id)).body.ros).toEqual([expect.objectContaining({ id: ros!.id, reused: false, reusedBy: [{ initiativeId: i.id, code: i.code, reusedOn: "2025-04-01" }] })]);
    expect(body.adoptions).toEqual([expect.objectContaining({ organisationId: "ous", adoptedOn: "2025-05-01" })]);
    expect(body.benefits).toEqual([
      expect.objectContaining({ id: benefit!.id, title: "Færre reiser", valueNok: 200000, hoursFreed: 1500, keyResultId: kr11, actuals: [expect.objectContaining({ period: "2025-06", valueNok: 50000, hoursFreed: 300, value: null })] }),
    ]);
    expect((await t.app.inject(`${api}/initiatives/00000000-0000-0000-0000-000000000000`)).statusCode).toBe(404);
  });
});

describe("who may do what", () => {
  it("lets the region's editors and board members register initiatives, and owners of the initiative's trust edit it", async () => {
    const reporter = await as(t, "reporter", "ahus");
    const owner = await as(t, "initiative_owner", "ahus");
    const board = await as(t, "board_member", "hso");
    const refused = await t.anonymous({ method: "POST", url: `${api}/initiatives`, headers: reporter, payload: initiativeInput() });
    expect(refused.statusCode).toBe(403);
    expect((await t.anonymous({ method: "POST", url: `${api}/initiatives`, headers: owner, payload: initiativeInput() })).statusCode).toBe(403);
    expect((await t.anonymous({ method: "POST", url: `${api}/initiatives`, payload: initiativeInput() })).statusCode).toBe(401);
    const mine = await createInitiative(t, {}, board);
    const theirs = await createInitiative(t, { organisation: "ous" });

    const change = (i: Initiative, extra: object = {}) => ({ title: `${i.title} endret`, organisation: i.organisationId, kind: i.kind, ...extra });
    expect((await put(mine.id, '"1"', change(mine), reporter)).statusCode).toBe(403);
    expect((await put(theirs.id, '"1"', change(theirs), owner)).statusCode).toBe(403);
    expect((await put(mine.id, '"1"', change(mine), owner)).statusCode).toBe(200);
    // The owner of one trust cannot hand the initiative to another.
    expect((await put(mine.id, '"2"', change(mine, { organisation: "ous" }), owner)).statusCode).toBe(403);
    expect((await put(mine.id, '"2"', change(mine, { organisation: "ous" }), board)).statusCode).toBe(200);
  });

  it("shows an unpublished strategy's portfolio only to those who may read the strategy", async () => {
    const created = await t.app.inject({ method: "POST", url: `${api}/strategies`, payload: { ...strategyFor("hv-hemmelig"), owner: "hv", published: false } });
    expect(created.statusCode, created.body).toBe(201);
    const i = await createInitiative(t, { strategy: "hv-hemmelig", organisation: "helse-bergen" });
    const outsider = await as(t, "reader", "ahus");
    expect((await t.anonymous({ url: `${api}/initiatives/${i.id}`, headers: outsider })).statusCode).toBe(403);
    expect((await t.anonymous({ url: `${api}/initiatives?strategy=hv-hemmelig`, headers: outsider })).statusCode).toBe(403);
    expect((await t.anonymous({ url: `${api}/initiatives/${i.id}`, headers: await as(t, "reader", "helse-bergen") })).statusCode).toBe(200);
  });
});

/** A strategy of Helse Sør-Øst with two focus areas. */
function strategyFor(id: string) {
  return {
    id,
    owner: "hso",
    kind: "sub_strategy",
    title: `Strategi ${id}`,
    language: "nb",
    periodFrom: "2025",
    status: "adopted",
    published: true,
    sections: [
      { key: "fa-1", kind: "focus_area", code: "1", title: "Første" },
      { key: "fa-2", kind: "focus_area", code: "2", title: "Andre" },
    ],
  };
}
