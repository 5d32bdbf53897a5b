/**
 * Risks of an initiative (likelihood × consequence, owner, mitigation), changed only under If-Match,
 * and risk and vulnerability analyses (ROS) recorded and reused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/app.js";
import { as, createInitiative } from "../support/portfolio.js";

const api = "/api/v1";
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

interface Risk {
  id: string;
  initiativeId: string;
  likelihood: number;
  consequence: number;
  score: number;
  status: string;
  mitigation: string;
  version: number;
}

describe("risks", () => {
  it("records a risk and changes it only with the version last read", async () => {
    const i = await createInitiative(t, { organisation: "ahus" });
    const made = await t.app.inject({
      method: "POST",
      url: `${api}/initiatives/${i.id}/risks`,
      payload: { title: "Leverandøren leverer for sent", likelihood: 4, consequence: 3, ownerName: "Prosjektleder" },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.headers.etag).toBe('"1"');
    const risk = made.json() as Risk;
    expect(risk).toMatchObject({ initiativeId: i.id, score: 12, status: "open", mitigation: "", version: 1 });

    const update = (ifMatch: string | undefined, payload: object) =>
      t.app.inject({ method: "PUT", url: `${api}/risks/${risk.id}`, headers: ifMatch ? { "if-match": ifMatch } : {}, payload });
    const mitigated = await update('"1"', { likelihood: 2, mitigation: "Dagbøter i kontrakten" });
    expect(mitigated.statusCode, mitigated.body).toBe(200);
    expect(mitigated.headers.etag).toBe('"2"');
    expect(mitigated.json()).toMatchObject({ likelihood: 2, consequence: 3, score: 6, mitigation: "Dagbøter i kontrakten", title: "Leverandøren leverer for sent", version: 2 });
    expect((await update('"1"', { status: "closed" })).statusCode).toBe(412);
    expect((await update(undefined, { status: "closed" })).statusCode).toBe(428);
    expect((await update('"2"', { likelihood: 6 })).statusCode).toBe(400);
    expect((await update('"2"', { status: "closed" })).json()).toMatchObject({ status: "closed", version: 3 });

    const shown = (await t.app.inject(`${api}/initiatives/${i.id}`)).json() as { risks: Risk[] };
    expect(shown.risks.map((r) => [r.id, r.status, r.score])).toEqual([[risk.id, "closed", 6]]);
    expect((await t.app.inject({ method: "PUT", url: `${api}/risks/00000000-0000-4000-8000-000000000000`, headers: { "if-match": '"1"' }, payload: {} })).statusCode).toBe(404);
  });

  it("lets the owning trust's initiative owners manage risks and ROS analyses, and no one else below the region", async () => {
    const i = await createInitiative(t, { organisation: "ahus" });
    const risk = (headers: Record<string, string>) =>
      t.anonymous({ method: "POST", url: `${api}/initiatives/${i.id}/risks`, headers, payload: { title: "Risiko", likelihood: 1, consequence: 1 } });
    expect((await risk(await as(t, "initiative_owner", "ahus"))).statusCode).toBe(201);
    expect((await risk(await as(t, "initiative_owner", "ous"))).statusCode).toBe(403);
    expect((await risk(await as(t, "reporter", "ahus"))).statusCode).toBe(403);
    expect((await risk(await as(t, "strategy_editor", "hso"))).statusCode).toBe(201);

    const other = await createInitiative(t, { organisation: "ous" });
    const ros = await t.app.inject({ method: "POST", url: `${api}/initiatives/${i.id}/ros`, payload: { title: "ROS", performedOn: "2025-03-01", document: "Sak 12/2025" } });
    expect(ros.statusCode, ros.body).toBe(201);
    const rosId = (ros.json() as { id: string }).id;
    // Reusing is a record of the reusing initiative: its owners may, the analysing trust's may not.
    const reuse = (headers: Record<string, string>, reusedOn: string) =>
      t.anonymous({ method: "POST", url: `${api}/ros/${rosId}/reuses`, headers, payload: { initiative: other.id, reusedOn } });
    expect((await reuse(await as(t, "initiative_owner", "ahus"), "2025-04-01")).statusCode).toBe(403);
    expect((await reuse(await as(t, "initiative_owner", "ous"), "2025-02-01")).statusCode).toBe(400);
    expect((await reuse(await as(t, "initiative_owner", "ous"), "2025-04-01")).statusCode).toBe(201);
    const made = (await t.app.inject(`${api}/initiatives/${i.id}`)).json() as { ros: { id: string; reused: boolean; reusedBy: { initiativeId: string }[] }[] };
    expect(made.ros).toEqual([expect.objectContaining({ id: rosId, reused: false, reusedBy: [expect.objectContaining({ initiativeId: other.id })] })]);
  });
});
