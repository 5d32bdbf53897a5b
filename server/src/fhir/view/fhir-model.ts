/**
 * The little of the FHIR model the view compiler needs. We read resources as schema-less JSON, so
 * this is not a structure definition: it names the types that `ofType()`, `is` and `as` accept (to
 * reject a misspelt type before any data is read) and the choice elements (`value[x]`) that a path
 * may name without their type suffix. Names cover FHIR R4 and R5.
 */

/** FHIR primitive types, with the FHIRPath type their JSON value carries. */
export const PRIMITIVE_TYPES: Record<string, "boolean" | "string" | "integer" | "decimal" | "date" | "dateTime" | "time"> = {
  base64Binary: "string",
  boolean: "boolean",
  canonical: "string",
  code: "string",
  date: "date",
  dateTime: "dateTime",
  decimal: "decimal",
  id: "string",
  instant: "dateTime",
  integer: "integer",
  integer64: "integer",
  markdown: "string",
  oid: "string",
  positiveInt: "integer",
  string: "string",
  time: "time",
  unsignedInt: "integer",
  uri: "string",
  url: "string",
  uuid: "string",
  xhtml: "string",
};

/** FHIRPath's own (System) types, which a path may also name (`ofType(System.String)`). */
export const SYSTEM_TYPES: Record<string, "boolean" | "string" | "integer" | "decimal" | "date" | "dateTime" | "time" | "quantity"> = {
  Boolean: "boolean",
  String: "string",
  Integer: "integer",
  Long: "integer",
  Decimal: "decimal",
  Date: "date",
  DateTime: "dateTime",
  Time: "time",
  Quantity: "quantity",
};

export const COMPLEX_TYPES = new Set(
  (
    "Address Age Annotation Attachment BackboneElement BackboneType Base CodeableConcept CodeableReference Coding ContactDetail ContactPoint " +
    "Contributor Count DataRequirement DataType Distance Dosage Duration Element ElementDefinition Expression Extension HumanName Identifier " +
    "MarketingStatus Meta Money MoneyQuantity Narrative ParameterDefinition Period Population PrimitiveType ProdCharacteristic ProductShelfLife " +
    "Quantity Range Ratio RatioRange Reference RelatedArtifact SampledData Signature SimpleQuantity SubstanceAmount Timing TriggerDefinition " +
    "UsageContext Availability ExtendedContactDetail VirtualServiceDetail MonetaryComponent Resource DomainResource"
  ).split(" "),
);

export const RESOURCE_TYPES = new Set(
  (
    "Account ActivityDefinition ActorDefinition AdministrableProductDefinition AdverseEvent AllergyIntolerance Appointment AppointmentResponse " +
    "ArtifactAssessment AuditEvent Basic Binary BiologicallyDerivedProduct BiologicallyDerivedProductDispense BodyStructure Bundle " +
    "CapabilityStatement CarePlan CareTeam CatalogEntry ChargeItem ChargeItemDefinition Citation Claim ClaimResponse ClinicalImpression " +
    "ClinicalUseDefinition CodeSystem Communication CommunicationRequest CompartmentDefinition Composition ConceptMap Condition " +
    "ConditionDefinition Consent Contract Coverage CoverageEligibilityRequest CoverageEligibilityResponse DetectedIssue Device " +
    "DeviceAssociation DeviceDefinition DeviceDispense DeviceMetric DeviceRequest DeviceUsage DeviceUseStatement DiagnosticReport " +
    "DocumentManifest DocumentReference EffectEvidenceSynthesis Encounter EncounterHistory Endpoint EnrollmentRequest EnrollmentResponse " +
    "EpisodeOfCare EventDefinition Evidence EvidenceReport EvidenceVariable ExampleScenario ExplanationOfBenefit FamilyMemberHistory Flag " +
    "FormularyItem GenomicStudy Goal GraphDefinition Group GuidanceResponse HealthcareService ImagingSelection ImagingStudy Immunization " +
    "ImmunizationEvaluation ImmunizationRecommendation ImplementationGuide Ingredient InsurancePlan InventoryItem InventoryReport Invoice " +
    "Library Linkage List Location ManufacturedItemDefinition Measure MeasureReport Media Medication MedicationAdministration " +
    "MedicationDispense MedicationKnowledge MedicationRequest MedicationStatement MedicinalProduct MedicinalProductAuthorization " +
    "MedicinalProductContraindication MedicinalProductDefinition MedicinalProductIndication MedicinalProductIngredient " +
    "MedicinalProductInteraction MedicinalProductManufactured MedicinalProductPackaged MedicinalProductPharmaceutical " +
    "MedicinalProductUndesirableEffect MessageDefinition MessageHeader MolecularSequence NamingSystem NutritionIntake NutritionOrder " +
    "NutritionProduct Observation ObservationDefinition OperationDefinition OperationOutcome Organization OrganizationAffiliation " +
    "PackagedProductDefinition Parameters Patient PaymentNotice PaymentReconciliation Permission Person PlanDefinition Practitioner " +
    "PractitionerRole Procedure Provenance Questionnaire QuestionnaireResponse RegulatedAuthorization RelatedPerson RequestGroup " +
    "RequestOrchestration Requirements ResearchDefinition ResearchElementDefinition ResearchStudy ResearchSubject RiskAssessment " +
    "RiskEvidenceSynthesis Schedule SearchParameter ServiceRequest Slot Specimen SpecimenDefinition StructureDefinition StructureMap " +
    "Subscription SubscriptionStatus SubscriptionTopic Substance SubstanceDefinition SubstanceNucleicAcid SubstancePolymer SubstanceProtein " +
    "SubstanceReferenceInformation SubstanceSourceMaterial SubstanceSpecification SupplyDelivery SupplyRequest Task TerminologyCapabilities " +
    "TestPlan TestReport TestScript Transport ValueSet VerificationResult VisionPrescription"
  ).split(" "),
);

