import type { OrganisationInput } from "../domain/strategy.js";

/**
 * The default organisations (public facts as of 2024, see /work/shared/seeds/README.md).
 * Organisation numbers and other external identifiers are deliberately left out: they are to be
 * entered from an authoritative source, not guessed.
 */
export const organisations: OrganisationInput[] = [
  // National body, owner of the national e-health strategy.
  { id: "nasjonal", kind: "national", name: "Helsedirektoratet", shortName: "Hdir" },

  // Helse Sør-Øst
  { id: "hso", kind: "rhf", name: "Helse Sør-Øst RHF", shortName: "HSØ" },
  { id: "ahus", parent: "hso", kind: "hf", name: "Akershus universitetssykehus HF", shortName: "Ahus" },
  { id: "ous", parent: "hso", kind: "hf", name: "Oslo universitetssykehus HF", shortName: "OUS" },
  { id: "sunnaas", parent: "hso", kind: "hf", name: "Sunnaas sykehus HF", shortName: "Sunnaas" },
  { id: "sykehuset-innlandet", parent: "hso", kind: "hf", name: "Sykehuset Innlandet HF", shortName: "SI" },
  { id: "sykehuset-vestfold", parent: "hso", kind: "hf", name: "Sykehuset i Vestfold HF", shortName: "SiV" },
  { id: "sykehuset-telemark", parent: "hso", kind: "hf", name: "Sykehuset Telemark HF", shortName: "STHF" },
  { id: "sykehuset-ostfold", parent: "hso", kind: "hf", name: "Sykehuset Østfold HF", shortName: "SØ" },
  { id: "sorlandet-sykehus", parent: "hso", kind: "hf", name: "Sørlandet sykehus HF", shortName: "SSHF" },
  { id: "vestre-viken", parent: "hso", kind: "hf", name: "Vestre Viken HF", shortName: "VVHF" },
  { id: "sykehuspartner", parent: "hso", kind: "shared_service", name: "Sykehuspartner HF", shortName: "SP" },
  { id: "sykehusapotekene", parent: "hso", kind: "shared_service", name: "Sykehusapotekene HF", shortName: "SAHF" },

  // Helse Vest
  { id: "hv", kind: "rhf", name: "Helse Vest RHF", shortName: "Helse Vest" },
  { id: "helse-bergen", parent: "hv", kind: "hf", name: "Helse Bergen HF", shortName: "HB" },
  { id: "helse-fonna", parent: "hv", kind: "hf", name: "Helse Fonna HF", shortName: "Fonna" },
  { id: "helse-forde", parent: "hv", kind: "hf", name: "Helse Førde HF", shortName: "Førde" },
  { id: "helse-stavanger", parent: "hv", kind: "hf", name: "Helse Stavanger HF", shortName: "Stavanger" },
  { id: "helse-vest-ikt", parent: "hv", kind: "shared_service", name: "Helse Vest IKT AS", shortName: "HVIKT" },
  { id: "sjukehusapoteka-vest", parent: "hv", kind: "shared_service", name: "Sjukehusapoteka Vest HF", shortName: "SAV" },
];
