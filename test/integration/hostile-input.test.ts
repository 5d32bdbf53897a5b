/**
 * Random and hostile input at every route that takes any (a body, a query or path parameters), taken
 * from the server's own route table, sent by a system administrator so that nothing stops it before
 * the handlers: never a 5xx, every refusal the documented `{ code, message, details }` and nothing
 * more (no stack, no SQL), and a refused request changes nothing (no table gains or loses a row).
 *
 * Inputs are generated from each route's own schema, so most of them get past validation and reach
 * the code behind it, with known ids mixed in (so they find real strategies, key results, people)
 * and hostile values in every slot: wrong types, huge and deep values, unicode, NUL, SQL,
 * prototype-pollution keys, non-numbers, bad periods and UUIDs.
 */
import fc from "fast-check";
import type { InjectOptions, RouteOptions } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_CRITERIA } from "../../server/src/domain/prioritisation/scoring.js";
import { openTestApp } from "../support/app.js";
import { strategyInput } from "../support/requests.js";

const routes: RouteOptions[] = [];
const t = await openTestApp({ onRoute: (r) => void routes.push(r) });
afterAll(() => t.close());

// ---- Values -----------------------------------------------------------------------------------

const keyResults = await t.db.query<{ id: string; code: string }>("SELECT id, code FROM key_results ORDER BY strategy_id, code LIMIT 20");
// People with grants, and tokens (not the one these requests come with), for the routes that manage them.
for (const [email, role, organisation] of [
  ["kari@example.org", "reporter", "ahus"],
  ["ola@example.org", "strategy_editor", "hso"],
] as const) {
  const user = await t.app.inject({ method: "POST", url: "/api/v1/users", payload: { email, name: email, password: "et langt og trygt passord 123" } });
  expect(user.statusCode, user.body).toBe(201);
  const grant = await t.app.inject({ method: "POST", url: `/api/v1/users/${(user.json() as { id: string }).id}/grants`, payload: { role, organisation } });
  expect(grant.statusCode, grant.body).toBeLessThan(300);
  const token = await t.app.inject({ method: "POST", url: "/api/v1/tokens", payload: { name: email, role, organisation, days: 1 } });
  expect(token.statusCode, token.body).toBe(201);
}
const ids = async (sql: string) => (await t.db.query<{ id: string }>(sql)).map((r) => r.id);
const people = await ids("SELECT id FROM users");
const grants = await ids("SELECT id FROM role_grants");
const tokens = await ids("SELECT id FROM api_tokens WHERE name <> 'tests'");
// A piece of portfolio to find: a local solution (so adoptions get past the kind check) with a risk, a benefit and a ROS analysis, and a second initiative to reuse it.
const made = async (url: string, payload: object) => {
  const res = await t.app.inject({ method: "POST", url, payload });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
};
const fuzzInitiatives = [
  await made("/api/v1/initiatives", { strategy: "hso-teknologi-2023", title: "Lokal løsning", organisation: "ahus", kind: "local_solution", links: [{ section: "fa-6" }] }),
  await made("/api/v1/initiatives", { strategy: "hso-teknologi-2023", title: "Prosjekt", organisation: "ous", kind: "regional_project" }),
];
const portfolioParts = [
  await made(`/api/v1/initiatives/${fuzzInitiatives[0]}/risks`, { title: "Risiko", likelihood: 3, consequence: 3 }),
  await made(`/api/v1/initiatives/${fuzzInitiatives[0]}/benefits`, { title: "Gevinst", kind: "efficiency", priced: true, responsible: "Leder", valueNok: 1000 }),
  await made(`/api/v1/initiatives/${fuzzInitiatives[0]}/ros`, { title: "ROS", performedOn: "2025-01-10" }),
];
// Needs to triage: the convert, merge and decline routes find them.
const fuzzNeeds = [
  await made("/api/v1/needs", { strategy: "hso-teknologi-2023", organisation: "ahus", title: "Behov", problem: "Problem", size: "small", sections: ["fa-1"] }),
  await made("/api/v1/needs", { strategy: "hso-teknologi-2023", organisation: "ous", title: "Duplikat", problem: "Problem", size: "large" }),
];
// A scenario to solve, revise and adopt.
const fuzzScenarios = [await made("/api/v1/scenarios", { strategy: "hso-teknologi-2023", name: "Scenario" })];
const PERIODS = ["2025", "2025-Q1", "2025-T2", "2025-03", "2024", "2026-Q4", "2023-T3"];
/** Real names and ids, by the names of the fields that take them: requests that find things reach the code behind the lookups. */
const HINTS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries({
    "period periodFrom periodTo from to": PERIODS,
    "owner organisation parent": ["hso", "ahus", "ous", "hv", "helse-bergen", "OUS", "Sykehuset Østfold HF"],
    "strategy fromStrategy toStrategy": ["hso-teknologi-2023", "hv-digitalisering-2024", "hso-rup-2040"],
    "section fromSection toSection": ["fa-1", "fa-4", "goal-3"],
    keyResult: keyResults.flatMap((k) => [k.id, k.code]),
    id: ["hso-teknologi-2023", "hv-digitalisering-2024", ...keyResults.map((k) => k.id), ...people, ...tokens, ...fuzzInitiatives, ...portfolioParts, ...fuzzNeeds, ...fuzzScenarios],
    into: fuzzNeeds,
    dependsOn: fuzzInitiatives,
    initiative: fuzzInitiatives,
    criterion: DEFAULT_CRITERIA.map((c) => c.key),
    grantId: grants,
    email: ["kari@example.org", "ola@example.org", "KARI@example.org"],
    "adoptedOn effectiveFrom asOf": ["2025-01-01", "2025-06-30", "2025-06-30T12:00:00Z"],
  }).flatMap(([names, values]) => names.split(" ").map((n) => [n, values])),
);
/** The same, for fields of any name. */
const KNOWN = [...new Set([...Object.values(HINTS).flat(), "reader", "reporter", "admin", "true", "false", "10", "1,5"])];
const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "'; DROP TABLE measurements; --",
  "' OR '1'='1",
  '" OR ""="',
  "%",
  "%00",
  "%zz",
  "../../../etc/passwd",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "prototype",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1e309",
  "1e-400",
  "0x1F",
  "9007199254740993",
  "-0",
  "null",
  "undefined",
  "[]",
  "{}",
  "2025-Q5",
  "2025-13",
  "2025-T4",
  "2025-00",
  "0000",
  "99999-Q1",
  "2025-02-30",
  "2025-Q1/2025-Q2",
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "\uD800",
  "\uFFFF",
  "😀👩‍⚕️",
  "\u202Eevil",
  "İı",
  "\r\n",
  "${7*7}",
  "vvt_notatoken",
  "x".repeat(70_000),
  "ø".repeat(3000),
];
const HOSTILE_NUMBERS = [Number.MAX_SAFE_INTEGER + 2, -1, 0, -0, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 63, 0.1 + 0.2];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const anyString = fc.oneof(fc.constantFrom(...KNOWN), hostileString, fc.string({ unit: "grapheme", maxLength: 30 }));
/** A value of the wrong kind, whatever was asked for. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HOSTILE_NUMBERS, true, false, null, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.integer({ min: 1, max: 100 }).map((depth) => JSON.parse(deepJson(depth)) as unknown),
);
/** `[[[…]]]`, or sections in sections (`{"children":[{"children":…}]}`), `depth` deep, as JSON text. */
function deepJson(depth: number, sections = depth % 2 === 1): string {
  if (!sections) return "[".repeat(depth) + "]".repeat(depth);
  const open = (i: number) => `{"key":"k${i}","kind":"text","title":"t","children":[`;
  return Array.from({ length: depth }, (_, i) => open(i)).join("") + "]}".repeat(depth);
}

