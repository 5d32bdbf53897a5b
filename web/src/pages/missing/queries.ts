import { useQuery } from "@tanstack/react-query";
import { client, ok, type Answer } from "../../api/client.js";

export type MissingReports = Answer<"/api/v1/strategies/{id}/missing-reports">;

/** Who has not reported the last completed period of each key result, as of a date (YYYY-MM-DD). */
export const useMissingReports = (id: string, asOf: string) =>
  useQuery({
    queryKey: ["missing-reports", id, asOf],
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/missing-reports", { params: { path: { id }, query: { asOf } } })),
  });
