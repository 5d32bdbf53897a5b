import { useQueries } from "@tanstack/react-query";
import { client, ok, type Answer } from "../../api/client.js";
import { grainOf, lastCompleted, periodEnd, periodOfDate, previous, shift, today, type Grain } from "../../periods.js";

export type Trend = Answer<"/api/v1/strategies/{id}/trend">;
export type KeyResultTrend = Trend["keyResults"][number];

const RANK: Record<Grain, number> = { month: 0, quarter: 1, tertial: 2, year: 3 };
/** How many periods a trend chart spans, by grain: two years of quarters, a year of months. */
const SPAN: Record<Grain, number> = { month: 12, quarter: 8, tertial: 6, year: 4 };

/** The coarser of two grains: a yearly key result is drawn in years even when quarters are chosen. */
export function coarser(a: Grain, b: Grain): Grain {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The period of `grain` that holds `period` (a coarser or equal grain), at most the last one ended. */
export function periodIn(period: string, grain: Grain): string {
  // The period of `grain` holding the last month of `period`.
  const p = periodOfDate(previous(periodOfDate(periodEnd(period), "month")) + "-01", grain);
  const last = lastCompleted(grain, today());
  return p > last ? last : p;
}

/** The periods a trend chart ending at `period` asks for. */
export function trendRange(period: string): { from: string; to: string } {
  return { from: shift(period, SPAN[grainOf(period)] - 1), to: period };
}

/** One trend answer per range; the same range is fetched once and shared. */
export function useTrends(strategyId: string, ranges: { from: string; to: string }[]) {
  return useQueries({
    queries: ranges.map(({ from, to }) => ({
      queryKey: ["trend", strategyId, from, to],
      queryFn: () => ok(client.GET("/api/v1/strategies/{id}/trend", { params: { path: { id: strategyId }, query: { from, to } } })),
      staleTime: 60_000,
    })),
  });
}