/**
 * Names of common choice elements (`value[x]`, `effective[x]`, …) in R4 and R5. A path that names
 * one without `ofType()` (`Observation.value`) means whichever typed variant the JSON holds
 * (`valueQuantity`, `valueString`, …); the compiler looks for the variants only where no plain
 * member of that name exists (`Quantity.value` is a plain one). A choice element missing here is
 * still found through `ofType()`, which reads the typed variant whatever the name.
 */
export const CHOICE_ELEMENTS = new Set(
  (
    "value deceased multipleBirth effective onset abatement occurrence performed born age medication serviced reported asNeeded " +
    "rate dose product allowed defaultValue fixed pattern minValue maxValue collected identified probability scheduled"
  ).split(" "),
);

/** Type suffixes a choice element can carry in JSON, in the order we look for them. */
export const CHOICE_SUFFIXES = [
  ...Object.keys(PRIMITIVE_TYPES),
  ...[...COMPLEX_TYPES].filter((t) => !["BackboneElement", "BackboneType", "Base", "DataType", "Element", "PrimitiveType", "Resource", "DomainResource"].includes(t)),
].map((t) => t[0]!.toUpperCase() + t.slice(1));

export type TypeInfo =
  | { kind: "primitive"; name: string; fhirPathType: "boolean" | "string" | "integer" | "decimal" | "date" | "dateTime" | "time" }
  | { kind: "system"; name: string; fhirPathType: "boolean" | "string" | "integer" | "decimal" | "date" | "dateTime" | "time" | "quantity" }
  | { kind: "complex"; name: string }
  | { kind: "resource"; name: string };

/**
 * Resolves a type specifier as written in a path (`string`, `FHIR.Quantity`, `System.String`,
 * `Instant`). FHIR primitive names are matched regardless of the case of their first letter, as
 * published views write `ofType(Instant)` for `effectiveInstant`.
 */
export function resolveType(spec: string): TypeInfo | undefined {
  const dot = spec.lastIndexOf(".");
  const namespace = dot < 0 ? undefined : spec.slice(0, dot);
  const name = dot < 0 ? spec : spec.slice(dot + 1);
  if (namespace !== undefined && namespace !== "FHIR" && namespace !== "System") return undefined;
  if (namespace !== "FHIR") {
    const system = SYSTEM_TYPES[name];
    if (system && !(name === "Quantity" && namespace === undefined)) return { kind: "system", name, fhirPathType: system };
  }
  if (namespace === "System") return undefined;
  const primitive = Object.keys(PRIMITIVE_TYPES).find((p) => p === name || p[0]!.toUpperCase() + p.slice(1) === name);
  if (primitive) return { kind: "primitive", name: primitive, fhirPathType: PRIMITIVE_TYPES[primitive]! };
  if (COMPLEX_TYPES.has(name)) return { kind: "complex", name };
  if (RESOURCE_TYPES.has(name)) return { kind: "resource", name };
  return undefined;
}

/** The JSON property of choice element `name` holding type `type`: `value` + `Quantity`. */
export function choiceProperty(name: string, type: TypeInfo): string {
  const suffix = type.name[0]!.toUpperCase() + type.name.slice(1);
  return name + suffix;
}