// ---- From a route's schema to random requests ----------------------------------------------------

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  $defs?: Record<string, JsonSchema>;
}

const toJsonSchema = (schema: unknown): JsonSchema => z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;

/**
 * Values for `s`: some that fit it (so they get past validation to the code behind it), some of
 * those with one slot broken (a hostile value in it, a key dropped or a hostile key added), and some
 * of the wrong kind altogether.
 */
function fromSchema(s: JsonSchema): fc.Arbitrary<unknown> {
  const fits = fitting(s, s.$defs ?? {}, 0);
  return fc.oneof({ weight: 2, arbitrary: fits }, { weight: 3, arbitrary: broken(fits) }, { weight: 1, arbitrary: hostileValue });
}

/** Values of `a`, each with one slot broken (see breakOne). */
const broken = (a: fc.Arbitrary<unknown>) =>
  fc.tuple(a, fc.nat(), hostileValue, fc.constantFrom("replace", "drop", "add", "add")).map(([v, n, h, how]) => breakOne(v, n, h, how));

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "", "x".repeat(1000), "\u0000", "$where"];

/** `value` with its `n`-th slot (counting the whole value and every key or element in it) broken. */
function breakOne(value: unknown, n: number, hostile: unknown, how: "replace" | "drop" | "add"): unknown {
  const root = { value: structuredClone(value) };
  const slots: [Record<string, unknown>, string][] = [[root, "value"]];
  for (let i = 0; i < slots.length; i++) {
    const [container, key] = slots[i]!;
    const v = container[key];
    if (typeof v === "object" && v !== null) for (const k of Object.keys(v)) slots.push([v as Record<string, unknown>, k]);
  }
  const [container, key] = slots[n % slots.length]!;
  const target = container[key];
  if (how === "add" && typeof target === "object" && target !== null && !Array.isArray(target)) {
    // Defined, not assigned: `o.__proto__ = …` would change the prototype instead of adding the key.
    Object.defineProperty(target, HOSTILE_KEYS[n % HOSTILE_KEYS.length]!, { value: hostile, enumerable: true, configurable: true, writable: true });
  } else if (how === "drop" && container !== root) {
    if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete container[key];
  } else {
    container[key] = hostile;
  }
  return root.value;
}

