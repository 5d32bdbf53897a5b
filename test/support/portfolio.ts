/**
 * Building a portfolio through the API, as the board and the trusts would: an initiative registered,
 * and decisions at its decision points. Shared by the portfolio's integration tests, the benchmark
 * and the browser tests' setup.
 */
import ExcelJS from "exceljs";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Role } from "../../server/src/access/policy.js";
import { createToken } from "../../server/src/access/tokens.js";
import type { TestApp } from "./app.js";

const api = "/api/v1";
let made = 0;

/** An initiative in Helse Sør-Øst's technology strategy, owned by Ahus and linked to focus area 1, unless `overrides` say otherwise. */
export const initiativeInput = (overrides: Record<string, unknown> = {}) => ({
  strategy: "hso-teknologi-2023",
  title: `Tiltak ${++made}`,
  description: "Et tiltak i porteføljen",
  organisation: "ahus",
  kind: "regional_project",
  links: [{ section: "fa-1" }],
  ...overrides,
});

/** The headers of someone holding `role` on `organisation` (an API token), for `t.anonymous`. */
export async function as(t: TestApp, role: Role, organisation: string): Promise<Record<string, string>> {
  const { token } = await createToken(t.db, { name: `${role}@${organisation} ${++made}`, role, organisation, days: 1 }, "tests");
  return { authorization: `Bearer ${token}` };
}

/** Registers an initiative (as administrator unless `headers` say who) and returns it as the API answers; fails the test unless it is created. */
export async function createInitiative(t: TestApp, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Initiative> {
  const req: InjectOptions = { method: "POST", url: `${api}/initiatives`, payload: initiativeInput(overrides), headers };
  const res = await (Object.keys(headers).length > 0 ? t.anonymous(req) : t.app.inject(req));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Initiative;
}

export interface DecideOptions {
  body?: string;
  meetingDate?: string;
  decision?: string;
  conditions?: string;
  documents?: { title: string; url?: string }[];
  /** The checklist as ticked; by default every item of the current phase's checklist is done. */
  checklist?: { key: string; done: boolean; note?: string }[];
  /** The version the decision is based on; by default the current one. */
  ifMatch?: string;
  /** Who decides (cookie or bearer); the administrator by default. */
  headers?: Record<string, string>;
}

/** Sends a decision at the initiative's current decision point and returns the raw answer. */
export async function tryDecide(t: TestApp, id: string, outcome: "approved" | "rejected" | "paused" | "resumed", opts: DecideOptions = {}): Promise<LightMyRequestResponse> {
  const current = await t.app.inject(`${api}/initiatives/${id}`);
  expect(current.statusCode, current.body).toBe(200);
  const initiative = current.json() as Initiative;
  const checklist = opts.checklist ?? (initiative.checklist?.items ?? []).map((item) => ({ key: item.key, done: true }));
  const req: InjectOptions = {
    method: "POST",
    url: `${api}/initiatives/${id}/decisions`,
    headers: { "if-match": opts.ifMatch ?? (current.headers.etag as string), ...opts.headers },
    payload: {
      outcome,
      body: opts.body ?? "Porteføljestyret",
      meetingDate: opts.meetingDate ?? "2025-03-12",
      decision: opts.decision ?? `Vedtak: ${outcome}`,
      conditions: opts.conditions,
      documents: opts.documents ?? [{ title: "Saksframlegg" }],
      checklist,
    },
  };
  return opts.headers ? t.anonymous(req) : t.app.inject(req);
}

/** Records a decision that must succeed (201) and returns it: the decision with the initiative's new phase and version. */
export async function decide(t: TestApp, id: string, outcome: "approved" | "rejected" | "paused" | "resumed", opts: DecideOptions = {}): Promise<Decision> {
  const res = await tryDecide(t, id, outcome, opts);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Decision;
}

/** Approves the initiative at each decision point until it has reached `phase`. */
export async function advanceTo(t: TestApp, id: string, phase: string, opts: DecideOptions = {}): Promise<void> {
  for (let i = 0; i < 7; i++) {
    const current = (await t.app.inject(`${api}/initiatives/${id}`)).json() as Initiative;
    if (current.phase === phase) return;
    await decide(t, id, "approved", opts);
  }
  throw new Error(`initiative ${id} never reached ${phase}`);
}

/** The parts of the API's answers the tests use; the full shapes are in the OpenAPI document. */
export interface Initiative {
  id: string;
  code: string;
  strategyId: string;
  title: string;
  organisationId: string;
  kind: string;
  phase: string;
  version: number;
  links: { section: string; keyResult: string | null; direction: string; size: string; note: string }[];
  participants: string[];
  dependsOn: { id: string; code: string; title: string }[];
  dependents: { id: string; code: string; title: string }[];
  checklist: { phase: string; items: { key: string; label: string; required: boolean }[] } | null;
  decisions: Decision[];
  [key: string]: unknown;
}

export interface Decision {
  id: string;
  initiativeId: string;
  gate: string;
  fromPhase: string;
  toPhase: string;
  outcome: string;
  /** The initiative's phase and version after the decision. */
  phase: string;
  version: number;
  [key: string]: unknown;
}

/** An XLSX workbook with one sheet `Initiativ` holding `rows` (the first is the header). */
export async function initiativeSheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Initiativ");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
