import { hash, verify } from "@node-rs/argon2";
import { Invalid } from "../domain/errors.js";
import { PASSWORD_MAX, PASSWORD_MIN, passwordFault, type PasswordFault } from "./password-rule.js";
import { newSecret } from "./secrets.js";

/**
 * argon2id (the library's default algorithm) with OWASP's minimum parameters: 19 MiB, two passes, one
 * lane — about 20–40 ms here, so a sign-in stays quick while a stolen hash costs an attacker as much
 * per guess. The parameters are stored in each hash, so raising them later keeps old hashes readable.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export { PASSWORD_MAX, PASSWORD_MIN } from "./password-rule.js";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// A hash of a random secret nobody knows: checking against it costs what checking a real one does.
let dummy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (an unknown e-mail, or a person who only
 * signs in through single sign-on) it checks against a dummy and says no, so the answer takes as long
 * as for a wrong password and the time does not tell which e-mail addresses have accounts.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword(newSecret());
    await verify(await dummy, password);
    return false;
  }
  return verify(stored, password);
}

const FAULT_TEXT: Record<PasswordFault, string> = {
  short: `at least ${PASSWORD_MIN} characters`,
  long: `at most ${PASSWORD_MAX} characters`,
  isEmail: "must not be the e-mail address",
};

/** Refuses a new password that breaks the rule (password-rule.ts); `path` names the field in the error. */
export function checkNewPassword(password: string, email: string, path = "password"): void {
  const fault = passwordFault(password, email);
  if (fault) throw new Invalid(`the password is too weak: ${FAULT_TEXT[fault]}`, [{ path, message: FAULT_TEXT[fault], code: "weak_password" }]);
}
