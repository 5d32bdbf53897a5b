/**
 * Needs intake through the API: a trust registers a need for itself, others support it, the
 * region's governors merge duplicates, decline or turn one into an initiative that carries its
 * organisation, focus areas and supporters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "../support/app.js";
import { as, type Initiative } from "../support/portfolio.js";

const api = "/api/v1";
let t: TestApp;
let ahusReporter: Record<string, string>;
let ousReporter: Record<string, string>;
let editor: Record<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  ahusReporter = await as(t, "reporter", "ahus");
  ousReporter = await as(t, "reporter", "ous");
  editor = await as(t, "strategy_editor", "hso");
});
afterAll(() => t?.close());

interface Need {
  id: string;
  organisationId: string;
  status: string;
  mergedInto: string | null;
  initiativeId: string | null;
  version: number;
  sectionKeys: string[];
  supporters: { organisationId: string; note: string }[];
}

const needInput = (organisation: string, change: object = {}) => ({
  strategy: "hso-teknologi-2023",
  organisation,
  title: "Pasienter med KOLS reiser for mye",
  problem: "Kontroller kunne vært gjort hjemme",
  whoHasIt: "Lungepoliklinikken",
  size: "medium",
  theme: "fa-1-i-2",
  sections: ["fa-1", "fa-3"],
  ...change,
});
const register = async (headers: Record<string, string>, organisation: string, change: object = {}) => {
  const res = await t.anonymous({ method: "POST", url: `${api}/needs`, headers, payload: needInput(organisation, change) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Need;
};
const send = (url: string, payload: object, headers: Record<string, string> = {}) =>
  (headers.authorization ? t.anonymous : t.app.inject)({ method: "POST", url: `${api}${url}`, headers, payload });
const read = async (id: string) => (await t.app.inject(`${api}/needs/${id}`)).json() as Need;

describe("registering and supporting needs", () => {
  it("lets a trust's reporter register a need for the trust, not for another, and not anyone at all", async () => {
    const need = await register(ahusReporter, "ahus");
    expect(need).toMatchObject({ organisationId: "ahus", status: "open", version: 1, sectionKeys: ["fa-1", "fa-3"], themeKey: "fa-1-i-2", supporters: [] });
    const forOus = await t.anonymous({ method: "POST", url: `${api}/needs`, headers: ahusReporter, payload: needInput("ous") });
    expect(forOus.statusCode).toBe(403);
    expect((await t.anonymous({ method: "POST", url: `${api}/needs`, payload: needInput("ahus") })).statusCode).toBe(401);
    // The shared IT provider registers ideas too.
    await register(await as(t, "reporter", "sykehuspartner"), "sykehuspartner");
    for (const [change, path] of [[{ theme: "fa-1" }, "theme"], [{ sections: ["bakgrunn"] }, "sections.0"], [{ organisation: "finnes-ikke" }, "organisation"]] as const) {
      const res = await t.app.inject({ method: "POST", url: `${api}/needs`, payload: needInput("ahus", change) });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect((res.json() as { details: { path: string }[] }).details.map((d) => d.path)).toContain(path);
    }
  });

  it("records other trusts supporting a need, once each, and not the trust that registered it", async () => {
    const need = await register(ahusReporter, "ahus");
    const res = await send(`/needs/${need.id}/supporters`, { organisation: "ous", note: "Vi har det samme" }, ousReporter);
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as Need).supporters).toEqual([expect.objectContaining({ organisationId: "ous", note: "Vi har det samme" })]);
    expect((await send(`/needs/${need.id}/supporters`, { organisation: "ous" }, ousReporter)).statusCode).toBe(409);
    expect((await send(`/needs/${need.id}/supporters`, { organisation: "ahus" }, ahusReporter)).statusCode).toBe(400);
    expect((await send(`/needs/${need.id}/supporters`, { organisation: "sunnaas" }, ousReporter)).statusCode).toBe(403);
    expect((await read(need.id)).supporters.map((s) => s.organisationId)).toEqual(["ous"]);
  });

  it("lists a portfolio's needs, optionally by status", async () => {
    const res = await t.app.inject(`${api}/needs?strategy=hso-teknologi-2023&status=open`);
    expect(res.statusCode).toBe(200);
    const needs = res.json() as Need[];
    expect(needs.length).toBeGreaterThan(0);
    expect(needs.every((n) => n.status === "open")).toBe(true);
    expect((await t.app.inject(`${api}/needs?strategy=hv-digitalisering-2024`)).json()).toEqual([]);
  });
});

describe("triage", () => {
  it("merges a duplicate: its trust and supporters support the other, and it can be triaged no more", async () => {
    const first = await register(ahusReporter, "ahus");
    const duplicate = await register(ousReporter, "ous", { title: "KOLS-kontroller hjemme" });
    await send(`/needs/${duplicate.id}/supporters`, { organisation: "sunnaas" });
    const merge = (id: string, into: string, etag: string, headers: Record<string, string> = {}) => t.anonymous({ method: "POST", url: `${api}/needs/${id}/merge`, headers: { authorization: `Bearer ${t.adminToken}`, "if-match": etag, ...headers }, payload: { into } });

    expect((await merge(duplicate.id, first.id, '"2"', ousReporter)).statusCode).toBe(403);
    expect((await merge(duplicate.id, duplicate.id, '"1"')).statusCode).toBe(400);
    expect((await merge(duplicate.id, first.id, '"7"')).statusCode).toBe(412);
    const res = await merge(duplicate.id, first.id, '"1"', editor);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "merged", mergedInto: first.id, version: 2 });
    expect(res.headers.etag).toBe('"2"');
    expect((await read(first.id)).supporters.map((s) => s.organisationId).sort()).toEqual(["ous", "sunnaas"]);
    expect((await merge(duplicate.id, first.id, '"2"')).statusCode).toBe(409);
    expect((await send(`/needs/${duplicate.id}/supporters`, { organisation: "vestre-viken" })).statusCode).toBe(409);
    // Nothing can be merged into a closed need either.
    const third = await register(ahusReporter, "ahus");
    expect((await merge(third.id, duplicate.id, '"1"')).statusCode).toBe(400);
  });

  it("turns a need into an initiative owned by its trust, linked to its focus areas, with its supporters taking part", async () => {
    const need = await register(ahusReporter, "ahus");
    await send(`/needs/${need.id}/supporters`, { organisation: "ous" });
    const dup = await register(ousReporter, "ous");
    await t.app.inject({ method: "POST", url: `${api}/needs/${dup.id}/merge`, headers: { "if-match": '"1"' }, payload: { into: need.id } });
    const convert = (etag: string, payload: object, headers: Record<string, string> = {}) =>
      t.anonymous({ method: "POST", url: `${api}/needs/${need.id}/convert`, headers: { authorization: `Bearer ${t.adminToken}`, "if-match": etag, ...headers }, payload });

    expect((await convert('"1"', { kind: "regional_project" }, ahusReporter)).statusCode).toBe(403);
    const res = await convert('"1"', { kind: "service_design", links: [{ section: "fa-3", size: "large" }, { section: "fa-1", keyResult: null }] }, editor);
    expect(res.statusCode, res.body).toBe(201);
    const initiative = res.json() as Initiative;
    expect(initiative).toMatchObject({
      title: "Pasienter med KOLS reiser for mye",
      description: "Kontroller kunne vært gjort hjemme",
      organisationId: "ahus",
      kind: "service_design",
      phase: "idea",
      themeKey: "fa-1-i-2",
      participants: ["ous"],
      links: [expect.objectContaining({ section: "fa-1", keyResult: null }), expect.objectContaining({ section: "fa-3", size: "large" })],
    });
    expect((initiative.needs as { id: string; status: string }[]).map((n) => [n.id, n.status])).toEqual([
      [need.id, "converted"],
      [dup.id, "merged"],
    ]);
    expect(await read(need.id)).toMatchObject({ status: "converted", initiativeId: initiative.id, version: 2 });
    expect((await convert('"2"', { kind: "other" })).statusCode).toBe(409);
    expect((await t.app.inject({ method: "POST", url: `${api}/needs/${need.id}/decline`, headers: { "if-match": '"2"' }, payload: { reason: "for sent" } })).statusCode).toBe(409);
  });

  it("declines a need with a reason, kept in the audit trail", async () => {
    const need = await register(ahusReporter, "ahus");
    const res = await t.anonymous({ method: "POST", url: `${api}/needs/${need.id}/decline`, headers: { ...editor, "if-match": '"1"' }, payload: { reason: "Dekkes av regionalt prosjekt" } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "declined", version: 2 });
    const [entry] = await t.db.query<{ after: { reason: string } }>("SELECT after FROM audit_log WHERE action = 'need.decline' AND object_id = $1", [need.id]);
    expect(entry!.after.reason).toBe("Dekkes av regionalt prosjekt");
  });
});
