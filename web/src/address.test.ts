import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AddressError, dateParam, idsParam, isDate, periodParam, withoutParam } from "./address.js";

/** The AddressError a call throws, or undefined. */
function thrown(f: () => unknown): AddressError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof AddressError) return e;
    throw e;
  }
}

describe("values in the address", () => {
  it("reads periods in the API's form, and names one that is not a period", () => {
    expect(periodParam("period", "2026-Q3")).toBe("2026-Q3");
    expect(periodParam("period", "2026-k3")).toBe("2026-Q3");
    expect(periodParam("period", "2026")).toBe("2026");
    expect(periodParam("from", "2025-03")).toBe("2025-03");
    for (const bad of ["2026-Q9", "2026-Q", "x", "", "2026-13", "2026-T4", "1066", "2026-Q3;drop"]) {
      expect(thrown(() => periodParam("period", bad)), bad).toMatchObject({ problem: "period", param: "period", value: bad });
    }
    expect(thrown(() => periodParam("to", "20x6"))).toMatchObject({ param: "to" });
  });

  it("reads calendar days that exist", () => {
    expect(dateParam("asOf", "2024-02-29")).toBe("2024-02-29");
    for (const bad of ["2025-02-29", "2026-13-45", "banana", "2026-1-1", "2026-01-01T00:00"]) {
      expect(isDate(bad), bad).toBe(false);
      expect(thrown(() => dateParam("asOf", bad))).toMatchObject({ problem: "date", param: "asOf", value: bad });
    }
  });

  it("reads lists of ids without repeats, and names the first that is not an id", () => {
    const a = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const b = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    expect(idsParam("ids", `${a},${b},${a},`)).toEqual([a, b]);
    expect(idsParam("ids", "")).toEqual([]);
    expect(thrown(() => idsParam("ids", `${a},nope,zz`))).toMatchObject({ problem: "id", param: "ids", value: "nope" });
  });

  it("leaves out one parameter and keeps the others", () => {
    expect(withoutParam("/hso/s", "period=2026-Q9&org=ahus", "period")).toBe("/hso/s?org=ahus");
    expect(withoutParam("/hso/s", "period=2026-Q9", "period")).toBe("/hso/s");
  });

  it("never throws anything but an AddressError, whatever the address holds", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const read of [() => periodParam("period", text), () => dateParam("asOf", text), () => idsParam("ids", text)]) {
          const e = thrown(read);
          if (e) expect(e.value.length).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  });
});