/** A string within the schema's bounds: a known name or id, a hostile text, or random text. */
function text(s: JsonSchema): fc.Arbitrary<string> {
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
  const pool = [...KNOWN, ...HOSTILE_STRINGS].filter(fits);
  return fc.oneof(fc.constantFrom(...pool), fc.string({ unit: "grapheme", minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) }));
}

/** Values that fit `s`, as far as a JSON Schema can say (refinements, such as periods, it cannot). */
function fitting(s: JsonSchema, defs: Record<string, JsonSchema>, depth: number, name = ""): fc.Arbitrary<unknown> {
  // Recursive schemas (sections in sections) thin out as they go down, or they would never end.
  if (s.$ref) return depth > 4 ? fc.constant(undefined) : fitting(defs[s.$ref.split("/").at(-1)!]!, defs, depth + 1);
  const hints = (HINTS[name] ?? []).filter((h) => !s.pattern || new RegExp(s.pattern).test(h));
  if ((s.type === "string" || s.anyOf) && hints.length > 0) {
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hints) }, { weight: 1, arbitrary: fitting(s, defs, depth) });
  }
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fitting(a, defs, depth)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => fitting({ ...s, type }, defs, depth)));
  switch (s.type) {
    case "object": {
      if (s.properties) {
        const model = Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, fitting(p, defs, depth, k)]));
        return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
      }
      const values = typeof s.additionalProperties === "object" ? fitting(s.additionalProperties, defs, depth) : text({});
      return fc.dictionary(text({ minLength: 1 }), values, { maxKeys: 3 });
    }
    case "array":
      if (depth > 3) return fc.constant([]);
      return fc.array(s.items ? fitting(s.items, defs, depth + 1) : hostileValue, { minLength: Math.min(s.minItems ?? 0, 2), maxLength: Math.min(s.maxItems ?? 3, 3) });
    case "string":
      if (s.format === "uuid") return fc.oneof(fc.uuid(), fc.constantFrom(...keyResults.map((k) => k.id)));
      if (s.format === "date") return fc.oneof(fc.constantFrom("2025-01-01", "2024-02-29", "2025-12-31"), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
      if (s.format === "date-time") return fc.oneof(fc.constant("2025-06-30T12:00:00Z"), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const known = KNOWN.filter((k) => re.test(k));
        return known.length > 0 ? fc.oneof(fc.constantFrom(...known), fc.stringMatching(re)) : fc.stringMatching(re);
      }
      return text(s);
    case "integer":
      return fc.oneof(fc.integer({ min: Math.max(s.minimum ?? -1000, -1e6), max: Math.min(s.maximum ?? 1e6, 1e6) }), fc.constantFrom(1, 2, 0, -1));
    case "number":
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(...HOSTILE_NUMBERS));
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return hostileValue;
  }
}

