import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { checkNewPassword, hashPassword, verifyPassword } from "./passwords.js";

describe("passwords", () => {
  it("hashes with argon2id at OWASP's parameters, and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(parseOptions(hash)).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
  });

  it("says no without a stored hash, after the work of a real check", async () => {
    const hash = await hashPassword("correct horse battery staple");
    await verifyPassword(null, "warm-up");
    const time = async (f: () => Promise<boolean>) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) expect(await f()).toBe(false);
      return performance.now() - start;
    };
    const known = await time(() => verifyPassword(hash, "wrong"));
    const unknown = await time(() => verifyPassword(undefined, "wrong"));
    // The same argon2 work either way: well within a factor of two (a shortcut would be ~1000× faster).
    expect(unknown).toBeGreaterThan(known / 2);
  });

  it("refuses short, overlong, and e-mail passwords", () => {
    expect(() => checkNewPassword("elleve tegn", "a@b.no")).toThrow(/at least 12/);
    expect(() => checkNewPassword("x".repeat(257), "a@b.no")).toThrow(/at most 256/);
    expect(() => checkNewPassword(" Kari.Nordmann@example.no", "kari.nordmann@example.no")).toThrow(/e-mail/);
    expect(() => checkNewPassword("tolv tegn er nok", "a@b.no")).not.toThrow();
  });
});
