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
};
