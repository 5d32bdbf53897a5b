import { z } from "zod";
import { isoDate } from "./strategies/schema.js";

/** Fields the portfolio's money, effort and dates are written in, bounded so the database never refuses them. */

/** Whole kroner. */
export const nok = z.number().int().min(0).max(1e15);
/** The shared IT provider's effort. */
export const personYears = z.number().min(0).max(1e6);
/** Staff hours (freed), a yearly rate. */
export const hours = z.number().min(0).max(1e12);
/** A day (`YYYY-MM-DD`) in the years a portfolio can span. */
export const day = isoDate.refine((d) => d >= "1900-01-01" && d <= "2199-12-31", "a day from 1900 to 2199");
/** The value of an indicator. */
export const indicatorValue = z.number().min(-1e15).max(1e15);
