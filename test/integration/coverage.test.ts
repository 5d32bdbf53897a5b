/**
 * The coverage matrix through the API: which focus areas and key results of a strategy have
 * initiatives behind them, changing as initiatives are linked, rejected or revised.
 */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResultId, openTestApp, type TestApp } from "../support/app.js";
import { createInitiative, decide } from "../support/portfolio.js";

const api = "/api/v1";
const strategy = "hso-teknologi-2023";
let t: TestApp;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

interface Coverage {
  sections: { key: string; code: string | null; title: string; initiativeCount: number; keyResults: { id: string; code: string; initiativeCount: number }[] }[];
  initiatives: { id: string; code: string; phase: string }[];
  cells: { initiative: string; section: string; keyResult: string | null; direction: string; size: string }[];
  uncovered: { sections: string[]; keyResults: string[] };
}

const coverage = async (id = strategy) => {
  const res = await t.app.inject(`${api}/strategies/${id}/coverage`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Coverage;
};

describe("the coverage matrix", () => {
  it("shows every focus area and key result uncovered until initiatives are linked to them", async () => {
    const empty = await coverage();
    expect(empty.sections.map((s) => s.key)).toEqual(["fa-1", "fa-2", "fa-3", "fa-4", "fa-5", "fa-6", "fa-7"]);
    expect(empty.initiatives).toEqual([]);
    expect(empty.uncovered.sections).toEqual(empty.sections.map((s) => s.key));
    const allKeyResults = empty.sections.flatMap((s) => s.keyResults.map((k) => k.id));
    expect(allKeyResults.length).toBeGreaterThan(20);
    expect(empty.uncovered.keyResults).toEqual(allKeyResults);

    const kr11 = await keyResultId(t.db, "1.1");
    const kr12 = await keyResultId(t.db, "1.2");
    const focus = await createInitiative(t, { links: [{ section: "fa-1" }] });
    let c = await coverage();
    expect(c.uncovered.sections).not.toContain("fa-1");
    expect(c.uncovered.keyResults).toContain(kr11);
    expect(c.sections.find((s) => s.key === "fa-1")).toMatchObject({ initiativeCount: 1 });

    // A link to a key result covers it and its focus area; each initiative counts once.
    const kr = await createInitiative(t, { links: [{ section: "fa-1", keyResult: kr11, size: "large" }, { section: "fa-1" }, { section: "fa-2", keyResult: await keyResultId(t.db, "2.1") }] });
    c = await coverage();
    expect(c.uncovered.keyResults).not.toContain(kr11);
    expect(c.uncovered.keyResults).toContain(kr12);
    expect(c.uncovered.sections).not.toContain("fa-2");
    const fa1 = c.sections.find((s) => s.key === "fa-1")!;
    expect(fa1.initiativeCount).toBe(2);
    expect(fa1.keyResults.find((k) => k.id === kr11)!.initiativeCount).toBe(1);
    expect(c.cells.filter((x) => x.initiative === kr.id)).toEqual([
      { initiative: kr.id, section: "fa-1", keyResult: null, direction: "positive", size: "medium" },
      { initiative: kr.id, section: "fa-1", keyResult: kr11, direction: "positive", size: "large" },
      expect.objectContaining({ section: "fa-2" }),
    ]);
    expect(c.initiatives.map((i) => i.id).sort()).toEqual([focus.id, kr.id].sort());

    // An initiative expected to move an objective the wrong way is shown, but covers nothing.
    const negative = await createInitiative(t, { links: [{ section: "fa-7", direction: "negative" }] });
    c = await coverage();
    expect(c.uncovered.sections).toContain("fa-7");
    expect(c.cells).toContainEqual(expect.objectContaining({ initiative: negative.id, section: "fa-7", direction: "negative" }));

    // A rejected initiative covers nothing and leaves the matrix.
    await decide(t, kr.id, "rejected");
    c = await coverage();
    expect(c.uncovered.keyResults).toContain(kr11);
    expect(c.uncovered.sections).toContain("fa-2");
    expect(c.initiatives.map((i) => i.id)).not.toContain(kr.id);
    expect(c.cells.map((x) => x.initiative)).not.toContain(kr.id);

    // Revising the links moves the coverage.
    const res = await t.app.inject({ method: "PUT", url: `${api}/initiatives/${focus.id}`, headers: { "if-match": '"1"' }, payload: { title: focus.title, organisation: "ahus", kind: "regional_project", links: [{ section: "fa-4", keyResult: await keyResultId(t.db, "4.1") }] } });
    expect(res.statusCode, res.body).toBe(200);
    c = await coverage();
    expect(c.uncovered.sections).toContain("fa-1");
    expect(c.uncovered.sections).not.toContain("fa-4");
  });

  it("takes a plan's goals as its objectives, and knows no strategy that does not exist", async () => {
    const rup = await coverage("hso-rup-2040");
    expect(rup.sections.length).toBeGreaterThan(0);
    expect(rup.uncovered.sections).toEqual(rup.sections.map((s) => s.key));
    expect((await t.app.inject(`${api}/strategies/finnes-ikke/coverage`)).statusCode).toBe(404);
  });

  it("sends the same matrix gzip'd to a client that takes gzip, compressed once and kept", async () => {
    const url = "/api/v1/strategies/hso-teknologi-2023/coverage";
    const plain = await t.app.inject(url);
    const zipped = await t.app.inject({ url, headers: { "accept-encoding": "gzip" } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("accept-encoding");
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString("utf8"))).toEqual(plain.json());
  });
});
