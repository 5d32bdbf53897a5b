import { describe, expect, it } from "vitest";
import type { Queryable } from "../data/db.js";
import { StatusCache } from "./status.js";

/** A database that only knows each strategy's data revision: all the cache asks it. */
function revisions(current: Record<string, number>): Queryable {
  return {
    query: async <T>(_sql: string, params?: readonly unknown[]) => [{ data_revision: current[String(params?.[0])] }] as T[],
    exec: async () => undefined,
    copyIn: async () => undefined,
  } as unknown as Queryable;
}

describe("StatusCache", () => {
  it("computes a page once per revision, and again after the strategy's data changed", async () => {
    const rev = { s: 1 };
    const db = revisions(rev);
    const cache = new StatusCache();
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.get(db, "s", "status 2025", compute)).toBe('{"n":1}');
    expect(await cache.get(db, "s", "status 2025", compute)).toBe('{"n":1}');
    expect(await cache.get(db, "s", "trend 2025..2026", compute)).toBe('{"n":2}');
    rev.s = 2;
    expect(await cache.get(db, "s", "status 2025", compute)).toBe('{"n":3}');
  });

  it("forgets the least recently used pages beyond its character budget", async () => {
    const db = revisions({ s: 1 });
    const cache = new StatusCache(100, 25);
    let computed = 0;
    const page = (text: string) => async () => {
      computed++;
      return text;
    };
    await cache.get(db, "s", "a", page("aaaaaaaaaa")); // 12 characters as JSON
    await cache.get(db, "s", "b", page("bbbbbbbbbb"));
    await cache.get(db, "s", "a", page("aaaaaaaaaa")); // a is now the most recently used
    await cache.get(db, "s", "c", page("cccccccccc")); // 36 > 25: b goes
    expect(computed).toBe(3);
    await cache.get(db, "s", "a", page("aaaaaaaaaa"));
    expect(computed).toBe(3);
    await cache.get(db, "s", "b", page("bbbbbbbbbb"));
    expect(computed).toBe(4);
  });

  it("does not keep a page whose computation failed", async () => {
    const db = revisions({ s: 1 });
    const cache = new StatusCache();
    await expect(cache.get(db, "s", "x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.get(db, "s", "x", async () => "ok")).toBe('"ok"');
  });
});
