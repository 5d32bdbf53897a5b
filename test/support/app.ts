import type { FastifyInstance, InjectOptions } from "fastify";
import { createToken } from "../../server/src/access/tokens.js";
import type { Db } from "../../server/src/data/db.js";
import { buildApp, type AppOptions } from "../../server/src/http/app.js";
import { openTestDb } from "./db.js";

export interface TestApp {
  /** The app; its `inject` acts as a system administrator (with an API token) unless told otherwise. */
  app: FastifyInstance;
  /** The app's own `inject`: no credentials unless the request brings them. */
  anonymous: FastifyInstance["inject"];
  adminToken: string;
  db: Db;
  close(): Promise<void>;
}

/** The real server on a fresh database, driven through Fastify's in-process `inject`. */
export async function openTestApp(options: Omit<AppOptions, "db"> = {}): Promise<TestApp> {
  const t = await openTestDb();
  const app = await buildApp({ logLevel: "silent", ...options, db: t.db });
  await app.ready();
  const { token: adminToken } = await createToken(t.db, { name: "tests", role: "admin", organisation: null, days: 1 }, "tests");
  const anonymous = app.inject.bind(app);
  const asAdmin = (opts: string | InjectOptions) => {
    const o: InjectOptions = typeof opts === "string" ? { url: opts } : opts;
    return anonymous({ ...o, headers: { authorization: `Bearer ${adminToken}`, ...o.headers } });
  };
  app.inject = asAdmin as FastifyInstance["inject"];
  return {
    app,
    anonymous: anonymous as FastifyInstance["inject"],
    adminToken,
    db: t.db,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Id of a seeded key result by code (Helse Sør-Øst's technology strategy unless told). */
export async function keyResultId(db: Db, code: string, strategy = "hso-teknologi-2023"): Promise<string> {
  const [row] = await db.query<{ id: string }>("SELECT id FROM key_results WHERE strategy_id = $1 AND code = $2", [strategy, code]);
  if (!row) throw new Error(`no key result ${code}`);
  return row.id;
}

/**
 * Changes a key result through the API as an editor would: reads it (and its ETag), applies
 * `change` to its content, and PUTs the new version.
 */
export async function reviseKeyResult(
  t: TestApp,
  code: string,
  change: Record<string, unknown>,
  reason: string,
  effectiveFrom: string,
): Promise<{ statusCode: number; body: string }> {
  const id = await keyResultId(t.db, code);
  const cur = await t.app.inject(`/api/v1/key-results/${id}`);
  const body = cur.json() as Record<string, unknown>;
  const fields = ["title", "definition", "unit", "direction", "aggregation", "frequency", "dimensions", "targets", "tolerance"];
  const content = { ...Object.fromEntries(fields.map((k) => [k, body[k]])), ...change };
  return t.app.inject({
    method: "PUT",
    url: `/api/v1/key-results/${id}`,
    headers: { "if-match": cur.headers.etag as string },
    payload: { content, reason, effectiveFrom },
  });
}
