import type { Grant } from "../../server/src/access/policy.js";

export interface TestPerson {
  email: string;
  name: string;
  password: string;
  grants: Grant[];
}

/** The people the browser tests act as, made by the global setup (server.ts) in the test database. */
export const PEOPLE = {
  admin: { email: "ada.admin@e2e.example", name: "Ada Administrator", password: "e2e admin passord", grants: [{ role: "admin", organisation: null }] },
  /** Reports for every trust in Helse Sør-Øst: the reporting tests use trusts the demo data leaves empty. */
  reporter: { email: "rolf.rapportor@e2e.example", name: "Rolf Rapportør", password: "e2e rapportør passord", grants: [{ role: "reporter", organisation: "hso" }] },
  /** Reports for Akershus universitetssykehus (and its units) only. */
  ahus: { email: "anne.ahus@e2e.example", name: "Anne Ahus", password: "e2e ahus passord", grants: [{ role: "reporter", organisation: "ahus" }] },
  reader: { email: "lars.leser@e2e.example", name: "Lars Leser", password: "e2e leser passord", grants: [{ role: "reader", organisation: "hso" }] },
  /** Sits on Helse Sør-Øst's portfolio board: triages needs and decides at the decision points. */
  board: { email: "berit.styre@e2e.example", name: "Berit Styremedlem", password: "e2e styre passord", grants: [{ role: "board_member", organisation: "hso" }] },
  /** A data engineer of Helse Sør-Øst: runs FHIR computations and sees small numbers. */
  analyst: { email: "astrid.analytiker@e2e.example", name: "Astrid Analytiker", password: "e2e analytiker passord", grants: [{ role: "analyst", organisation: "hso" }] },
} satisfies Record<string, TestPerson>;

export type Person = keyof typeof PEOPLE;
