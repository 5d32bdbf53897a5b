import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { appendAudit } from "../access/audit.js";
import { checkNewPassword, hashPassword } from "../access/passwords.js";
import { systemPrincipal } from "../access/policy.js";
import { adminExists, auditedUser, createAdministrator, createSetupToken, type UserInfo } from "../access/users.js";
import type { Db } from "../data/db.js";
import { Invalid } from "../domain/errors.js";
import { email as emailSchema } from "../http/session/schema.js";

/**
 * The first line of standard input: how an operator (or a deployment script) hands a password to
 * the command without it showing in the process list or the shell's history. At a terminal it is
 * asked for, and what is typed is not shown.
 */
export async function readPassword(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const tty = input.isTTY === true;
  if (tty) process.stderr.write("Password (not shown): ");
  // At a terminal readline still edits the line (backspace), but echoes it into nothing.
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input, crlfDelay: Infinity, ...(tty ? { output: nowhere, terminal: true } : { terminal: false }) });
  lines.on("SIGINT", () => process.exit(130));
  try {
    for await (const line of lines) return line;
    return "";
  } finally {
    lines.close();
    if (tty) process.stderr.write("\n");
  }
}

/** Creates a system administrator from the shell or the environment, audited as `actor`. */
export async function createAdmin(db: Db, input: { email: string; name: string; password: string }, actor: string): Promise<UserInfo> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new Invalid(`"${input.email}" is not an e-mail address`, [{ path: "email", message: "not an e-mail address" }]);
  checkNewPassword(input.password, email.data);
  const passwordHash = await hashPassword(input.password);
  const principal = systemPrincipal(actor);
  return db.transaction(async (tx) => {
    const user = await createAdministrator(tx, { email: email.data, name: input.name, passwordHash }, principal.label);
    await appendAudit(tx, principal, { action: "user.create_admin", objectType: "user", objectId: user.id, after: { ...auditedUser(user), grants: user.grants } });
    return user;
  });
}

/**
 * First start: when no administrator exists, creates the one the environment names
 * (VEIVALG_ADMIN_EMAIL and VEIVALG_ADMIN_PASSWORD), or else a one-time setup link's secret for the
 * console. Nothing ships with a default password.
 */
export async function bootstrapAdmin(db: Db, fromEnv: { email: string; password: string } | undefined): Promise<{ created: UserInfo } | { setupToken: string } | undefined> {
  if (await adminExists(db)) return undefined;
  if (fromEnv) return { created: await createAdmin(db, { ...fromEnv, name: "Administrator" }, "VEIVALG_ADMIN_EMAIL") };
  const principal = systemPrincipal("serve");
  const setupToken = await db.transaction(async (tx) => {
    const token = await createSetupToken(tx);
    await appendAudit(tx, principal, { action: "setup.link", objectType: "setup", objectId: null, after: { expiresInHours: 24 } });
    return token;
  });
  return { setupToken };
}
