import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { build } from "vite";
import { buildApp } from "../../server/src/http/app.js";
import { seedDemo } from "../../server/src/seed/demo.js";
import { openTestDb } from "../support/db.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
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
  await seedDemo(t.db);
  const app = await buildApp({ db: t.db, logLevel: "warn", webDir: WEB_DIST });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  project.provide("baseUrl", address);
  return async () => {
    await app.close();
    await t.close();
  };
}
