import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidView, REPEAT_DEPTH, compileView } from "./compile.js";
import { lit } from "./fhirpath-sql.js";
import { runView } from "./run.js";

const source = (type: string) => `SELECT resource FROM resources WHERE json_extract_string(resource, '$.resourceType') = ${lit(type)}`;
const view = (select: unknown[], extra: Record<string, unknown> = {}) => ({ resourceType: "ViewDefinition", resource: "Patient", select, ...extra });
const columns = (...cols: object[]) => [{ column: cols }];

function invalid(v: unknown): InvalidView {
  try {
    compileView(v, source);
  } catch (e) {
    if (e instanceof InvalidView) return e;
    throw e;
  }
  throw new Error("compiled");
}

describe("validation before any SQL runs", () => {
  it.each<[string, unknown, RegExp]>([
    ["not an object", [], /^view: must be a ViewDefinition object$/],
    ["no resource", { select: [] }, /^resource: is required$/],
    ["no select", { resource: "Patient" }, /^select: a view needs at least one select$/],
    ["forEach not a string", view([{ forEach: 1 }]), /^select\[0\]\.forEach: must be a non-empty string$/],
    ["two iterations", view([{ forEach: "name", repeat: ["item"], column: [{ name: "a", path: "id" }] }]), /^select\[0\]: at most one of forEach/],
    ["bad column name", view(columns({ name: "_x", path: "id" })), /^select\[0\]\.column\[0\]\.name: '_x' is not a valid column name/],
    ["duplicate column", view([{ column: [{ name: "a", path: "id" }] }, { select: [{ column: [{ name: "a", path: "id" }] }] }]), /^select\[1\]\.select\[0\]\.column\[0\]\.name: column 'a' is already defined$/],
    [
      "union branches differ",
      view([{ unionAll: [{ column: [{ name: "a", path: "id" }] }, { column: [{ name: "b", path: "id" }] }] }]),
      /^select\[0\]\.unionAll\[1\]\.column\[0\]\.name: unionAll branches must have the same columns in the same order; expected 'a' here$/,
    ],
    [
      "union branch short",
      view([{ unionAll: [{ column: [{ name: "a", path: "id" }, { name: "b", path: "id" }] }, { column: [{ name: "a", path: "id" }] }] }]),
      /^select\[0\]\.unionAll\[1\]: .*missing 'b'$/,
    ],
    ["syntax", view(columns({ name: "a", path: "name.(" })), /^select\[0\]\.column\[0\]\.path: expected a name after '\.' but found '\(' at position 5$/],
    ["unknown function", view(columns({ name: "a", path: "name.foo()" })), /^select\[0\]\.column\[0\]\.path: unknown function 'foo' at position 5$/],
    ["unknown constant", view(columns({ name: "a", path: "name.where(use = %nope)" })), /^select\[0\]\.column\[0\]\.path: unknown constant %nope at position 17$/],
    ["unknown type", view(columns({ name: "a", path: "value.ofType(Invalid)" })), /invalid type 'Invalid'/],
    ["type not a name", view(columns({ name: "a", path: "value.ofType(42)" })), /ofType\(\): invalid type/],
    ["constant without value", view(columns({ name: "a", path: "id" }), { constant: [{ name: "c" }] }), /^constant\[0\]: a constant needs a value\[x\]$/],
    ["constant of wrong type", view(columns({ name: "a", path: "id" }), { constant: [{ name: "c", valueBoolean: "yes" }] }), /^constant\[0\]\.valueBoolean: not a valid Boolean$/],
    ["where never boolean", view(columns({ name: "a", path: "id" }), { where: [{ path: "name.first().family.join(',')" }] }), /^where\[0\]\.path: the expression yields string, not boolean$/],
    ["bad arity", view(columns({ name: "a", path: "name.first(1)" })), /first\(\) takes 0 arguments/],
    ["reference to a non-resource", view(columns({ name: "a", path: "link.other.getReferenceKey(Foo)" })), /'Foo' is not a resource type/],
    ["unsafe SQL type tag", view(columns({ name: "a", path: "id", tag: [{ name: "ansi/type", value: "INT); DROP TABLE x; --" }] })), /is not a SQL type/],
  ])("%s", (_, v, message) => {
    expect(invalid(v).message).toMatch(message);
  });
});