/** encodeURIComponent, which throws on half a surrogate pair: that half becomes U+FFFD, as a browser sends it. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/** What a query string can carry: text, maybe the same key twice, maybe bytes no URL should hold. */
function queryString(s: JsonSchema | undefined): fc.Arbitrary<string> {
  const props = s ? fromSchema(s) : fc.constant({});
  const asText = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));
  const pairs = props.map((o) => (o !== null && typeof o === "object" && !Array.isArray(o) ? Object.entries(o) : [["q", asText(o)]]));
  return fc.oneof(
    { weight: 8, arbitrary: pairs.map((entries) => new URLSearchParams(entries.map(([k, v]) => [k, asText(v)])).toString()) },
    { weight: 1, arbitrary: pairs.map((entries) => entries.flatMap(([k, v]) => [`${k}=${encode(asText(v))}`, `${k}=2`]).join("&")) },
    { weight: 1, arbitrary: fc.constantFrom("%", "a=%zz", "__proto__[polluted]=1", "constructor[prototype][polluted]=1", "a[]=1&a[]=2", "&&&=", `q=${"x".repeat(20_000)}`) },
  );
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

/** A path parameter: usually a known id or a plausible one, sometimes a hostile segment. */
const pathParam = (name: string, s: JsonSchema | undefined, defs: Record<string, JsonSchema>) =>
  fc.oneof(
    { weight: 6, arbitrary: (s ? fitting(s, defs, 0, name) : anyString).map((v) => encode(String(v))) },
    { weight: 1, arbitrary: fc.constantFrom("%00", "..", "%2e%2e%2f%2e%2e", "%E0%A4%A", "x".repeat(500), "1%20OR%201=1", "__proto__") },
  );

/** A request's body and the headers that say what it is. */
interface Body {
  payload?: InjectOptions["payload"];
  headers?: Record<string, string>;
}

/** Bodies of the kind a JSON route meets in the wild. */
function jsonBody(s: JsonSchema | undefined, seed?: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? "null", headers: { "content-type": "application/json" } });
  const raw = (payload: string, type = "application/json") => ({ payload, headers: { "content-type": type } });
  const seeded = seed
    ? [
        { weight: 3, arbitrary: seed.map(json) },
        { weight: 6, arbitrary: broken(seed).map(json) },
      ]
    : [];
  return fc.oneof(
    ...seeded,
    { weight: 10, arbitrary: (s ? fromSchema(s) : hostileValue).map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        raw("{"),
        raw('{"a":1,}'),
        raw("NaN"),
        raw('{"n": 1e309}'),
        raw('{"__proto__": {"polluted": true}}'),
        raw('{"constructor": {"prototype": {"polluted": true}}}'),
        raw(deepJson(100_000, false)),
        raw(`{"strategy":{"sections":[${deepJson(5000, true)}]},"sections":[${deepJson(5000, true)}]}`),
        raw('"\\ud800"'),
        raw("a=1&b=2", "application/x-www-form-urlencoded"),
        raw("<x/>", "application/xml"),
        raw("", "application/json"),
      ),
    },
  );
}

