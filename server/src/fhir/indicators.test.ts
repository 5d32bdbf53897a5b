/**
 * Each shipped indicator definition against a small hand-made FHIR data set, with the right answer
 * worked out by hand (the arithmetic is in the comments). Two trusts: Organization/a carries
 * Veivalg's id for Ahus, Organization/b only an organisation number, mapped to OUS; Organization/x
 * is no one Veivalg knows.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Invalid } from "../domain/errors.js";
import { evaluateIndicators, type IndicatorRow } from "./evaluate.js";
import { loadIndicatorDefinitions, type IndicatorDefinition } from "./indicators.js";
import { CODE, EXTENSION, SYSTEM } from "./synth/codes.js";

type Resource = { resourceType: string; id: string } & Record<string, unknown>;

const STRATEGY = "hso-teknologi-2023";
const ORGANISATION_NUMBER = "123456785";
const organisationMap = [
  { system: SYSTEM.veivalgOrganisation, value: "ahus", organisationId: "ahus" },
  { system: SYSTEM.organisationNumber, value: ORGANISATION_NUMBER, organisationId: "ous" },
];
const organisations: Resource[] = [
  { resourceType: "Organization", id: "a", identifier: [{ system: SYSTEM.veivalgOrganisation, value: "ahus" }] },
  { resourceType: "Organization", id: "b", identifier: [{ system: SYSTEM.organisationNumber, value: ORGANISATION_NUMBER }] },
  { resourceType: "Organization", id: "x", identifier: [{ system: SYSTEM.organisationNumber, value: "999999999" }] },
];

const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
const org = (id: "a" | "b" | "x") => ref("Organization", id);
const patient = (id: string) => ref("Patient", id);
/** Daytime in Oslo, so the local and the UTC date agree. */
const at = (day: string) => `${day}T10:00:00+01:00`;
const codeable = (c: { system: string; code: string }) => ({ coding: [c] });

let root: string;
let definitions: IndicatorDefinition[];
let serial = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "veivalg-indicators-"));
  definitions = await loadIndicatorDefinitions(STRATEGY);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs one indicator over `resources` (plus the organisations), as NDJSON files like an export's. */
