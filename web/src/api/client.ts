import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

/** The typed client of the public API: the same /api/v1 any other system uses, with the session cookie. */
export const client = createClient<paths>({ baseUrl: "", credentials: "same-origin" });

let csrfToken: string | null = null;

/** Remembers the signed-in session's CSRF token (see session.tsx), which every write must carry. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The headers a write needs besides its own: the session's CSRF token, when signed in. */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { "x-csrf-token": csrfToken } : {};
}

let sessionLost: () => void = () => {};

/** What to do when the server no longer knows the session (it timed out, or ended elsewhere). */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

client.use({
  // The server refuses a cookie-authenticated write without the session's token (double submit).
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    for (const [name, value] of Object.entries(writeHeaders())) request.headers.set(name, value);
    return request;
  },
  // A refusal may mean the session ended behind the page's back: the page then asks who is signed in.
  onResponse({ request, response }) {
    if (response.status === 401 || (response.status === 403 && !SAFE_METHODS.has(request.method))) sessionLost();
    return undefined;
  },
});

export interface ApiErrorBody {
  code: string;
  message: string;
  details: { path: string; message: string; row?: number; column?: string; code?: string }[];
}

/** What a GET of path P answers with 200. */
export type Answer<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { "application/json": infer T } } } } } ? T : never;

export type Organisation = Answer<"/api/v1/organisations">[number];
export type StrategySummary = Answer<"/api/v1/strategies">[number];
export type StrategyTree = Answer<"/api/v1/strategies/{id}">;
export type Section = components["schemas"]["Section"];
export type KeyResult = Answer<"/api/v1/key-results/{id}">;
export type StrategyStatus = Answer<"/api/v1/strategies/{id}/status">;
export type Assessment = Answer<"/api/v1/assessments">[number];
export type Measurement = Answer<"/api/v1/key-results/{id}/measurements">[number];

/** An answer other than 2xx, carrying the server's `{ code, message, details }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

/** Unwraps an openapi-fetch result: the data, or an ApiError. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const body = (error ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(response.status, {
      code: body.code ?? "http_" + response.status,
      message: body.message ?? response.statusText,
      details: body.details ?? [],
    });
  }
  return data as T;
}
