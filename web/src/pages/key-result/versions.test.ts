import { describe, expect, it } from "vitest";
import { changedFields, stableJson, versionAt } from "./versions.js";

const v1 = { version: 1, effectiveFrom: "2023-11-22", title: "A", unit: "percent", targets: [], dimensions: [{ key: "k", label: "K", values: [] }] };
const v2 = { ...v1, version: 2, effectiveFrom: "2024-01-01", targets: [{ period: "2025", value: 33 }] };
const v3 = { ...v2, version: 3, effectiveFrom: "2026-01-01", title: "B", dimensions: [{ label: "K", values: [], key: "k" }] };

describe("version changes", () => {
  it("lists the fields that differ, ignoring key order", () => {
    expect(changedFields(v1, v2)).toEqual(["targets"]);
    expect(changedFields(v2, v3)).toEqual(["title"]);
    expect(changedFields(v1, v1)).toEqual([]);
    expect(stableJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
  });
  it("finds the version in effect on a day, else the first", () => {
    const all = [v3, v1, v2];
    expect(versionAt(all, "2025-04-01")?.version).toBe(2);
    expect(versionAt(all, "2026-01-01")?.version).toBe(3);
    expect(versionAt(all, "2020-01-01")?.version).toBe(1);
    expect(versionAt([], "2020-01-01")).toBeUndefined();
  });
});
