import { useQuery } from "@tanstack/react-query";
import { client, ok, type Answer } from "./client.js";

/** Computations of key results from FHIR exports: the runs, the exports on the server, the definitions. */

export type FhirRun = Answer<"/api/v1/fhir-runs">[number];
export type FhirSource = Answer<"/api/v1/fhir-runs/sources">[number];
export type FhirDefinition = Answer<"/api/v1/fhir-runs/definitions">[number];

export const fhirRunKeys = { list: (strategy: string) => ["fhir-runs", strategy] as const };

const active = (runs: FhirRun[] | undefined) => (runs ?? []).some((r) => r.status === "queued" || r.status === "running");

/** The strategy's runs, newest first; read again every second while one is under way. */
export const useFhirRuns = (strategy: string) =>
  useQuery({
    queryKey: fhirRunKeys.list(strategy),
    queryFn: () => ok(client.GET("/api/v1/fhir-runs", { params: { query: { strategy } } })),
    enabled: strategy !== "",
    refetchInterval: (q) => (active(q.state.data) ? 1000 : false),
  });

export const useFhirSources = (strategy: string, enabled: boolean) =>
  useQuery({
    queryKey: ["fhir-sources", strategy],
    queryFn: () => ok(client.GET("/api/v1/fhir-runs/sources", { params: { query: { strategy } } })),
    enabled: enabled && strategy !== "",
  });

export const useFhirDefinitions = (strategy: string) =>
  useQuery({
    queryKey: ["fhir-definitions", strategy],
    queryFn: () => ok(client.GET("/api/v1/fhir-runs/definitions", { params: { query: { strategy } } })),
    enabled: strategy !== "",
  });
