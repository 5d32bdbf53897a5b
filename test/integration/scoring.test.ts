/**
 * Scoring initiatives through the API: the region's model is versioned and changed only by its
 * strategy editors on the version they read; board members score on their own and agree on scores,
 * within the scales and all-or-nothing; the scoring sheet shows the ranking, the spread and the
 * agreed scores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CRITERIA, type Criterion } from "../../server/src/domain/prioritisation/scoring.js";
import { openTestApp, type TestApp } from "../support/app.js";
import { as, createInitiative, decide } from "../support/portfolio.js";

const api = "/api/v1";
const portfolio = `${api}/portfolios/hso-teknologi-2023`;
let t: TestApp;
let editor: Record<string, string>;
let board1: Record<string, string>;
let board2: Record<string, string>;
let reader: Record<string, string>;

interface Model {
  version: number;
  criteria: Criterion[];
  hourValue: number;
  note: string;
  createdBy: string;
}
interface Sheet {
  model: Model;
  objectives: { key: string; title: string }[];
  candidates: {
    id: string;
    code: string;
    phase: string;
    organisationName: string;
    score: {
      value: number;
      mandatory: boolean;
      rank: number;
      rankRange: [number, number];
      valueByObjective: Record<string, number>;
      criteria: { key: string; raw: number | null; normalised: number; individual: { n: number; min: number; max: number; mean: number; sd: number } | null; agreed: number | null }[];
    };
  }[];
  mine: { initiative: string; criterion: string; value: number }[];
  scores: { initiative: string; criterion: string; scorer: string; value: number; comment: string }[];
  agreed: { initiative: string; criterion: string; value: number; agreedBy: string }[];
}

beforeAll(async () => {
  t = await openTestApp();
  editor = await as(t, "strategy_editor", "hso");
  board1 = await as(t, "board_member", "hso");
  board2 = await as(t, "board_member", "hso");
  reader = await as(t, "reader", "ahus");
});
afterAll(() => t?.close());

const putModel = (headers: Record<string, string>, payload: object) => t.anonymous({ method: "PUT", url: `${portfolio}/scoring-model`, headers, payload });
const score = (id: string, headers: Record<string, string>, scores: object[]) => t.anonymous({ method: "PUT", url: `${api}/initiatives/${id}/scores`, headers, payload: { scores } });
const agree = (id: string, headers: Record<string, string>, scores: object[]) => t.anonymous({ method: "PUT", url: `${api}/initiatives/${id}/agreed-scores`, headers, payload: { scores } });
/** The score sheet as `headers` sees it (by default a reader of the region: scores are internal). */
const sheet = async (headers: Record<string, string> = reader) => {
  const res = await t.anonymous({ url: `${portfolio}/scores`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Sheet;
};
const paths = (body: string) => (JSON.parse(body) as { details: { path: string }[] }).details.map((d) => d.path);

describe("the scoring model", () => {
  it("is the default (version 0) until the region's strategy editors save one, each save a new version on the one they read", async () => {
    const first = await t.anonymous({ url: `${portfolio}/scoring-model`, headers: reader });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"0"');
    expect(first.json()).toMatchObject({ regionId: "hso", version: 0, criteria: DEFAULT_CRITERIA, hourValue: 700 });

    const weights = DEFAULT_CRITERIA.map((c) => (c.key === "urgency" ? { ...c, weight: 20 } : c));
    expect((await putModel(editor, { criteria: weights, hourValue: 800 })).statusCode).toBe(428);
    const saved = await putModel({ ...editor, "if-match": '"0"' }, { criteria: weights, hourValue: 800, note: "Hastegrad teller mer" });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.json()).toMatchObject({ version: 1, hourValue: 800, note: "Hastegrad teller mer", createdBy: expect.stringMatching(/^token:strategy_editor@hso/) });

    // Someone else's copy is stale now.
    expect((await putModel({ ...editor, "if-match": '"0"' }, { criteria: DEFAULT_CRITERIA, hourValue: 700 })).statusCode).toBe(412);
    const versions = (await t.anonymous({ url: `${portfolio}/scoring-model/versions`, headers: reader })).json() as Model[];
    expect(versions.map((v) => [v.version, v.hourValue])).toEqual([[1, 800], [0, 700]]);
    expect((await t.anonymous({ url: `${portfolio}/scoring-model`, headers: reader })).json()).toMatchObject({ version: 1, hourValue: 800 });
  });

  it("is changed by the region's strategy editors only", async () => {
    const payload = { criteria: DEFAULT_CRITERIA, hourValue: 800 };
    expect((await putModel({ "if-match": '"1"' }, payload)).statusCode).toBe(401);
    for (const [role, org] of [["board_member", "hso"], ["strategy_editor", "hv"], ["strategy_editor", "ahus"], ["reporter", "hso"]] as const) {
      expect((await putModel({ ...(await as(t, role, org)), "if-match": '"1"' }, payload)).statusCode, `${role}@${org}`).toBe(403);
    }
  });

  it("refuses a model that cannot score, naming each fault", async () => {
    const bad = [
      { ...DEFAULT_CRITERIA[0]!, weight: 0 },
      { ...DEFAULT_CRITERIA[2]!, min: 5, max: 1, weight: 0, levels: undefined },
      { ...DEFAULT_CRITERIA[3]!, key: "risk", weight: 0 },
      { ...DEFAULT_CRITERIA[4]!, weight: 0, mandatoryAt: 3 },
    ];
    const res = await putModel({ ...editor, "if-match": '"1"' }, { criteria: bad, hourValue: 800 });
    expect(res.statusCode).toBe(400);
    expect(paths(res.body)).toEqual(["criteria.1.max", "criteria.2.key", "criteria.3.mandatoryAt", "criteria"]);
    expect((await t.anonymous({ url: `${portfolio}/scoring-model`, headers: reader })).json()).toMatchObject({ version: 1 });
  });
});

describe("scoring", () => {
  let a: string;
  let b: string;
  let c: string;
  beforeAll(async () => {
    a = (await createInitiative(t, { title: "Felles pasientjournal", links: [{ section: "fa-1", size: "large" }, { section: "fa-2", size: "medium" }, { section: "fa-3", size: "small", direction: "negative" }] })).id;
    b = (await createInitiative(t, { title: "Lovpålagt logging", organisation: "ous", links: [{ section: "fa-1", size: "small" }] })).id;
    c = (await createInitiative(t, { title: "Avvist tiltak" })).id;
    await decide(t, c, "rejected", { checklist: [] });
    const benefit = await t.app.inject({ method: "POST", url: `${api}/initiatives/${a}/benefits`, payload: { title: "Spart tid", kind: "efficiency", priced: true, responsible: "Leder", valueNok: 1_000_000, hoursFreed: 5000 } });
    expect(benefit.statusCode, benefit.body).toBe(201);
  });

  it("takes each board member's own scores, which only they overwrite or take back", async () => {
    const mine = await score(a, board1, [{ criterion: "risk", value: 2, comment: "Kjent teknologi" }, { criterion: "urgency", value: 4 }]);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual([
      expect.objectContaining({ criterion: "risk", value: 2, comment: "Kjent teknologi" }),
      expect.objectContaining({ criterion: "urgency", value: 4, comment: "" }),
    ]);
    expect((await score(a, board2, [{ criterion: "risk", value: 4 }, { criterion: "urgency", value: 5 }])).statusCode).toBe(200);
    // Taking back one's own score leaves the other member's.
    const back = await score(a, board2, [{ criterion: "urgency", value: null }]);
    expect((back.json() as { criterion: string }[]).map((s) => s.criterion)).toEqual(["risk"]);
    expect((await score(b, board1, [{ criterion: "mandate", value: 2 }])).statusCode).toBe(200);
    const s = await sheet(board1);
    expect(s.scores.filter((x) => x.initiative === a).map((x) => [x.criterion, x.value])).toEqual([["risk", 2], ["risk", 4], ["urgency", 4]]);
    expect(s.mine.map((x) => [x.initiative === a ? "a" : "b", x.criterion, x.value])).toEqual(expect.arrayContaining([["a", "risk", 2], ["a", "urgency", 4], ["b", "mandate", 2]]));
    expect(s.mine).toHaveLength(3);
  });

  it("is the region's board members' to do: not its editors, another region's board, or nobody", async () => {
    for (const [role, org] of [["strategy_editor", "hso"], ["board_member", "hv"], ["initiative_owner", "ahus"], ["board_member", "ahus"]] as const) {
      const h = await as(t, role, org);
      expect((await score(a, h, [{ criterion: "risk", value: 3 }])).statusCode, `${role}@${org}`).toBe(403);
      expect((await agree(a, h, [{ criterion: "risk", value: 3 }])).statusCode, `${role}@${org}`).toBe(403);
    }
    expect((await score(a, {}, [{ criterion: "risk", value: 3 }])).statusCode).toBe(401);
  });

  it("refuses scores outside the scale, of derived or unknown criteria, or twice, and then stores none of the batch", async () => {
    const res = await score(a, board1, [{ criterion: "urgency", value: 1 }, { criterion: "risk", value: 6 }, { criterion: "strategy", value: 3 }, { criterion: "finnes-ikke", value: 1 }, { criterion: "urgency", value: 2 }]);
    expect(res.statusCode).toBe(400);
    expect(paths(res.body)).toEqual(["scores.1.value", "scores.2.criterion", "scores.3.criterion", "scores.4.criterion"]);
    const bad = await agree(a, board1, [{ criterion: "mandate", value: 1 }, { criterion: "mandate", value: 2.5 }]);
    expect(paths(bad.body)).toEqual(["scores.1.criterion"]);
    expect(paths((await agree(a, board1, [{ criterion: "mandate", value: 2.5 }])).body)).toEqual(["scores.0.value"]);
    const s = await sheet(board1);
    expect(s.mine.find((x) => x.initiative === a && x.criterion === "urgency")?.value).toBe(4);
    expect(s.agreed).toEqual([]);
  });

  it("shows the candidates ranked by value with each criterion's spread, the agreed score winning over the mean", async () => {
    const agreed = await agree(b, board2, [{ criterion: "mandate", value: 2, note: "Lovkrav" }, { criterion: "risk", value: 1 }]);
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json()).toEqual([
      expect.objectContaining({ criterion: "mandate", value: 2, note: "Lovkrav", agreedBy: expect.stringMatching(/^token:board_member@hso/) }),
      expect.objectContaining({ criterion: "risk", value: 1 }),
    ]);

    const s = await sheet();
    expect(s.model.version).toBe(1);
    expect(s.mine).toEqual([]);
    expect(s.candidates.map((x) => x.id).sort()).toEqual([a, b].sort());
    expect(s.objectives.map((o) => o.key)).toEqual(expect.arrayContaining(["fa-1", "fa-2", "fa-3"]));
    const byId = Object.fromEntries(s.candidates.map((x) => [x.id, x]));
    const crit = (id: string, key: string) => byId[id]!.score.criteria.find((x) => x.key === key)!;

    // a: links 3 + 2 − 1 = 4 of 9; benefits 1 MNOK + 5,000 hours × 800 = 5 MNOK of 10; risk mean 3 of 1–5 (lower better); urgency 4; mandate unscored.
    expect(crit(a, "strategy")).toMatchObject({ raw: 4, normalised: 4 / 9, individual: null });
    expect(crit(a, "benefits")).toMatchObject({ raw: 5_000_000, normalised: 0.5 });
    expect(crit(a, "risk")).toMatchObject({ raw: 3, normalised: 0.5, agreed: null, individual: { n: 2, min: 2, max: 4, mean: 3, sd: 1 } });
    expect(crit(a, "urgency")).toMatchObject({ raw: 4, normalised: 0.75, individual: { n: 1, sd: 0 } });
    expect(crit(a, "mandate")).toMatchObject({ raw: null, normalised: 0.5, individual: null });
    // Weights 40, 25, 15, 20 (raised from 10 in version 1) and 10.
    const total = 110;
    const valueA = (100 * (40 * (4 / 9) + 25 * 0.5 + 15 * 0.5 + 20 * 0.75 + 10 * 0.5)) / total;
    expect(byId[a]!.score.value).toBeCloseTo(valueA, 9);
    // The strategy part split over the focus areas it serves positively: 3 to fa-1, 2 to fa-2, nothing to fa-3.
    const strategyPart = (100 * 40 * (4 / 9)) / total;
    expect(byId[a]!.score.valueByObjective["fa-1"]).toBeCloseTo(strategyPart * 0.6, 9);
    expect(byId[a]!.score.valueByObjective["fa-2"]).toBeCloseTo(strategyPart * 0.4, 9);
    expect(byId[a]!.score.valueByObjective["fa-3"]).toBeUndefined();
    expect(byId[a]!.score.mandatory).toBe(false);

    // b: agreed risk 1 although nobody scored it so; agreed mandate 2 (a legal requirement) makes it mandatory.
    expect(crit(b, "risk")).toMatchObject({ raw: 1, normalised: 1, agreed: 1, individual: null });
    expect(crit(b, "mandate")).toMatchObject({ raw: 2, agreed: 2, individual: { n: 1, mean: 2 } });
    expect(byId[b]!.score.mandatory).toBe(true);
    const valueB = (100 * (40 * (1 / 9) + 25 * 0 + 15 * 1 + 20 * 0.5 + 10 * 1)) / total;
    expect(byId[b]!.score.value).toBeCloseTo(valueB, 9);

    expect(s.candidates.map((x) => [x.id, x.score.rank])).toEqual([[a, 1], [b, 2]]);
    expect(byId[a]!.score.rankRange).toEqual([1, 1]);
    expect(byId[a]).toMatchObject({ phase: "idea", organisationName: expect.any(String) });
  });

  it("takes an agreed score back with null, and the mean counts again", async () => {
    expect((await agree(b, board1, [{ criterion: "mandate", value: null }])).json()).toEqual([expect.objectContaining({ criterion: "risk" })]);
    const s = await sheet();
    const bScore = s.candidates.find((x) => x.id === b)!.score;
    expect(bScore.criteria.find((x) => x.key === "mandate")).toMatchObject({ raw: 2, agreed: null });
    expect(bScore.mandatory).toBe(true);
  });
});
