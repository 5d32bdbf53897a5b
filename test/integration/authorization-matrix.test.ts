/**
 * The authorisation matrix: every route the server registers × every role (and nobody) × an
 * organisation of the caller's own and one not theirs → allowed or refused, as the table below says.
 * The route list comes from the server itself, so a new route without an entry here fails: each must
 * be classified by who may call it. The expectations are written out from the issue's rules, not
 * computed with the policy they test.
 */
import type { InjectOptions } from "fastify";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/src/access/passwords.js";
import type { Role } from "../../server/src/access/policy.js";
import { createSession } from "../../server/src/access/sessions.js";
import { createToken } from "../../server/src/access/tokens.js";
import { createSetupToken } from "../../server/src/access/users.js";
import { DEFAULT_CRITERIA } from "../../server/src/domain/prioritisation/scoring.js";
import { DEFAULT_ACCESS } from "../../server/src/http/app.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { initiativeSheet } from "../support/portfolio.js";
import { strategyInput } from "../support/requests.js";

/**
 * Who calls: nobody, the system administrator, or a role on an organisation — by an API token, or
 * as a person signed in with a session (a fresh one for each request: some requests end it).
 */
interface Caller {
  name: string;
  role: Role | null;
  organisation: string | null;
  session: boolean;
  headers(): Promise<Record<string, string>>;
}

/** What a request is about: a strategy (its owner, whether it is public) and a trust it reports or assesses. */
interface Target {
  name: string;
  strategy: string;
  owner: string;
  published: boolean;
  /** Whether its owner publishes the portfolio summary of its published strategies. */
  summaryPublished: boolean;
  organisation: string;
  keyResult: string;
  /** Tried only by the rules whose answer depends on the organisation a write is about (`Rule.regional`). */
  regionalOnly?: boolean;
}

/** The register's parent links among the organisations the matrix uses. */
const PARENT: Record<string, string> = { ahus: "hso", ous: "hso", "helse-bergen": "hv" };
/** A grant on `granted` applies to `organisation`: the same one, or one below it. */
const covers = (granted: string | null, organisation: string) => granted !== null && (granted === organisation || PARENT[organisation] === granted);
const isAdmin = (c: Caller) => c.role === "admin";
const holds = (c: Caller, role: Role, organisation: string) => isAdmin(c) || (c.role === role && covers(c.organisation, organisation));

/** What a strategy keeps internal (its portfolio, needs, scores, scenarios, runs): whoever holds a role above or below its owner. */
const insider = (c: Caller, x: Target) => isAdmin(c) || covers(c.organisation, x.owner) || (c.organisation !== null && covers(x.owner, c.organisation));
/** Read a strategy: published ones anyone; others its insiders. */
const readable = (c: Caller, x: Target) => x.published || insider(c, x);
/** Whether the organisation a write is about lies in the strategy's region: if not, nobody may write it, an administrator neither. */
const inRegion = (x: Target) => covers(x.owner, x.organisation);

interface Rule {
  /** Whether what is allowed depends on what the request is about: then it is tried against every target, else once. */
  targeted: boolean;
  /** Whether it depends on the organisation the request is about lying in the strategy's region. */
  regional?: boolean;
  allows(c: Caller, x: Target): boolean;
}

/** The rules a route can follow. */
const RULES = {
  /** Anyone, signed in or not. */
  public: { targeted: false, allows: () => true },
  /** System administrators only. */
  admin: { targeted: false, allows: (c) => isAdmin(c) },
  /** A person signed in with a session, whatever their roles: their own password and sessions (a token has neither). */
  person: { targeted: false, allows: (c) => c.session },
  read: { targeted: true, allows: readable },
  /** The strategy's internal material: its insiders, never an anonymous visitor. */
  internal: { targeted: true, allows: insider },
  /** The portfolio summary: anyone where the owner publishes it for a published strategy, else the insiders. */
  summary: { targeted: true, allows: (c, x) => (x.published && x.summaryPublished) || insider(c, x) },
  /** Change a strategy or its key results: its owner's strategy editors. */
  strategyWrite: { targeted: true, allows: (c, x) => holds(c, "strategy_editor", x.owner) },
  /** Report measurements: reporters of the organisation reported for (or above it), who may read the key result's strategy. */
  report: { targeted: true, regional: true, allows: (c, x) => inRegion(x) && readable(c, x) && holds(c, "reporter", x.organisation) },
  /** Assess: the strategy's editors, or a reporter of the organisation the assessment is about. */
  assess: { targeted: true, regional: true, allows: (c, x) => inRegion(x) && readable(c, x) && (holds(c, "strategy_editor", x.owner) || holds(c, "reporter", x.organisation)) },
  /** Triage needs, budgets, checklists, imports of a portfolio: the strategy owner's editors and board members. */
  portfolioGovern: { targeted: true, allows: (c, x) => holds(c, "strategy_editor", x.owner) || holds(c, "board_member", x.owner) },
  /** Decide at a decision point: the strategy owner's board members. */
  portfolioDecide: { targeted: true, allows: (c, x) => holds(c, "board_member", x.owner) },
  /** Edit an initiative owned by `x.organisation`: the portfolio's governors, or that organisation's initiative owners. */
  portfolioManage: {
    targeted: true,
    allows: (c, x) => readable(c, x) && (holds(c, "strategy_editor", x.owner) || holds(c, "board_member", x.owner) || holds(c, "initiative_owner", x.organisation)),
  },
  /** Compute key results from FHIR data: readers of the strategy who are its owner's strategy editors or analysts. */
  computationRun: { targeted: true, allows: (c, x) => readable(c, x) && (holds(c, "strategy_editor", x.owner) || holds(c, "analyst", x.owner)) },
  /** Register or support a need for `x.organisation` (of the strategy's region): anyone there with a role beyond reading. */
  portfolioPropose: {
    targeted: true,
    regional: true,
    allows: (c, x) => inRegion(x) && readable(c, x) && (["reporter", "initiative_owner", "strategy_editor", "board_member"] as const).some((r) => holds(c, r, x.organisation)),
  },
} satisfies Record<string, Rule>;

