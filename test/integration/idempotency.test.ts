import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/src/access/tokens.js";
import type { Role } from "../../server/src/access/policy.js";
import { openTestApp, type TestApp } from "../support/app.js";

/** Stored Idempotency-Key answers belong to the caller that sent them, by identity, never by a token's name. */
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurements"))[0]!.n;

/** A token named `name` (names need not be unique) with one role. */
async function token(name: string, role: Role, organisation: string | null): Promise<string> {
  return (await createToken(t.db, { name, role, organisation, days: 1 }, "tests")).token;
}

const post = (bearer: string, key: string, items: unknown[]) =>
  t.anonymous({ method: "POST", url: "/api/v1/measurements", headers: { authorization: `Bearer ${bearer}`, "idempotency-key": key }, payload: { items } });

describe("Idempotency-Key per caller", () => {
  it("does not replay an administrator token's answer to a reader token of the same name", async () => {
    const admin = await token("datavarehus", "admin", null);
    const reader = await token("datavarehus", "reader", "ahus");
    const items = [{ keyResult: "2.4", organisation: "ahus", period: "2025-05", value: 11 }];
    const first = await post(admin, "nightly-2025-05", items);
    expect(first.statusCode).toBe(201);
    // The administrator's retry is replayed…
    const retry = await post(admin, "nightly-2025-05", items);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json()).toEqual(first.json());
    // …but the reader's request with the same key and body is the reader's own: refused, as a reader may not report.
    const before = await count();
    const theirs = await post(reader, "nightly-2025-05", items);
    expect(theirs.statusCode).toBe(403);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(theirs.body).not.toContain(String((first.json() as { batchId: unknown }).batchId));
    expect(await count()).toBe(before);
  });

  it("processes another caller's request with the same key as its own, and keeps each caller's answer apart", async () => {
    const one = await token("ahus-push", "reporter", "ahus");
    const other = await token("ahus-push", "reporter", "ahus");
    const before = await count();
    const a = await post(one, "push-1", [{ keyResult: "2.4", organisation: "ahus", period: "2025-06", value: 1 }]);
    // The same key with another body: not a reuse of the first caller's key, but a request of its own.
    const b = await post(other, "push-1", [{ keyResult: "2.4", organisation: "ahus", period: "2025-06", value: 2 }]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
    expect(await count()).toBe(before + 2);
    // Each retry gets its own caller's first answer back.
    const againA = await post(one, "push-1", [{ keyResult: "2.4", organisation: "ahus", period: "2025-06", value: 1 }]);
    const againB = await post(other, "push-1", [{ keyResult: "2.4", organisation: "ahus", period: "2025-06", value: 2 }]);
    expect([againA.json(), againB.json()]).toEqual([a.json(), b.json()]);
    expect([againA.headers["idempotent-replayed"], againB.headers["idempotent-replayed"]]).toEqual(["true", "true"]);
    // And a caller reusing its own key for another body is still refused.
    const reused = await post(one, "push-1", [{ keyResult: "2.4", organisation: "ahus", period: "2025-06", value: 3 }]);
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ code: "idempotency_key_reused" });
    expect(await count()).toBe(before + 2);
  });

  it("stores answers under the caller's kind and id, not its name", async () => {
    const rows = await t.db.query<{ scope: string }>("SELECT scope FROM idempotency_keys WHERE key = 'push-1' ORDER BY scope");
    const ids = (await t.db.query<{ id: string }>("SELECT id FROM api_tokens WHERE name = 'ahus-push' ORDER BY id")).map((r) => r.id);
    expect(rows.map((r) => r.scope)).toEqual(ids.map((id) => `measurements@token/${id}`));
  });
});
