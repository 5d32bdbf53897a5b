import { describe, expect, it } from "vitest";
import { delaySeconds, heldUntil, SIGN_IN_THROTTLE, type AttemptRecord } from "./sign-in-throttle.js";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const S = 1000;
const failed = (address: string, failures: number, secondsAgo = 0): AttemptRecord => ({ address, failures, lastFailureAt: NOW - secondsAgo * S, lastSuccessAt: null });

describe("delaySeconds", () => {
  it("lets the first few go, then doubles from one second up to its cap", () => {
    const rule = SIGN_IN_THROTTLE.address;
    expect([0, 1, 2, 3, 4, 5, 6, 12, 13, 1000].map((n) => delaySeconds(n, rule))).toEqual([0, 0, 0, 1, 2, 4, 8, 512, 900, 900]);
  });
});

describe("heldUntil", () => {
  it("holds an address back after its own failures only", () => {
    const records = [failed("a", 5, 1)];
    expect(heldUntil(records, "a", NOW)).toBe(NOW + 3 * S);
    expect(heldUntil(records, "b", NOW)).toBe(NOW);
  });

  it("forgets failures a day old", () => {
    expect(heldUntil([failed("a", 40, 24 * 3600 + 1)], "a", NOW)).toBe(NOW);
  });

  it("counts at most the free failures of each address towards the account-wide limit", () => {
    const one = [failed("a", 10_000)];
    expect(heldUntil(one, "b", NOW)).toBe(NOW);
    const many = Array.from({ length: 7 }, (_, i) => failed(`x${i}`, 3, 1));
    // 21 counted: one past the limit of 20, so two seconds after the last failure.
    expect(heldUntil(many, "b", NOW)).toBe(NOW + 1 * S);
    const lots = Array.from({ length: 100 }, (_, i) => failed(`x${i}`, 3));
    expect(heldUntil(lots, "b", NOW)).toBe(NOW + 60 * S);
  });

  it("does not hold back, for others' failures, an address the account signed in from within a month", () => {
    const lots = Array.from({ length: 100 }, (_, i) => failed(`x${i}`, 3));
    const home: AttemptRecord = { address: "home", failures: 0, lastFailureAt: null, lastSuccessAt: NOW - 29 * 86_400 * S };
    expect(heldUntil([...lots, home], "home", NOW)).toBe(NOW);
    const stale: AttemptRecord = { ...home, lastSuccessAt: NOW - 31 * 86_400 * S };
    expect(heldUntil([...lots, stale], "home", NOW)).toBe(NOW + 60 * S);
  });
});
