/**
 * Needs and ideas registered by the trusts: open until the portfolio's governors merge one into a
 * duplicate, turn it into an initiative or decline it. Only an open need can be supported or triaged.
 */
import { Conflict, Invalid } from "../errors.js";

export const NEED_SIZES = ["small", "medium", "large", "very_large"] as const;
export type NeedSize = (typeof NEED_SIZES)[number];
export const NEED_STATUSES = ["open", "merged", "converted", "declined"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export interface NeedState {
  id: string;
  strategyId: string;
  organisationId: string;
  status: NeedStatus;
  mergedInto: string | null;
  initiativeId: string | null;
}

/** Refuses `doing` (e.g. "merged", "supported") to a need that is no longer open, saying where it went. */
export function assertOpen(need: NeedState, doing: string): void {
  if (need.status === "open") return;
  const where =
    need.status === "merged" ? `merged into need ${need.mergedInto}` : need.status === "converted" ? `turned into initiative ${need.initiativeId}` : "declined";
  throw new Conflict(`the need cannot be ${doing}: it has been ${where}`, [{ path: "status", message: need.status }], "need_closed");
}

/** Refuses merging `need` into `target` unless both are open needs of the same portfolio and not the same need. */
export function assertMergeable(need: NeedState, target: NeedState): void {
  if (need.id === target.id) throw new Invalid("a need cannot be merged into itself", [{ path: "into", message: "another need" }]);
  if (need.strategyId !== target.strategyId) {
    throw new Invalid("the needs belong to different portfolios", [{ path: "into", message: `not a need of ${need.strategyId}` }]);
  }
  assertOpen(need, "merged");
  if (target.status !== "open") {
    throw new Invalid(`need ${target.id} is ${target.status}; merge into an open need`, [{ path: "into", message: `is ${target.status}` }]);
  }
}

/** Refuses support from the organisation that registered the need: it has it already. */
export function assertSupporter(need: NeedState, organisation: string): void {
  assertOpen(need, "supported");
  if (need.organisationId === organisation) {
    throw new Invalid("the organisation that registered the need cannot support it as well", [{ path: "organisation", message: "registered it" }]);
  }
}
