/** The naming systems of Organization identifiers that map a FHIR organisation to one of Veivalg's. */
export const ORGANISATION_SYSTEMS = {
  /** Veivalg's own organisation ids (synthetic data carries them). */
  veivalg: "https://veivalg.no/fhir/NamingSystem/organisation",
  /** The organisation number in Enhetsregisteret. */
  organisationNumber: "urn:oid:2.16.578.1.12.4.1.4.101",
  /** RESH id (Register for enheter i spesialisthelsetjenesten). */
  resh: "urn:oid:2.16.578.1.12.4.1.4.102",
} as const;
