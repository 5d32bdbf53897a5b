import { useQuery } from "@tanstack/react-query";
import { client, ok } from "./client.js";

/** Server state, one hook per API read; TanStack Query caches and shares them between pages. */

export const useOrganisations = () =>
  useQuery({ queryKey: ["organisations"], queryFn: () => ok(client.GET("/api/v1/organisations")), staleTime: 5 * 60_000 });

export const useStrategies = () =>
  useQuery({ queryKey: ["strategies"], queryFn: () => ok(client.GET("/api/v1/strategies")), staleTime: 60_000 });

export const useStrategyTree = (id: string, version?: number) =>
  useQuery({
    queryKey: ["strategy", id, version ?? "current"],
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}", { params: { path: { id }, query: version ? { version } : {} } })),
  });

export const useStatus = (id: string, period: string) =>
  useQuery({
    queryKey: ["status", id, period],
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/status", { params: { path: { id }, query: { period } } })),
  });

export const useStrategyVersions = (id: string) =>
  useQuery({ queryKey: ["strategy-versions", id], queryFn: () => ok(client.GET("/api/v1/strategies/{id}/versions", { params: { path: { id } } })) });

export const useStrategyDiff = (id: string, from: number | undefined, to: number | undefined) =>
  useQuery({
    queryKey: ["strategy-diff", id, from, to],
    enabled: from !== undefined && to !== undefined,
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/diff", { params: { path: { id }, query: { from: from!, to: to! } } })),
  });

export const useAlignments = (id: string) =>
  useQuery({ queryKey: ["alignments", id], queryFn: () => ok(client.GET("/api/v1/strategies/{id}/alignments", { params: { path: { id } } })) });

export const useKeyResult = (id: string) =>
  useQuery({ queryKey: ["key-result", id], queryFn: () => ok(client.GET("/api/v1/key-results/{id}", { params: { path: { id } } })) });

export const useKeyResultVersions = (id: string) =>
  useQuery({ queryKey: ["key-result-versions", id], queryFn: () => ok(client.GET("/api/v1/key-results/{id}/versions", { params: { path: { id } } })) });

/** Per key result, the region's and each organisation's value, target and status over a run of periods. */
export const useTrend = (id: string, from: string, to: string) =>
  useQuery({
    queryKey: ["trend", id, from, to],
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/trend", { params: { path: { id }, query: { from, to } } })),
  });
