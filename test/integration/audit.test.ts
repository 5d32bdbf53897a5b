/**
 * The audit trail: every write route appends exactly one entry (the route list comes from the server
 * itself, so a new write route without a case here fails), a changed or removed entry is found by
 * `GET /audit/verify` and `veivalg audit verify`, the filters and exports give what they say, and
 * concurrent writes still make one unbroken chain.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { parse } from "csv-parse/sync";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryHash, type AuditEntry } from "../../server/src/access/audit.js";
import { createSetupToken } from "../../server/src/access/users.js";
import type { Db } from "../../server/src/data/db.js";
import { DEFAULT_CRITERIA } from "../../server/src/domain/prioritisation/scoring.js";
import { buildApp } from "../../server/src/http/app.js";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";
import { initiativeSheet } from "../support/portfolio.js";
import { cliDatabases, veivalg, type CliDatabases } from "../support/cli.js";
import { strategyInput } from "../support/requests.js";

const api = "/api/v1";
const PASSWORD = "riktig hest batteri stift";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

let t: TestApp;
let fhirDir: string;
const registered = new Set<string>();
let n = 0;

const inject = (req: InjectOptions) => t.anonymous(req);
const asAdmin = (req: InjectOptions) => t.app.inject(req);
const entryCount = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log"))[0]!.n;
const lastEntry = async () => (await t.db.query<AuditEntry>("SELECT seq, actor_label AS \"actorLabel\", action, object_type AS \"objectType\", object_id AS \"objectId\" FROM audit_log ORDER BY seq DESC LIMIT 1"))[0]!;

/** A person with a password (set by an administrator, so to be changed; it still signs in). */
async function person(): Promise<{ id: string; email: string; etag: string }> {
  const email = `person-${++n}@example.no`;
  const res = await asAdmin({ method: "POST", url: `${api}/users`, payload: { email, name: `Person ${n}`, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: (res.json() as { id: string }).id, email, etag: res.headers.etag as string };
}

/** A person signed in with a session: the cookie and CSRF header their browser would send. */
async function signedIn(): Promise<{ id: string; headers: Record<string, string> }> {
  const p = await person();
  const res = await inject({ method: "POST", url: `${api}/session`, payload: { email: p.email, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "veivalg_session")!;
  return { id: p.id, headers: { cookie: `${cookie.name}=${cookie.value}`, "x-csrf-token": (res.json() as { csrfToken: string }).csrfToken } };
}

interface WriteCase {
  /** A request that succeeds; what it needs first (a person, a token) is made here and not counted. Without credentials of its own it goes as an administrator. */
  request: () => Promise<InjectOptions> | InjectOptions;
  action: string;
  objectType: string;
  /** The object the entry must name, known before or read from the answer. */
  objectId: (res: LightMyRequestResponse, req: InjectOptions) => string | null;
}

const fromAnswer = (res: LightMyRequestResponse) => (res.json() as { id: string }).id;
const fromUrl = (_res: LightMyRequestResponse, req: InjectOptions) => (req.url as string).split("/")[4]!;
const batch = (res: LightMyRequestResponse) => (res.json() as { batchId: string }).batchId;
const version = async (table: "strategies" | "key_results", id: string) => `"${(await t.db.query<{ v: number }>(`SELECT current_version AS v FROM ${table} WHERE id = $1`, [id]))[0]!.v}"`;

const need = async (organisation = "ahus") => {
  const res = await asAdmin({ method: "POST", url: `${api}/needs`, payload: { strategy: "hso-teknologi-2023", organisation, title: `Behov ${++n}`, problem: "Et problem", size: "small" } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
};
const initiative = async () => {
  const res = await asAdmin({ method: "POST", url: `${api}/initiatives`, payload: { strategy: "hso-teknologi-2023", title: `Tiltak ${++n}`, organisation: "ahus", kind: "other" } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
};
/** A scenario of Helse Sør-Øst's portfolio (solved when `solved`), made by the administrator. */
const scenario = async (solved = false) => {
  const res = await asAdmin({ method: "POST", url: `${api}/scenarios`, payload: { strategy: "hso-teknologi-2023", name: `Scenario ${++n}` } });
  expect(res.statusCode, res.body).toBe(201);
  const s = res.json() as { id: string; version: number };
  if (solved) expect((await asAdmin({ method: "POST", url: `${api}/scenarios/${s.id}/solve` })).statusCode).toBe(200);
  return s;
};

const WRITES: Record<string, WriteCase> = {
  "POST /api/v1/organisations": {
    request: () => ({ method: "POST", url: `${api}/organisations`, payload: { id: `revisjon-${++n}`, parent: "ahus", kind: "unit", name: `Enhet ${n}`, shortName: `E${n}` } }),
    action: "organisation.create",
    objectType: "organisation",
    objectId: (_res, req) => (req.payload as { id: string }).id,
  },
  "PUT /api/v1/organisations/:id/publication": {
    request: () => ({ method: "PUT", url: `${api}/organisations/hv/publication`, payload: { portfolioSummary: ++n % 2 === 0 } }),
    action: "organisation.publication",
    objectType: "organisation",
    objectId: () => "hv",
  },
  "POST /api/v1/strategies": {
    request: () => ({ method: "POST", url: `${api}/strategies`, payload: strategyInput(`revisjon-${++n}`, "hso", true) }),
    action: "strategy.create",
    objectType: "strategy",
    objectId: fromAnswer,
  },
  "PUT /api/v1/strategies/:id": {
    request: async () => {
      const { id: _id, ...strategy } = strategyInput("revisjon-strategi", "hso", true);
      return {
        method: "PUT",
        url: `${api}/strategies/revisjon-strategi`,
        headers: { "if-match": await version("strategies", "revisjon-strategi") },
        payload: { strategy: { ...strategy, summary: `revidert ${++n}` }, reason: "revisjon", effectiveFrom: "2025-06-01" },
      };
    },
    action: "strategy.revise",
    objectType: "strategy",
    objectId: () => "revisjon-strategi",
  },
  "POST /api/v1/alignments": {
    request: () => ({
      method: "POST",
      url: `${api}/alignments`,
      payload: { fromStrategy: "revisjon-strategi", fromSection: "fa-1", toStrategy: "hso-rup-2040", toSection: "goal-3", note: `lenke ${++n}` },
    }),
    action: "alignment.create",
    objectType: "alignment",
    objectId: fromAnswer,
  },
  "PUT /api/v1/key-results/:id": {
    request: async () => {
      const id = await keyResultId(t.db, "M1", "revisjon-strategi");
      return {
        method: "PUT",
        url: `${api}/key-results/${id}`,
        headers: { "if-match": await version("key_results", id) },
        payload: { content: { title: `Antall ${++n}`, unit: "count", direction: "increase", aggregation: "sum", frequency: "year" }, reason: "revisjon", effectiveFrom: "2025-01-01" },
      };
    },
    action: "key_result.revise",
    objectType: "key_result",
    objectId: fromUrl,
  },
  "POST /api/v1/measurements": {
    request: () => ({ method: "POST", url: `${api}/measurements`, payload: { items: [{ keyResult: "3.2", organisation: "ahus", period: "2024-01", value: ++n }] } }),
    action: "measurements.record",
    objectType: "measurement_batch",
    objectId: batch,
  },
  "POST /api/v1/imports/measurements": {
    request: () => ({
      method: "POST",
      url: `${api}/imports/measurements?strategy=hso-teknologi-2023`,
      headers: { "content-type": "text/csv" },
      payload: `nøkkelresultat;organisasjon;periode;verdi\n3.2;Ahus;2024-02;${++n}\n3.2;OUS;2024-02;${n}\n`,
    }),
    action: "measurements.record",
    objectType: "measurement_batch",
    objectId: batch,
  },
  "POST /api/v1/imports/initiatives": {
    request: async () => ({
      method: "POST",
      url: `${api}/imports/initiatives?strategy=hso-teknologi-2023`,
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      payload: await initiativeSheet([["tittel", "eier", "type"], [`Revisjon ${++n}`, "ahus", "Annet"]]),
    }),
    action: "initiative.import",
    objectType: "strategy",
    objectId: () => "hso-teknologi-2023",
  },
  "POST /api/v1/needs": {
    request: () => ({ method: "POST", url: `${api}/needs`, payload: { strategy: "hso-teknologi-2023", organisation: "ahus", title: `Behov ${++n}`, problem: "Et problem", size: "large" } }),
    action: "need.register",
    objectType: "need",
    objectId: fromAnswer,
  },
  "POST /api/v1/needs/:id/supporters": {
    request: async () => ({ method: "POST", url: `${api}/needs/${await need()}/supporters`, payload: { organisation: "ous" } }),
    action: "need.support",
    objectType: "need",
    objectId: fromUrl,
  },
  "POST /api/v1/needs/:id/merge": {
    request: async () => ({ method: "POST", url: `${api}/needs/${await need()}/merge`, headers: { "if-match": '"1"' }, payload: { into: await need("ous") } }),
    action: "need.merge",
    objectType: "need",
    objectId: fromUrl,
  },
  "POST /api/v1/needs/:id/decline": {
    request: async () => ({ method: "POST", url: `${api}/needs/${await need()}/decline`, headers: { "if-match": '"1"' }, payload: { reason: "dekket" } }),
    action: "need.decline",
    objectType: "need",
    objectId: fromUrl,
  },
  "POST /api/v1/needs/:id/convert": {
    request: async () => ({ method: "POST", url: `${api}/needs/${await need()}/convert`, headers: { "if-match": '"1"' }, payload: { kind: "other" } }),
    action: "need.convert",
    objectType: "need",
    objectId: fromUrl,
  },
  "POST /api/v1/initiatives": {
    request: () => ({ method: "POST", url: `${api}/initiatives`, payload: { strategy: "hso-teknologi-2023", title: `Tiltak ${++n}`, organisation: "ahus", kind: "other" } }),
    action: "initiative.create",
    objectType: "initiative",
    objectId: fromAnswer,
  },
  "PUT /api/v1/initiatives/:id": {
    request: async () => ({ method: "PUT", url: `${api}/initiatives/${await initiative()}`, headers: { "if-match": '"1"' }, payload: { title: `Endret ${++n}`, organisation: "ahus", kind: "other" } }),
    action: "initiative.revise",
    objectType: "initiative",
    objectId: fromUrl,
  },
  "POST /api/v1/initiatives/:id/decisions": {
    request: async () => ({
      method: "POST",
      url: `${api}/initiatives/${await initiative()}/decisions`,
      headers: { "if-match": '"1"' },
      payload: { outcome: "paused", body: "Porteføljestyret", meetingDate: "2025-03-12", decision: "Satt på vent" },
    }),
    action: "initiative.decide",
    objectType: "initiative",
    objectId: fromUrl,
  },
  "PUT /api/v1/portfolios/:strategy/checklists/:phase": {
    request: async () => {
      const [row] = await t.db.query<{ version: number }>("SELECT version FROM gate_checklists WHERE region_id = 'hso' AND phase = 'closing'");
      return {
        method: "PUT",
        url: `${api}/portfolios/hso-teknologi-2023/checklists/closing`,
        headers: { "if-match": `"${row?.version ?? 0}"` },
        payload: { items: [{ key: "report", label: `Sluttrapport ${++n}`, required: true }] },
      };
    },
    action: "checklist.update",
    objectType: "gate_checklist",
    objectId: () => "hso/closing",
  },
  "PUT /api/v1/portfolios/:strategy/scoring-model": {
    request: async () => {
      const [row] = await t.db.query<{ version: number | null }>("SELECT max(version) AS version FROM scoring_models WHERE region_id = 'hso'");
      return {
        method: "PUT",
        url: `${api}/portfolios/hso-teknologi-2023/scoring-model`,
        headers: { "if-match": `"${row?.version ?? 0}"` },
        payload: { criteria: DEFAULT_CRITERIA, hourValue: 700, note: `revisjon ${++n}` },
      };
    },
    action: "scoring_model.update",
    objectType: "scoring_model",
    objectId: () => "hso",
  },
  "PUT /api/v1/initiatives/:id/scores": {
    request: async () => ({ method: "PUT", url: `${api}/initiatives/${await initiative()}/scores`, payload: { scores: [{ criterion: "risk", value: 2 }, { criterion: "urgency", value: 4 }] } }),
    action: "initiative.score",
    objectType: "initiative",
    objectId: fromUrl,
  },
  "PUT /api/v1/initiatives/:id/agreed-scores": {
    request: async () => ({ method: "PUT", url: `${api}/initiatives/${await initiative()}/agreed-scores`, payload: { scores: [{ criterion: "mandate", value: 2, note: "Lovkrav" }] } }),
    action: "initiative.agree_scores",
    objectType: "initiative",
    objectId: fromUrl,
  },
  // Helse Vest's strategy has no FHIR definitions: the run fails at once, and a failed run writes no audit entry of its own.
  "POST /api/v1/fhir-runs": {
    request: () => ({ method: "POST", url: `${api}/fhir-runs`, payload: { strategy: "hv-digitalisering-2024", source: "revisjon" } }),
    action: "fhir_run.start",
    objectType: "fhir_run",
    objectId: (res) => (res.json() as { id: string }).id,
  },
  "POST /api/v1/scenarios": {
    request: () => ({ method: "POST", url: `${api}/scenarios`, payload: { strategy: "hso-teknologi-2023", name: `Revisjonsspor ${++n}` } }),
    action: "scenario.create",
    objectType: "scenario",
    objectId: (res) => (res.json() as { id: string }).id,
  },
  "PUT /api/v1/scenarios/:id": {
    request: async () => {
      const s = await scenario();
      const current = (await t.app.inject(`${api}/scenarios/${s.id}`)).json() as { settings: object; version: number };
      return { method: "PUT", url: `${api}/scenarios/${s.id}`, headers: { "if-match": `"${current.version}"` }, payload: { name: `Revisjonsspor ${++n}`, description: "", settings: current.settings } };
    },
    action: "scenario.revise",
    objectType: "scenario",
    objectId: fromUrl,
  },
  "POST /api/v1/scenarios/:id/solve": {
    request: async () => ({ method: "POST", url: `${api}/scenarios/${(await scenario()).id}/solve` }),
    action: "scenario.solve",
    objectType: "scenario",
    objectId: fromUrl,
  },
  "POST /api/v1/scenarios/:id/frontier": {
    request: async () => ({ method: "POST", url: `${api}/scenarios/${(await scenario()).id}/frontier` }),
    action: "scenario.frontier",
    objectType: "scenario",
    objectId: fromUrl,
  },
  "POST /api/v1/scenarios/:id/adopt": {
    request: async () => {
      const s = await scenario(true);
      return { method: "POST", url: `${api}/scenarios/${s.id}/adopt`, headers: { "if-match": `"${s.version}"` }, payload: { body: "Porteføljestyret", meetingDate: "2026-12-10", decision: "Vedtatt", checklistsConfirmed: true } };
    },
    action: "scenario.adopt",
    objectType: "scenario",
    objectId: fromUrl,
  },
  "PUT /api/v1/initiatives/:id/costs/:year": {
    request: async () => ({ method: "PUT", url: `${api}/initiatives/${await initiative()}/costs/2025`, payload: { investmentEstimate: ++n, operatingEstimate: 0, providerPersonYears: 0.5 } }),
    action: "cost.set",
    objectType: "initiative",
    objectId: fromUrl,
  },
  "PUT /api/v1/strategies/:id/budgets/:year/:fundingSource": {
    request: () => ({ method: "PUT", url: `${api}/strategies/hso-teknologi-2023/budgets/2025/Regionale%20midler`, payload: { investment: ++n, operating: 0, providerPersonYears: 1 } }),
    action: "budget.set",
    objectType: "strategy",
    objectId: () => "hso-teknologi-2023",
  },
  "POST /api/v1/initiatives/:id/status-reports": {
    request: async () => ({
      method: "POST",
      url: `${api}/initiatives/${await initiative()}/status-reports`,
      payload: { period: "2025-01", overall: "green", scope: "green", schedule: "amber", cost: "green", benefits: "green", narrative: `Status ${++n}` },
    }),
    action: "status_report.record",
    objectType: "status_report",
    objectId: (res) => String((res.json() as { id: number }).id),
  },
  "POST /api/v1/initiatives/:id/risks": {
    request: async () => ({ method: "POST", url: `${api}/initiatives/${await initiative()}/risks`, payload: { title: `Risiko ${++n}`, likelihood: 3, consequence: 4 } }),
    action: "risk.create",
    objectType: "risk",
    objectId: fromAnswer,
  },
  "PUT /api/v1/risks/:id": {
    request: async () => {
      const made = await asAdmin({ method: "POST", url: `${api}/initiatives/${await initiative()}/risks`, payload: { title: `Risiko ${++n}`, likelihood: 3, consequence: 4 } });
      return { method: "PUT", url: `${api}/risks/${(made.json() as { id: string }).id}`, headers: { "if-match": '"1"' }, payload: { status: "closed" } };
    },
    action: "risk.update",
    objectType: "risk",
    objectId: fromUrl,
  },
  "POST /api/v1/initiatives/:id/ros": {
    request: async () => ({ method: "POST", url: `${api}/initiatives/${await initiative()}/ros`, payload: { title: `ROS ${++n}`, performedOn: "2025-02-01" } }),
    action: "ros.create",
    objectType: "ros",
    objectId: fromAnswer,
  },
  "POST /api/v1/ros/:id/reuses": {
    request: async () => {
      const made = await asAdmin({ method: "POST", url: `${api}/initiatives/${await initiative()}/ros`, payload: { title: `ROS ${++n}`, performedOn: "2025-02-01" } });
      return { method: "POST", url: `${api}/ros/${(made.json() as { id: string }).id}/reuses`, payload: { initiative: await initiative(), reusedOn: "2025-03-01" } };
    },
    action: "ros.reuse",
    objectType: "ros",
    objectId: fromUrl,
  },
  "POST /api/v1/initiatives/:id/adoptions": {
    request: async () => {
      const made = await asAdmin({ method: "POST", url: `${api}/initiatives`, payload: { strategy: "hso-teknologi-2023", title: `Lokal løsning ${++n}`, organisation: "ahus", kind: "local_solution" } });
      return { method: "POST", url: `${api}/initiatives/${(made.json() as { id: string }).id}/adoptions`, payload: { organisation: "ous", adoptedOn: "2025-04-01" } };
    },
    action: "adoption.record",
    objectType: "initiative",
    objectId: fromUrl,
  },
  "POST /api/v1/initiatives/:id/benefits": {
    request: async () => ({ method: "POST", url: `${api}/initiatives/${await initiative()}/benefits`, payload: { title: `Gevinst ${++n}`, kind: "quality", priced: false, responsible: "Leder" } }),
    action: "benefit.create",
    objectType: "benefit",
    objectId: fromAnswer,
  },
  "PUT /api/v1/benefits/:id": {
    request: async () => {
      const made = await asAdmin({ method: "POST", url: `${api}/initiatives/${await initiative()}/benefits`, payload: { title: `Gevinst ${++n}`, kind: "quality", priced: false, responsible: "Leder" } });
      return { method: "PUT", url: `${api}/benefits/${(made.json() as { id: string }).id}`, headers: { "if-match": '"1"' }, payload: { target: 5 } };
    },
    action: "benefit.update",
    objectType: "benefit",
    objectId: fromUrl,
  },
  "POST /api/v1/benefits/:id/actuals": {
    request: async () => {
      const made = await asAdmin({ method: "POST", url: `${api}/initiatives/${await initiative()}/benefits`, payload: { title: `Gevinst ${++n}`, kind: "efficiency", priced: true, responsible: "Leder" } });
      return { method: "POST", url: `${api}/benefits/${(made.json() as { id: string }).id}/actuals`, payload: { period: "2025-Q1", valueNok: 1000, hoursFreed: 10 } };
    },
    action: "benefit_actual.record",
    objectType: "benefit_actual",
    objectId: (res) => String((res.json() as { id: number }).id),
  },
  "PUT /api/v1/key-results/:id/computation": {
    request: async () => ({ method: "PUT", url: `${api}/key-results/${await keyResultId(t.db, "6.1")}/computation`, payload: { query: "initiatives_entered_phase", params: { phase: "execution", tags: [`tag-${++n}`] } } }),
    action: "key_result.bind",
    objectType: "key_result",
    objectId: fromUrl,
  },
  "DELETE /api/v1/key-results/:id/computation": {
    request: async () => {
      const id = await keyResultId(t.db, "6.2b");
      const bound = await asAdmin({ method: "PUT", url: `${api}/key-results/${id}/computation`, payload: { query: "adoptions", params: {} } });
      expect(bound.statusCode, bound.body).toBe(200);
      return { method: "DELETE", url: `${api}/key-results/${id}/computation` };
    },
    action: "key_result.unbind",
    objectType: "key_result",
    objectId: fromUrl,
  },
  "POST /api/v1/assessments": {
    request: () => ({
      method: "POST",
      url: `${api}/assessments`,
      payload: { strategy: "hso-teknologi-2023", section: "fa-2", period: `2024-Q${(++n % 4) + 1}`, confidence: "at_risk", done: "noe", learned: "mer", next: "videre", replaces: null },
    }),
    action: "assessment.record",
    objectType: "assessment",
    objectId: (res) => String((res.json() as { id: number }).id),
  },
  "POST /api/v1/tokens": {
    request: () => ({ method: "POST", url: `${api}/tokens`, payload: { name: `system ${++n}`, role: "reporter", organisation: "ahus" } }),
    action: "token.create",
    objectType: "token",
    objectId: (res) => (res.json() as { info: { id: string } }).info.id,
  },
  "DELETE /api/v1/tokens/:id": {
    request: async () => {
      const res = await asAdmin({ method: "POST", url: `${api}/tokens`, payload: { name: `system ${++n}`, role: "reader", organisation: "hso" } });
      return { method: "DELETE", url: `${api}/tokens/${(res.json() as { info: { id: string } }).info.id}` };
    },
    action: "token.revoke",
    objectType: "token",
    objectId: fromUrl,
  },
  "POST /api/v1/users": {
    request: () => ({ method: "POST", url: `${api}/users`, payload: { email: `ny-${++n}@example.no`, name: "Ny" } }),
    action: "user.create",
    objectType: "user",
    objectId: fromAnswer,
  },
  "PUT /api/v1/users/:id": {
    request: async () => {
      const p = await person();
      return { method: "PUT", url: `${api}/users/${p.id}`, headers: { "if-match": p.etag }, payload: { name: "Nytt navn", disabled: false } };
    },
    action: "user.update",
    objectType: "user",
    objectId: fromUrl,
  },
  "POST /api/v1/users/:id/password": {
    request: async () => ({ method: "POST", url: `${api}/users/${(await person()).id}/password`, payload: { password: `${PASSWORD} ny` } }),
    action: "user.password_reset",
    objectType: "user",
    objectId: fromUrl,
  },
  "POST /api/v1/users/:id/grants": {
    request: async () => ({ method: "POST", url: `${api}/users/${(await person()).id}/grants`, payload: { role: "reporter", organisation: "ahus" } }),
    action: "user.grant",
    objectType: "user",
    objectId: fromUrl,
  },
  "DELETE /api/v1/users/:id/grants/:grantId": {
    request: async () => {
      const p = await person();
      const grant = await asAdmin({ method: "POST", url: `${api}/users/${p.id}/grants`, payload: { role: "reader", organisation: "hso" } });
      return { method: "DELETE", url: `${api}/users/${p.id}/grants/${(grant.json() as { id: string }).id}` };
    },
    action: "user.revoke",
    objectType: "user",
    objectId: fromUrl,
  },
  "POST /api/v1/session": {
    request: async () => ({ method: "POST", url: `${api}/session`, payload: { email: (await person()).email, password: PASSWORD } }),
    action: "session.login",
    objectType: "user",
    objectId: (res) => (res.json() as { user: { id: string } }).user.id,
  },
  "DELETE /api/v1/session": {
    request: async () => ({ method: "DELETE", url: `${api}/session`, headers: (await signedIn()).headers }),
    action: "session.logout",
    objectType: "user",
    objectId: () => null,
  },
  "POST /api/v1/session/revoke-all": {
    request: async () => ({ method: "POST", url: `${api}/session/revoke-all`, headers: (await signedIn()).headers }),
    action: "session.revoke_all",
    objectType: "user",
    objectId: () => null,
  },
  "PUT /api/v1/session/password": {
    request: async () => ({ method: "PUT", url: `${api}/session/password`, headers: (await signedIn()).headers, payload: { current: PASSWORD, password: `${PASSWORD} helt ny` } }),
    action: "user.password_change",
    objectType: "user",
    objectId: () => null,
  },
  "POST /api/v1/setup": {
    request: async () => ({
      method: "POST",
      url: `${api}/setup`,
      payload: { token: await createSetupToken(t.db), email: "forste-admin@example.no", name: "Første", password: PASSWORD },
    }),
    action: "user.setup",
    objectType: "user",
    objectId: (res) => (res.json() as { user: { id: string } }).user.id,
  },
};

beforeAll(async () => {
  fhirDir = mkdtempSync(join(tmpdir(), "veivalg-audit-fhir-"));
  mkdirSync(join(fhirDir, "revisjon"));
  t = await openTestApp({
    fhirDir,
    onRoute: (r) => {
      for (const method of [r.method].flat()) if (!SAFE.has(method)) registered.add(`${method} ${r.url}`);
    },
  });
  const created = await asAdmin({ method: "POST", url: `${api}/strategies`, payload: strategyInput("revisjon-strategi", "hso", true) });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
  rmSync(fhirDir, { recursive: true, force: true });
});

describe("every write route produces exactly one audit entry", () => {
  it("has a case for every write route the server registers, and none for a route it does not", () => {
    const missing = [...registered].filter((r) => !(r in WRITES));
    const stale = Object.keys(WRITES).filter((r) => !registered.has(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it.each(Object.keys(WRITES))("%s", async (route) => {
    const c = WRITES[route]!;
    const req = await c.request();
    const headers = req.headers ?? {};
    const before = await entryCount();
    const res = headers.cookie ? await inject(req) : await asAdmin(req);
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await entryCount()).toBe(before + 1);
    const entry = await lastEntry();
    const objectId = c.objectId(res, req);
    expect(entry).toMatchObject({ action: c.action, objectType: c.objectType, ...(objectId === null ? {} : { objectId }) });
  });

  it("writes nothing, and so no entry, for a dry-run import or a refused write", async () => {
    const before = await entryCount();
    const dry = await asAdmin({
      method: "POST",
      url: `${api}/imports/measurements?strategy=hso-teknologi-2023&dryRun=true`,
      headers: { "content-type": "text/csv" },
      payload: "nøkkelresultat;organisasjon;periode;verdi\n3.2;Ahus;2024-03;5\n",
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 1 });
    const bad = await asAdmin({ method: "POST", url: `${api}/measurements`, payload: { items: [{ keyResult: "3.2", organisation: "ahus", period: "2024-13", value: 1 }] } });
    expect(bad.statusCode).toBe(400);
    const refused = await inject({ method: "POST", url: `${api}/organisations`, payload: { id: "uten-lov", kind: "unit", name: "Uten lov", shortName: "UL" } });
    expect(refused.statusCode).toBe(401);
    expect(await entryCount()).toBe(before);
  });
});

interface Page {
  total: number;
  entries: AuditEntry[];
}
const audit = async (query: string) => {
  const res = await asAdmin({ url: `${api}/audit?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

describe("reading the audit trail", () => {
  it("filters by object, actor and time, newest first, a page at a time", async () => {
    const all = await audit("limit=1000");
    expect(all.total).toBeGreaterThan(20);
    expect(all.entries.map((e) => e.seq)).toEqual([...all.entries.map((e) => e.seq)].sort((a, b) => b - a));

    const strategy = await audit("objectType=strategy&objectId=revisjon-strategi");
    expect(strategy.entries.map((e) => e.action)).toEqual(["strategy.revise", "strategy.create"]);
    expect(strategy.total).toBe(2);

    const tokens = await audit("objectType=token");
    expect(tokens.entries.every((e) => e.objectType === "token")).toBe(true);
    expect(new Set(tokens.entries.map((e) => e.action))).toEqual(new Set(["token.create", "token.revoke"]));

    // By who acted: the label (any case) or the id.
    const byLabel = await audit("actor=TOKEN:tests&limit=1000");
    expect(byLabel.total).toBe(all.entries.filter((e) => e.actorLabel === "token:tests").length);
    const [setup] = all.entries.filter((e) => e.action === "user.setup");
    const byId = await audit(`actor=${setup!.actorId}`);
    expect(byId.entries.map((e) => e.seq)).toEqual(all.entries.filter((e) => e.actorId === setup!.actorId).map((e) => e.seq));
    expect(byId.entries[0]!.actorLabel).toBe("forste-admin@example.no");

    // Paging.
    const page = await audit("limit=5&offset=3");
    expect(page.total).toBe(all.total);
    expect(page.entries.map((e) => e.seq)).toEqual(all.entries.slice(3, 8).map((e) => e.seq));

    // Instants bound both ways; a date means that whole day in Norway.
    const mid = all.entries[10]!;
    expect((await audit(`to=${encodeURIComponent(mid.at)}&limit=1000`)).entries.every((e) => e.at <= mid.at)).toBe(true);
    expect((await audit(`from=${encodeURIComponent(mid.at)}&limit=1000`)).entries.every((e) => e.at >= mid.at)).toBe(true);
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Oslo" }).format(new Date());
    expect((await audit(`from=${today}&to=${today}&limit=1000`)).total).toBe(all.total);
    expect((await audit("to=2020-12-31")).total).toBe(0);
    expect((await audit("from=2999-01-01")).total).toBe(0);
    await t.db.query("UPDATE audit_log SET at = '2025-03-01T22:30:00Z' WHERE seq = 1"); // 23:30 on 1 March in Oslo
    expect((await audit("from=2025-03-01&to=2025-03-01")).entries.map((e) => e.seq)).toEqual([1]);
    expect((await audit("from=2025-03-02&to=2025-03-02")).total).toBe(0);
    await t.db.query("UPDATE audit_log SET at = $1 WHERE seq = 1", [all.entries.at(-1)!.at]);

    for (const bad of ["limit=0", "limit=1001", "offset=-1", "from=i går", "to=2025-13-01", "from=2025-03-01T10:00"]) {
      const res = await asAdmin({ url: `${api}/audit?${bad}` });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it("exports the matching entries as CSV for Excel and as JSON, from which the chain can be recomputed", async () => {
    const all = await audit("limit=1000");
    const csv = await asAdmin({ url: `${api}/audit/export?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="veivalg-audit-\d{8}T\d{6}Z\.csv"$/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.rawPayload.toString("utf8").slice(1);
    expect(text.split("\n")[0]).toBe("seq;at;actorKind;actorId;actorLabel;action;objectType;objectId;before;after;prevHash;hash");
    const rows = parse(text, { delimiter: ";", columns: true }) as Record<string, string>[];
    expect(rows.map((r) => Number(r.seq))).toEqual(all.entries.map((e) => e.seq));
    // Cells hold what the hash covers: recompute every entry's hash from the file alone.
    for (const r of rows) {
      const json = (cell: string) => (cell === "" ? null : (JSON.parse(cell) as unknown));
      const e = { ...r, seq: Number(r.seq), actorId: r.actorId || null, objectId: r.objectId || null, before: json(r.before!), after: json(r.after!) } as unknown as AuditEntry;
      const { hash, ...rest } = e;
      expect(entryHash(rest), `entry ${e.seq}`).toBe(hash);
    }

    const filtered = await asAdmin({ url: `${api}/audit/export?format=csv&objectType=strategy&objectId=revisjon-strategi` });
    expect((parse(filtered.rawPayload.toString("utf8").slice(1), { delimiter: ";", columns: true }) as unknown[]).length).toBe(2);

    const json = await asAdmin({ url: `${api}/audit/export?format=json&actor=token:tests` });
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    expect(json.headers["content-disposition"]).toMatch(/\.json"$/);
    expect(json.json()).toEqual(all.entries.filter((e) => e.actorLabel === "token:tests"));
    expect((await asAdmin({ url: `${api}/audit/export?format=json&objectType=ingenting` })).json()).toEqual([]);
    expect((await asAdmin({ url: `${api}/audit/export?format=xml` })).statusCode).toBe(400);
  });
});

describe("the hash chain", () => {
  it("stays one unbroken chain under concurrent writes", async () => {
    const before = await entryCount();
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2
          ? asAdmin({ method: "POST", url: `${api}/organisations`, payload: { id: `samtidig-${i}`, parent: "ous", kind: "unit", name: `Samtidig ${i}`, shortName: `S${i}` } })
          : asAdmin({ method: "POST", url: `${api}/measurements`, payload: { items: [{ keyResult: "3.2", organisation: "sunnaas", period: `2023-${String(i / 2 + 1).padStart(2, "0")}`, value: i }] } }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 201));
    expect(await entryCount()).toBe(before + 16);
    const verified = (await asAdmin({ url: `${api}/audit/verify` })).json() as { entries: number; ok: boolean; last: { seq: number } };
    expect(verified).toMatchObject({ ok: true, entries: before + 16, last: { seq: before + 16 } });
  });

  it("finds a changed or a removed entry, and says which", async () => {
    /** Puts a removed row back as it was. */
    const putBack = async (row: Record<string, unknown>) => {
      const cols = Object.keys(row);
      const values = cols.map((c) => (c === "before" || c === "after" ? JSON.stringify(row[c]) : row[c]));
      await t.db.query(`INSERT INTO audit_log (${cols.join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`, values);
    };
    const verify = async () => (await asAdmin({ url: `${api}/audit/verify` })).json() as { entries: number; ok: boolean; firstBroken?: { seq: number; reason: string } };
    const total = await entryCount();
    expect(await verify()).toMatchObject({ ok: true, entries: total });

    const [original] = await t.db.query<{ after: unknown }>("SELECT after FROM audit_log WHERE seq = 5");
    await t.db.query(`UPDATE audit_log SET after = jsonb_set(after, '{tampered}', 'true') WHERE seq = 5`);
    expect(await verify()).toEqual({ ok: false, entries: 4, last: expect.objectContaining({ seq: 4 }), firstBroken: { seq: 5, reason: "its content does not match its hash" } });
    await t.db.query("UPDATE audit_log SET after = $1 WHERE seq = 5", [JSON.stringify(original!.after)]);
    expect(await verify()).toMatchObject({ ok: true });

    // Who acted is covered as well as what changed.
    await t.db.query("UPDATE audit_log SET actor_label = 'noen-andre@example.no' WHERE seq = 7");
    expect((await verify()).firstBroken).toEqual({ seq: 7, reason: "its content does not match its hash" });
    await t.db.query("UPDATE audit_log SET actor_label = 'token:tests' WHERE seq = 7");

    const [removed] = await t.db.query<Record<string, unknown>>("SELECT * FROM audit_log WHERE seq = 9");
    await t.db.query("DELETE FROM audit_log WHERE seq = 9");
    expect(await verify()).toMatchObject({ ok: false, entries: 8, firstBroken: { seq: 9, reason: "entry 9 is missing" } });
    // Renumbering to hide the gap breaks the link instead.
    // (Through negative numbers: the primary key is checked row by row.)
    const renumber = async (where: string, by: number) => {
      await t.db.query(`UPDATE audit_log SET seq = -seq WHERE ${where}`);
      await t.db.query(`UPDATE audit_log SET seq = -seq + $1 WHERE seq < 0`, [by]);
    };
    await renumber("seq > 9", -1);
    expect((await verify()).firstBroken).toEqual({ seq: 9, reason: "it does not follow the entry before it" });
    await renumber("seq >= 9", 1);
    await putBack(removed!);
    expect(await verify()).toMatchObject({ ok: true, entries: total });

    // The limit: the newest entries cut off leave a chain that holds. Only an anchor kept elsewhere
    // shows it (`veivalg audit verify --anchor`, below).
    const [newest] = await t.db.query<Record<string, unknown>>("SELECT * FROM audit_log WHERE seq = $1", [total]);
    await t.db.query("DELETE FROM audit_log WHERE seq = $1", [total]);
    expect(await verify()).toMatchObject({ ok: true, entries: total - 1 });
    await putBack(newest!);
    expect(await verify()).toMatchObject({ ok: true, entries: total });
  });
});

describe("from the shell", () => {
  let dbs: CliDatabases;
  beforeAll(async () => {
    dbs = await cliDatabases();
  });
  afterAll(() => dbs.close());

  it("creates a token and verifies the chain, naming the entry that was tampered with", async () => {
    const env = await dbs.fresh();
    await veivalg(env, "seed", "--no-demo");
    const made = await veivalg(env, "tokens", "create", "--name", "Ahus datavarehus", "--role", "reporter", "--org", "ahus", "--days", "30");
    const lines = made.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toContain("reporter on ahus");
    const token = lines.at(-1)!;
    expect(token).toMatch(/^vvt_[A-Za-z0-9_-]{43}$/);
    await expect(veivalg(env, "tokens", "create", "--name", "Feil", "--role", "superbruker", "--org", "ahus")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--role") });

    /** Works on the database between commands (PGlite allows one process at a time). */
    const withDb = async (fn: (db: Db) => Promise<void>) => {
      const db = await dbs.open(env);
      try {
        await fn(db);
      } finally {
        await db.close();
      }
    };
    // The token works against the same database, for its organisation, and the writes are attributed.
    await withDb(async (db) => {
      const app = await buildApp({ db, logLevel: "silent" });
      const res = await app.inject({
        method: "POST",
        url: `${api}/measurements`,
        headers: { authorization: `Bearer ${token}` },
        payload: { items: [{ keyResult: "3.2", organisation: "ahus", period: "2025-01", value: 4 }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      await app.close();
      const entries = await db.query("SELECT seq, actor_kind, actor_label, action FROM audit_log ORDER BY seq");
      expect(entries).toEqual([
        { seq: 1, actor_kind: "system", actor_label: "cli", action: "token.create" },
        { seq: 2, actor_kind: "token", actor_label: "token:Ahus datavarehus", action: "measurements.record" },
      ]);
      await db.query(`UPDATE audit_log SET after = jsonb_set(after, '{role}', '"admin"') WHERE seq = 1`);
    });
    await expect(veivalg(env, "audit", "verify")).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/broken at entry 1: its content does not match its hash/) });

    await withDb(async (db) => {
      await db.query(`UPDATE audit_log SET after = jsonb_set(after, '{role}', '"reporter"') WHERE seq = 1`);
    });
    const ok = await veivalg(env, "audit", "verify");
    expect(ok.stdout).toContain("2 entries, chain intact");
    const anchor = /last entry: (\d+:[0-9a-f]{64})/.exec(ok.stdout)![1]!;

    // Cut off the newest entry (which the chain alone cannot show): the anchor kept elsewhere shows it.
    await withDb(async (db) => {
      await db.query("DELETE FROM audit_log WHERE seq = 2");
    });
    await expect(veivalg(env, "audit", "verify", "--anchor", anchor)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/broken at entry 2: the chain ends at entry 1/) });
  });
});
