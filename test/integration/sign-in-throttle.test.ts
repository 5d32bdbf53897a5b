import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/src/access/passwords.js";
import { SIGN_IN_THROTTLE } from "../../server/src/access/sign-in-throttle.js";
import { createUser } from "../../server/src/access/users.js";
import { openTestApp, type TestApp } from "../support/app.js";

/**
 * Sign-in throttling per account and address, and the gentler account-wide limit
 * (access/sign-in-throttle.ts). Time moves by moving the stored timestamps back: no test waits.
 */
let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const PASSWORD = "correct horse battery staple";
const { address: perAddress, account: perAccount } = SIGN_IN_THROTTLE;

let people = 0;
async function person(): Promise<{ id: string; email: string }> {
  const email = `throttled${++people}@example.no`;
  const user = await createUser(t.db, { email, name: `Person ${people}`, passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
  return { id: user.id, email };
}

// Each test uses addresses of its own: the in-memory limit of ten requests a minute per address must not answer instead.
let addresses = 0;
const newAddress = () => `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}`;

const signIn = (email: string, password: string, remoteAddress: string) =>
  t.anonymous({ method: "POST", url: "/api/v1/session", payload: { email, password }, remoteAddress });

const wrong = "not the password at all";

/** Moves the throttle's clock for `account` forward by `seconds`: what was stored happened that much earlier. */
const later = (account: string, seconds: number) =>
  t.db.query(
    `UPDATE sign_in_throttle SET last_failure_at = last_failure_at - make_interval(secs => $2),
       last_success_at = last_success_at - make_interval(secs => $2), forget_at = forget_at - make_interval(secs => $2) WHERE account = $1`,
    [account, seconds],
  );

/** The last failures happened just now (so a slow machine does not let a one-second wait pass between two requests). */
const justNow = (account: string) => t.db.query("UPDATE sign_in_throttle SET last_failure_at = now() WHERE account = $1 AND last_failure_at IS NOT NULL", [account]);

/** Failures just now from `n` other addresses, each with as many as count towards the account-wide limit, as a spread-out attack leaves them. */
let attacks = 0;
const failuresFromElsewhere = (account: string, n: number) =>
  t.db.query(
    `INSERT INTO sign_in_throttle (account, address, failures, last_failure_at, forget_at)
     SELECT $1, 'attack-' || $4 || '-' || i, $3, now(), now() + interval '1 day' FROM generate_series(1, $2::int) i`,
    [account, n, perAddress.free, ++attacks],
  );

const failures = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.sign_in_throttled'"))[0]!.n;

describe("sign-in throttling per account and address", () => {
  it("answers repeated wrong passwords from one address with 429 and Retry-After, waits that double, and at most 15 minutes", async () => {
    const me = await person();
    const from = newAddress();
    for (let i = 0; i < perAddress.free; i++) expect((await signIn(me.email, wrong, from)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await justNow(me.email);
      const held = await signIn(me.email, wrong, from);
      expect(held.statusCode).toBe(429);
      expect(held.json()).toEqual({ code: "sign_in_throttled", message: expect.stringMatching(/try again in \d+ seconds?/), details: [] });
      waits.push(Number(held.headers["retry-after"]));
      // The wait passes; the next wrong password is checked, and counted.
      await later(me.email, waits.at(-1)!);
      expect((await signIn(me.email, wrong, from)).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    // After a long run of failures the wait stops growing at 15 minutes.
    await t.db.query("UPDATE sign_in_throttle SET failures = 40 WHERE account = $1", [me.email]);
    const capped = await signIn(me.email, wrong, from);
    expect(capped.statusCode).toBe(429);
    expect(Number(capped.headers["retry-after"])).toBe(15 * 60);
    expect(perAddress.maxDelaySeconds).toBe(15 * 60);
  });

  it("holds back the right password too while the address waits, and a success from it starts its count again", async () => {
    const me = await person();
    const from = newAddress();
    for (let i = 0; i < perAddress.free; i++) await signIn(me.email, wrong, from);
    await justNow(me.email);
    // Held back before the password is checked: the right one gets the same 429.
    const held = await signIn(me.email, PASSWORD, from);
    expect(held.statusCode).toBe(429);
    expect(held.headers["set-cookie"]).toBeUndefined();
    await later(me.email, 1);
    expect((await signIn(me.email, PASSWORD, from)).statusCode).toBe(200);
    expect(await t.db.query("SELECT failures FROM sign_in_throttle WHERE account = $1 AND address = $2", [me.email, from])).toEqual([{ failures: 0 }]);
    // The count starts again: the free attempts are free again.
    for (let i = 0; i < perAddress.free; i++) expect((await signIn(me.email, wrong, from)).statusCode).toBe(401);
    await justNow(me.email);
    expect((await signIn(me.email, wrong, from)).statusCode).toBe(429);
  });

  it("does not stop the right password from another address, however many wrong ones came from one", async () => {
    const me = await person();
    const attacker = newAddress();
    for (let i = 0; i < perAddress.free; i++) await signIn(me.email, wrong, attacker);
    await justNow(me.email);
    expect((await signIn(me.email, wrong, attacker)).statusCode).toBe(429);
    // A day's worth of guessing from that address.
    await t.db.query("UPDATE sign_in_throttle SET failures = 500 WHERE account = $1 AND address = $2", [me.email, attacker]);
    expect((await signIn(me.email, wrong, attacker)).statusCode).toBe(429);
    const owner = newAddress();
    expect((await signIn(me.email, wrong, owner)).statusCode).toBe(401);
    const res = await signIn(me.email, PASSWORD, owner);
    expect(res.statusCode).toBe(200);
    expect(res.cookies.some((c) => c.name === "veivalg_session")).toBe(true);
    // The attacker's address still waits.
    expect((await signIn(me.email, PASSWORD, attacker)).statusCode).toBe(429);
  });

  it("throttles an unknown e-mail address alike, so the answer tells nobody which accounts exist", async () => {
    const me = await person();
    const from = newAddress();
    const answers = [];
    for (const email of [me.email, "nobody-here@example.no"]) {
      for (let i = 0; i < perAddress.free; i++) expect((await signIn(email, wrong, from)).statusCode).toBe(401);
      await justNow(email);
      answers.push(await signIn(email, wrong, from));
    }
    expect(answers.map((a) => [a.statusCode, a.headers["retry-after"], a.json()])).toEqual([
      [429, "1", { code: "sign_in_throttled", message: "too many failed sign-ins for this account from here; try again in 1 second", details: [] }],
      [429, "1", { code: "sign_in_throttled", message: "too many failed sign-ins for this account from here; try again in 1 second", details: [] }],
    ]);
  });

  it("counts each attempt sent at once: only the free ones are checked", async () => {
    const me = await person();
    const from = newAddress();
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn(me.email, wrong, from)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });
});

describe("the account-wide limit", () => {
  it("slows guessing spread over many addresses, at most a minute, and audits when it starts", async () => {
    const me = await person();
    const before = await failures();
    // Failures from enough addresses to come within one of the limit.
    await failuresFromElsewhere(me.email, Math.floor((perAccount.free - 1) / perAddress.free));
    const from = newAddress();
    const toGo = perAccount.free - Math.floor((perAccount.free - 1) / perAddress.free) * perAddress.free;
    for (let i = 0; i < toGo; i++) expect((await signIn(me.email, wrong, from)).statusCode).toBe(401);
    expect(await failures()).toBe(before + 1);
    const [entry] = await t.db.query<{ objectId: string; actorKind: string }>(
      `SELECT object_id AS "objectId", actor_kind AS "actorKind" FROM audit_log WHERE action = 'user.sign_in_throttled' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry).toEqual({ objectId: me.id, actorKind: "anonymous" });
    // Now an address the account has not signed in from waits after every failure, wherever it came from…
    await justNow(me.email);
    const fresh = newAddress();
    const held = await signIn(me.email, PASSWORD, fresh);
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers["retry-after"])).toBe(perAccount.firstDelaySeconds);
    // …a wait that grows with more addresses failing, and stops at a minute.
    await failuresFromElsewhere(me.email, 60);
    const capped = await signIn(me.email, PASSWORD, fresh);
    expect(capped.statusCode).toBe(429);
    expect(Number(capped.headers["retry-after"])).toBe(perAccount.maxDelaySeconds);
    // The wait passes: the owner gets in from the new address, and the limit does not stay.
    await later(me.email, perAccount.maxDelaySeconds);
    expect((await signIn(me.email, PASSWORD, fresh)).statusCode).toBe(200);
  });

  it("does not hold back an address the owner signed in from, whatever happens elsewhere", async () => {
    const me = await person();
    const home = newAddress();
    expect((await signIn(me.email, PASSWORD, home)).statusCode).toBe(200);
    await failuresFromElsewhere(me.email, 200);
    expect((await signIn(me.email, PASSWORD, newAddress())).statusCode).toBe(429);
    // The owner's own address is held back only by its own failures.
    expect((await signIn(me.email, wrong, home)).statusCode).toBe(401);
    expect((await signIn(me.email, PASSWORD, home)).statusCode).toBe(200);
    // Unused for a month, the address is forgotten: the next attack holds it back like any other.
    await later(me.email, SIGN_IN_THROTTLE.knownAddressDays * 86_400 + 60);
    await failuresFromElsewhere(me.email, 200);
    expect((await signIn(me.email, PASSWORD, home)).statusCode).toBe(429);
  });
});

describe("what is kept", () => {
  it("forgets failures after a day and deletes rows that hold nothing any more", async () => {
    const me = await person();
    const from = newAddress();
    for (let i = 0; i < perAddress.free; i++) await signIn(me.email, wrong, from);
    await t.db.query("UPDATE sign_in_throttle SET failures = 40 WHERE account = $1", [me.email]);
    expect((await signIn(me.email, wrong, from)).statusCode).toBe(429);
    // A day on, the failures count no more, and the row is deleted with the next attempt at any account.
    await later(me.email, SIGN_IN_THROTTLE.forgetFailuresHours * 3600 + 1);
    await signIn("someone-else@example.no", wrong, newAddress());
    expect(await t.db.query("SELECT 1 FROM sign_in_throttle WHERE account = $1", [me.email])).toEqual([]);
    expect((await signIn(me.email, PASSWORD, from)).statusCode).toBe(200);
  });
});
