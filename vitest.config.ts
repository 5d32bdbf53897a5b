import { defineConfig } from "vitest/config";

// Three tiers, runnable alone with --project: pure unit tests beside the code, and the
// integration tests twice, once on embedded PGlite and once on a real PostgreSQL server.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["server/src/**/*.test.ts"] } },
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
    ],
  },
});
