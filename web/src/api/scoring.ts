import { useQuery } from "@tanstack/react-query";
import { client, ok } from "./client.js";

/** Scoring initiatives against the strategy: the region's scoring model and the portfolio's scoring sheet. */

const fetchSheet = (strategy: string) => ok(client.GET("/api/v1/portfolios/{strategy}/scores", { params: { path: { strategy } } }));

// Typed by what the client answers, not Answer<>: the client reads the rank range's tuple as an array.
export type ScoringSheet = Awaited<ReturnType<typeof fetchSheet>>;
export type ScoringModel = ScoringSheet["model"];
export type Criterion = ScoringModel["criteria"][number];
export type Candidate = ScoringSheet["candidates"][number];

export const scoringKeys = {
  sheet: (strategy: string) => ["scoring-sheet", strategy] as const,
  versions: (strategy: string) => ["scoring-model-versions", strategy] as const,
};

/** The candidates ranked by strategic value, with the model they are scored by and everyone's scores. */
export const useScoringSheet = (strategy: string) => useQuery({ queryKey: scoringKeys.sheet(strategy), queryFn: () => fetchSheet(strategy), enabled: strategy !== "" });

/** Every version of the region's model, newest first. */
export const useModelVersions = (strategy: string, enabled = true) =>
  useQuery({
    queryKey: scoringKeys.versions(strategy),
    queryFn: () => ok(client.GET("/api/v1/portfolios/{strategy}/scoring-model/versions", { params: { path: { strategy } } })),
    enabled: enabled && strategy !== "",
  });
