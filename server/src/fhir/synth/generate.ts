/**
 * Synthetic FHIR R4 resources for Helse Sør-Øst's trusts: the organisations, their medical devices
 * and, patient by patient, everything that happens to a patient in the window (calendar.ts). Each
 * patient is drawn from its own random stream (seed and patient number), so a data set is the same
 * for the same (patients, seed) whatever order or chunking writes it, and nothing but the patient
 * being drawn is held in memory. The rates rise over the window for the key results that should
 * rise; docs/indicators/README.md describes the data set.
 */
import { random } from "../../seed/random.js";
import { DAYS, dateTime, progress } from "./calendar.js";
import { CODE, DEVICE_TYPES, EXTENSION, PATHWAYS, PROFILE, SYSTEM, type PathwayCode } from "./codes.js";
import { REGION, TRUSTS, pickTrust, type TrustProfile } from "./region.js";

export interface Resource {
  resourceType: string;
  id: string;
  [element: string]: unknown;
}
export type Emit = (resource: Resource) => void;

/** The resource types the generator writes, one file each. */
export const RESOURCE_TYPES = [
  "Organization",
  "Device",
  "Patient",
  "EpisodeOfCare",
  "CarePlan",
  "Encounter",
  "Appointment",
  "Observation",
  "DiagnosticReport",
  "Flag",
  "MedicationStatement",
  "List",
] as const;

type Random = () => number;
type Reference = { reference: string };

const ref = (type: string, id: string): Reference => ({ reference: `${type}/${id}` });
const organisationId = (veivalgId: string) => `org-${veivalgId}`;
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;
/** 0 before `from`, rising linearly to 1 a year later. */
const ramp = (day: number, from: number) => clamp((day - from) / 365, 0, 1);
const coding = (c: { system: string; code: string; display: string }) => ({ coding: [c] });

function poisson(r: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r(); p > limit; p *= r()) k++;
  return k;
}

/** When each trust's digital services go live, in days into the window (its lag delays them). */
const rollout = {
  earlyWarningRules: (t: TrustProfile) => 30 + 2 * t.lag,
  earlyWarningAi: (t: TrustProfile) => 330 + 2 * t.lag,
  pasientensProvesvar: (t: TrustProfile) => 90 + 2 * t.lag,
  pasientensMaledata: (t: TrustProfile) => 300 + 2 * t.lag,
};

// --- organisations and devices ---------------------------------------------------------------

export function emitOrganisations(emit: Emit): void {
  for (const o of [REGION, ...TRUSTS]) {
    emit({
      resourceType: "Organization",
      id: organisationId(o.id),
      meta: { profile: [PROFILE.organization] },
      identifier: [
        { system: SYSTEM.veivalgOrganisation, value: o.id },
        ...(o.identifiers?.orgnr ? [{ system: SYSTEM.organisationNumber, value: o.identifiers.orgnr }] : []),
        ...(o.identifiers?.resh ? [{ system: SYSTEM.resh, value: o.identifiers.resh }] : []),
      ],
      active: true,
      type: [{ coding: [{ system: SYSTEM.organizationType, code: "prov", display: "Healthcare Provider" }] }],
      name: o.name,
      alias: [o.shortName],
      ...(o.id === REGION.id ? {} : { partOf: ref("Organization", organisationId(REGION.id)) }),
    });
  }
}

/**
 * The trusts' medical devices: about one per 40 patients (at least 12 a trust). Each trust takes
 * device types into integration at its own dates (some already at the window's start, most during it); a
 * device of an integrated type is integrated shortly after, a few are replaced later.
 */
export function emitDevices(patients: number, seed: number, emit: Emit): void {
  const r = random(`${seed}/devices`);
  const total = Math.round(patients / 40);
  for (const trust of TRUSTS) {
    const integratedFrom = DEVICE_TYPES.map(() => {
      if (r() > clamp(0.35 + 0.4 * trust.maturity, 0, 0.95)) return null;
      return r() < 0.3 ? int(r, 0, 30) : int(r, trust.lag, DAYS - 1);
    });
    const count = Math.max(12, Math.round(total * trust.share));
    for (let k = 1; k <= count; k++) {
      const type = int(r, 0, DEVICE_TYPES.length - 1);
      const from = integratedFrom[type];
      let integration: { start: string; end?: string } | null = null;
      if (from !== null && from !== undefined && r() < 0.9) {
        const start = Math.min(from + int(r, 0, 60), DAYS - 1);
        const end = r() < 0.05 ? start + int(r, 90, 500) : DAYS;
        integration = { start: dateTime(start, 600), ...(end < DAYS ? { end: dateTime(end, 600) } : {}) };
      }
      emit({
        resourceType: "Device",
        id: `dev-${trust.id}-${k}`,
        ...(integration ? { extension: [{ url: EXTENSION.deviceIntegration, valuePeriod: integration }] } : {}),
        status: "active",
        type: coding({ system: SYSTEM.deviceType, ...DEVICE_TYPES[type]! }),
        owner: ref("Organization", organisationId(trust.id)),
      });
    }
  }
}

