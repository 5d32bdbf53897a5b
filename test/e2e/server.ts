import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { build } from "vite";
import { hashPassword } from "../../server/src/access/passwords.js";
import { createSession } from "../../server/src/access/sessions.js";
import { createUser, grantRole } from "../../server/src/access/users.js";
import type { Db } from "../../server/src/data/db.js";
import { buildApp, DEFAULT_ACCESS } from "../../server/src/http/app.js";
import { seedDemo } from "../../server/src/seed/demo.js";
import { openTestDb } from "../support/db.js";
import { PEOPLE, type Person } from "./people.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** A signed-in session per test person: the cookie's value. */
    sessions: Record<Person, string>;
  }
}

const WEB_ROOT = fileURLToPath(new URL("../../web", import.meta.url));
const WEB_DIST = fileURLToPath(new URL("../../node_modules/.cache/veivalg/web-e2e", import.meta.url));

/**
 * The real product for the browser tests: the web app built from the current sources, served by the
 * real server on a fresh database (the PostgreSQL server when the run has one) with the seeded
 * strategies and the demo measurements.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ root: WEB_ROOT, logLevel: "warn", build: { outDir: WEB_DIST, emptyOutDir: true, sourcemap: false } });
  if (process.env.TEST_DATABASE_URL) process.env.VEIVALG_TEST_DB = "postgres";
  else await (await import("../support/pglite-template.js")).default();
  const t = await openTestDb();
  const fhirDir = mkdtempSync(join(tmpdir(), "veivalg-e2e-fhir-"));
  await seedDemo(t.db, { fhirDir });
  const sessions = await makePeople(t.db);
  const app = await buildApp({ db: t.db, logLevel: "warn", webDir: WEB_DIST, fhirDir });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  project.provide("baseUrl", address);
  project.provide("sessions", sessions);
  return async () => {
    await app.close();
    await t.close();
    rmSync(fhirDir, { recursive: true, force: true });
  };
}

/**
 * The test people with their roles and passwords, each with a session already open, so most tests
 * start signed in without going through the sign-in form (which is rate-limited per address).
 */
async function makePeople(db: Db): Promise<Record<Person, string>> {
  const sessions = {} as Record<Person, string>;
  for (const [key, p] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    const passwordHash = await hashPassword(p.password);
    sessions[key] = await db.transaction(async (tx) => {
      const user = await createUser(tx, { email: p.email, name: p.name, passwordHash, mustChangePassword: false });
      for (const g of p.grants) await grantRole(tx, user.id, g, "e2e-setup");
      return (await createSession(tx, user.id, DEFAULT_ACCESS.sessions)).token;
    });
  }
  return sessions;
}