const [kr12] = await ids("SELECT id FROM key_results WHERE strategy_id = 'hso-teknologi-2023' AND code = '1.2'");
const [kr11] = await ids("SELECT id FROM key_results WHERE strategy_id = 'hso-teknologi-2023' AND code = '1.1'");
/**
 * Valid bodies for the routes that write the most, to break one slot at a time: whichever slot it
 * is, the write is all or nothing.
 */
const SEEDS: Record<string, fc.Arbitrary<unknown>> = {
  "POST /api/v1/measurements": fc.record({ period: fc.constantFrom("2025-01", "2025-02", "2025-03"), value: fc.integer({ min: 0, max: 1000 }) }).map(({ period, value }) => ({
    items: [
      { keyResult: "3.2", organisation: "ahus", period, value, comment: "fra DIPS" },
      { keyResult: "3.2", organisation: "OUS", period, value: `${value},5` },
      { keyResult: "1.2", organisation: "Sykehuset Østfold HF", period: "2025-Q1", numerator: value, denominator: 1000 },
    ],
  })),
  "POST /api/v1/strategies": fc.nat().map((n) => ({
    id: `fuzz-${n}`,
    owner: "hso",
    kind: "sub_strategy",
    title: "Fuzz",
    language: "nb",
    periodFrom: "2025",
    periodTo: "2027",
    status: "draft",
    parent: "hso-teknologi-2023",
    sections: [
      {
        key: "fa-1",
        kind: "focus_area",
        title: "Område",
        keyResults: [{ code: "F1", title: "Antall", unit: "count", direction: "increase", aggregation: "sum", frequency: "quarter", targets: [{ period: "2026", organisation: "ahus", value: 10 }] }],
        children: [{ key: "i-1", kind: "initiative", title: "Tiltak" }],
      },
    ],
  })),
  "POST /api/v1/initiatives": fc.nat().map((n) => ({
    strategy: "hso-teknologi-2023",
    title: `Fuzz ${n}`,
    organisation: "ahus",
    kind: "local_solution",
    tags: ["user_driven"],
    theme: "fa-1-i-2",
    plannedStart: "2025-01-01",
    plannedEnd: "2026-12-31",
    links: [{ section: "fa-1", keyResult: kr11, size: "large" }, { section: "fa-2", direction: "negative" }],
    participants: ["ous"],
    dependsOn: fuzzInitiatives,
  })),
  "POST /api/v1/needs": fc.constantFrom("small", "very_large").map((size) => ({
    strategy: "hso-teknologi-2023",
    organisation: "ahus",
    title: "Behov",
    problem: "Problem",
    size,
    theme: "fa-1-i-2",
    sections: ["fa-1", "fa-3"],
  })),
  "POST /api/v1/assessments": fc.constantFrom("2025-Q1", "2025-Q2").map((period) => ({
    strategy: "hso-teknologi-2023",
    keyResult: kr12,
    organisation: "ahus",
    period,
    confidence: "at_risk",
    done: "noe",
  })),
};

