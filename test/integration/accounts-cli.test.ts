import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/src/access/passwords.js";
import { BIN, cliDatabases, type CliDatabases } from "../support/cli.js";

let dbs: CliDatabases;
beforeAll(async () => {
  dbs = await cliDatabases();
});
afterAll(() => dbs.close());
const onPglite = process.env.VEIVALG_TEST_DB !== "postgres";

/** Runs `veivalg` with `stdin` as its standard input; resolves with its exit code and output. */
function veivalgWithInput(env: NodeJS.ProcessEnv, stdin: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

const createAdmin = (env: NodeJS.ProcessEnv, email: string, stdin: string) => veivalgWithInput(env, stdin, "users", "create-admin", "--email", email, "--name", "Drift");

async function usersOf(env: NodeJS.ProcessEnv) {
  const db = await dbs.open(env);
  try {
    return await db.query<{ email: string; name: string; hash: string; role: string; actor: string; action: string }>(
      `SELECT u.email, u.name, u.password_hash AS hash, g.role, a.actor_label AS actor, a.action
         FROM users u JOIN role_grants g ON g.user_id = u.id JOIN audit_log a ON a.object_id = u.id::text ORDER BY u.email`,
    );
  } finally {
    await db.close();
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

describe("veivalg users create-admin", () => {
  it("creates an administrator with the password from standard input, audited as the shell; refuses an empty or weak one, and an e-mail taken", async () => {
    const env = await dbs.fresh();
    expect(await createAdmin(env, "ops@example.no", "")).toMatchObject({ code: 1, stderr: expect.stringContaining("too weak") });
    expect(await createAdmin(env, "ops@example.no", "short\n")).toMatchObject({ code: 1, stderr: expect.stringContaining("at least 12 characters") });
    expect(await usersOf(env)).toEqual([]);

    const r = await createAdmin(env, "Ops@Example.no", "a long enough passphrase\nthe rest is ignored\n");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created the administrator ops@example\.no/);
    const [user, ...more] = await usersOf(env);
    expect(more).toEqual([]);
    expect(user).toMatchObject({ email: "ops@example.no", name: "Drift", role: "admin", actor: "cli", action: "user.create_admin" });
    expect(await verifyPassword(user!.hash, "a long enough passphrase")).toBe(true);
    expect(await createAdmin(env, "OPS@example.no", "another long passphrase\n")).toMatchObject({ code: 1, stderr: expect.stringContaining("email_taken") });
  });

  it("`serve` prints a one-time setup link while there is no administrator; create-admin works beside a running server on PostgreSQL, and says to stop it on PGlite", async () => {
    const env = await dbs.fresh();
    const port = await freePort();
    const server = spawn(process.execPath, [BIN, "serve"], {
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", VEIVALG_DEMO: "0", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let out = "";
      server.stdout.on("data", (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 300 && !/setup\?token=\S+/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      const link = /http:\/\/localhost:(\d+)\/setup\?token=(\S+)/.exec(out);
      expect(link, out).not.toBeNull();
      expect(Number(link![1])).toBe(port);
      const api = `http://127.0.0.1:${port}/api/v1`;
      expect(await (await fetch(`${api}/session`)).json()).toMatchObject({ setupRequired: true });

      const beside = await createAdmin(env, "ops@example.no", "a long enough passphrase\n");
      const setup = () =>
        fetch(`${api}/setup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token: link![2], email: "first@example.no", name: "Første", password: "the first passphrase" }),
        });
      if (onPglite) {
        expect(beside).toMatchObject({ code: 1, stderr: expect.stringMatching(/data_folder_in_use: .*in use by another Veivalg process.*stop the server/) });
        // The link works, once.
        expect((await setup()).status).toBe(201);
        expect((await setup()).status).toBe(409);
      } else {
        expect(beside.code, beside.stderr).toBe(0);
        // There is an administrator now: the link no longer works.
        expect((await setup()).status).toBe(409);
      }
    } finally {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    // With the server stopped, PGlite's folder is free again.
    expect((await createAdmin(env, "second@example.no", "a long enough passphrase\n")).code).toBe(0);
  });
});
