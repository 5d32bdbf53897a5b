import { inject } from "vitest";
import { url } from "./browser.js";
import type { Person } from "./people.js";

/** Reads of the API the browser tests check the app against: as a visitor, or as one of the test people (what a strategy keeps internal). */
export async function getJson<T>(path: string, as?: Person): Promise<T> {
  const res = await fetch(url(path), as ? { headers: { cookie: sessionCookie(as) } } : {});
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

const sessionCookie = (as: Person) => `veivalg_session=${inject("sessions")[as]}`;

export interface MeasurementRow {
  organisation: string;
  period: string;
  value: number | null;
  supersededAt: string | null;
}

export const measurements = (keyResult: string, organisation: string, history = false) =>
  getJson<MeasurementRow[]>(`/api/v1/key-results/${keyResult}/measurements?organisation=${organisation}${history ? "&history=true" : ""}`);

/** A write through the public API as one of the test people: their session's cookie and its CSRF token, as the web app sends them. */
export async function sendJson<T>(as: Person, method: "POST" | "PUT", path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const cookie = sessionCookie(as);
  const { csrfToken } = (await (await fetch(url("/api/v1/session"), { headers: { cookie } })).json()) as { csrfToken: string | null };
  const res = await fetch(url(path), {
    method,
    headers: { ...headers, cookie, "x-csrf-token": csrfToken ?? "", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Scenario {
  id: string;
  version: number;
  settings: { budgets: { year: number; investment: number | null }[] };
}

let sweepScenarios: Promise<[string, string]> | undefined;

/**
 * Two solved scenarios of Helse Sør-Øst's portfolio for the page sweep, made once per run by its
 * board member: the portfolio's budgets (with its efficient frontier), and the same with 60 MNOK
 * to invest the first year.
 */
export function sweepScenarioIds(): Promise<[string, string]> {
  sweepScenarios ??= (async () => {
    const make = async (name: string, firstYearInvestment?: number) => {
      const s = await sendJson<Scenario>("board", "POST", "/api/v1/scenarios", { strategy: "hso-teknologi-2023", name });
      if (firstYearInvestment !== undefined) {
        const budgets = s.settings.budgets.map((b, k) => (k === 0 ? { ...b, investment: firstYearInvestment } : b));
        await sendJson("board", "PUT", `/api/v1/scenarios/${s.id}`, { name, description: "", settings: { ...s.settings, budgets } }, { "if-match": `"${s.version}"` });
      }
      await sendJson("board", "POST", `/api/v1/scenarios/${s.id}/solve`);
      return s.id;
    };
    const base = await make("Porteføljens budsjetter");
    await sendJson("board", "POST", `/api/v1/scenarios/${base}/frontier`);
    return [base, await make("Mindre investering første år", 60_000_000)];
  })();
  return sweepScenarios;
}