/** Files for the import: random bytes, a broken workbook, CSV made of hostile cells. */
const fileBody: fc.Arbitrary<Body> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((b) => ({ payload: Buffer.from(b), headers: { "content-type": "application/octet-stream" } })),
  fc.uint8Array({ maxLength: 500 }).map((b) => ({ payload: Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.from(b)]), headers: { "content-type": "application/octet-stream" } })),
  // Rows that are mostly right, so that one bad cell among good ones must stop the whole file.
  fc
    .uniqueArray(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(["3.2", "ahus", "2025-01", "12"], ["3.2", "OUS", "2025-02", "1 234,5"], ["3.2", "Sykehuset Østfold HF", "2025-03", "0"]) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom("3.2", "1.2", "1.1"), anyString, anyString, fc.oneof(fc.constantFrom("-1", "1e309", "NaN", '"7"', ""), anyString)) },
        { weight: 1, arbitrary: fc.array(anyString, { maxLength: 6 }) },
      ),
      // The same measurement twice is a fault of its own; let the other faults show.
      { minLength: 1, maxLength: 6, selector: (cells) => cells.slice(0, 3).join(";") },
    )
    .map((rows) => ({
      payload: ["nøkkelresultat;organisasjon;periode;verdi", ...rows.map((r) => r.join(";"))].join("\n"),
      headers: { "content-type": "text/csv" },
    })),
  fc.constantFrom(
    { payload: "", headers: { "content-type": "text/csv" } },
    { payload: "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n", headers: { "content-type": "multipart/form-data; boundary=x" } },
    { payload: "not multipart", headers: { "content-type": "multipart/form-data; boundary=zz" } },
  ),
);

/** Query strings that get the import to its file (it takes the strategy from the query). */
const QUERY_SEEDS: Record<string, fc.Arbitrary<string>> = {
  "POST /api/v1/imports/measurements": fc.constantFrom("strategy=hso-teknologi-2023", "strategy=hso-teknologi-2023&dryRun=true", "strategy=hso-teknologi-2023&filename=data.csv"),
};

/** Routes whose body is not described by a schema, with what they take instead. */
const UNSCHEMED_BODIES: Record<string, fc.Arbitrary<Body>> = {
  "POST /api/v1/imports/measurements": fileBody,
};

interface Schemas {
  body?: unknown;
  querystring?: unknown;
  params?: unknown;
  headers?: unknown;
}

function requests(route: RouteOptions, method: string): fc.Arbitrary<InjectOptions & { url: string }> {
  const schema = (route.schema ?? {}) as Schemas;
  const key = `${method} ${route.url}`;
  const params = schema.params ? toJsonSchema(schema.params) : undefined;
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const segments = fc.tuple(...names.map((n) => pathParam(n, params?.properties?.[n], params?.$defs ?? {})));
  const anyQuery = queryString(schema.querystring ? toJsonSchema(schema.querystring) : undefined);
  const query = QUERY_SEEDS[key] ? fc.oneof({ weight: 2, arbitrary: QUERY_SEEDS[key] }, { weight: 1, arbitrary: anyQuery }) : anyQuery;
  const body = UNSCHEMED_BODIES[key] ?? (schema.body ? jsonBody(toJsonSchema(schema.body), SEEDS[key]) : method === "GET" ? fc.constant<Body>({}) : fc.oneof(fc.constant<Body>({}), jsonBody(undefined)));
  const headerSchema = schema.headers ? toJsonSchema(schema.headers) : undefined;
  const headers = fc.record(
    {
      "if-match": fc.oneof(fc.constantFrom('"1"', '"2"', "*", 'W/"1"'), printable),
      ...Object.fromEntries(Object.keys(headerSchema?.properties ?? {}).map((h) => [h, printable])),
    },
    { requiredKeys: [] },
  );
  // From addresses all over, so that rate limits per client (sign-in, tokens) do not hide the routes behind them.
  return fc.record({ segments, query, body, headers, remoteAddress: fc.ipV4() }).map(({ segments, query, body, headers, remoteAddress }) => {
    let i = 0;
    const path = route.url.replace(/:(\w+)/g, () => segments[i++]!);
    return { method: method as InjectOptions["method"], url: query ? `${path}?${query}` : path, ...body, headers: { ...body.headers, ...headers }, remoteAddress };
  });
}

// ---- The checks ---------------------------------------------------------------------------------

