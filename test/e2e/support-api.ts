import { url } from "./browser.js";

/** Reads of the public API the browser tests check the app against. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(url(path));
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Id of a key result by its code (ids are random per seeded database). */
export async function keyResultId(strategy: string, code: string): Promise<string> {
  interface Node {
    keyResults: { id: string; code: string }[];
    children: Node[];
  }
  const tree = await getJson<{ sections: Node[] }>(`/api/v1/strategies/${strategy}`);
  const find = (nodes: Node[]): string | undefined => {
    for (const n of nodes) {
      const hit = n.keyResults.find((k) => k.code === code)?.id ?? find(n.children);
      if (hit) return hit;
    }
    return undefined;
  };
  const id = find(tree.sections);
  if (!id) throw new Error(`no key result ${code} in ${strategy}`);
  return id;
}

export interface MeasurementRow {
  organisation: string;
  period: string;
  value: number | null;
  supersededAt: string | null;
}

export const measurements = (keyResult: string, organisation: string, history = false) =>
  getJson<MeasurementRow[]>(`/api/v1/key-results/${keyResult}/measurements?organisation=${organisation}${history ? "&history=true" : ""}`);