describe("SQL shape (what keeps views fast)", () => {
  const obs = {
    resource: "Observation",
    where: [{ path: "status = 'final'" }],
    select: [
      {
        column: [
          { name: "id", path: "getResourceKey()" },
          { name: "patient", path: "subject.getReferenceKey(Patient)" },
          { name: "value", path: "value.ofType(Quantity).value", type: "decimal" },
        ],
      },
      { forEach: "component", column: [{ name: "code", path: "code.coding.code.first()" }, { name: "v", path: "value.ofType(Quantity).value" }] },
    ],
  };

  it("parses each resource once for all the chains its columns and filter read", () => {
    const { sql } = compileView(obs, source);
    expect(sql.match(/json_extract\(resource, \[/g)).toHaveLength(1);
    expect(sql).not.toMatch(/json_extract\(__r\b/);
    for (const path of ['"id"', '"subject"."reference"', '"status"', '"valueQuantity"."value"', '"resourceType"']) expect(sql).toContain(`'$.${path}'`);
  });

  it("filters without a WHERE, which DuckDB would push into the scan with a second parse", () => {
    const { sql } = compileView(obs, source);
    expect(sql.replace(source("Observation"), "")).not.toMatch(/\bWHERE\b/);
    expect(sql).toMatch(/unnest\(CASE WHEN __p\d+ = '"Observation"' AND .* THEN \[true\] ELSE \[\] END\) AS __keep/);
  });

  it("parses each forEach item once for the chains its columns read", () => {
    const { sql } = compileView(obs, source);
    expect(sql.match(/'p': json_extract\(x\d+, \[/g)).toHaveLength(1);
  });

  it("takes a chain fetched whole as the column's value without further JSON work", () => {
    const { sql } = compileView(view(columns({ name: "ref", path: "managingOrganization.reference", type: "string" })), source);
    expect(sql).toMatch(/CASE WHEN \(__p(\d+) IS NOT NULL AND __p\1 <> 'null' AND NOT starts_with\(__p\1, '\['\)\) THEN \(CASE WHEN starts_with\(__p\1, '"'\)/);
  });

  it("reads an array that a where() filters in one parse, as structs of the members it needs", () => {
    const { sql } = compileView(view(columns({ name: "mrn", path: "identifier.where(system = 'urn:mrn').value.first()" })), source);
    expect(sql).toContain(`json_transform(CASE WHEN starts_with(__p`);
    expect(sql).toContain(`'[{"system":"JSON","value":"JSON"}]'`);
  });

  it("reads a bare choice element's typed variants only where the plain member is missing", () => {
    const { sql } = compileView(obs, source);
    expect(sql).toMatch(/CASE WHEN len\(x\d+\) > 0 THEN x\d+ ELSE .*valueQuantity/);
  });

  it("selects columns in the spec's order and reports their types", () => {
    const compiled = compileView(
      view([
        { column: [{ name: "a", path: "'A'" }], select: [{ forEach: "name", column: [{ name: "b", path: "family", type: "string" }] }], unionAll: [{ column: [{ name: "c", path: "1" }] }, { column: [{ name: "c", path: "2" }] }] },
        { column: [{ name: "d", path: "active.exists()" }, { name: "e", path: "name", collection: true }, { name: "f", path: "id", type: "http://hl7.org/fhir/StructureDefinition/id" }] },
      ]),
      source,
    );
    expect(compiled.columns).toEqual([
      { name: "a", type: "string", collection: false },
      { name: "b", type: "string", collection: false },
      { name: "c", type: "integer", collection: false },
      { name: "d", type: "boolean", collection: false },
      { name: "e", collection: true },
      { name: "f", type: "id", collection: false },
    ]);
  });
});

describe("running views", () => {
  let conn: DuckDBConnection;
  beforeAll(async () => {
    conn = await (await DuckDBInstance.create(":memory:")).connect();
    const deep = (n: number): object => (n === 0 ? { linkId: "leaf" } : { linkId: `l${n}`, item: [deep(n - 1)] });
    const resources = [
      { resourceType: "Patient", id: "p1", active: true, birthDate: "1970-06-15", name: [{ family: "A", given: ["x", "y"] }, { family: "B" }], multipleBirthInteger: 2 },
      { resourceType: "Patient", id: "p2", name: [{ family: "C" }] },
      { resourceType: "Observation", id: "o1", subject: { reference: "Patient/p1" }, valueQuantity: { value: 1.50 } },
      { resourceType: "QuestionnaireResponse", id: "q1", item: [deep(REPEAT_DEPTH + 1)] },
    ];
    await conn.run(`CREATE TABLE resources AS SELECT unnest(json_extract(${lit(JSON.stringify(resources))}, '$[*]')) AS resource`);
  });
  const run = (v: unknown, from: (t: string) => string = source) => runView(conn, compileView(v, from));

  it("returns columns in view order with JSON types kept", async () => {
    const rows = await run(
      view(columns({ name: "id", path: "id" }, { name: "active", path: "active" }, { name: "n", path: "multipleBirth.ofType(integer)" }, { name: "name", path: "name.first()" }, { name: "born", path: "birthDate", tag: [{ name: "ansi/type", value: "DATE" }] })),
    );
    expect(rows).toEqual([
      { id: "p1", active: true, n: 2, name: { family: "A", given: ["x", "y"] }, born: "1970-06-15" },
      { id: "p2", active: null, n: null, name: { family: "C" }, born: null },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(["id", "active", "n", "name", "born"]);
  });

  it("keeps a decimal's value and a reference's key", async () => {
    const rows = await run({ resource: "Observation", select: [{ column: [{ name: "v", path: "value.ofType(Quantity).value", type: "decimal" }, { name: "p", path: "subject.getReferenceKey(Patient)" }] }] });
    expect(rows).toEqual([{ v: 1.5, p: "p1" }]);
  });

  it("ignores resources of another type whatever the source yields", async () => {
    const rows = await run(view(columns({ name: "id", path: "id" })), () => "SELECT resource FROM resources");
    expect(rows.map((r) => r.id)).toEqual(["p1", "p2"]);
  });

  it("fails at run time, naming the column, when a single-valued column meets several values", async () => {
    await expect(run(view(columns({ name: "family", path: "name.family" })))).rejects.toThrow(/select\[0\]\.column\[0\] 'family': the path yields more than one value \(set collection to true\)/);
  });

  it("fails at run time when a where meets a value that is not boolean", async () => {
    await expect(run(view(columns({ name: "id", path: "id" }), { where: [{ path: "name.family.first()" }] }))).rejects.toThrow(/where\[0\]\.path: not a boolean/);
  });

  it(`stops rather than drops rows when a repeat goes deeper than ${REPEAT_DEPTH} levels`, async () => {
    const v = { resource: "QuestionnaireResponse", select: [{ repeat: ["item"], column: [{ name: "linkId", path: "linkId" }] }] };
    await expect(run(v)).rejects.toThrow(`select[0].repeat: nesting deeper than ${REPEAT_DEPTH} levels`);
  });
});
