import { useCallback, useEffect } from "react";
import { useLocation, useRoute, useSearch } from "wouter";
import { periodParam } from "./address.js";
import type { StrategySummary } from "./api/client.js";
import { useStrategies } from "./api/queries.js";
import { lastCompleted, today } from "./periods.js";
import { APP_SEGMENTS } from "./urls.js";

/** The region and strategy the address names (`/:region/:strategy/…`), and the strategy's summary. */
export function useCurrent(): { region: string; strategyId: string; strategy: StrategySummary | undefined } {
  const [match, route] = useRoute<{ region: string; strategy: string }>("/:region/:strategy/*?");
  // The app's own pages (/admin/users) have the same shape but name no region.
  const params = match && !APP_SEGMENTS.has(route.region) ? route : null;
  const strategies = useStrategies();
  const region = params?.region ?? "";
  const strategyId = params?.strategy ?? "";
  return { region, strategyId, strategy: strategies.data?.find((s) => s.id === strategyId) };
}

/** The current address, path and query, e.g. to come back to after signing in. */
export function useHere(): string {
  const [location] = useLocation();
  const search = useSearch();
  return search ? `${location}?${search}` : location;
}

/** A query parameter as state: reading it from the address, and writing it back (replace, not push). */
export function useQueryParam(name: string, fallback: string): [string, (value: string | undefined) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const value = new URLSearchParams(search).get(name) ?? fallback;
  const set = useCallback(
    (v: string | undefined) => {
      const params = new URLSearchParams(window.location.search);
      if (v === undefined || v === "") params.delete(name);
      else params.set(name, v);
      const s = params.toString();
      navigate(s ? `${location}?${s}` : location, { replace: true });
    },
    [location, name, navigate],
  );
  return [value, set];
}

/**
 * The period in the address, by default the last quarter that has ended. One that is not a period
 * (`?period=2026-Q9`) throws an AddressError, which the page's error boundary explains.
 */
export function usePeriod(): [string, (p: string) => void] {
  const [value, set] = useQueryParam("period", lastCompleted("quarter", today()));
  return [periodParam("period", value), set];
}

/** The page's title in the browser tab and history: "Title – Veivalg". */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} – Veivalg`;
  }, [title]);
}