interface Entry {
  rule: keyof typeof RULES;
  /** A request that succeeds when the caller is allowed (fresh for each call: writes may not repeat). */
  request: (x: Target, n: number) => InjectOptions | Promise<InjectOptions>;
}

let t: TestApp;
let fhirDir: string;
const registered = new Set<string>();
const callers: Caller[] = [];
const targets: Target[] = [];

const revision = (x: Target, n: number) => {
  const { id: _id, ...strategy } = strategyInput(x.strategy, x.owner, x.published);
  return { strategy: { ...strategy, summary: `revisjon ${n}` }, reason: `matrise ${n}`, effectiveFrom: "2025-06-01" };
};
const currentVersion = async (table: "strategies" | "key_results", id: string) =>
  (await t.db.query<{ v: number }>(`SELECT current_version AS v FROM ${table} WHERE id = $1`, [id]))[0]!.v;

const api = "/api/v1";

/** A finished run of the target's strategy, made once. */
const matrixRuns = new Map<string, string>();
async function matrixRun(x: Target): Promise<string> {
  let id = matrixRuns.get(x.strategy);
  if (!id) {
    await runsEnded();
    const res = await t.app.inject({ method: "POST", url: `${api}/fhir-runs`, payload: { strategy: x.strategy, source: "matrix" } });
    expect(res.statusCode, res.body).toBe(202);
    id = res.json().id as string;
    matrixRuns.set(x.strategy, id);
  }
  return id;
}
async function runsEnded(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await t.db.query("SELECT 1 FROM fhir_runs WHERE status IN ('queued', 'running')")).length === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("a FHIR run did not end");
}
const get = (url: string) => () => ({ url });

/** The password every person the matrix signs in has (set afresh before each request that needs it). */
const PASSWORD = "matrisens eget passord";
let passwordHash = "";
const resetPasswords = () =>
  t.db.query("UPDATE users SET password_hash = $1, must_change_password = false WHERE email LIKE 'matrise-%'", [passwordHash]);

/** A new person (as the administrator makes one), for the requests that change or use one up. */
async function newPerson(n: number, grant?: { role: Role; organisation: string | null }): Promise<{ id: string; version: number; grantId?: string }> {
  const made = await t.app.inject({ method: "POST", url: `${api}/users`, payload: { email: `matrise-${n}@example.org`, name: `Person ${n}` } });
  expect(made.statusCode, made.body).toBe(201);
  const person = made.json() as { id: string; version: number };
  if (!grant) return person;
  const granted = await t.app.inject({ method: "POST", url: `${api}/users/${person.id}/grants`, payload: grant });
  expect(granted.statusCode, granted.body).toBeLessThan(300);
  const [row] = await t.db.query<{ id: string }>("SELECT id FROM role_grants WHERE user_id = $1", [person.id]);
  return { ...person, grantId: row!.id };
}

/** A need of `organisation` (the target's trust, or its region where the trust lies outside it) in the target's portfolio, registered by the administrator. */
async function matrixNeed(x: Target, n: number, organisation = inRegion(x) ? x.organisation : x.owner): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: `${api}/needs`, payload: { strategy: x.strategy, organisation, title: `Behov ${n}`, problem: "Et problem", size: "small", sections: ["fa-1"] } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** An initiative of the target's trust in the target's portfolio, registered by the administrator. */
async function matrixInitiative(x: Target, n: number): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: `${api}/initiatives`, payload: { strategy: x.strategy, title: `Tiltak ${n}`, organisation: x.organisation, kind: "other", links: [{ section: "fa-1" }] } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** A scenario of the target's portfolio, created (and solved when `solved`) by the administrator; returns its id and version. */
async function matrixScenario(x: Target, n: number, solved = false): Promise<{ id: string; version: number }> {
  const res = await t.app.inject({ method: "POST", url: `${api}/scenarios`, payload: { strategy: x.strategy, name: `Scenario ${n}` } });
  expect(res.statusCode, res.body).toBe(201);
  const s = res.json() as { id: string; version: number };
  if (solved) expect((await t.app.inject({ method: "POST", url: `${api}/scenarios/${s.id}/solve` })).statusCode).toBe(200);
  return s;
}