const tables = (
  await t.db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")
).map((r) => r.name);
/** Refusals that rightly leave a trace, in these tables. */
const TRACES: Record<string, string[]> = {
  // A wrong password is counted for the sign-in throttle (and audited when it starts holding an account back), answered with the same 401 as every other.
  "POST /api/v1/session": ["audit_log", "sign_in_throttle"],
};
/** How many rows each table holds (but those where `key` may leave a trace): a refusal must change none. */
const rowCounts = async (key: string) => {
  const counted = tables.filter((n) => !TRACES[key]?.includes(n));
  return (await t.db.query<Record<string, number>>(`SELECT ${counted.map((n) => `(SELECT count(*)::int FROM "${n}") AS "${n}"`).join(", ")}`))[0]!;
};

/** What gives away the server's insides. */
const LEAKS = /\n\s+at |node_modules|\.ts:\d+|\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b|syntax error at|violates .* constraint|relation "/;

/** Every route but those that take nothing at all (a GET without parameters, such as /healthz); writes take a body. */
const inputRoutes = routes
  .flatMap((r) => [r.method].flat().map((method) => ({ route: r, method, key: `${method} ${r.url}` })))
  .filter(({ route, method }) => {
    const s = (route.schema ?? {}) as Schemas;
    return method !== "HEAD" && (method !== "GET" || Boolean(s.querystring || s.params || s.headers || route.url.includes(":")));
  });

it("has routes to try, and tables to watch", () => {
  expect(inputRoutes.length).toBeGreaterThan(20);
  expect(tables).toEqual(expect.arrayContaining(["measurements", "audit_log", "strategies", "key_result_versions", "users", "api_tokens"]));
  for (const key of Object.keys(UNSCHEMED_BODIES)) expect(inputRoutes.map((r) => r.key)).toContain(key);
});

