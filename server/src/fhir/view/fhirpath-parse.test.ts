import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FhirPathSyntaxError, type Node, parseFhirPath } from "./fhirpath-parse.js";

/** A compact rendering of the tree, to state expectations briefly. */
function show(n: Node): string {
  switch (n.kind) {
    case "empty":
      return "{}";
    case "literal":
      return n.type === "string" ? JSON.stringify(n.value) : n.type === "quantity" ? `${n.value}'${n.unit}'` : `${n.type}:${n.value}`;
    case "member":
      return n.target ? `${show(n.target)}.${n.name}` : n.name;
    case "call":
      return `${n.target ? `${show(n.target)}.` : ""}${n.name}(${n.args.map(show).join(", ")})`;
    case "index":
      return `${show(n.target)}[${show(n.index)}]`;
    case "unary":
      return `(${n.op}${show(n.operand)})`;
    case "binary":
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    case "typeop":
      return `(${show(n.operand)} ${n.op} ${n.type})`;
    case "variable":
      return `%${n.name}`;
    case "this":
      return "$this";
    case "indexVar":
      return "$index";
    case "total":
      return "$total";
  }
}

const parse = (s: string) => show(parseFhirPath(s));

function syntaxError(src: string): FhirPathSyntaxError {
  try {
    parseFhirPath(src);
  } catch (e) {
    if (e instanceof FhirPathSyntaxError) return e;
    throw e;
  }
  throw new Error(`'${src}' parsed`);
}

describe("FHIRPath parser", () => {
  it("parses paths, functions and indexers", () => {
    expect(parse("name.given")).toBe("name.given");
    expect(parse("name[0].family")).toBe("name[integer:0].family");
    expect(parse("code.coding.where(system = 'http://loinc.org').code.first()")).toBe('code.coding.where((system = "http://loinc.org")).code.first()');
    expect(parse("extension('u').value.ofType(Coding)")).toBe('extension("u").value.ofType(Coding)');
    expect(parse("`given name`.first()")).toBe("given name.first()");
    expect(parse("name.where($this.use = %use and $index > 0)")).toBe("name.where((($this.use = %use) and ($index > integer:0)))");
    expect(parse("join()")).toBe("join()");
  });

  it("follows FHIRPath's operator precedence", () => {
    expect(parse("a or b and c")).toBe("(a or (b and c))");
    expect(parse("a implies b or c xor d")).toBe("(a implies ((b or c) xor d))");
    expect(parse("a = b + c * d")).toBe("(a = (b + (c * d)))");
    expect(parse("a | b = c")).toBe("((a | b) = c)");
    expect(parse("a < b = true")).toBe("((a < b) = boolean:true)");
    expect(parse("-a.b + 1")).toBe("((-a.b) + integer:1)");
    expect(parse("a - b - c")).toBe("((a - b) - c)");
    expect(parse("value is Quantity and value as FHIR.Quantity")).toBe("((value is Quantity) and (value as FHIR.Quantity))");
    expect(parse("'a' in b contains c")).toBe('(("a" in b) contains c)');
    expect(parse("(a or b).not()")).toBe("(a or b).not()");
    expect(parse("7 div 2 mod 3")).toBe("((integer:7 div integer:2) mod integer:3)");
  });

  it("reads literals of every kind", () => {
    expect(parse("'it\\'s \\u00e5 \\n'")).toBe(JSON.stringify("it's å \n"));
    expect(parse("1.50")).toBe("decimal:1.50");
    expect(parse("42L")).toBe("long:42");
    expect(parse("4 'mg'")).toBe("4'mg'");
    expect(parse("2 days")).toBe("2'days'");
    expect(parse("@2020-01")).toBe("date:2020-01");
    expect(parse("@2020-01-02T10:30:00.123+01:00")).toBe("dateTime:2020-01-02T10:30:00.123+01:00");
    expect(parse("@2020T")).toBe("dateTime:2020T");
    expect(parse("@T12:34")).toBe("time:12:34");
    expect(parse("{}")).toBe("{}");
    expect(parse("%`vs-name`")).toBe("%vs-name");
    expect(parse("a // comment\n + /* block */ b")).toBe("(a + b)");
  });

  it("says what is wrong and where", () => {
    expect(syntaxError("name.(")).toMatchObject({ position: 5, message: "expected a name after '.' but found '(' at position 5" });
    expect(syntaxError("'abc")).toMatchObject({ position: 0, reason: "unterminated string" });
    expect(syntaxError("a +")).toMatchObject({ position: 3, reason: "unexpected end of expression" });
    expect(syntaxError("@@")).toMatchObject({ position: 0 });
    expect(syntaxError("a b")).toMatchObject({ position: 2, reason: "unexpected 'b'" });
    expect(syntaxError("f(a,")).toMatchObject({ position: 4 });
    expect(syntaxError("a[1")).toMatchObject({ position: 3, reason: "expected ']' but found end of expression" });
    expect(syntaxError("'\\x'")).toMatchObject({ reason: "invalid escape '\\x'" });
    expect(syntaxError("$foo")).toMatchObject({ position: 0 });
  });

  it("reads back any string literal it is given, escaped", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const escaped = s.replace(/[\\']/g, (c) => `\\${c}`);
        const node = parseFhirPath(`'${escaped}'`);
        expect(node).toMatchObject({ kind: "literal", type: "string", value: s });
      }),
    );
  });

  it("parses any chain of member names into nested members", () => {
    const name = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,8}$/).filter((n) => !["and", "or", "xor", "implies", "is", "as", "in", "contains", "div", "mod", "true", "false"].includes(n));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), (names) => {
        expect(parse(names.join("."))).toBe(names.join("."));
      }),
    );
  });
});
