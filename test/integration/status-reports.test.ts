/**
 * Status reports: red, amber or green per dimension for each period of an initiative's report
 * frequency, corrected only by one who saw the current report; the portfolio status table with the
 * overdue ones flagged; and who may report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/app.js";
import { advanceTo, as, createInitiative, decide } from "../support/portfolio.js";

const api = "/api/v1";
const STRATEGY = "hso-teknologi-2023";
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

const green = { overall: "green", scope: "green", schedule: "green", cost: "green", benefits: "green" };
const report = (id: string, payload: object, headers?: Record<string, string>) =>
  (headers ? t.anonymous : t.app.inject)({ method: "POST", url: `${api}/initiatives/${id}/status-reports`, payload: { ...green, ...payload }, headers });

interface Row {
  id: string;
  phase: string;
  reporting: boolean;
  latestStatus: { period: string; overall: string } | null;
  reportOverdue: boolean;
}
async function table(at: string): Promise<{ rows: Map<string, Row>; counts: { reporting: number; overdue: number; overall: Record<string, number> } }> {
  const res = await t.app.inject(`${api}/strategies/${STRATEGY}/portfolio-status?at=${at}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { at: string; initiatives: Row[]; counts: { reporting: number; overdue: number; overall: Record<string, number> } };
  expect(body.at).toBe(at);
  return { rows: new Map(body.initiatives.map((r) => [r.id, r])), counts: body.counts };
}

describe("status reports", () => {
  it("keeps one current report per period, corrected only by one who saw it", async () => {
    const i = await createInitiative(t, { reportFrequency: "quarter" });
    const first = await report(i.id, { period: "2025-Q1", overall: "amber", narrative: "Forsinket leveranse", topRisks: "Leverandør" });
    expect(first.statusCode, first.body).toBe(201);
    const id = (first.json() as { id: number }).id;
    expect(first.json()).toMatchObject({ initiativeId: i.id, period: "2025-Q1", overall: "amber", narrative: "Forsinket leveranse", supersededAt: null });

    // A second report for the period without saying which it corrects, or naming a stale one, is refused.
    expect((await report(i.id, { period: "2025-Q1", replaces: null })).statusCode).toBe(409);
    const corrected = await report(i.id, { period: "2025-Q1", overall: "green", replaces: id });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const stale = await report(i.id, { period: "2025-Q1", overall: "red", replaces: id });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: "stale_status_report" });
    expect((await report(i.id, { period: "2025-Q2", overall: "red", replaces: null })).statusCode).toBe(201);

    const current = (await t.app.inject(`${api}/initiatives/${i.id}/status-reports`)).json() as { period: string; overall: string }[];
    expect(current.map((r) => [r.period, r.overall])).toEqual([
      ["2025-Q2", "red"],
      ["2025-Q1", "green"],
    ]);
    const history = (await t.app.inject(`${api}/initiatives/${i.id}/status-reports?history=true`)).json() as { period: string; overall: string }[];
    expect(history.map((r) => [r.period, r.overall])).toEqual([
      ["2025-Q2", "red"],
      ["2025-Q1", "green"],
      ["2025-Q1", "amber"],
    ]);
  });

  it("takes periods of the initiative's frequency that have begun", async () => {
    const i = await createInitiative(t, { reportFrequency: "quarter" });
    const month = await report(i.id, { period: "2025-03" });
    expect(month.statusCode).toBe(400);
    expect(month.json()).toMatchObject({ details: [{ path: "period" }] });
    expect((await report(i.id, { period: `${new Date().getUTCFullYear() + 1}-Q1` })).statusCode).toBe(400);
    expect((await report(i.id, { period: "2025-Q1", overall: "purple" })).statusCode).toBe(400);
  });

  it("flags initiatives in a reporting phase whose last completed period has no report", async () => {
    const monthly = await createInitiative(t, { reportFrequency: "month" });
    await advanceTo(t, monthly.id, "planning", { meetingDate: "2025-01-10" });
    const quarterly = await createInitiative(t, { reportFrequency: "quarter", organisation: "ous" });
    await advanceTo(t, quarterly.id, "execution", { meetingDate: "2025-02-01" });
    const paused = await createInitiative(t, { reportFrequency: "month" });
    await advanceTo(t, paused.id, "planning", { meetingDate: "2025-01-10" });
    await decide(t, paused.id, "paused", { meetingDate: "2025-01-20" });
    const idea = await createInitiative(t, {});

    let { rows } = await table("2025-03-05");
    expect(rows.get(monthly.id)).toMatchObject({ phase: "planning", reporting: true, latestStatus: null, reportOverdue: true });
    expect(rows.get(quarterly.id)).toMatchObject({ reporting: true, reportOverdue: false });
    expect(rows.get(paused.id)).toMatchObject({ phase: "paused", reporting: false, reportOverdue: false });
    expect(rows.get(idea.id)).toMatchObject({ reporting: false, reportOverdue: false });

    await report(monthly.id, { period: "2025-02", overall: "amber" });
    await report(quarterly.id, { period: "2025-Q1", overall: "red" });
    ({ rows } = await table("2025-03-05"));
    expect(rows.get(monthly.id)).toMatchObject({ latestStatus: { period: "2025-02", overall: "amber" }, reportOverdue: false });
    expect((await table("2025-04-02")).rows.get(monthly.id)?.reportOverdue).toBe(true);
    expect((await table("2025-06-30")).rows.get(quarterly.id)?.reportOverdue).toBe(false);
    const july = await table("2025-07-01");
    expect(july.rows.get(quarterly.id)?.reportOverdue).toBe(true);
    const reporting = [...july.rows.values()].filter((r) => r.reporting);
    expect(july.counts).toEqual({
      reporting: reporting.length,
      overdue: reporting.filter((r) => r.reportOverdue).length,
      overall: {
        green: reporting.filter((r) => r.latestStatus?.overall === "green").length,
        amber: reporting.filter((r) => r.latestStatus?.overall === "amber").length,
        red: reporting.filter((r) => r.latestStatus?.overall === "red").length,
        none: reporting.filter((r) => r.latestStatus === null).length,
      },
    });
    expect(july.counts.overall.red).toBeGreaterThanOrEqual(1);
    expect(july.counts.overdue).toBeGreaterThanOrEqual(2);
  });

  it("lets the initiative owners of the owning trust report, not those of another trust, nor reporters", async () => {
    const ahus = await createInitiative(t, { organisation: "ahus" });
    const ous = await createInitiative(t, { organisation: "ous" });
    const owner = await as(t, "initiative_owner", "ahus");
    expect((await report(ahus.id, { period: "2025-01" }, owner)).statusCode).toBe(201);
    expect((await report(ous.id, { period: "2025-01" }, owner)).statusCode).toBe(403);
    expect((await report(ahus.id, { period: "2025-02" }, await as(t, "reporter", "ahus"))).statusCode).toBe(403);
    expect((await report(ous.id, { period: "2025-01" }, await as(t, "board_member", "hso"))).statusCode).toBe(201);
    expect((await report(ahus.id, { period: "2025-03" }, {})).statusCode).toBe(401);
  });
});
