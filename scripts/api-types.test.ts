import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { apiTypesSource } from "./api-types.js";

it("the web app's API types are the ones the server's OpenAPI document gives (run `npm run api-types`)", async () => {
  const committed = readFileSync(new URL("../web/src/api/schema.d.ts", import.meta.url), "utf8");
  expect(committed === (await apiTypesSource()), "web/src/api/schema.d.ts is out of date: run `npm run api-types`").toBe(true);
});
