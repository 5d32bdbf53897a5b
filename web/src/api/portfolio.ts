import { useQuery, type QueryClient } from "@tanstack/react-query";
import { client, ok, type Answer } from "./client.js";
import type { paths } from "./schema.js";

/** The initiative portfolio's server state: one hook per API read, shared by the portfolio pages. */

export type InitiativeSummary = Answer<"/api/v1/initiatives">[number];
export type Initiative = Answer<"/api/v1/initiatives/{id}">;
export type Coverage = Answer<"/api/v1/strategies/{id}/coverage">;
export type Need = Answer<"/api/v1/needs">[number];
export type NeedStatus = Need["status"];
export type Budgets = Answer<"/api/v1/strategies/{id}/budgets">;
export type PortfolioStatus = Answer<"/api/v1/strategies/{id}/portfolio-status">;

/** What the server filters the initiative list by (RAG status is filtered in the page). */
export type InitiativeFilters = Omit<NonNullable<paths["/api/v1/initiatives"]["get"]["parameters"]["query"]>, "strategy">;

/** Query keys, so a write can refresh what it changed. */
export const portfolioKeys = {
  initiatives: (strategy: string) => ["initiatives", strategy] as const,
  initiative: (id: string) => ["initiative", id] as const,
  coverage: (strategy: string) => ["coverage", strategy] as const,
  needs: (strategy: string) => ["needs", strategy] as const,
  budgets: (strategy: string) => ["budgets", strategy] as const,
  portfolioStatus: (strategy: string) => ["portfolio-status", strategy] as const,
};

/** Only the filters that are set, so `{}` and `{ phase: "" }` share one cache entry. */
function setFilters(filters: InitiativeFilters): InitiativeFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== "")) as InitiativeFilters;
}

export const useInitiatives = (strategy: string, filters: InitiativeFilters = {}) => {
  const query = setFilters(filters);
  return useQuery({
    queryKey: [...portfolioKeys.initiatives(strategy), query],
    queryFn: () => ok(client.GET("/api/v1/initiatives", { params: { query: { strategy, ...query } } })),
    enabled: strategy !== "",
  });
};

export const useInitiative = (id: string) =>
  useQuery({
    queryKey: portfolioKeys.initiative(id),
    queryFn: () => ok(client.GET("/api/v1/initiatives/{id}", { params: { path: { id } } })),
    enabled: id !== "",
  });

/** Focus areas and key results × initiatives: what each initiative serves, and what nothing serves. */
export const useCoverage = (strategy: string) =>
  useQuery({
    queryKey: portfolioKeys.coverage(strategy),
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/coverage", { params: { path: { id: strategy } } })),
    enabled: strategy !== "",
  });

/** Every need of the portfolio (all statuses: the page filters, so counts per status are at hand). */
export const useNeeds = (strategy: string) =>
  useQuery({
    queryKey: portfolioKeys.needs(strategy),
    queryFn: () => ok(client.GET("/api/v1/needs", { params: { query: { strategy } } })),
    enabled: strategy !== "",
  });

/** Budget against planned and actual cost, per year and funding source. */
export const useBudgets = (strategy: string) =>
  useQuery({
    queryKey: portfolioKeys.budgets(strategy),
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/budgets", { params: { path: { id: strategy } } })),
    enabled: strategy !== "",
  });

/** Each initiative's latest status report and whether one is overdue, as of `at` (YYYY-MM-DD; today if absent). */
export const usePortfolioStatus = (strategy: string, at?: string) =>
  useQuery({
    queryKey: [...portfolioKeys.portfolioStatus(strategy), at ?? "today"],
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/portfolio-status", { params: { path: { id: strategy }, query: at ? { at } : {} } })),
    enabled: strategy !== "",
  });

/** Everything that happened to an initiative, newest first (under the initiative's key, so its writes refresh it). */
export const useInitiativeHistory = (id: string) =>
  useQuery({
    queryKey: [...portfolioKeys.initiative(id), "history"],
    queryFn: () => ok(client.GET("/api/v1/initiatives/{id}/history", { params: { path: { id } } })),
    enabled: id !== "",
  });

/** An initiative's status reports, every period's current one. */
export const useStatusReports = (id: string) =>
  useQuery({
    queryKey: [...portfolioKeys.initiative(id), "status-reports"],
    queryFn: () => ok(client.GET("/api/v1/initiatives/{id}/status-reports", { params: { path: { id } } })),
    enabled: id !== "",
  });

export const benefitsReportKey = (strategy: string) => ["benefits-report", strategy] as const;

/** Benefits planned against achieved per initiative, focus area and organisation, and the benefits that lack something. */
export const useBenefitsReport = (strategy: string) =>
  useQuery({
    queryKey: benefitsReportKey(strategy),
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/benefits-report", { params: { path: { id: strategy } } })),
    enabled: strategy !== "",
  });

export type BenefitsReport = Answer<"/api/v1/strategies/{id}/benefits-report">;
export type HistoryEvent = Answer<"/api/v1/initiatives/{id}/history">[number];
export type StatusReport = Answer<"/api/v1/initiatives/{id}/status-reports">[number];

/**
 * After a write that changes an initiative, need or cost, every portfolio view of the strategy may
 * read differently (the board, coverage, budgets, status): they all refresh.
 */
export async function refreshPortfolio(queryClient: QueryClient, strategy: string): Promise<void> {
  await Promise.all(
    [portfolioKeys.initiatives(strategy), portfolioKeys.coverage(strategy), portfolioKeys.needs(strategy), portfolioKeys.budgets(strategy), portfolioKeys.portfolioStatus(strategy)].map(
      (queryKey) => queryClient.invalidateQueries({ queryKey }),
    ),
  );
}
