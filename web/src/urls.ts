/**
 * Every page's address, so any view can be shared: region and strategy in the path, the period,
 * organisation and other choices in the query.
 */
export type Query = Record<string, string | undefined>;

function withQuery(path: string, q?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined && v !== "") params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

const enc = encodeURIComponent;

/** The first path segments of the app's own pages, which therefore are never a region's id. */
export const APP_SEGMENTS: ReadonlySet<string> = new Set(["signin", "setup", "account", "admin"]);

const HERE = "https://veivalg.invalid";

/**
 * Where to go after signing in: a path on this site only. Anything that would leave it (`//host`,
 * a backslash or a tab that browsers read as a slash, a scheme) leads home instead, so the sign-in
 * page cannot be used as an open redirect.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/")) return "/";
  try {
    // Resolve it as a browser would; what stays on this origin is safe.
    const u = new URL(value, HERE);
    return u.origin === HERE ? u.pathname + u.search + u.hash : "/";
  } catch {
    return "/";
  }
}

export const urls = {
  region: (region: string) => `/${enc(region)}`,
  overview: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}`, q),
  focusArea: (region: string, strategy: string, section: string, q?: Query) =>
    withQuery(`/${enc(region)}/${enc(strategy)}/areas/${enc(section)}`, q),
  keyResult: (region: string, strategy: string, keyResult: string, q?: Query) =>
    withQuery(`/${enc(region)}/${enc(strategy)}/key-results/${enc(keyResult)}`, q),
  compare: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/compare`, q),
  missing: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/missing`, q),
  alignment: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/alignment`, q),
  versions: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/versions`, q),
  portfolio: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio`, q),
  roadmap: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio/roadmap`, q),
  bubbles: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio/bubbles`, q),
  budgets: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio/budgets`, q),
  scoring: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio/scoring`, q),
  scenarios: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio/scenarios`, q),
  scenario: (region: string, strategy: string, id: string) => `/${enc(region)}/${enc(strategy)}/portfolio/scenarios/${enc(id)}`,
  compareScenarios: (region: string, strategy: string, ids: string[]) => withQuery(`/${enc(region)}/${enc(strategy)}/portfolio/scenarios/compare`, { ids: ids.join(",") }),
  coverage: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/coverage`, q),
  needs: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/needs`, q),
  initiative: (region: string, strategy: string, id: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/initiatives/${enc(id)}`, q),
  newInitiative: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/initiatives/new`, q),
  computations: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/computations`, q),
  benefits: (region: string, strategy: string, q?: Query) => withQuery(`/${enc(region)}/${enc(strategy)}/benefits`, q),
  signIn: (returnTo?: string) => withQuery("/signin", { returnTo: returnTo && returnTo !== "/" ? returnTo : undefined }),
  setup: () => "/setup",
  account: (q?: Query) => withQuery("/account", q),
  adminUsers: () => "/admin/users",
  adminTokens: () => "/admin/tokens",
  adminAudit: (q?: Query) => withQuery("/admin/audit", q),
};
