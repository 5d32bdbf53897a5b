import { randomBytes } from "node:crypto";
import type { FastifyInstance, InjectOptions } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/src/access/tokens.js";
import { openPostgres, type Db } from "../../server/src/data/db.js";
import { migrate } from "../../server/src/data/migrate.js";
import { buildApp } from "../../server/src/http/app.js";
import { seedRegister } from "../../server/src/seed/load.js";
import { keyResultId } from "../support/app.js";

// Writers that never collide by accident (issue 15): many transactions at once writing the same
// key result × organisation × period must all succeed, and only a true conflict (a `replaces` that no
// longer names the current value) may answer 409. Only a server with many connections shows the race;
// PGlite has one connection and runs every transaction alone.
describe.runIf(process.env.VEIVALG_TEST_DB === "postgres")("concurrent writes on PostgreSQL", () => {
  const WRITERS = 32;
  let db: Db;
  let app: FastifyInstance;
  let token: string;
  let admin: pg.Client;
  let schema: string;

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("TEST_DATABASE_URL is not set: run the tests through scripts/with-postgres.sh");
    // A pool of its own with a connection per writer (the shared test database has 10), so every
    // writer has its transaction open at the same time.
    schema = `t_${randomBytes(6).toString("hex")}`;
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    db = await openPostgres({ connectionString: url, schema, max: WRITERS + 4 });
    await migrate(db);
    await seedRegister(db);
    app = await buildApp({ logLevel: "silent", db });
    await app.ready();
    ({ token } = await createToken(db, { name: "tests", role: "admin", organisation: null, days: 1 }, "tests"));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  const inject = (o: InjectOptions) => app.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } });
  const post = (items: unknown[]) => inject({ method: "POST", url: "/api/v1/measurements", payload: { items } });
  const all = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

  /** Groups whose stored totals differ from the sums of their current measurements (none, when all is well). */
  const driftedTotals = () =>
    db.query(
      `WITH cur AS (
         SELECT key_result_id, organisation_id, period, count(*)::int AS n, sum(value) AS sum_value,
                sum(numerator) AS sum_numerator, sum(denominator) AS sum_denominator
           FROM measurements WHERE superseded_at IS NULL GROUP BY 1, 2, 3)
       SELECT coalesce(c.key_result_id, t.key_result_id) AS key_result_id, coalesce(c.period, t.period) AS period, c.n, t.n AS stored
         FROM cur c FULL JOIN measurement_totals t USING (key_result_id, organisation_id, period)
        WHERE c.n IS DISTINCT FROM t.n OR c.sum_value IS DISTINCT FROM t.sum_value
           OR c.sum_numerator IS DISTINCT FROM t.sum_numerator OR c.sum_denominator IS DISTINCT FROM t.sum_denominator`,
    );

  it("32 writers of different breakdown values of one key result, trust and period all succeed, and the totals add up", async () => {
    const kr = await keyResultId(db, "1.1");
    const cell = (i: number, numerator: number) => ({
      keyResult: "1.1", organisation: "ahus", period: "2025-Q1", numerator, denominator: 100, breakdown: { forløpstype: `forløp ${i}` },
    });
    // First reports (the group has no totals yet), then each writer corrects its own value (it has).
    for (const round of [1, 2]) {
      const res = await all(WRITERS, (i) => post([cell(i, i + round)]));
      expect(res.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
      expect(res.map((r) => (r.json() as { superseded: number }).superseded)).toEqual(Array(WRITERS).fill(round - 1));
      const [totals] = await db.query<{ n: number; sum_numerator: number; sum_denominator: number }>(
        "SELECT n, sum_numerator, sum_denominator FROM measurement_totals WHERE key_result_id = $1 AND organisation_id = 'ahus' AND period = '2025-Q1'",
        [kr],
      );
      const expected = Array.from({ length: WRITERS }, (_, i) => i + round).reduce((a, b) => a + b, 0);
      expect(totals).toEqual({ n: WRITERS, sum_numerator: expected, sum_denominator: 100 * WRITERS });
    }
    expect(await driftedTotals()).toEqual([]);
  });

  it("writers of batches spanning the same groups, listed in different orders, neither deadlock nor fail", async () => {
    const groups = ["ahus", "ous", "sunnaas"].flatMap((organisation) => ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"].map((period) => ({ organisation, period })));
    const batch = (i: number) =>
      groups.map((_, j) => {
        const g = groups[(i * 5 + (i % 2 === 0 ? j : groups.length - j)) % groups.length]!;
        return { keyResult: "1.1", ...g, numerator: 1, denominator: 10, breakdown: { forløpstype: `forløp ${i}` } };
      });
    const res = await all(16, (i) => post(batch(i)));
    expect(res.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
    const sums = await db.query<{ n: number }>(
      "SELECT n FROM measurement_totals WHERE key_result_id = $1 AND period LIKE '2024-Q%'",
      [await keyResultId(db, "1.1")],
    );
    expect(sums.map((r) => r.n)).toEqual(Array(groups.length).fill(16));
    expect(await driftedTotals()).toEqual([]);
  });

  it("16 writers of the same value: none fails, and one value is current", async () => {
    const kr = await keyResultId(db, "1.1");
    const current = () =>
      db.query<{ numerator: number }>(
        "SELECT numerator FROM measurements WHERE key_result_id = $1 AND organisation_id = 'ous' AND period = $2 AND superseded_at IS NULL",
        [kr, "2025-Q2"],
      );
    // Without `replaces` a report supersedes whatever is current: the writers queue and each corrects the last.
    const item = (i: number) => ({ keyResult: "1.1", organisation: "ous", period: "2025-Q2", numerator: i + 1, denominator: 50, breakdown: { forløpstype: "kreft" } });
    const res = await all(16, (i) => post([item(i)]));
    expect(res.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
    expect(res.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(res.some((r) => r.statusCode === 201)).toBe(true);
    expect(await current()).toHaveLength(1);

    // Each claiming to write the first value (`replaces: null`): exactly one does, the rest are told it changed.
    const first = (i: number) => ({ ...item(i), period: "2025-Q3", replaces: null });
    const claims = await all(16, (i) => post([first(i)]));
    expect(claims.map((r) => r.statusCode).sort()).toEqual([201, ...Array(15).fill(409)]);
    for (const r of claims.filter((c) => c.statusCode === 409)) expect(r.json()).toMatchObject({ code: "stale_measurement" });
    const [winner] = await db.query<{ id: number }>(
      "SELECT id FROM measurements WHERE key_result_id = $1 AND organisation_id = 'ous' AND period = '2025-Q3' AND superseded_at IS NULL",
      [kr],
    );

    // Each correcting the value it read: exactly one correction wins, the rest are stale.
    const corrections = await all(16, (i) => post([{ ...first(i), numerator: 100 + i, replaces: winner!.id }]));
    expect(corrections.map((r) => r.statusCode).sort()).toEqual([201, ...Array(15).fill(409)]);
    const q3 = await db.query("SELECT 1 FROM measurements WHERE key_result_id = $1 AND organisation_id = 'ous' AND period = '2025-Q3' AND superseded_at IS NULL", [kr]);
    expect(q3).toHaveLength(1);
    expect(await driftedTotals()).toEqual([]);
  });
});
