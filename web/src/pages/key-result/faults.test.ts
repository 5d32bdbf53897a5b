import { describe, expect, it } from "vitest";
import { faultCount } from "./faults.js";

describe("faultCount", () => {
  it("reads the total from the server's message", () => {
    expect(faultCount("1234 fault(s) (the first 1000 are listed); nothing was saved", 1000)).toBe(1234);
    expect(faultCount("3 fault(s) in the file; nothing was saved", 3)).toBe(3);
  });
  it("falls back to the faults listed", () => {
    expect(faultCount("no file in the upload", 1)).toBe(1);
    expect(faultCount("2 fault(s)", 5)).toBe(5);
  });
});