const TABLE: Record<string, Entry> = {
  "GET /healthz": { rule: "public", request: get("/healthz") },
  "GET /readyz": { rule: "public", request: get("/readyz") },
  "GET /api/v1/openapi.json": { rule: "public", request: get(`${api}/openapi.json`) },

  "GET /api/v1/organisations": { rule: "public", request: get(`${api}/organisations`) },
  "PUT /api/v1/organisations/:id/publication": {
    // The matrix's region publishes its summary already; saying so again changes nothing the other tests see.
    rule: "admin",
    request: () => ({ method: "PUT", url: `${api}/organisations/hso/publication`, payload: { portfolioSummary: true } }),
  },
  "POST /api/v1/organisations": {
    rule: "admin",
    request: (_x, n) => ({ method: "POST", url: `${api}/organisations`, payload: { id: `matrise-enhet-${n}`, parent: "ahus", kind: "unit", name: `Enhet ${n}`, shortName: `E${n}` } }),
  },

  "GET /api/v1/strategies": { rule: "public", request: get(`${api}/strategies`) },
  "POST /api/v1/strategies": {
    rule: "strategyWrite",
    request: (x, n) => ({ method: "POST", url: `${api}/strategies`, payload: strategyInput(`matrise-ny-${n}`, x.owner, x.published) }),
  },
  "GET /api/v1/strategies/:id": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}` }) },
  "PUT /api/v1/strategies/:id": {
    rule: "strategyWrite",
    request: async (x, n) => ({
      method: "PUT",
      url: `${api}/strategies/${x.strategy}`,
      headers: { "if-match": `"${await currentVersion("strategies", x.strategy)}"` },
      payload: revision(x, n),
    }),
  },
  "GET /api/v1/strategies/:id/versions": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/versions` }) },
  "GET /api/v1/strategies/:id/diff": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/diff?from=1&to=2` }) },
  "GET /api/v1/strategies/:id/status": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/status?period=2025` }) },
  "GET /api/v1/strategies/:id/trend": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/trend` }) },
  "GET /api/v1/strategies/:id/missing-reports": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/missing-reports` }) },
  "GET /api/v1/strategies/:id/alignments": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/alignments` }) },
  "GET /api/v1/strategies/:id/export": { rule: "internal", request: (x) => ({ url: `${api}/strategies/${x.strategy}/export` }) },
  "POST /api/v1/alignments": {
    rule: "strategyWrite",
    request: (x, n) => ({
      method: "POST",
      url: `${api}/alignments`,
      payload: { fromStrategy: x.strategy, fromSection: "fa-1", toStrategy: "hso-rup-2040", toSection: "goal-3", note: `matrise ${n}` },
    }),
  },

  "GET /api/v1/key-results/:id": { rule: "read", request: (x) => ({ url: `${api}/key-results/${x.keyResult}` }) },
  "PUT /api/v1/key-results/:id": {
    rule: "strategyWrite",
    request: async (x, n) => ({
      method: "PUT",
      url: `${api}/key-results/${x.keyResult}`,
      headers: { "if-match": `"${await currentVersion("key_results", x.keyResult)}"` },
      payload: {
        content: { title: `Antall ${n}`, unit: "count", direction: "increase", aggregation: "sum", frequency: "year" },
        reason: `matrise ${n}`,
        effectiveFrom: "2025-01-01",
      },
    }),
  },
  "GET /api/v1/key-results/:id/versions": { rule: "read", request: (x) => ({ url: `${api}/key-results/${x.keyResult}/versions` }) },
  "GET /api/v1/key-results/:id/measurements": { rule: "read", request: (x) => ({ url: `${api}/key-results/${x.keyResult}/measurements` }) },
  "GET /api/v1/key-results/:id/series": { rule: "read", request: (x) => ({ url: `${api}/key-results/${x.keyResult}/series` }) },
  "GET /api/v1/key-results/:id/template.csv": { rule: "read", request: (x) => ({ url: `${api}/key-results/${x.keyResult}/template.csv` }) },
  "GET /api/v1/fhir-runs": { rule: "internal", request: (x) => ({ url: `${api}/fhir-runs?strategy=${x.strategy}` }) },
  "GET /api/v1/fhir-runs/definitions": { rule: "read", request: (x) => ({ url: `${api}/fhir-runs/definitions?strategy=${x.strategy}` }) },
  "GET /api/v1/fhir-runs/sources": { rule: "computationRun", request: (x) => ({ url: `${api}/fhir-runs/sources?strategy=${x.strategy}` }) },
  "GET /api/v1/fhir-runs/:id": { rule: "internal", request: async (x) => ({ url: `${api}/fhir-runs/${await matrixRun(x)}` }) },
  // One run per strategy at a time: each request waits for the one before it to end.
  "POST /api/v1/fhir-runs": { rule: "computationRun", request: async (x) => (await runsEnded(), { method: "POST", url: `${api}/fhir-runs`, payload: { strategy: x.strategy, source: "matrix" } }) },
  "GET /api/v1/key-results/:id/measure-report": { rule: "read", request: (x) => ({ url: `${api}/key-results/${x.keyResult}/measure-report?organisation=${x.owner}&period=2025` }) },

  "POST /api/v1/measurements": {
    rule: "report",
    request: (x, n) => ({ method: "POST", url: `${api}/measurements`, payload: { items: [{ keyResult: x.keyResult, organisation: x.organisation, period: "2025", value: n }] } }),
  },
  "POST /api/v1/imports/measurements": {
    rule: "report",
    request: (x, n) => ({
      method: "POST",
      url: `${api}/imports/measurements?strategy=${x.strategy}`,
      headers: { "content-type": "text/csv" },
      payload: `nøkkelresultat;organisasjon;periode;verdi\nM1;${x.organisation};2025;${n}\n`,
    }),
  },

  "POST /api/v1/imports/initiatives": {
    rule: "portfolioGovern",
    request: async (x, n) => ({
      method: "POST",
      url: `${api}/imports/initiatives?strategy=${x.strategy}`,
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      payload: await initiativeSheet([["tittel", "eier", "type"], [`Matrise ${n}`, x.organisation, "Annet"]]),
    }),
  },
  "GET /api/v1/strategies/:id/portfolio/export": { rule: "internal", request: (x) => ({ url: `${api}/strategies/${x.strategy}/portfolio/export?format=csv` }) },

  "GET /api/v1/needs": { rule: "internal", request: (x) => ({ url: `${api}/needs?strategy=${x.strategy}` }) },
  "POST /api/v1/needs": {
    rule: "portfolioPropose",
    request: (x, n) => ({ method: "POST", url: `${api}/needs`, payload: { strategy: x.strategy, organisation: x.organisation, title: `Behov ${n}`, problem: "Et problem", size: "medium", sections: ["fa-1"] } }),
  },
  "GET /api/v1/needs/:id": { rule: "internal", request: async (x, n) => ({ url: `${api}/needs/${await matrixNeed(x, n)}` }) },
  "POST /api/v1/needs/:id/supporters": {
    // A need the region registered, supported by the target's trust.
    rule: "portfolioPropose",
    request: async (x, n) => ({ method: "POST", url: `${api}/needs/${await matrixNeed(x, n, x.owner)}/supporters`, payload: { organisation: x.organisation, note: `matrise ${n}` } }),
  },
  "POST /api/v1/needs/:id/merge": {
    rule: "portfolioGovern",
    request: async (x, n) => ({ method: "POST", url: `${api}/needs/${await matrixNeed(x, n)}/merge`, headers: { "if-match": '"1"' }, payload: { into: await matrixNeed(x, n) } }),
  },
  "POST /api/v1/needs/:id/decline": {
    rule: "portfolioGovern",
    request: async (x, n) => ({ method: "POST", url: `${api}/needs/${await matrixNeed(x, n)}/decline`, headers: { "if-match": '"1"' }, payload: { reason: `matrise ${n}` } }),
  },
  "POST /api/v1/needs/:id/convert": {
    rule: "portfolioGovern",
    request: async (x, n) => ({ method: "POST", url: `${api}/needs/${await matrixNeed(x, n)}/convert`, headers: { "if-match": '"1"' }, payload: { kind: "other" } }),
  },
  "GET /api/v1/initiatives": { rule: "internal", request: (x) => ({ url: `${api}/initiatives?strategy=${x.strategy}` }) },
  "GET /api/v1/strategies/:id/portfolio-summary": { rule: "summary", request: (x) => ({ url: `${api}/strategies/${x.strategy}/portfolio-summary` }) },
  "POST /api/v1/initiatives": {
    rule: "portfolioGovern",
    request: (x, n) => ({ method: "POST", url: `${api}/initiatives`, payload: { strategy: x.strategy, title: `Tiltak ${n}`, organisation: x.organisation, kind: "other", links: [{ section: "fa-1" }] } }),
  },
  "GET /api/v1/initiatives/:id": { rule: "internal", request: async (x, n) => ({ url: `${api}/initiatives/${await matrixInitiative(x, n)}` }) },
  "PUT /api/v1/initiatives/:id": {
    rule: "portfolioManage",
    request: async (x, n) => ({
      method: "PUT",
      url: `${api}/initiatives/${await matrixInitiative(x, n)}`,
      headers: { "if-match": '"1"' },
      payload: { title: `Endret ${n}`, organisation: x.organisation, kind: "other", reason: "matrise" },
    }),
  },
  "GET /api/v1/initiatives/:id/risks": { rule: "internal", request: async (x, n) => ({ url: `${api}/initiatives/${await matrixInitiative(x, n)}/risks` }) },
  "GET /api/v1/initiatives/:id/ros": { rule: "internal", request: async (x, n) => ({ url: `${api}/initiatives/${await matrixInitiative(x, n)}/ros` }) },
  "GET /api/v1/initiatives/:id/history": { rule: "internal", request: async (x, n) => ({ url: `${api}/initiatives/${await matrixInitiative(x, n)}/history` }) },
  "POST /api/v1/initiatives/:id/decisions": {
    rule: "portfolioDecide",
    request: async (x, n) => ({
      method: "POST",
      url: `${api}/initiatives/${await matrixInitiative(x, n)}/decisions`,
      headers: { "if-match": '"1"' },
      payload: { outcome: "approved", body: "Porteføljestyret", meetingDate: "2025-03-12", decision: `Vedtak ${n}`, checklist: [{ key: "need", done: true }, { key: "owner", done: true }] },
    }),
  },
  "GET /api/v1/portfolios/:strategy/checklists": { rule: "internal", request: (x) => ({ url: `${api}/portfolios/${x.strategy}/checklists` }) },
  "PUT /api/v1/portfolios/:strategy/checklists/:phase": {
    rule: "portfolioGovern",
    request: async (x, n) => {
      const [row] = await t.db.query<{ version: number }>("SELECT version FROM gate_checklists WHERE region_id = $1 AND phase = 'realisation'", [x.owner]);
      return {
        method: "PUT",
        url: `${api}/portfolios/${x.strategy}/checklists/realisation`,
        headers: { "if-match": `"${row?.version ?? 0}"` },
        payload: { items: [{ key: "realised", label: `Gevinstene er målt (${n})`, required: true }] },
      };
    },
  },
  "GET /api/v1/strategies/:id/coverage": { rule: "internal", request: (x) => ({ url: `${api}/strategies/${x.strategy}/coverage` }) },
  "GET /api/v1/portfolios/:strategy/scoring-model": { rule: "internal", request: (x) => ({ url: `${api}/portfolios/${x.strategy}/scoring-model` }) },
  "GET /api/v1/portfolios/:strategy/scoring-model/versions": { rule: "internal", request: (x) => ({ url: `${api}/portfolios/${x.strategy}/scoring-model/versions` }) },
  "PUT /api/v1/portfolios/:strategy/scoring-model": {
    rule: "strategyWrite",
    request: async (x, n) => {
      const [row] = await t.db.query<{ version: number }>("SELECT max(version) AS version FROM scoring_models WHERE region_id = $1", [x.owner]);
      return {
        method: "PUT",
        url: `${api}/portfolios/${x.strategy}/scoring-model`,
        headers: { "if-match": `"${row?.version ?? 0}"` },
        payload: { criteria: DEFAULT_CRITERIA, hourValue: 700 + n, note: `matrise ${n}` },
      };
    },
  },
  "GET /api/v1/portfolios/:strategy/scores": { rule: "internal", request: (x) => ({ url: `${api}/portfolios/${x.strategy}/scores` }) },
  "PUT /api/v1/initiatives/:id/scores": {
    rule: "portfolioDecide",
    request: async (x, n) => ({ method: "PUT", url: `${api}/initiatives/${await matrixInitiative(x, n)}/scores`, payload: { scores: [{ criterion: "risk", value: 2, comment: `matrise ${n}` }] } }),
  },
  "PUT /api/v1/initiatives/:id/agreed-scores": {
    rule: "portfolioDecide",
    request: async (x, n) => ({ method: "PUT", url: `${api}/initiatives/${await matrixInitiative(x, n)}/agreed-scores`, payload: { scores: [{ criterion: "urgency", value: 3, note: `matrise ${n}` }] } }),
  },

  "GET /api/v1/scenarios": { rule: "internal", request: (x) => ({ url: `${api}/scenarios?strategy=${x.strategy}` }) },
  "POST /api/v1/scenarios": { rule: "portfolioGovern", request: (x, n) => ({ method: "POST", url: `${api}/scenarios`, payload: { strategy: x.strategy, name: `Nytt scenario ${n}` } }) },
  "GET /api/v1/scenarios/:id": { rule: "internal", request: async (x, n) => ({ url: `${api}/scenarios/${(await matrixScenario(x, n)).id}` }) },
  "GET /api/v1/scenarios/:id/problem": { rule: "internal", request: async (x, n) => ({ url: `${api}/scenarios/${(await matrixScenario(x, n)).id}/problem` }) },
  "PUT /api/v1/scenarios/:id": {
    rule: "portfolioGovern",
    request: async (x, n) => {
      const s = await matrixScenario(x, n);
      const current = (await t.app.inject(`${api}/scenarios/${s.id}`)).json() as { settings: object };
      return { method: "PUT", url: `${api}/scenarios/${s.id}`, headers: { "if-match": `"${s.version}"` }, payload: { name: `Scenario ${n} endret`, description: "", settings: current.settings } };
    },
  },
  "POST /api/v1/scenarios/:id/solve": { rule: "portfolioGovern", request: async (x, n) => ({ method: "POST", url: `${api}/scenarios/${(await matrixScenario(x, n)).id}/solve` }) },
  "POST /api/v1/scenarios/:id/frontier": { rule: "portfolioGovern", request: async (x, n) => ({ method: "POST", url: `${api}/scenarios/${(await matrixScenario(x, n)).id}/frontier` }) },
  "POST /api/v1/scenarios/:id/adopt": {
    rule: "portfolioDecide",
    request: async (x, n) => {
      const s = await matrixScenario(x, n, true);
      return {
        method: "POST",
        url: `${api}/scenarios/${s.id}/adopt`,
        headers: { "if-match": `"${s.version}"` },
        payload: { body: "Porteføljestyret", meetingDate: "2026-12-10", decision: `Vedtatt ${n}`, checklistsConfirmed: true },
      };
    },
  },

  "PUT /api/v1/initiatives/:id/costs/:year": {
    rule: "portfolioManage",
    request: async (x, n) => ({ method: "PUT", url: `${api}/initiatives/${await matrixInitiative(x, n)}/costs/2025`, payload: { investmentEstimate: n, operatingEstimate: 0, providerPersonYears: 0 } }),
  },
  "GET /api/v1/strategies/:id/budgets": { rule: "internal", request: (x) => ({ url: `${api}/strategies/${x.strategy}/budgets` }) },
  "PUT /api/v1/strategies/:id/budgets/:year/:fundingSource": {
    rule: "portfolioGovern",
    request: (x, n) => ({ method: "PUT", url: `${api}/strategies/${x.strategy}/budgets/2025/matrise-${n}`, payload: { investment: n, operating: 0, providerPersonYears: 0 } }),
  },
  "POST /api/v1/initiatives/:id/status-reports": {
    rule: "portfolioManage",
    request: async (x, n) => ({
      method: "POST",
      url: `${api}/initiatives/${await matrixInitiative(x, n)}/status-reports`,
      payload: { period: "2025-01", overall: "green", scope: "green", schedule: "green", cost: "amber", benefits: "green" },
    }),
  },
  "GET /api/v1/initiatives/:id/status-reports": { rule: "internal", request: async (x, n) => ({ url: `${api}/initiatives/${await matrixInitiative(x, n)}/status-reports` }) },
  "GET /api/v1/strategies/:id/portfolio-status": { rule: "internal", request: (x) => ({ url: `${api}/strategies/${x.strategy}/portfolio-status` }) },
  "POST /api/v1/initiatives/:id/risks": {
    rule: "portfolioManage",
    request: async (x, n) => ({ method: "POST", url: `${api}/initiatives/${await matrixInitiative(x, n)}/risks`, payload: { title: `Risiko ${n}`, likelihood: 2, consequence: 3 } }),
  },
  "PUT /api/v1/risks/:id": {
    rule: "portfolioManage",
    request: async (x, n) => {
      const made = await t.app.inject({ method: "POST", url: `${api}/initiatives/${await matrixInitiative(x, n)}/risks`, payload: { title: `Risiko ${n}`, likelihood: 2, consequence: 3 } });
      return { method: "PUT", url: `${api}/risks/${(made.json() as { id: string }).id}`, headers: { "if-match": '"1"' }, payload: { status: "closed" } };
    },
  },
  "POST /api/v1/initiatives/:id/ros": {
    rule: "portfolioManage",
    request: async (x, n) => ({ method: "POST", url: `${api}/initiatives/${await matrixInitiative(x, n)}/ros`, payload: { title: `ROS ${n}`, performedOn: "2025-01-10" } }),
  },
  "POST /api/v1/ros/:id/reuses": {
    // The region's own analysis, reused by the target's trust's initiative.
    rule: "portfolioManage",
    request: async (x, n) => {
      const made = await t.app.inject({ method: "POST", url: `${api}/initiatives/${await matrixInitiative({ ...x, organisation: x.owner }, n)}/ros`, payload: { title: `ROS ${n}`, performedOn: "2025-01-10" } });
      return { method: "POST", url: `${api}/ros/${(made.json() as { id: string }).id}/reuses`, payload: { initiative: await matrixInitiative(x, n), reusedOn: "2025-02-01" } };
    },
  },
  "POST /api/v1/initiatives/:id/adoptions": {
    rule: "portfolioManage",
    request: async (x, n) => {
      const made = await t.app.inject({ method: "POST", url: `${api}/initiatives`, payload: { strategy: x.strategy, title: `Lokal løsning ${n}`, organisation: x.organisation, kind: "local_solution" } });
      return { method: "POST", url: `${api}/initiatives/${(made.json() as { id: string }).id}/adoptions`, payload: { organisation: x.owner, adoptedOn: "2025-03-01" } };
    },
  },
  "POST /api/v1/initiatives/:id/benefits": {
    rule: "portfolioManage",
    request: async (x, n) => ({ method: "POST", url: `${api}/initiatives/${await matrixInitiative(x, n)}/benefits`, payload: { title: `Gevinst ${n}`, kind: "quality", priced: false, responsible: "Leder" } }),
  },
  "PUT /api/v1/benefits/:id": {
    rule: "portfolioManage",
    request: async (x, n) => {
      const made = await t.app.inject({ method: "POST", url: `${api}/initiatives/${await matrixInitiative(x, n)}/benefits`, payload: { title: `Gevinst ${n}`, kind: "quality", priced: false, responsible: "Leder" } });
      return { method: "PUT", url: `${api}/benefits/${(made.json() as { id: string }).id}`, headers: { "if-match": '"1"' }, payload: { target: n } };
    },
  },
  "POST /api/v1/benefits/:id/actuals": {
    rule: "portfolioManage",
    request: async (x, n) => {
      const made = await t.app.inject({ method: "POST", url: `${api}/initiatives/${await matrixInitiative(x, n)}/benefits`, payload: { title: `Gevinst ${n}`, kind: "efficiency", priced: true, responsible: "Leder" } });
      return { method: "POST", url: `${api}/benefits/${(made.json() as { id: string }).id}/actuals`, payload: { period: "2025", valueNok: n } };
    },
  },
  "GET /api/v1/strategies/:id/benefits-report": { rule: "internal", request: (x) => ({ url: `${api}/strategies/${x.strategy}/benefits-report` }) },
  "GET /api/v1/strategies/:id/computations": { rule: "read", request: (x) => ({ url: `${api}/strategies/${x.strategy}/computations` }) },
  "PUT /api/v1/key-results/:id/computation": {
    rule: "strategyWrite",
    request: (x, n) => ({ method: "PUT", url: `${api}/key-results/${x.keyResult}/computation`, payload: { query: "initiatives_entered_phase", params: { phase: "completed", tags: [`matrise-${n}`] } } }),
  },
  "DELETE /api/v1/key-results/:id/computation": {
    rule: "strategyWrite",
    request: async (x) => {
      await t.app.inject({ method: "PUT", url: `${api}/key-results/${x.keyResult}/computation`, payload: { query: "ros_performed_or_reused", params: {} } });
      return { method: "DELETE", url: `${api}/key-results/${x.keyResult}/computation` };
    },
  },

  "GET /api/v1/assessments": { rule: "read", request: (x) => ({ url: `${api}/assessments?strategy=${x.strategy}` }) },
  "POST /api/v1/assessments": {
    rule: "assess",
    request: async (x, n) => {
      // Each assessment of a key result, organisation and period replaces the one before it.
      const [prev] = await t.db.query<{ id: number }>(
        "SELECT id FROM assessments WHERE key_result_id = $1 AND organisation_id = $2 AND period = '2025' AND superseded_at IS NULL",
        [x.keyResult, x.organisation],
      );
      return {
        method: "POST",
        url: `${api}/assessments`,
        payload: { strategy: x.strategy, keyResult: x.keyResult, organisation: x.organisation, period: "2025", confidence: "on_track", done: `matrise ${n}`, replaces: prev?.id ?? null },
      };
    },
  },

  "GET /api/v1/session": { rule: "public", request: get(`${api}/session`) },
  "POST /api/v1/session": {
    rule: "public",
    request: async () => {
      await resetPasswords();
      return { method: "POST", url: `${api}/session`, payload: { email: "matrise-login@example.org", password: PASSWORD } };
    },
  },
  "DELETE /api/v1/session": { rule: "public", request: () => ({ method: "DELETE", url: `${api}/session` }) },
  "POST /api/v1/session/revoke-all": { rule: "person", request: () => ({ method: "POST", url: `${api}/session/revoke-all` }) },
  "PUT /api/v1/session/password": {
    rule: "person",
    request: async (_x, n) => {
      await resetPasswords();
      return { method: "PUT", url: `${api}/session/password`, payload: { current: PASSWORD, password: `et nytt passord nummer ${n}` } };
    },
  },
  "POST /api/v1/setup": {
    // Whoever holds the one-time link; once there is an administrator, 409 for everyone.
    rule: "public",
    request: async (_x, n) => ({
      method: "POST",
      url: `${api}/setup`,
      payload: { token: await createSetupToken(t.db), email: `matrise-setup-${n}@example.org`, name: "Første", password: PASSWORD },
    }),
  },
  // Single sign-on is not configured here: both send the browser back to the sign-in page (302), whoever asks.
  "GET /api/v1/auth/oidc/login": { rule: "public", request: get(`${api}/auth/oidc/login?returnTo=/`) },
  "GET /api/v1/auth/oidc/callback": { rule: "public", request: get(`${api}/auth/oidc/callback?code=x&state=y`) },

  "GET /api/v1/users": { rule: "admin", request: get(`${api}/users`) },
  "POST /api/v1/users": { rule: "admin", request: (_x, n) => ({ method: "POST", url: `${api}/users`, payload: { email: `matrise-ny-${n}@example.org`, name: "Ny" } }) },
  "PUT /api/v1/users/:id": {
    rule: "admin",
    request: async (_x, n) => {
      const p = await newPerson(n);
      return { method: "PUT", url: `${api}/users/${p.id}`, headers: { "if-match": `"${p.version}"` }, payload: { name: `Endret ${n}`, disabled: false } };
    },
  },
  "POST /api/v1/users/:id/password": {
    rule: "admin",
    request: async (_x, n) => ({ method: "POST", url: `${api}/users/${(await newPerson(n)).id}/password`, payload: { password: `et nytt passord nummer ${n}` } }),
  },
  "POST /api/v1/users/:id/grants": {
    rule: "admin",
    request: async (_x, n) => ({ method: "POST", url: `${api}/users/${(await newPerson(n)).id}/grants`, payload: { role: "reader", organisation: "ahus" } }),
  },
  "DELETE /api/v1/users/:id/grants/:grantId": {
    rule: "admin",
    request: async (_x, n) => {
      const p = await newPerson(n, { role: "reader", organisation: "ahus" });
      return { method: "DELETE", url: `${api}/users/${p.id}/grants/${p.grantId}` };
    },
  },

  "GET /api/v1/tokens": { rule: "admin", request: get(`${api}/tokens`) },
  "POST /api/v1/tokens": { rule: "admin", request: (_x, n) => ({ method: "POST", url: `${api}/tokens`, payload: { name: `matrise ${n}`, role: "reporter", organisation: "ahus", days: 1 } }) },
  "DELETE /api/v1/tokens/:id": {
    rule: "admin",
    request: async (_x, n) => {
      const { info } = await createToken(t.db, { name: `kastes ${n}`, role: "reader", organisation: "ahus", days: 1 }, "tests");
      return { method: "DELETE", url: `${api}/tokens/${info.id}` };
    },
  },

  "GET /api/v1/audit": { rule: "admin", request: get(`${api}/audit?limit=5`) },
  "GET /api/v1/audit/export": { rule: "admin", request: get(`${api}/audit/export?format=json`) },
  "GET /api/v1/audit/verify": { rule: "admin", request: get(`${api}/audit/verify`) },
};

beforeAll(async () => {
  // An export of one Organization: runs of the matrix's strategies (which have no FHIR definitions) end at once.
  fhirDir = mkdtempSync(join(tmpdir(), "veivalg-matrix-fhir-"));
  mkdirSync(join(fhirDir, "matrix"));
  writeFileSync(join(fhirDir, "matrix", "Organization.ndjson"), '{"resourceType":"Organization","id":"o1"}\n');
  t = await openTestApp({
    fhirDir,
    onRoute: (r) => {
      for (const method of [r.method].flat()) if (method !== "HEAD") registered.add(`${method} ${r.url}`);
    },
  });
  // Helse Sør-Øst publishes its portfolio summary; Helse Vest keeps the default (nothing).
  const publication = await t.app.inject({ method: "PUT", url: `${api}/organisations/hso/publication`, payload: { portfolioSummary: true } });
  expect(publication.statusCode, publication.body).toBe(200);
  // A public strategy of Helse Sør-Øst, and one of Helse Vest that is not published yet.
  for (const [id, owner, published] of [
    ["matrise-hso", "hso", true],
    ["matrise-hv", "hv", false],
  ] as const) {
    const created = await t.app.inject({ method: "POST", url: `${api}/strategies`, payload: strategyInput(id, owner, published) });
    expect(created.statusCode, created.body).toBe(201);
    const target: Omit<Target, "name" | "organisation"> = {
      strategy: id,
      owner,
      published,
      summaryPublished: owner === "hso",
      keyResult: (await t.db.query<{ id: string }>("SELECT id FROM key_results WHERE strategy_id = $1", [id]))[0]!.id,
    };
    // A second version, so that there is a difference to ask for.
    const revised = await t.app.inject({ method: "PUT", url: `${api}/strategies/${id}`, headers: { "if-match": '"1"' }, payload: revision({ ...target, name: "", organisation: "" }, 0) });
    expect(revised.statusCode, revised.body).toBe(200);
    if (owner === "hso") {
      targets.push({ ...target, name: "hso's public strategy, about ahus", organisation: "ahus" });
      targets.push({ ...target, name: "hso's public strategy, about ous", organisation: "ous" });
      // A trust of another region: its figures, assessments and needs do not go into this strategy.
      targets.push({ ...target, name: "hso's public strategy, about helse-bergen", organisation: "helse-bergen", regionalOnly: true });
    } else {
      targets.push({ ...target, name: "hv's unpublished strategy, about helse-bergen", organisation: "helse-bergen" });
      // Reporting for one's own trust does not open a strategy one may not read.
      targets.push({ ...target, name: "hv's unpublished strategy, about ahus", organisation: "ahus" });
    }
  }

  const token = async (role: Role, organisation: string | null) => {
    const bearer = { authorization: `Bearer ${(await createToken(t.db, { name: `matrise ${role} ${organisation ?? ""}`, role, organisation, days: 1 }, "tests")).token}` };
    return async () => bearer;
  };
  callers.push({ name: "anonymous", role: null, organisation: null, session: false, headers: async () => ({}) });
  callers.push({ name: "admin", role: "admin", organisation: null, session: false, headers: await token("admin", null) });
  for (const role of ["strategy_editor", "board_member", "reporter", "initiative_owner", "reader", "analyst"] as const) {
    // A region, a trust in it, and the other region.
    for (const organisation of ["hso", "ahus", "hv"]) {
      callers.push({ name: `${role}@${organisation}`, role, organisation, session: false, headers: await token(role, organisation) });
    }
  }
  // People signed in with a session get the same answers as tokens of their roles, and their own password and sessions.
  passwordHash = await hashPassword(PASSWORD);
  await newPerson(0).then(() => t.db.query("UPDATE users SET email = 'matrise-login@example.org' WHERE email = 'matrise-0@example.org'"));
  for (const [i, role, organisation] of [
    [1, "admin", null],
    [2, "strategy_editor", "hso"],
    [3, "reporter", "ahus"],
    [4, "reader", "hv"],
  ] as const) {
    const person = await newPerson(-i, { role, organisation });
    callers.push({
      name: `person ${role}${organisation ? `@${organisation}` : ""}`,
      role,
      organisation,
      session: true,
      headers: async () => {
        const s = await createSession(t.db, person.id, DEFAULT_ACCESS.sessions);
        return { cookie: `veivalg_session=${s.token}`, "x-csrf-token": s.csrfToken };
      },
    });
  }
  await resetPasswords();
});
afterAll(async () => {
  await t?.close();
  rmSync(fhirDir, { recursive: true, force: true });
});

it("classifies every route the server registers, and no route it does not", () => {
  const unclassified = [...registered].filter((r) => !(r in TABLE));
  const stale = Object.keys(TABLE).filter((r) => !registered.has(r));
  expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
});

/** Allowed: anything but a refusal — and the request is built to succeed, so no other client error either. */
const ALLOWED_ALSO = new Set([409]);

let n = 0;
describe.each(Object.entries(TABLE))("%s", (route, entry) => {
  it(`follows the rule "${entry.rule}" for every caller`, async () => {
    const rule = RULES[entry.rule];
    const faults: string[] = [];
    for (const x of rule.targeted ? targets.filter((x) => !x.regionalOnly || ("regional" in rule && rule.regional)) : targets.slice(0, 1)) {
      for (const c of callers) {
        const req = await entry.request(x, ++n);
        // From an address of its own: rate limits per client (sign-in) are not what this test is about.
        const remoteAddress = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        const res = await t.anonymous({ ...req, headers: { ...req.headers, ...(await c.headers()) }, remoteAddress });
        const where = rule.targeted ? `${c.name} on ${x.name}` : c.name;
        if (rule.allows(c, x)) {
          if (res.statusCode >= 400 && !ALLOWED_ALSO.has(res.statusCode)) faults.push(`${where}: allowed, but got ${res.statusCode} ${res.body.slice(0, 200)}`);
        } else {
          const refusal = c.role === null ? 401 : 403;
          if (res.statusCode !== refusal) faults.push(`${where}: should get ${refusal}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(faults, route).toEqual([]);
  });
});

