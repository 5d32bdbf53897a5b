import { Conflict, Invalid, NotFound } from "../domain/errors.js";
import type { Queryable } from "./db.js";
import { assertRegistered } from "./strategies.js";

export interface Adoption {
  initiativeId: string;
  organisationId: string;
  adoptedOn: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

/** Records that another organisation has taken a local solution into use. */
export async function recordAdoption(tx: Queryable, initiativeId: string, a: { organisation: string; adoptedOn: string; note?: string | undefined }, actor: string): Promise<Adoption> {
  const [initiative] = await tx.query<{ kind: string; owner: string }>("SELECT kind, organisation_id AS owner FROM initiatives WHERE id = $1", [initiativeId]);
  if (!initiative) throw new NotFound(`no initiative ${initiativeId}`);
  if (initiative.kind !== "local_solution") {
    throw new Invalid("only a local solution is adopted by other organisations", [{ path: "organisation", message: `the initiative is a ${initiative.kind}, not a local_solution` }]);
  }
  if (a.organisation === initiative.owner) {
    throw new Invalid("the organisation that made the solution does not adopt it", [{ path: "organisation", message: "the initiative's owner" }]);
  }
  await assertRegistered(tx, [{ path: "organisation", organisation: a.organisation }]);
  const [row] = await tx.query<Adoption>(
    `INSERT INTO adoptions (initiative_id, organisation_id, adopted_on, note, recorded_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
     RETURNING initiative_id AS "initiativeId", organisation_id AS "organisationId", adopted_on AS "adoptedOn", note, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`,
    [initiativeId, a.organisation, a.adoptedOn, a.note ?? "", actor],
  );
  if (!row) throw new Conflict(`${a.organisation} has already adopted this solution`, [{ path: "organisation", message: "already recorded" }], "already_adopted");
  return row;
}