// --- patients -------------------------------------------------------------------------------

const GIVEN_FEMALE = ["Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde", "Nora", "Emma", "Sara", "Ida", "Maja"];
const GIVEN_MALE = ["Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans", "Geir", "Jakob", "Emil", "Noah", "Oskar", "Lukas"];
const FAMILY = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen"];

/**
 * A fødselsnummer-shaped identifier that is no one's: the month has 80 added (no real number has a
 * month above 52), and the second check digit is deliberately wrong, so the number fails the
 * modulus-11 check every Norwegian system applies. Never replace this with valid numbers.
 */
function syntheticFodselsnummer(birth: string, individual: number): string {
  const base = `${birth.slice(8, 10)}${String(Number(birth.slice(5, 7)) + 80)}${birth.slice(2, 4)}${String(individual).padStart(3, "0")}`;
  const digits = [...base].map(Number);
  const check = (weights: number[], ds: number[]) => {
    const k = 11 - (weights.reduce((s, w, i) => s + w * ds[i]!, 0) % 11);
    return k === 11 ? 0 : k;
  };
  const k1 = check([3, 7, 6, 1, 8, 9, 4, 5, 2], digits) % 10;
  const k2 = check([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [...digits, k1]);
  const wrong = k2 === 10 ? 0 : (k2 + 1) % 10;
  return `${base}${k1}${wrong}`;
}

/** Pathways: how common each is among pathway patients, and how readily it is followed up at home. */
const PATHWAY_MIX: Record<PathwayCode, { weight: number; dho: number }> = {
  hjertesvikt: { weight: 0.3, dho: 1.0 },
  kols: { weight: 0.25, dho: 1.1 },
  kreft: { weight: 0.3, dho: 0.6 },
  "psykisk-helse": { weight: 0.15, dho: 0.5 },
};

type Measurement = { code: string; display: string; unit?: string; value: (r: Random) => number; category?: string };
const LOINC = (code: string, display: string) => ({ system: SYSTEM.loinc, code, display });
const quantity = (value: number, unit: string) => ({ value, unit, system: SYSTEM.ucum, code: unit });

const WEIGHT: Measurement = { code: "29463-7", display: "Body weight", unit: "kg", value: (r) => round1(60 + r() * 50) };
const SPO2: Measurement = { code: "59408-5", display: "Oxygen saturation in Arterial blood by Pulse oximetry", unit: "%", value: (r) => int(r, 86, 99) };
const PULSE: Measurement = { code: "8867-4", display: "Heart rate", unit: "/min", value: (r) => int(r, 52, 110) };
const TEMPERATURE: Measurement = { code: "8310-5", display: "Body temperature", unit: "Cel", value: (r) => round1(36 + r() * 2.5) };
const PHQ9: Measurement = { code: "44261-6", display: "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]", value: (r) => int(r, 0, 27), category: "survey" };
/** Blood pressure is a panel with two components; marked by its code here. */
const BLOOD_PRESSURE: Measurement = { code: "85354-9", display: "Blood pressure panel with all children optional", value: () => 0 };

/** What patients measure at home, by pathway. */
const HOME_MEASUREMENTS: Record<PathwayCode, readonly Measurement[]> = {
  hjertesvikt: [WEIGHT, BLOOD_PRESSURE, PULSE],
  kols: [SPO2, PULSE, TEMPERATURE],
  kreft: [TEMPERATURE, WEIGHT, PULSE],
  "psykisk-helse": [PHQ9, PULSE],
};

const LAB_TESTS: readonly Measurement[] = [
  { code: "718-7", display: "Hemoglobin [Mass/volume] in Blood", unit: "g/dL", value: (r) => round1(9.5 + r() * 7) },
  { code: "14682-9", display: "Creatinine [Moles/volume] in Serum or Plasma", unit: "umol/L", value: (r) => int(r, 45, 180) },
  { code: "1988-5", display: "C reactive protein [Mass/volume] in Serum or Plasma", unit: "mg/L", value: (r) => int(r, 1, 120) },
  { code: "2823-3", display: "Potassium [Moles/volume] in Serum or Plasma", unit: "mmol/L", value: (r) => round1(3.2 + r() * 2.2) },
  { code: "2951-2", display: "Sodium [Moles/volume] in Serum or Plasma", unit: "mmol/L", value: (r) => int(r, 131, 147) },
  { code: "33762-6", display: "Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma", unit: "pg/mL", value: (r) => int(r, 40, 6000) },
];

const MEDICATIONS = [
  { code: "C03CA01", display: "Furosemid" },
  { code: "C07AB07", display: "Bisoprolol" },
  { code: "C09AA05", display: "Ramipril" },
  { code: "B01AC06", display: "Acetylsalisylsyre" },
  { code: "B01AF01", display: "Rivaroksaban" },
  { code: "C10AA05", display: "Atorvastatin" },
  { code: "A10BA02", display: "Metformin" },
  { code: "A02BC01", display: "Omeprazol" },
  { code: "H03AA01", display: "Levotyroksinnatrium" },
  { code: "N02BE01", display: "Paracetamol" },
  { code: "R03AC02", display: "Salbutamol" },
  { code: "R03BB04", display: "Tiotropiumbromid" },
  { code: "N06AB06", display: "Sertralin" },
  { code: "N05AH04", display: "Kvetiapin" },
] as const;

const CATEGORY = {
  vitalSigns: [{ coding: [{ system: SYSTEM.observationCategory, code: "vital-signs", display: "Vital Signs" }] }],
  survey: [{ coding: [{ system: SYSTEM.observationCategory, code: "survey", display: "Survey" }] }],
  laboratory: [{ coding: [{ system: SYSTEM.observationCategory, code: "laboratory", display: "Laboratory" }] }],
  lab: [{ coding: [{ system: SYSTEM.diagnosticServiceSection, code: "LAB", display: "Laboratory" }] }],
  clinicalFlag: [{ coding: [{ system: SYSTEM.flagCategory, code: "clinical", display: "Clinical" }] }],
};

interface Span {
  start: number;
  /** Null while it goes on past the window's end. */
  end: number | null;
}
const within = (span: Span | null, day: number) => span !== null && day >= span.start && (span.end === null || day <= span.end);
const period = (start: string, end?: string | null) => (end ? { start, end } : { start });

/** Everything about patient number `index` (0-based): 20–30 resources on average (see the README). */
export function emitPatient(index: number, seed: number, emit: Emit): void {
  const r = random(`${seed}/${index}`);
  const trust = pickTrust(r());
  const org = ref("Organization", organisationId(trust.id));
  const patientId = `p${index}`;
  const subject = ref("Patient", patientId);
  let serial = 0;
  const nextId = (prefix: string) => `${prefix}${index}-${++serial}`;

  const female = r() < 0.52;
  const age = r() < 0.1 ? int(r, 0, 17) : int(r, 18, 95);
  const birthYear = 2024 - age;
  const birthDate = new Date(Date.UTC(birthYear, 0, 1 + int(r, 0, 364))).toISOString().slice(0, 10);
  emit({
    resourceType: "Patient",
    id: patientId,
    meta: { profile: [PROFILE.patient] },
    identifier: [
      { use: "official", system: SYSTEM.fodselsnummer, value: syntheticFodselsnummer(birthDate, birthYear < 2000 ? int(r, 0, 499) : int(r, 500, 999)) },
    ],
    name: [{ use: "official", family: pick(r, FAMILY), given: [pick(r, female ? GIVEN_FEMALE : GIVEN_MALE)] }],
    gender: female ? "female" : "male",
    birthDate,
    managingOrganization: org,
  });

  // A care pathway (forløp) for about a third of the patients, followed up at home for some of them.
  // A pathway may have begun before the window: the export cuts its history at the window's start.
  // `until` is where the pathway ends, in or past the window; events are drawn up to it and those
  // past the window dropped, so that the window's last months are as busy as the others.
  let episode: (Span & { id: string; until: number }) | null = null;
  let dho: (Span & { id: string }) | null = null;
  const begun = int(r, -365, DAYS - 1);
  const until = begun + int(r, 90, 720);
  if (r() < 0.33 && until >= 0) {
    let u = r();
    const pathway = PATHWAYS.find((p) => (u -= PATHWAY_MIX[p.code].weight) < 0) ?? PATHWAYS[2];
    const start = Math.max(begun, 0);
    episode = { id: nextId("eoc"), start, end: until < DAYS ? until : null, until };
    emit({
      resourceType: "EpisodeOfCare",
      id: episode.id,
      status: episode.end === null ? "active" : "finished",
      type: [coding({ system: SYSTEM.pathwayType, code: pathway.code, display: pathway.display })],
      patient: subject,
      managingOrganization: org,
      period: period(dateTime(start, 540), episode.end === null ? null : dateTime(episode.end, 900)),
    });
    const uptake = clamp((0.08 + 0.5 * progress(start)) * trust.maturity * PATHWAY_MIX[pathway.code].dho, 0, 0.9);
    const dhoStart = Math.max(begun + int(r, 0, 45), 0);
    if (r() < uptake && dhoStart < DAYS) {
      const dhoUntil = Math.min(dhoStart + int(r, 60, 400), until);
      dho = { id: nextId("cp"), start: dhoStart, end: dhoUntil < DAYS ? dhoUntil : null };
      emit({
        resourceType: "CarePlan",
        id: dho.id,
        status: dho.end === null ? "active" : "completed",
        intent: "plan",
        category: [coding(CODE.dho)],
        title: `Digital hjemmeoppfølging, ${pathway.label}`,
        subject,
        period: period(dateTime(dho.start, 600), dho.end === null ? null : dateTime(dho.end, 600)),
        author: org,
        supportingInfo: [ref("EpisodeOfCare", episode.id)],
      });
      emitHomeMeasurements(r, trust, org, subject, dho, HOME_MEASUREMENTS[pathway.code], nextId, emit);
    }
  }

  // Outpatient and video consultations, each booked as an appointment.
  const eventDay = () => (episode && r() < 0.8 ? int(r, episode.start, episode.until) : int(r, 0, DAYS - 1));
  const visibleOnHelsenorge = (day: number) => r() < clamp((0.5 + 0.4 * progress(day)) * trust.maturity, 0, 0.97);
  const outpatient = poisson(r, episode ? 4.5 : 2.4);
  const video = poisson(r, episode ? 1.2 : 0.4);
  for (let k = 0; k < outpatient + video; k++) {
    // Video consultations grow over the window: their days are drawn with a rising density.
    const day = k < outpatient ? eventDay() : Math.floor(DAYS * Math.sqrt(r()));
    if (day >= DAYS) continue;
    const minute = int(r, 480, 900);
    const appointmentId = nextId("apt");
    emit(appointment(appointmentId, "fulfilled", day, minute, subject, org, visibleOnHelsenorge(day)));
    const encounterId = nextId("enc");
    const userDriven = r() < clamp((0.05 + 0.3 * progress(day)) * trust.maturity + (within(dho, day) ? 0.25 : 0), 0, 0.9);
    emit({
      resourceType: "Encounter",
      id: encounterId,
      status: "finished",
      class: k < outpatient ? CODE.outpatient : CODE.virtual,
      type: [coding(userDriven ? CODE.userDriven : CODE.calendarDriven)],
      subject,
      ...(within(episode, day) ? { episodeOfCare: [ref("EpisodeOfCare", episode!.id)] } : {}),
      appointment: [ref("Appointment", appointmentId)],
      period: period(dateTime(day, minute), dateTime(day, minute + int(r, 15, 60))),
      serviceProvider: org,
    });
    if (k < outpatient && r() < 0.4) emitLabReport(r, trust, org, subject, encounterId, day, minute + 60, nextId, emit);
  }
  // Appointments that did not become consultations: not attended, or cancelled (not counted by 3.6).
  const noShow = r() < 0.2 ? eventDay() : DAYS;
  if (noShow < DAYS) emit(appointment(nextId("apt"), "noshow", noShow, int(r, 480, 900), subject, org, visibleOnHelsenorge(noShow)));
  const cancelled = r() < 0.15 ? eventDay() : DAYS;
  if (cancelled < DAYS) emit(appointment(nextId("apt"), "cancelled", cancelled, int(r, 480, 900), subject, org, false));

  // Hospital stays, with early-warning scores and alerts, lab results, medication at discharge, and
  // readmissions (fewer over time among those followed up at home). Stays that would not be over
  // by the window's end are left out.
  const admissions = Array.from({ length: poisson(r, episode ? 0.8 : 0.35) }, eventDay).sort((a, b) => a - b);
  let lastDischarge = -1;
  const hospitalise = (admitted: number): number | null => {
    const discharged = admitted + 1 + Math.min(Math.floor(-Math.log(1 - r()) * 3), 20);
    if (admitted <= lastDischarge || discharged >= DAYS) return null;
    emitStay(r, trust, org, subject, episode, admitted, discharged, nextId, emit);
    return (lastDischarge = discharged);
  };
  for (const day of admissions) {
    const discharged = hospitalise(day);
    if (discharged === null) continue;
    const readmissionRate = within(dho, discharged) ? 0.2 * (1 - 0.6 * progress(discharged)) : 0.1;
    if (r() < readmissionRate) hospitalise(discharged + int(r, 1, 30));
  }
}

function appointment(id: string, status: string, day: number, minute: number, subject: Reference, org: Reference, visible: boolean): Resource {
  return {
    resourceType: "Appointment",
    id,
    meta: { profile: [PROFILE.appointment] },
    extension: [
      { url: EXTENSION.helsenorgeVisible, valueBoolean: visible },
      { url: EXTENSION.serviceProvider, valueReference: org },
    ],
    status,
    start: dateTime(day, minute),
    end: dateTime(day, minute + 30),
    participant: [{ actor: subject, status: "accepted" }],
  };
}

function measurementValue(r: Random, m: Measurement): Record<string, unknown> {
  if (m === BLOOD_PRESSURE) {
    const systolic = int(r, 100, 175);
    return {
      component: [
        { code: coding(LOINC("8480-6", "Systolic blood pressure")), valueQuantity: quantity(systolic, "mm[Hg]") },
        { code: coding(LOINC("8462-4", "Diastolic blood pressure")), valueQuantity: quantity(systolic - int(r, 30, 60), "mm[Hg]") },
      ],
    };
  }
  return m.unit ? { valueQuantity: quantity(m.value(r), m.unit) } : { valueInteger: m.value(r) };
}

function emitHomeMeasurements(
  r: Random,
  trust: TrustProfile,
  org: Reference,
  subject: Reference,
  plan: Span & { id: string },
  kinds: readonly Measurement[],
  nextId: (prefix: string) => string,
  emit: Emit,
): void {
  const every = int(r, 2, 10);
  const last = plan.end ?? DAYS - 1;
  const from = rollout.pasientensMaledata(trust);
  for (let day = plan.start + 1, n = 0; day <= last && n < 90; day += every, n++) {
    const m = kinds[n % kinds.length]!;
    const minute = int(r, 420, 1080);
    const shared = day >= from && r() < 0.7 + 0.25 * ramp(day, from);
    emit({
      resourceType: "Observation",
      id: nextId("obs"),
      ...(shared ? { meta: { tag: [CODE.pasientensMaledata] } } : {}),
      status: "final",
      category: m.category === "survey" ? CATEGORY.survey : CATEGORY.vitalSigns,
      code: coding(LOINC(m.code, m.display)),
      subject,
      basedOn: [ref("CarePlan", plan.id)],
      effectiveDateTime: dateTime(day, minute),
      issued: dateTime(day, minute + 1),
      performer: [org],
      ...measurementValue(r, m),
    });
  }
}

function emitLabReport(
  r: Random,
  trust: TrustProfile,
  org: Reference,
  subject: Reference,
  encounterId: string,
  day: number,
  minute: number,
  nextId: (prefix: string) => string,
  emit: Emit,
): void {
  const encounter = ref("Encounter", encounterId);
  const taken = dateTime(day, minute);
  const issued = dateTime(day, minute + int(r, 30, 180));
  const results: Reference[] = [];
  const tests = int(r, 1, 4);
  const first = int(r, 0, LAB_TESTS.length - 1);
  for (let k = 0; k < tests; k++) {
    const test = LAB_TESTS[(first + k) % LAB_TESTS.length]!;
    const id = nextId("obs");
    results.push(ref("Observation", id));
    emit({
      resourceType: "Observation",
      id,
      status: "final",
      category: CATEGORY.laboratory,
      code: coding(LOINC(test.code, test.display)),
      subject,
      encounter,
      effectiveDateTime: taken,
      issued,
      performer: [org],
      valueQuantity: quantity(test.value(r), test.unit!),
    });
  }
  const from = rollout.pasientensProvesvar(trust);
  const shared = day >= from && r() < 0.65 + 0.3 * ramp(day, from);
  emit({
    resourceType: "DiagnosticReport",
    id: nextId("dr"),
    ...(shared ? { meta: { tag: [CODE.pasientensProvesvar] } } : {}),
    status: "final",
    category: CATEGORY.lab,
    code: coding(CODE.laboratoryReport),
    subject,
    encounter,
    effectiveDateTime: taken,
    issued,
    performer: [org],
    result: results,
  });
}

function emitStay(
  r: Random,
  trust: TrustProfile,
  org: Reference,
  subject: Reference,
  episode: (Span & { id: string }) | null,
  admitted: number,
  discharged: number,
  nextId: (prefix: string) => string,
  emit: Emit,
): void {
  const encounterId = nextId("enc");
  const encounter = ref("Encounter", encounterId);
  const dischargedAt = dateTime(discharged, int(r, 600, 900));
  emit({
    resourceType: "Encounter",
    id: encounterId,
    status: "finished",
    class: CODE.inpatient,
    subject,
    ...(within(episode, admitted) ? { episodeOfCare: [ref("EpisodeOfCare", episode!.id)] } : {}),
    period: period(dateTime(admitted, int(r, 420, 1140)), dischargedAt),
    serviceProvider: org,
  });
  emitLabReport(r, trust, org, subject, encounterId, admitted, int(r, 420, 900), nextId, emit);

  // NEWS2 scores through the stay; a score of 5 or more raises a rule-based alert once the trust's
  // early-warning system is live, and a prediction model adds alerts of its own later on.
  const scores = Math.min(2 + 2 * (discharged - admitted), 8);
  for (let k = 0; k < scores; k++) {
    const day = admitted + Math.floor((k * (discharged - admitted)) / scores);
    const at = dateTime(day, int(r, 420, 1140));
    const score = Math.min(Math.floor(-Math.log(1 - r()) * 1.8), 20);
    emit({
      resourceType: "Observation",
      id: nextId("obs"),
      status: "final",
      category: CATEGORY.survey,
      code: coding(CODE.news2),
      subject,
      encounter,
      effectiveDateTime: at,
      issued: at,
      performer: [org],
      valueInteger: score,
    });
    if (score >= 5 && day >= rollout.earlyWarningRules(trust) && r() < 0.9) emit(alert(nextId("flag"), CODE.ruleAlert, subject, encounter, org, at));
  }
  const aiFrom = rollout.earlyWarningAi(trust);
  if (admitted >= aiFrom && r() < 0.1 + 0.15 * ramp(admitted, aiFrom)) {
    emit(alert(nextId("flag"), CODE.aiAlert, subject, encounter, org, dateTime(admitted, int(r, 420, 1140))));
  }

  // The medication at discharge, reconciled (samstemt) into a list more and more often.
  const statements: Reference[] = [];
  const drugs = int(r, 2, 5);
  for (let k = 0; k < drugs; k++) {
    const id = nextId("ms");
    statements.push(ref("MedicationStatement", id));
    emit({
      resourceType: "MedicationStatement",
      id,
      status: "active",
      medicationCodeableConcept: coding({ system: SYSTEM.atc, ...pick(r, MEDICATIONS) }),
      subject,
      context: encounter,
      dateAsserted: dischargedAt,
      informationSource: org,
    });
  }
  if (r() < clamp((0.3 + 0.5 * progress(discharged)) * trust.maturity, 0, 0.95)) {
    emit({
      resourceType: "List",
      id: nextId("list"),
      status: "current",
      mode: "snapshot",
      title: "Legemiddelliste ved utskrivning",
      code: coding(CODE.reconciledAtDischarge),
      subject,
      encounter,
      date: dischargedAt,
      entry: statements.map((item) => ({ item })),
    });
  }
}

function alert(id: string, kind: { system: string; code: string; display: string }, subject: Reference, encounter: Reference, org: Reference, at: string): Resource {
  return {
    resourceType: "Flag",
    id,
    status: "inactive",
    category: CATEGORY.clinicalFlag,
    code: coding(kind),
    subject,
    period: { start: at },
    encounter,
    author: org,
  };
}
