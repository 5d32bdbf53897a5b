import { describe, expect, it } from "vitest";
import { looksLikeEmail, PASSWORD_MIN, passwordFault } from "./credentials.js";

describe("passwordFault", () => {
  it("asks for the length the server asks for, and not the e-mail address", () => {
    expect(passwordFault("x".repeat(PASSWORD_MIN - 1), "a@b.no")).toBe("short");
    expect(passwordFault("x".repeat(PASSWORD_MIN), "a@b.no")).toBeUndefined();
    expect(passwordFault(" Ola.Nordmann@Example.no ", "ola.nordmann@example.no")).toBe("isEmail");
  });
});

describe("looksLikeEmail", () => {
  it("takes an address with a domain, and nothing else", () => {
    expect(looksLikeEmail(" ola@example.no ")).toBe(true);
    for (const bad of ["", "ola", "ola@", "ola@example", "ola nordmann@example.no"]) expect(looksLikeEmail(bad)).toBe(false);
  });
});