async function compute(keyResult: string, resources: Resource[]): Promise<{ rows: IndicatorRow[]; unmapped: number }> {
  const dataDir = join(root, `set-${++serial}`);
  await mkdir(dataDir);
  const byType = new Map<string, Resource[]>();
  for (const r of [...organisations, ...resources]) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
  for (const [type, list] of byType) await writeFile(join(dataDir, `${type}.ndjson`), list.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const definition = definitions.find((d) => d.keyResult === keyResult);
  if (!definition) throw new Error(`no definition for ${keyResult}`);
  const result = await evaluateIndicators({ dataDir, definitions: [definition], organisationMap });
  const key = (r: IndicatorRow) => `${r.organisationId} ${r.period} ${JSON.stringify(r.breakdown)}`;
  return { rows: result.rows.sort((p, q) => key(p).localeCompare(key(q))), unmapped: result.unmapped };
}

const row = (keyResult: string, organisationId: string, period: string, values: { value: number } | { numerator: number; denominator: number }, breakdown: Record<string, string> = {}): IndicatorRow => ({
  keyResult,
  organisationId,
  period,
  breakdown,
  ...values,
});

describe("the indicator definitions", () => {
  it("are shipped for the Helse Sør-Øst key results that FHIR data can fill, each fingerprinted", () => {
    expect(definitions.map((d) => d.keyResult)).toEqual(["1.1", "1.2", "1.4", "2.4", "3.1", "3.4", "3.5", "3.6", "5.4"]);
    for (const d of definitions) {
      expect(d.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(d.views.length).toBeGreaterThan(0);
    }
    expect(new Set(definitions.map((d) => d.fingerprint)).size).toBe(definitions.length);
  });

  it("name the file and the field that is wrong", async () => {
    const bad = join(root, "bad");
    await mkdir(join(bad, "s", "9.9"), { recursive: true });
    await writeFile(join(bad, "s", "9.9", "indicator.json"), JSON.stringify({ keyResult: "9.9", version: 0, views: ["v"], query: "q.sql", countsAre: "people", description: "d" }));
    const error = await loadIndicatorDefinitions("s", bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toContain("s/9.9/indicator.json");
    expect((error as Invalid).details.map((d) => d.path).sort()).toEqual(["s/9.9/indicator.json#countsAre", "s/9.9/indicator.json#version"]);
  });

  it("are none for a strategy without a folder", async () => {
    expect(await loadIndicatorDefinitions("hv-digitalisering-2024")).toEqual([]);
  });
});

describe("1.1 share of pathway patients in digital home follow-up, by pathway type", () => {
  const episode = (id: string, p: string, o: "a" | "b" | "x", pathway: string, start: string, end: string | null, status = end ? "finished" : "active"): Resource => ({
    resourceType: "EpisodeOfCare",
    id,
    status,
    type: [codeable({ system: SYSTEM.pathwayType, code: pathway })],
    patient: patient(p),
    managingOrganization: org(o),
    period: end ? { start: at(start), end: at(end) } : { start: at(start) },
  });
  const plan = (id: string, p: string, eoc: string, start: string, end: string | null, category: { system: string; code: string } = CODE.dho, status = end ? "completed" : "active"): Resource => ({
    resourceType: "CarePlan",
    id,
    status,
    intent: "plan",
    category: [codeable(category)],
    subject: patient(p),
    author: org("a"),
    supportingInfo: [ref("EpisodeOfCare", eoc)],
    period: end ? { start: at(start), end: at(end) } : { start: at(start) },
  });

  it("counts patients on a pathway in the quarter, and those with a DHO plan on it then", async () => {
    const { rows, unmapped } = await compute("1.1", [
      episode("e1", "p1", "a", "hjertesvikt", "2025-01-10", "2025-05-20"),
      episode("e2", "p2", "a", "hjertesvikt", "2025-02-01", null),
      episode("e3", "p3", "a", "kols", "2025-03-15", "2025-03-31"),
      episode("e4", "p1", "a", "hjertesvikt", "2025-03-01", "2025-03-10"), // p1 again: one person
      episode("e5", "p4", "b", "psykisk-helse", "2025-04-02", null),
      episode("e6", "p5", "a", "kreft", "2025-01-05", null, "entered-in-error"),
      episode("e7", "p6", "a", "hjertesvikt", "2025-01-05", null, "planned"),
      episode("e8", "p7", "x", "kreft", "2025-01-10", null), // a trust Veivalg does not know
      plan("c1", "p1", "e1", "2025-02-01", "2025-03-15"),
      plan("c2", "p2", "e2", "2025-04-10", null),
      plan("c3", "p3", "e3", "2025-03-16", null, { system: "http://example.org/care-plan", code: "other" }),
      plan("c4", "p4", "e5", "2025-04-05", null, CODE.dho, "draft"),
      plan("c5", "p4", "e5", "2025-05-01", "2025-06-30"),
    ]);
    // The quarters run from the first start (2025-01-10) to the latest date (e1's end, 2025-05-20).
    expect(rows).toEqual([
      // Q1 hjertesvikt at Ahus: p1 (e1, e4) and p2 (e2) = 2; p1's plan c1 is open in Q1 = 1.
      row("1.1", "ahus", "2025-Q1", { numerator: 1, denominator: 2 }, { forløpstype: "hjertesvikt" }),
      // Q1 KOLS: p3 (e3); c3 is not a DHO plan.
      row("1.1", "ahus", "2025-Q1", { numerator: 0, denominator: 1 }, { forløpstype: "KOLS" }),
      // Q2 hjertesvikt: p1 (e1 ends 20 May) and p2; c1 ended in Q1, c2 starts 10 April = 1.
      row("1.1", "ahus", "2025-Q2", { numerator: 1, denominator: 2 }, { forløpstype: "hjertesvikt" }),
      // e6 (entered in error) and e7 (planned) count nowhere; e3 ended in Q1.
      // Q2 psykisk helse at OUS (organisation number): p4, with c5 (c4 is a draft).
      row("1.1", "ous", "2025-Q2", { numerator: 1, denominator: 1 }, { forløpstype: "psykisk helse" }),
    ]);
    // e8's trust has no Veivalg organisation: its rows for Q1 and Q2 are left out.
    expect(unmapped).toBe(2);
  });
});

describe("1.2 share of outpatient consultations that are user-driven", () => {
  const consultation = (id: string, o: "a" | "b", cls: string, day: string, scheduling: { system: string; code: string } | null, status = "finished"): Resource => ({
    resourceType: "Encounter",
    id,
    status,
    class: { system: SYSTEM.actCode, code: cls },
    ...(scheduling ? { type: [codeable(scheduling)] } : {}),
    subject: patient("p1"),
    period: { start: at(day), end: `${day}T10:30:00+01:00` },
    serviceProvider: org(o),
  });

  it("divides user-driven by all finished outpatient and video consultations", async () => {
    const { rows } = await compute("1.2", [
      consultation("c1", "a", "AMB", "2025-01-15", CODE.userDriven),
      consultation("c2", "a", "AMB", "2025-02-20", CODE.calendarDriven),
      consultation("c3", "a", "VR", "2025-03-31", CODE.userDriven),
      consultation("c4", "a", "AMB", "2025-04-01", null),
      consultation("c5", "a", "IMP", "2025-04-03", CODE.userDriven),
      consultation("c6", "a", "AMB", "2025-05-05", CODE.userDriven, "cancelled"),
      consultation("c7", "b", "AMB", "2025-06-30", CODE.userDriven),
    ]);
    expect(rows).toEqual([
      // Q1: c1 and c3 user-driven, c2 calendar-driven = 2 of 3.
      row("1.2", "ahus", "2025-Q1", { numerator: 2, denominator: 3 }),
      // Q2: c4 has no scheduling code (not user-driven); c5 is inpatient and c6 cancelled = 0 of 1.
      row("1.2", "ahus", "2025-Q2", { numerator: 0, denominator: 1 }),
      row("1.2", "ous", "2025-Q2", { numerator: 1, denominator: 1 }),
    ]);
  });
});

describe("1.4 readmissions among patients in digital home follow-up", () => {
  const stay = (id: string, p: string, o: "a" | "b", admitted: string, discharged: string, cls = "IMP"): Resource => ({
    resourceType: "Encounter",
    id,
    status: "finished",
    class: { system: SYSTEM.actCode, code: cls },
    subject: patient(p),
    period: { start: at(admitted), end: at(discharged) },
    serviceProvider: org(o),
  });
  const dho = (id: string, p: string, start: string, end: string): Resource => ({
    resourceType: "CarePlan",
    id,
    status: "completed",
    intent: "plan",
    category: [codeable(CODE.dho)],
    subject: patient(p),
    author: org("a"),
    period: { start: at(start), end: at(end) },
  });

  it("counts stays admitted 1–30 days after the previous discharge while the patient is in DHO", async () => {
    const { rows } = await compute("1.4", [
      dho("c1", "p1", "2025-01-01", "2025-06-30"),
      dho("c3", "p3", "2025-01-01", "2025-05-01"),
      stay("s1", "p1", "a", "2025-01-10", "2025-01-15"),
      stay("s2", "p1", "a", "2025-02-01", "2025-02-03"), // 17 days after s1, in DHO: readmission
      stay("s3", "p1", "b", "2025-02-03", "2025-02-10"), // the day of discharge: a transfer
      stay("v1", "p1", "a", "2025-02-15", "2025-02-15", "AMB"), // outpatient: no stay
      stay("s4", "p1", "a", "2025-03-20", "2025-03-22"), // 38 days after s3
      stay("s5", "p1", "a", "2025-04-15", "2025-04-16"), // 24 days after s4, in DHO: readmission
      stay("s6", "p2", "a", "2025-04-01", "2025-04-05"),
      stay("s7", "p2", "a", "2025-04-20", "2025-04-22"), // 15 days, but p2 has no DHO plan
      stay("s8", "p3", "b", "2025-05-02", "2025-05-04"),
      stay("s9", "p3", "b", "2025-05-10", "2025-05-12"), // 6 days, but p3's plan ended 1 May
    ]);
    expect(rows).toEqual([
      row("1.4", "ahus", "2025-Q1", { value: 1 }), // s1, s2 (readmission), s4
      row("1.4", "ahus", "2025-Q2", { value: 1 }), // s5 (readmission), s6, s7
      row("1.4", "ous", "2025-Q1", { value: 0 }), // s3
      row("1.4", "ous", "2025-Q2", { value: 0 }), // s8, s9
    ]);
  });
});

describe("2.4 early-warning alerts", () => {
  const flag = (id: string, o: "a" | "b", day: string, code: { system: string; code: string }, status = "inactive"): Resource => ({
    resourceType: "Flag",
    id,
    status,
    code: codeable(code),
    subject: patient("p1"),
    period: { start: at(day) },
    author: org(o),
  });

  it("counts flags coded as AI or rule-based alerts by the month raised", async () => {
    const { rows } = await compute("2.4", [
      flag("f1", "a", "2025-01-05", CODE.aiAlert, "active"),
      flag("f2", "a", "2025-01-20", CODE.ruleAlert),
      flag("f3", "a", "2025-01-25", CODE.ruleAlert, "entered-in-error"),
      flag("f4", "a", "2025-02-03", { system: "http://example.org/flags", code: "fall-risk" }),
      flag("f5", "b", "2025-02-28", CODE.aiAlert),
      flag("f6", "a", "2025-03-01", CODE.aiAlert),
    ]);
    expect(rows).toEqual([
      row("2.4", "ahus", "2025-01", { value: 2 }), // f1, f2 (f3 entered in error)
      row("2.4", "ahus", "2025-02", { value: 0 }), // f4 is another kind of flag
      row("2.4", "ahus", "2025-03", { value: 1 }),
      row("2.4", "ous", "2025-02", { value: 1 }),
    ]);
  });
});

describe("3.1 medication lists reconciled at discharge", () => {
  const stay = (id: string, o: "a" | "b", admitted: string, discharged: string, cls = "IMP"): Resource => ({
    resourceType: "Encounter",
    id,
    status: "finished",
    class: { system: SYSTEM.actCode, code: cls },
    subject: patient("p1"),
    period: { start: at(admitted), end: at(discharged) },
    serviceProvider: org(o),
  });
  const list = (id: string, encounter: string, code: { system: string; code: string } = CODE.reconciledAtDischarge, status = "current"): Resource => ({
    resourceType: "List",
    id,
    status,
    mode: "snapshot",
    code: codeable(code),
    subject: patient("p1"),
    encounter: ref("Encounter", encounter),
  });

  it("counts discharges with a reconciled list by the month of discharge", async () => {
    const { rows } = await compute("3.1", [
      stay("e1", "a", "2025-01-28", "2025-02-02"),
      list("l1", "e1"),
      stay("e2", "a", "2025-02-10", "2025-02-12"),
      list("l2", "e2", CODE.reconciledAtDischarge, "entered-in-error"),
      stay("e3", "a", "2025-02-20", "2025-03-01"),
      list("l3", "e3", { system: "http://terminology.hl7.org/CodeSystem/list-example-use-codes", code: "medications" }),
      stay("e4", "b", "2025-03-05", "2025-03-09"),
      list("l4", "e4"),
      list("l5", "e4"), // a second list for the same discharge
      stay("e5", "a", "2025-02-15", "2025-02-15", "AMB"),
      list("l6", "e5"), // outpatient: not a discharge
      list("l7", "missing"),
    ]);
    expect(rows).toEqual([
      row("3.1", "ahus", "2025-02", { value: 1 }), // e1 (e2's list was entered in error)
      row("3.1", "ahus", "2025-03", { value: 0 }), // e3's list is not a reconciliation
      row("3.1", "ous", "2025-03", { value: 1 }), // e4 once, for l4 and l5
    ]);
  });
});

describe("3.4 lab results sent to Pasientens prøvesvar", () => {
  const report = (id: string, performer: { reference: string }[], options: { day?: string; effective?: string; status?: string; section?: string; tag?: { system: string; code: string } | null }): Resource => ({
    resourceType: "DiagnosticReport",
    id,
    ...(options.tag === null ? {} : { meta: { tag: [options.tag ?? CODE.pasientensProvesvar] } }),
    status: options.status ?? "final",
    category: [codeable({ system: SYSTEM.diagnosticServiceSection, code: options.section ?? "LAB" })],
    code: codeable(CODE.laboratoryReport),
    subject: patient("p1"),
    ...(options.effective ? { effectiveDateTime: at(options.effective) } : {}),
    ...(options.day ? { issued: at(options.day) } : {}),
    performer,
  });

  it("counts final laboratory reports tagged as sent, by the month issued", async () => {
    const { rows } = await compute("3.4", [
      report("r1", [org("a")], { day: "2025-01-10" }),
      report("r2", [org("a")], { day: "2025-01-11", tag: null }),
      report("r3", [org("a")], { day: "2025-01-12", status: "preliminary" }),
      report("r4", [org("a")], { day: "2025-02-01", status: "amended" }),
      report("r5", [org("a")], { day: "2025-02-03", section: "RAD" }),
      report("r6", [ref("Practitioner", "d1"), org("a")], { day: "2025-02-10" }),
      report("r7", [org("b")], { effective: "2025-03-15" }),
      report("r8", [org("b")], { day: "2025-03-20", tag: CODE.pasientensMaledata }),
    ]);
    expect(rows).toEqual([
      row("3.4", "ahus", "2025-01", { value: 1 }), // r1 (r2 not sent, r3 preliminary)
      row("3.4", "ahus", "2025-02", { value: 2 }), // r4 amended, r6 (its organisation performer); r5 is radiology
      row("3.4", "ous", "2025-03", { value: 1 }), // r7 by the date taken; r8's tag is another
    ]);
  });
});

describe("3.5 measurements sent to Pasientens måledata", () => {
  const observation = (id: string, o: "a" | "b", options: { day?: string; effective?: string; status?: string; tags?: { system: string; code: string }[] }): Resource => ({
    resourceType: "Observation",
    id,
    ...(options.tags ? { meta: { tag: options.tags } } : {}),
    status: options.status ?? "final",
    code: codeable({ system: SYSTEM.loinc, code: "29463-7" }),
    subject: patient("p1"),
    ...(options.effective ? { effectiveDateTime: at(options.effective) } : {}),
    ...(options.day ? { issued: at(options.day) } : {}),
    performer: [org(o)],
    valueQuantity: { value: 80, unit: "kg", system: SYSTEM.ucum, code: "kg" },
  });

  it("counts final observations tagged as sent, by the month issued", async () => {
    const { rows } = await compute("3.5", [
      observation("o1", "a", { day: "2025-01-05", tags: [CODE.pasientensMaledata] }),
      observation("o2", "a", { day: "2025-01-06" }),
      observation("o3", "a", { day: "2025-01-06", status: "preliminary", tags: [CODE.pasientensMaledata] }),
      observation("o4", "a", { day: "2025-01-07", tags: [CODE.pasientensProvesvar, CODE.pasientensMaledata] }),
      observation("o5", "b", { effective: "2025-02-14", status: "corrected", tags: [CODE.pasientensMaledata] }),
      observation("o6", "b", { day: "2025-02-20" }),
      observation("o7", "a", { day: "2025-03-01", tags: [{ system: "http://example.org/tags", code: "pasientens-maledata" }] }),
    ]);
    expect(rows).toEqual([
      row("3.5", "ahus", "2025-01", { value: 2 }), // o1, o4 (o3 preliminary)
      row("3.5", "ahus", "2025-03", { value: 0 }), // o7's tag is of another system
      row("3.5", "ous", "2025-02", { value: 1 }), // o5, by the date measured
    ]);
  });
});

describe("3.6 share of appointments shown on Helsenorge", () => {
  const appointment = (id: string, o: "a" | "b", day: string, status: string, visible: boolean | null): Resource => ({
    resourceType: "Appointment",
    id,
    extension: [
      ...(visible === null ? [] : [{ url: EXTENSION.helsenorgeVisible, valueBoolean: visible }]),
      { url: EXTENSION.serviceProvider, valueReference: org(o) },
    ],
    status,
    start: at(day),
    end: `${day}T10:30:00+01:00`,
    participant: [{ actor: patient("p1"), status: "accepted" }],
  });

  it("divides the appointments shown by all booked, attended or missed ones", async () => {
    const { rows } = await compute("3.6", [
      appointment("a1", "a", "2025-01-10", "fulfilled", true),
      appointment("a2", "a", "2025-02-10", "booked", false),
      appointment("a3", "a", "2025-03-10", "noshow", null),
      appointment("a4", "a", "2025-03-11", "cancelled", true),
      appointment("a5", "a", "2025-03-12", "proposed", true),
      appointment("a6", "b", "2025-04-10", "fulfilled", true),
      appointment("a7", "a", "2025-05-05", "arrived", true),
    ]);
    expect(rows).toEqual([
      row("3.6", "ahus", "2025-Q1", { numerator: 1, denominator: 3 }), // a1 of a1–a3 (a4 cancelled, a5 proposed)
      row("3.6", "ahus", "2025-Q2", { numerator: 1, denominator: 1 }),
      row("3.6", "ous", "2025-Q2", { numerator: 1, denominator: 1 }),
    ]);
  });
});

describe("5.4 device types integrated", () => {
  const device = (id: string, o: "a" | "b", type: string, integrated: { start: string; end?: string } | null, status = "active"): Resource => ({
    resourceType: "Device",
    id,
    ...(integrated ? { extension: [{ url: EXTENSION.deviceIntegration, valuePeriod: { start: at(integrated.start), ...(integrated.end ? { end: at(integrated.end) } : {}) } }] } : {}),
    status,
    type: codeable({ system: SYSTEM.deviceType, code: type }),
    owner: org(o),
  });

  it("counts the distinct types integrated at each quarter's end", async () => {
    const { rows } = await compute("5.4", [
      device("d1", "a", "infusion-pump", { start: "2025-01-15" }),
      device("d2", "a", "infusion-pump", { start: "2025-02-01" }),
      device("d3", "a", "patient-monitor", { start: "2025-04-10", end: "2025-08-20" }),
      device("d4", "a", "ventilator", null),
      device("d5", "a", "ecg", { start: "2025-06-30" }),
      device("d6", "b", "patient-monitor", { start: "2025-09-30" }),
      device("d7", "b", "infusion-pump", { start: "2025-03-31", end: "2025-06-30" }),
      device("d8", "b", "scale", { start: "2025-01-01" }, "entered-in-error"),
    ]);
    // Quarters from the first integration (15 January) to the latest date (30 September).
    expect(rows).toEqual([
      row("5.4", "ahus", "2025-Q1", { value: 1 }), // pumps d1, d2: one type
      row("5.4", "ahus", "2025-Q2", { value: 3 }), // pump, monitor d3, ECG d5 (from the quarter's last day)
      row("5.4", "ahus", "2025-Q3", { value: 2 }), // d3's integration ended 20 August
      row("5.4", "ous", "2025-Q1", { value: 1 }), // pump d7 from 31 March
      row("5.4", "ous", "2025-Q2", { value: 0 }), // d7's ended on the quarter's last day; d8 was entered in error
      row("5.4", "ous", "2025-Q3", { value: 1 }), // monitor d6 from 30 September
    ]);
  });
});
