/**
 * Small counts (docs/indicators): a count of persons or events below a threshold can point at a
 * patient in a small trust or breakdown, so for a key result whose counts are suppressed (its FHIR
 * binding says so) such a count is shown as "< threshold" to everyone without the right to see the
 * small numbers of that organisation, and a ratio built on one is not shown at all. What is stored
 * never changes; only what is shown does.
 */
import { STATUSES, type Status } from "./status.js";
import type { Aggregation } from "./strategy.js";

export const DEFAULT_SMALL_COUNT_THRESHOLD = 5;

/** What a viewer sees of small counts. */
export interface SmallCountView {
  threshold: number;
  /** Whether the viewer may see the small numbers of `organisation`. */
  sees(organisation: string): boolean;
}

/** A status, or that it is not shown because it would tell a suppressed count (a target of 3 met says the value is at most 3). */
export const SHOWN_STATUSES = [...STATUSES, "suppressed"] as const;
export type ShownStatus = (typeof SHOWN_STATUSES)[number];

/** More than none and fewer than the threshold: zero tells nothing about anyone. */
export function isSmallCount(count: number | null | undefined, threshold: number): boolean {
  return count !== null && count !== undefined && count > 0 && count < threshold;
}

export interface Figures {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Figures as shown: each hidden one null, and `suppressed: true` when any was hidden (absent otherwise). */
export type Shown<T> = T & { suppressed?: true };

/**
 * The figures with their small counts hidden. The counts are the value of a sum or latest key
 * result and the numerator and denominator of a ratio; a ratio is hidden with either of its parts.
 * A mean is not a count, and shows as it is.
 */
export function hideSmallCounts<T extends Figures>(figures: T, aggregation: Aggregation, threshold: number): Shown<T> {
  switch (aggregation) {
    case "sum":
    case "latest":
      return isSmallCount(figures.value, threshold) ? { ...figures, value: null, suppressed: true } : figures;
    case "ratio": {
      const numerator = isSmallCount(figures.numerator, threshold);
      const denominator = isSmallCount(figures.denominator, threshold);
      if (!numerator && !denominator) return figures;
      return {
        ...figures,
        value: null,
        numerator: numerator ? null : figures.numerator,
        denominator: denominator ? null : figures.denominator,
        suppressed: true,
      };
    }
    case "mean":
      return figures;
  }
}

/** One key result's figures as the viewer sees them, per cell, by the organisation the cell is for. */
export type SmallCountFilter = <T extends Figures>(figures: T, organisation: string) => Shown<T>;

/** The filter of one key result; `suppresses` tells whether its counts are suppressed at all. */
export function smallCountFilter(view: SmallCountView, suppresses: boolean, aggregation: Aggregation): SmallCountFilter {
  return (figures, organisation) => (suppresses && !view.sees(organisation) ? hideSmallCounts(figures, aggregation, view.threshold) : figures);
}

/** The status shown beside figures: none of its own when they are suppressed. */
export const shownStatus = (status: Status, figures: { suppressed?: true }): ShownStatus => (figures.suppressed ? "suppressed" : status);
