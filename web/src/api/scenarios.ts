import { useQueries, useQuery, type QueryClient } from "@tanstack/react-query";
import { client, ok, type Answer } from "./client.js";

/** Prioritisation scenarios: named budgets, weights and forced choices, solved to the best portfolio, compared and adopted. */

export type ScenarioSummary = Answer<"/api/v1/scenarios">[number];
export type Scenario = Answer<"/api/v1/scenarios/{id}">;
export type Settings = Scenario["settings"];
export type Problem = NonNullable<Scenario["problem"]>;
export type Solution = NonNullable<Scenario["result"]>["solution"];
export type Explanation = NonNullable<NonNullable<Scenario["result"]>["explanation"]>;
export type Conflict = Solution["conflicts"][number];
export type Reason = Explanation["reasons"][string][number];
export type FrontierPoint = NonNullable<Scenario["frontier"]>[number];
export type SolveStatus = NonNullable<Scenario["status"]>;
export type Resource = "investment" | "operating" | "capacity";
export const RESOURCES: readonly Resource[] = ["investment", "operating", "capacity"];

export const scenarioKeys = {
  list: (strategy: string) => ["scenarios", strategy] as const,
  one: (id: string) => ["scenario", id] as const,
};

const fetchScenario = (id: string) => ok(client.GET("/api/v1/scenarios/{id}", { params: { path: { id } } }));

/** The strategy's scenarios with the headline of their last solve. */
export const useScenarios = (strategy: string) =>
  useQuery({
    queryKey: scenarioKeys.list(strategy),
    queryFn: () => ok(client.GET("/api/v1/scenarios", { params: { query: { strategy } } })),
    enabled: strategy !== "",
  });

export const useScenario = (id: string) => useQuery({ queryKey: scenarioKeys.one(id), queryFn: () => fetchScenario(id), enabled: id !== "" });

/** Several scenarios at once, for the comparison: all of them once read, or the first error. */
export const useScenarioSet = (ids: string[]) =>
  useQueries({
    queries: ids.map((id) => ({ queryKey: scenarioKeys.one(id), queryFn: () => fetchScenario(id) })),
    // Combined results are kept while the data stay the same, so what is drawn from them is too.
    combine: (results) => ({
      data: results.every((r) => r.isSuccess) ? results.map((r) => r.data) : undefined,
      error: results.find((r) => r.isError)?.error ?? null,
    }),
  });

/** After a write answered with the scenario: keep the answer, and let the list read its new headline. */
export async function storeScenario(queryClient: QueryClient, scenario: Scenario): Promise<void> {
  queryClient.setQueryData(scenarioKeys.one(scenario.id), scenario);
  await queryClient.invalidateQueries({ queryKey: scenarioKeys.list(scenario.strategyId) });
}

/** The If-Match header for a write on the version read. */
export const ifMatch = (s: { version: number }) => ({ "if-match": `"${s.version}"` });
