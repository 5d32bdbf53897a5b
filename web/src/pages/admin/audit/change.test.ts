import { describe, expect, it } from "vitest";
import { compact, fieldChanges } from "./change.js";

describe("fieldChanges", () => {
  it("lists only the fields that differ, by content", () => {
    expect(fieldChanges({ name: "A", disabled: false, tags: { x: 1, y: 2 }, version: 1 }, { name: "B", disabled: false, tags: { y: 2, x: 1 }, version: 2 })).toEqual([
      { key: "name", before: "A", after: "B" },
      { key: "version", before: 1, after: 2 },
    ]);
  });

  it("lists every field of a new object, and of a removed one", () => {
    expect(fieldChanges(null, { role: "reader", organisation: "hso" })).toEqual([
      { key: "role", before: undefined, after: "reader" },
      { key: "organisation", before: undefined, after: "hso" },
    ]);
    expect(fieldChanges({ id: "x" }, undefined)).toEqual([{ key: "id", before: "x", after: undefined }]);
  });

  it("gives up on values that are not objects", () => {
    expect(fieldChanges([1], [2])).toBeNull();
    expect(fieldChanges("a", { a: 1 })).toBeNull();
  });
});

describe("compact", () => {
  it("shows text as it is and other values as JSON", () => {
    expect(compact("hso")).toBe("hso");
    expect(compact({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(compact(null)).toBe("–");
    expect(compact(false)).toBe("false");
  });
});
