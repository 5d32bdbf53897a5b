import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { ApiError, client, ok, writeHeaders, type ApiErrorBody, type Answer } from "../../api/client.js";
import type { BatchItem } from "./entry.js";

/** The key result page's reads and writes, beside the shared hooks in api/queries.ts. */

export type Series = Answer<"/api/v1/key-results/{id}/series">;
export type ImportPreview = NonNullable<Awaited<ReturnType<typeof importFile>>>;

/** Value, target and status per period for the region and each organisation; with a dimension, its breakdown. */
export const useSeries = (id: string, from: string, to: string, dimension?: string, enabled = true) =>
  useQuery({
    queryKey: ["kr-series", id, from, to, dimension ?? null],
    queryFn: () =>
      ok(client.GET("/api/v1/key-results/{id}/series", { params: { path: { id }, query: { from, to, ...(dimension ? { dimension } : {}) } } })),
    placeholderData: keepPreviousData,
    enabled: enabled && Boolean(from && to),
  });

/** Current measurements of a key result, for one organisation or all, in a range of periods. */
export const useMeasurements = (id: string, from: string, to: string, organisation?: string, enabled = true) =>
  useQuery({
    queryKey: ["kr-measurements", id, from, to, organisation ?? null],
    queryFn: () =>
      ok(
        client.GET("/api/v1/key-results/{id}/measurements", {
          params: { path: { id }, query: { from, to, limit: 10000, ...(organisation ? { organisation } : {}) } },
        }),
      ),
    enabled: enabled && Boolean(from && to),
  });

/** Every measurement ever recorded for one organisation and period, superseded ones included. */
export const useCorrectionHistory = (id: string, organisation: string, period: string, enabled: boolean) =>
  useQuery({
    queryKey: ["kr-measurements", id, period, period, organisation, "history"],
    queryFn: () =>
      ok(client.GET("/api/v1/key-results/{id}/measurements", { params: { path: { id }, query: { organisation, from: period, to: period, history: "true" } } })),
    enabled: enabled && Boolean(organisation && period),
  });

/** Reports a batch once: a retry with the same key is not applied twice. */
export function submitMeasurements(items: BatchItem[], idempotencyKey: string) {
  return ok(client.POST("/api/v1/measurements", { params: { header: { "idempotency-key": idempotencyKey } }, body: { items } }));
}

/** Uploads a CSV or XLSX file of measurements for a strategy; a dry run checks and previews without saving. */
export async function importFile(strategy: string, file: File, dryRun: boolean) {
  const body = new FormData();
  body.append("file", file, file.name);
  const query = new URLSearchParams({ strategy, dryRun: String(dryRun) });
  const response = await fetch(`/api/v1/imports/measurements?${query}`, { method: "POST", body, credentials: "same-origin", headers: writeHeaders() });
  const json = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) {
    const b = json as Partial<ApiErrorBody>;
    throw new ApiError(response.status, { code: b.code ?? `http_${response.status}`, message: b.message ?? response.statusText, details: b.details ?? [] });
  }
  return json as Answer200<"/api/v1/imports/measurements">;
}

type Answer200<P extends "/api/v1/imports/measurements"> = import("../../api/schema.js").paths[P]["post"]["responses"][200]["content"]["application/json"];

/** Reads a measurement cannot change: definitions, versions and the organisation register. */
const STATIC_READS = new Set(["organisations", "strategies", "strategy", "strategy-versions", "strategy-diff", "alignments", "key-result", "key-result-versions"]);

/**
 * After a write: every other read may show the new figures (this page's series and tables, the
 * strategy's status, trends, comparisons and missing reports), so all of them are refreshed.
 */
export function refreshAfterWrite(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ predicate: (q) => !STATIC_READS.has(String(q.queryKey[0])) });
}
