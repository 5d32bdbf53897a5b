/**
 * The code systems, extensions and profiles the synthetic data set uses, and that the indicator
 * views in server/indicators/views/ select on (docs/indicators/README.md lists them). Where HL7,
 * LOINC or ATC have a code we use it; where no national code exists for a distinction a key result
 * needs (pathway type, user-driven consultation, sharing to Kjernejournal, …) the code is Veivalg's
 * own, under https://veivalg.no/fhir/, for a trust's data engineer to map its local data onto.
 */
import { ORGANISATION_SYSTEMS } from "../organisation-systems.js";

export const PROFILE = {
  patient: "http://hl7.no/fhir/StructureDefinition/no-basis-Patient",
  organization: "http://hl7.no/fhir/StructureDefinition/no-basis-Organization",
  appointment: "http://hl7.no/fhir/StructureDefinition/no-basis-Appointment",
} as const;

export const SYSTEM = {
  /** Organization identifiers the runner maps to Veivalg's organisations: Veivalg's own id, organisation number, RESH id. */
  veivalgOrganisation: ORGANISATION_SYSTEMS.veivalg,
  organisationNumber: ORGANISATION_SYSTEMS.organisationNumber,
  resh: ORGANISATION_SYSTEMS.resh,
  /** Fødselsnummer (no-basis NamingSystem); the synthetic values are deliberately invalid (generate.ts). */
  fodselsnummer: "urn:oid:2.16.578.1.12.4.1.4.1",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  organizationType: "http://terminology.hl7.org/CodeSystem/organization-type",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  diagnosticServiceSection: "http://terminology.hl7.org/CodeSystem/v2-0074",
  flagCategory: "http://terminology.hl7.org/CodeSystem/flag-category",
  loinc: "http://loinc.org",
  atc: "http://www.whocc.no/atc",
  ucum: "http://unitsofmeasure.org",
  pathwayType: "https://veivalg.no/fhir/CodeSystem/pathway-type",
  carePlanCategory: "https://veivalg.no/fhir/CodeSystem/care-plan-category",
  consultationScheduling: "https://veivalg.no/fhir/CodeSystem/consultation-scheduling",
  kjernejournalSharing: "https://veivalg.no/fhir/CodeSystem/kjernejournal-sharing",
  earlyWarning: "https://veivalg.no/fhir/CodeSystem/early-warning",
  medicationList: "https://veivalg.no/fhir/CodeSystem/medication-list",
  deviceType: "https://veivalg.no/fhir/CodeSystem/device-type",
  observation: "https://veivalg.no/fhir/CodeSystem/observation",
} as const;

export const EXTENSION = {
  /** valueBoolean on Appointment: the appointment is shown to the patient on Helsenorge. */
  helsenorgeVisible: "https://veivalg.no/fhir/StructureDefinition/helsenorge-visible",
  /** valueReference(Organization) on Appointment, which has no element for the trust that holds it. */
  serviceProvider: "https://veivalg.no/fhir/StructureDefinition/service-provider",
  /** valuePeriod on Device: while the device is integrated with the trust's clinical systems. */
  deviceIntegration: "https://veivalg.no/fhir/StructureDefinition/device-integration",
} as const;

/** Pathway types (forløpstyper) and the breakdown value key result 1.1 reports each under. */
export const PATHWAYS = [
  { code: "hjertesvikt", display: "Hjertesvikt", label: "hjertesvikt" },
  { code: "kols", display: "KOLS", label: "KOLS" },
  { code: "kreft", display: "Kreft", label: "kreft" },
  { code: "psykisk-helse", display: "Psykisk helse", label: "psykisk helse" },
] as const;
export type PathwayCode = (typeof PATHWAYS)[number]["code"];

export const CODE = {
  dho: { system: SYSTEM.carePlanCategory, code: "dho", display: "Digital hjemmeoppfølging" },
  userDriven: { system: SYSTEM.consultationScheduling, code: "behovsstyrt", display: "Behovsstyrt (brukerstyrt) konsultasjon" },
  calendarDriven: { system: SYSTEM.consultationScheduling, code: "kalenderstyrt", display: "Kalenderstyrt konsultasjon" },
  pasientensProvesvar: { system: SYSTEM.kjernejournalSharing, code: "pasientens-provesvar", display: "Sendt til Pasientens prøvesvar" },
  pasientensMaledata: { system: SYSTEM.kjernejournalSharing, code: "pasientens-maledata", display: "Sendt til Pasientens måledata" },
  aiAlert: { system: SYSTEM.earlyWarning, code: "ai", display: "Tidligvarsel fra kunstig intelligens" },
  ruleAlert: { system: SYSTEM.earlyWarning, code: "rule", display: "Tidligvarsel fra regelautomasjon" },
  reconciledAtDischarge: { system: SYSTEM.medicationList, code: "reconciled-at-discharge", display: "Legemiddelliste samstemt ved utskrivning" },
  news2: { system: SYSTEM.observation, code: "news2", display: "NEWS2 totalskår" },
  laboratoryReport: { system: SYSTEM.loinc, code: "11502-2", display: "Laboratory report" },
  inpatient: { system: SYSTEM.actCode, code: "IMP", display: "inpatient encounter" },
  outpatient: { system: SYSTEM.actCode, code: "AMB", display: "ambulatory" },
  virtual: { system: SYSTEM.actCode, code: "VR", display: "virtual" },
} as const;

export const DEVICE_TYPES = [
  { code: "patient-monitor", display: "Pasientmonitor" },
  { code: "infusion-pump", display: "Infusjonspumpe" },
  { code: "syringe-pump", display: "Sprøytepumpe" },
  { code: "ventilator", display: "Respirator" },
  { code: "anaesthesia-machine", display: "Anestesiapparat" },
  { code: "ecg", display: "EKG-apparat" },
  { code: "telemetry", display: "Telemetri" },
  { code: "blood-gas-analyser", display: "Blodgassanalysator" },
  { code: "dialysis-machine", display: "Dialysemaskin" },
  { code: "ultrasound", display: "Ultralydapparat" },
  { code: "ctg", display: "CTG" },
  { code: "pulse-oximeter", display: "Pulsoksymeter" },
  { code: "blood-pressure-monitor", display: "Blodtrykksmåler" },
  { code: "scale", display: "Personvekt" },
  { code: "glucose-meter", display: "Blodsukkerapparat" },
  { code: "thermometer", display: "Termometer" },
] as const;
