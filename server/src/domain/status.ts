import { enclosing, subPeriods, type Period } from "./period.js";
import type { Aggregation, Direction, Frequency, Target } from "./strategy.js";

export const STATUSES = ["on_track", "at_risk", "off_track", "no_data", "no_target"] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Status of a value against its target (docs/decisions/0004-status.md):
 * - increase: on track when value ≥ target; at risk when within `tolerance` × |target| below it.
 * - decrease: on track when value ≤ target; at risk when within the band above it.
 * - maintain: on track within the band either side; at risk within twice the band.
 * Otherwise off track. No value → no_data; a value but no target → no_target.
 */
export function statusOf(value: number | null, target: number | null, direction: Direction, tolerance: number): Status {
  if (value === null) return "no_data";
  if (target === null) return "no_target";
  const band = Math.abs(target) * tolerance;
  switch (direction) {
    case "increase":
      return value >= target ? "on_track" : value >= target - band ? "at_risk" : "off_track";
    case "decrease":
      return value <= target ? "on_track" : value <= target + band ? "at_risk" : "off_track";
    case "maintain": {
      const off = Math.abs(value - target);
      return off <= band ? "on_track" : off <= 2 * band ? "at_risk" : "off_track";
    }
  }
}

const GRAINS: Frequency[] = ["month", "quarter", "tertial", "year"];

/**
 * The target that applies to `period` for `organisation` (null: the region as a whole).
 * An organisation's own target wins over the general one. Where no target is set for the period
 * itself: a level (ratio, mean, latest) takes the target of the nearest enclosing period, so a 2026
 * target of 80 % holds for each month of 2026; a sum adds up the targets of the sub-periods when
 * every one of them has a target, so monthly targets make a quarter's.
 */
export function targetFor(
  targets: readonly Target[],
  period: Period,
  organisation: string | null,
  aggregation: Aggregation,
): number | null {
  const find = (id: string): number | null => {
    const own = organisation === null ? undefined : targets.find((t) => t.period === id && t.organisation === organisation);
    const general = targets.find((t) => t.period === id && !t.organisation);
    return (own ?? general)?.value ?? null;
  };
  const exact = find(period.id);
  if (exact !== null) return exact;
  if (aggregation === "sum") {
    for (const grain of GRAINS) {
      const parts = subPeriods(period, grain).filter((p) => p.id !== period.id);
      if (parts.length === 0) continue;
      const values = parts.map((p) => find(p.id));
      if (values.every((v) => v !== null)) return values.reduce<number>((a, b) => a + (b ?? 0), 0);
    }
    return null;
  }
  for (const grain of GRAINS) {
    const outer = enclosing(period, grain);
    if (!outer || outer.id === period.id) continue;
    const v = find(outer.id);
    if (v !== null) return v;
  }
  return null;
}
