import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const write = (payload: Record<string, unknown>) => t.app.inject({ method: "POST", url: "/api/v1/assessments", payload });

describe("assessments (do, learn, measure)", () => {
  it("keeps the owner's assessments per key result and period with their history", async () => {
    const kr = await keyResultId(t.db, "1.1");
    const first = await write({ strategy: "hso-teknologi-2023", keyResult: kr, period: "2025-Q1", confidence: "at_risk", done: "Startet DHO for KOLS", learned: "Rekruttering tar tid", next: "Utvide til hjertesvikt" });
    expect(first.statusCode, first.body).toBe(201);
    const id = (first.json() as { id: number }).id;
    const second = await write({ strategy: "hso-teknologi-2023", keyResult: kr, period: "2025-Q1", confidence: "on_track", done: "Flere pasienter inkludert", replaces: id });
    expect(second.statusCode).toBe(201);
    const stale = await write({ strategy: "hso-teknologi-2023", keyResult: kr, period: "2025-Q1", confidence: "off_track", replaces: id });
    expect(stale.statusCode).toBe(409);
    const current = (await t.app.inject(`/api/v1/assessments?strategy=hso-teknologi-2023&keyResult=${kr}`)).json() as { confidence: string }[];
    expect(current.map((a) => a.confidence)).toEqual(["on_track"]);
    const history = (await t.app.inject(`/api/v1/assessments?strategy=hso-teknologi-2023&keyResult=${kr}&history=true`)).json() as { confidence: string }[];
    expect(history.map((a) => a.confidence)).toEqual(["on_track", "at_risk"]);
  });

  it("assesses a focus area, and refuses an assessment of both or neither", async () => {
    const ok = await write({ strategy: "hso-teknologi-2023", section: "fa-2", period: "2025", confidence: "on_track", next: "KI i radiologi" });
    expect(ok.statusCode).toBe(201);
    const neither = await write({ strategy: "hso-teknologi-2023", period: "2025", confidence: "on_track" });
    expect(neither.statusCode).toBe(400);
    const badConfidence = await write({ strategy: "hso-teknologi-2023", section: "fa-2", period: "2025", confidence: "great" });
    expect(badConfidence.statusCode).toBe(400);
    expect(badConfidence.json()).toMatchObject({ details: [{ path: "body.confidence" }] });
  });
});