it("lists an unpublished strategy only to those who may read it", async () => {
  const unpublished = targets.find((x) => !x.published)!;
  const faults: string[] = [];
  for (const c of callers) {
    const res = await t.anonymous({ url: `${api}/strategies`, headers: await c.headers() });
    const listed = (res.json() as { id: string }[]).some((s) => s.id === unpublished.strategy);
    if (listed !== readable(c, unpublished)) faults.push(`${c.name}: ${listed ? "listed" : "not listed"}`);
  }
  expect(faults).toEqual([]);
});

it("shows no one's e-mail address to anyone but an administrator (or the person themselves)", async () => {
  // Work recorded by people signed in, so that there are addresses to leak: a figure, an assessment, a need, a scenario.
  const hso = targets.find((x) => x.owner === "hso" && x.organisation === "ahus")!;
  const as = async (name: string, req: InjectOptions) => {
    const c = callers.find((x) => x.name === name)!;
    const res = await t.anonymous({ ...req, headers: { ...req.headers, ...(await c.headers()) } });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  await as("person reporter@ahus", { method: "POST", url: `${api}/measurements`, payload: { items: [{ keyResult: hso.keyResult, organisation: "ahus", period: "2024", value: 7 }] } });
  await as("person reporter@ahus", { method: "POST", url: `${api}/needs`, payload: { strategy: hso.strategy, organisation: "ahus", title: "Behov med e-post", problem: "Et problem", size: "small", sections: ["fa-1"] } });
  await as("person strategy_editor@hso", { method: "POST", url: `${api}/assessments`, payload: { strategy: hso.strategy, section: "fa-1", period: "2024", confidence: "at_risk", done: "vurdert" } });
  await as("person strategy_editor@hso", { method: "POST", url: `${api}/scenarios`, payload: { strategy: hso.strategy, name: "Scenario med e-post" } });

  const addresses = (await t.db.query<{ email: string }>("SELECT email FROM users")).map((r) => r.email);
  expect(addresses.length).toBeGreaterThan(4);
  const faults: string[] = [];
  let answers = 0;
  for (const [route, entry] of Object.entries(TABLE)) {
    if (!route.startsWith("GET ") || entry.rule === "admin") continue;
    // Where the work above was recorded, by everyone who is not an administrator.
    for (const c of callers.filter((c) => !isAdmin(c))) {
      const req = await entry.request(hso, ++n);
      const headers = await c.headers();
      const res = await t.anonymous({ ...req, headers: { ...req.headers, ...headers } });
      if (res.statusCode >= 300) continue;
      answers++;
      // Each person may see their own address (their account page); no one else's.
      const own = c.session ? (await t.anonymous({ url: `${api}/session`, headers })).json().user?.email : undefined;
      const seen = addresses.filter((a) => a !== own && res.body.toLowerCase().includes(a));
      if (seen.length > 0) faults.push(`${c.name} on ${route}: ${seen.join(", ")}`);
    }
  }
  expect(answers).toBeGreaterThan(300);
  expect(faults).toEqual([]);
  // Some thousand answers, read whole: more than the default minute on a busy machine.
}, 300_000);