describe.each(inputRoutes.map((r) => [r.key, r] as const))("%s", (key, { route, method }) => {
  it("answers hostile input with a clean 4xx and writes nothing, or handles it", async () => {
    await fc.assert(
      fc.asyncProperty(requests(route, method), async (req) => {
        const before = await rowCounts(key);
        const res = await t.app.inject(req);
        const what = `${req.method} ${req.url.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 500)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode < 400) return;
        const body = res.json() as Record<string, unknown>;
        expect(Object.keys(body).sort(), what).toEqual(["code", "details", "message"]);
        expect(typeof body.code, what).toBe("string");
        expect(typeof body.message, what).toBe("string");
        expect(Array.isArray(body.details), what).toBe(true);
        expect(res.body, what).not.toMatch(LEAKS);
        expect(await rowCounts(key), what).toEqual(before);
        // Nothing the body said reached Object.prototype.
        expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});

describe("made-up credentials", () => {
  const cookieSafe = printable.map((v) => v.replace(/[;,\s]/g, ""));
  const credentials = fc.record(
    {
      authorization: fc.oneof(printable.map((v) => `Bearer ${v}`), printable.map((v) => `Bearer vvt_${v}`), fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz"), printable),
      cookie: fc.oneof(cookieSafe.map((v) => `veivalg_session=${v}`), printable),
      "x-csrf-token": printable,
    },
    { requiredKeys: [] },
  );
  const write = { method: "POST" as const, url: "/api/v1/measurements", payload: { items: [{ keyResult: "3.2", organisation: "ahus", period: "2025-04", value: 1 }] } };

  it("never let a write through, nor break the server", async () => {
    await fc.assert(
      fc.asyncProperty(credentials, fc.ipV4(), async (headers, remoteAddress) => {
        const before = await rowCounts("");
        const res = await t.anonymous({ ...write, headers, remoteAddress });
        const what = `${JSON.stringify(headers).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect([401, 403], what).toContain(res.statusCode);
        expect(Object.keys(res.json() as object).sort(), what).toEqual(["code", "details", "message"]);
        expect(await rowCounts(""), what).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });
});

describe("what it found, kept found", () => {
  const json = (method: "POST" | "PUT", url: string, payload: string | object) => ({
    method,
    url,
    headers: { "content-type": "application/json" },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  const strategy = (change: object) => ({ ...SEED_STRATEGY, id: "funnet", ...change });
  const SEED_STRATEGY = { owner: "hso", kind: "sub_strategy", title: "Funnet", language: "nb", periodFrom: "2025", status: "draft", sections: [] };
  const otherStrategysKeyResult = async () => {
    await t.app.inject({ method: "POST", url: "/api/v1/strategies", payload: strategyInput("en-annen", "hv", false) });
    return (await ids("SELECT id FROM key_results WHERE strategy_id = 'en-annen'"))[0];
  };
  const cases: [string, () => Promise<InjectOptions> | InjectOptions, number][] = [
    ["a path parameter too long", () => ({ url: `/api/v1/strategies/${"x".repeat(200)}` }), 414],
    ["a malformed %-escape", () => ({ url: "/api/v1/strategies/%E0%A4%A" }), 400],
    ["sections nested thousands deep", () => json("POST", "/api/v1/strategies", `{"id":"dyp","owner":"hso","kind":"sub_strategy","title":"t","language":"nb","periodFrom":"2025","status":"draft","sections":[${deepJson(5000, true)}]}`), 400],
    ["a NUL in a body", () => json("POST", "/api/v1/session", { email: "a\u0000b", password: "x" }), 400],
    ["half a surrogate pair in a body", () => json("POST", "/api/v1/organisations", { id: "halv", kind: "unit", parent: "ahus", name: "\ud800", shortName: "H" }), 400],
    ["a NUL in a download's filter", () => ({ url: "/api/v1/audit/export?format=csv&objectId=a%00b" }), 400],
    ["an empty parent organisation", () => json("POST", "/api/v1/organisations", { id: "tom", kind: "unit", parent: "", name: "Tom", shortName: "Tom" }), 400],
    ["a parent plan that does not exist", () => json("POST", "/api/v1/strategies", strategy({ parent: "finnes-ikke" })), 400],
    ["an owner that does not exist", () => json("POST", "/api/v1/strategies", strategy({ owner: "finnes-ikke" })), 400],
    [
      "a target for an organisation that does not exist",
      () =>
        json("POST", "/api/v1/strategies", strategy({ sections: [{ key: "fa-1", kind: "focus_area", title: "O", keyResults: [{ code: "F1", title: "A", unit: "count", direction: "increase", aggregation: "sum", frequency: "year", targets: [{ period: "2026", organisation: "finnes-ikke", value: 1 }] }] }] })),
      400,
    ],
    ["an assessment of another strategy's key result", async () => json("POST", "/api/v1/assessments", { strategy: "hso-teknologi-2023", keyResult: await otherStrategysKeyResult(), period: "2025", confidence: "on_track" }), 400],
    ["an assessment for an organisation that does not exist", () => json("POST", "/api/v1/assessments", { strategy: "hso-teknologi-2023", keyResult: kr12, organisation: "Ahus", period: "2025", confidence: "on_track" }), 400],
    ["an assessment of a section that does not exist", () => json("POST", "/api/v1/assessments", { strategy: "hso-teknologi-2023", section: "finnes-ikke", period: "2025", confidence: "on_track" }), 400],
    ["an upload that is not multipart", () => ({ method: "POST", url: "/api/v1/imports/measurements?strategy=hso-teknologi-2023", headers: { "content-type": "multipart/form-data; boundary=zz" }, payload: "ikke multipart" }), 400],
  ];
  it.each(cases)("refuses %s cleanly", async (_what, request, status) => {
    const req = await request();
    const before = await rowCounts("");
    const res = await t.app.inject(req);
    expect(res.statusCode, res.body).toBe(status);
    expect(Object.keys(res.json() as object).sort()).toEqual(["code", "details", "message"]);
    expect(await rowCounts("")).toEqual(before);
  });
});
