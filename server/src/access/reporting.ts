import type { Queryable } from "../data/db.js";
import { Forbidden, Unauthenticated, type ErrorDetail } from "../domain/errors.js";
import { can, withinRegion, type Principal } from "./policy.js";
import { keyResultScope, registerAncestry, type StrategyScope } from "./resources.js";

/** One figure to be written: for whom, to which key result, and where the caller gave it (a batch's item, a file's row). */
export interface ReportingRow {
  organisationId: string;
  keyResultId: string;
  where: Pick<ErrorDetail, "path" | "row" | "column">;
}

/** The refusal of an organisation outside a strategy's region, naming where it was given. */
export function outsideRegion(subject: { organisation: string; region: string }, where: Partial<ErrorDetail> = {}): Forbidden {
  const message = `organisation "${subject.organisation}" is not in the region of this strategy ("${subject.region}")`;
  return new Forbidden(message, [{ path: "organisation", message, code: "outside_region", ...where }]);
}

/**
 * Refuses unless `principal` may write every row: read each key result's strategy, and report for each
 * organisation — which must lie in that strategy's region, whoever asks. The first row refused is named.
 */
export async function authorizeReporting(principal: Principal, rows: readonly ReportingRow[], via: Queryable): Promise<void> {
  if (principal.kind === "anonymous") throw new Unauthenticated("sign in first");
  const refuse = (message: string, detail?: ErrorDetail) => new Forbidden(message, detail ? [detail] : []);
  const ancestry = await registerAncestry(via);
  const strategies = new Map<string, StrategyScope>();
  for (const { keyResultId } of rows) if (!strategies.has(keyResultId)) strategies.set(keyResultId, await keyResultScope(via, keyResultId));
  // Figures for a key result belong to its strategy: none from someone who may not read it.
  for (const s of new Set(strategies.values())) {
    if (!can(principal, { do: "strategy.read", organisation: s.owner, published: s.published }, ancestry)) throw refuse("you may not do this");
  }
  const asked = new Set<string>();
  for (const row of rows) {
    const region = strategies.get(row.keyResultId)!.owner;
    const key = `${row.organisationId}\n${region}`;
    if (asked.has(key)) continue;
    asked.add(key);
    if (!withinRegion(ancestry, region, row.organisationId)) throw outsideRegion({ organisation: row.organisationId, region }, row.where);
    if (!can(principal, { do: "measurement.write", organisation: row.organisationId, region }, ancestry)) {
      const message = `you may not report for organisation "${row.organisationId}"`;
      throw refuse(message, { ...row.where, message });
    }
  }
}
