import { defineConfig } from "vitest/config";

// Tiers, runnable alone with --project: pure unit tests beside the code (server and web), the
// integration tests twice (on embedded PGlite and on a real PostgreSQL server), and end-to-end
// tests in a real Chromium against the real server.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["server/src/**/*.test.ts", "web/src/**/*.test.ts", "scripts/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["test/integration/**/*.test.ts"],
          env: { VEIVALG_TEST_DB: "pglite" },
          globalSetup: ["test/support/pglite-template.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["test/integration/**/*.test.ts"],
          env: { VEIVALG_TEST_DB: "postgres" },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/server.ts"],
          // After the other tiers, one browser at a time: the machine has two cores and Chromium wants both.
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
    ],
  },
});
