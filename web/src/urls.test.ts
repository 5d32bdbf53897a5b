import { describe, expect, it } from "vitest";
import { safeReturnTo, urls } from "./urls.js";

describe("safeReturnTo", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeReturnTo("/hso/hso-teknologi-2023?period=2026-Q3")).toBe("/hso/hso-teknologi-2023?period=2026-Q3");
    expect(safeReturnTo("/admin/audit#top")).toBe("/admin/audit#top");
  });

  it("leads home for anything that would leave the site", () => {
    for (const bad of [null, undefined, "", "https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", "evil"]) {
      expect(safeReturnTo(bad)).toBe("/");
    }
  });
});

describe("urls.signIn", () => {
  it("carries where to return, but not the home page", () => {
    expect(urls.signIn("/account")).toBe("/signin?returnTo=%2Faccount");
    expect(urls.signIn("/")).toBe("/signin");
    expect(urls.signIn()).toBe("/signin");
  });
});
