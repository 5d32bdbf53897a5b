/**
 * A parser for FHIRPath (https://hl7.org/fhirpath/) expressions as SQL on FHIR view definitions use
 * them. It accepts the whole grammar of FHIRPath's normative release, so that an expression outside
 * the subset the SQL compiler implements fails with "unknown function" or "not supported" rather
 * than with a confusing syntax error. Positions are 0-based character offsets into the expression.
 */

export type LiteralType = "string" | "integer" | "long" | "decimal" | "boolean" | "date" | "dateTime" | "time" | "quantity";

export type Node =
  | { kind: "empty"; pos: number }
  | { kind: "literal"; type: LiteralType; value: string; unit?: string; pos: number }
  /** An identifier on the implicit focus (`name`) or after a dot (`name.given`: target is `name`). */
  | { kind: "member"; target: Node | null; name: string; pos: number }
  | { kind: "call"; target: Node | null; name: string; args: Node[]; pos: number }
  | { kind: "index"; target: Node; index: Node; pos: number }
  | { kind: "unary"; op: "+" | "-"; operand: Node; pos: number }
  | { kind: "binary"; op: BinaryOp; left: Node; right: Node; pos: number }
  | { kind: "typeop"; op: "is" | "as"; operand: Node; type: string; pos: number }
  /** `%name`: a view constant or an environment variable such as `%rowIndex` or `%resource`. */
  | { kind: "variable"; name: string; pos: number }
  | { kind: "this"; pos: number }
  | { kind: "indexVar"; pos: number }
  | { kind: "total"; pos: number };

export type BinaryOp =
  | "*" | "/" | "div" | "mod"
  | "+" | "-" | "&"
  | "|"
  | "<" | ">" | "<=" | ">="
  | "=" | "~" | "!=" | "!~"
  | "in" | "contains"
  | "and" | "or" | "xor" | "implies";

export class FhirPathSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = "FhirPathSyntaxError";
  }
}

type Token =
  | { t: "id"; v: string; pos: number; delimited: boolean }
  | { t: "str"; v: string; pos: number }
  | { t: "num"; v: string; pos: number; long: boolean }
  | { t: "date"; v: string; pos: number; type: "date" | "dateTime" | "time" }
  | { t: "var"; v: string; pos: number }
  | { t: "special"; v: "$this" | "$index" | "$total"; pos: number }
  | { t: "op"; v: string; pos: number }
  | { t: "eof"; pos: number };

const OPERATORS = ["<=", ">=", "!=", "!~", "(", ")", "[", "]", "{", "}", ".", ",", "=", "~", "<", ">", "+", "-", "*", "/", "|", "&"];

const DATE_TIME = /^@(\d{4}(?:-\d{2}(?:-\d{2})?)?)(T(?:\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const TIME = /^@T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?/;

function unescape(body: string, pos: number): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { "'": "'", '"': '"', "`": "`", "\\": "\\", "/": "/", f: "\f", n: "\n", r: "\r", t: "\t" };
    const out = simple[e];
    if (out === undefined) throw new FhirPathSyntaxError(`invalid escape '\\${e}'`, pos);
    return out;
  });
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const quoted = (quote: string, start: number): [string, number] => {
    let j = start + 1;
    while (j < src.length && src[j] !== quote) j += src[j] === "\\" ? 2 : 1;
    if (j >= src.length) throw new FhirPathSyntaxError(`unterminated ${quote === "'" ? "string" : "identifier"}`, start);
    return [unescape(src.slice(start + 1, j), start), j + 1];
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith("//", i)) {
      const nl = src.indexOf("\n", i);
      i = nl < 0 ? src.length : nl + 1;
      continue;
    }
    if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new FhirPathSyntaxError("unterminated comment", i);
      i = end + 2;
      continue;
    }
    const pos = i;
    if (c === "'") {
      const [v, next] = quoted("'", i);
      out.push({ t: "str", v, pos });
      i = next;
    } else if (c === "`") {
      const [v, next] = quoted("`", i);
      out.push({ t: "id", v, pos, delimited: true });
      i = next;
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?(L)?/.exec(src.slice(i))!;
      out.push({ t: "num", v: m[0].replace(/L$/, ""), pos, long: m[2] !== undefined });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: "id", v: m[0], pos, delimited: false });
      i += m[0].length;
    } else if (c === "%") {
      const next = src[i + 1];
      if (next === "`" || next === "'") {
        const [v, after] = quoted(next, i + 1);
        out.push({ t: "var", v, pos });
        i = after;
      } else {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1));
        if (!m) throw new FhirPathSyntaxError("expected a name after '%'", pos);
        out.push({ t: "var", v: m[0], pos });
        i += 1 + m[0].length;
      }
    } else if (c === "$") {
      const m = /^\$(this|index|total)\b/.exec(src.slice(i));
      if (!m) throw new FhirPathSyntaxError("unknown special variable", pos);
      out.push({ t: "special", v: m[0] as "$this" | "$index" | "$total", pos });
      i += m[0].length;
    } else if (c === "@") {
      const rest = src.slice(i);
      const time = TIME.exec(rest);
      const dt = time ? null : DATE_TIME.exec(rest);
      if (time) {
        out.push({ t: "date", v: time[0].slice(2), pos, type: "time" });
        i += time[0].length;
      } else if (dt) {
        out.push({ t: "date", v: dt[0].slice(1), pos, type: dt[2] === undefined ? "date" : "dateTime" });
        i += dt[0].length;
      } else throw new FhirPathSyntaxError("invalid date/time literal", pos);
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new FhirPathSyntaxError(`unexpected character '${c}'`, pos);
      out.push({ t: "op", v: op, pos });
      i += op.length;
    }
  }
  out.push({ t: "eof", pos: src.length });
  return out;
}

/** Binding power of each infix operator, from FHIRPath's precedence table (higher binds tighter). */
const INFIX: Record<string, number> = {
  implies: 1,
  or: 2,
  xor: 2,
  and: 3,
  in: 4,
  contains: 4,
  "=": 5,
  "~": 5,
  "!=": 5,
  "!~": 5,
  "<": 6,
  ">": 6,
  "<=": 6,
  ">=": 6,
  "|": 7,
  is: 8,
  as: 8,
  "+": 9,
  "-": 9,
  "&": 9,
  "*": 10,
  "/": 10,
  div: 10,
  mod: 10,
};
const UNARY_POWER = 11;
const CALENDAR_UNITS = new Set(["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds", "millisecond", "milliseconds"]);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private expectOp(v: string): Token {
    const t = this.next();
    if (t.t !== "op" || t.v !== v) throw new FhirPathSyntaxError(`expected '${v}' but found ${describe(t)}`, t.pos);
    return t;
  }

  parseAll(): Node {
    const e = this.expression(0);
    const t = this.peek();
    if (t.t !== "eof") throw new FhirPathSyntaxError(`unexpected ${describe(t)}`, t.pos);
    return e;
  }

  private infixOp(): string | undefined {
    const t = this.peek();
    if (t.t === "op" && t.v in INFIX) return t.v;
    if (t.t === "id" && !t.delimited && t.v in INFIX) return t.v;
    return undefined;
  }

  private expression(minPower: number): Node {
    let left = this.prefix();
    for (;;) {
      const op = this.infixOp();
      if (op === undefined) return left;
      const power = INFIX[op]!;
      if (power <= minPower) return left;
      const opToken = this.next();
      if (op === "is" || op === "as") {
        left = { kind: "typeop", op, operand: left, type: this.typeSpecifier(), pos: opToken.pos };
        continue;
      }
      const right = this.expression(power);
      left = { kind: "binary", op: op as BinaryOp, left, right, pos: opToken.pos };
    }
  }

  private typeSpecifier(): string {
    const parts = [this.identifier()];
    while (this.isOp(".")) {
      this.next();
      parts.push(this.identifier());
    }
    return parts.join(".");
  }

  private identifier(): string {
    const t = this.next();
    if (t.t !== "id") throw new FhirPathSyntaxError(`expected an identifier but found ${describe(t)}`, t.pos);
    return t.v;
  }

  private prefix(): Node {
    const t = this.peek();
    if (t.t === "op" && (t.v === "+" || t.v === "-")) {
      this.next();
      const operand = this.expression(UNARY_POWER);
      return this.postfix({ kind: "unary", op: t.v, operand, pos: t.pos });
    }
    return this.postfix(this.term());
  }

  private term(): Node {
    const t = this.next();
    switch (t.t) {
      case "str":
        return { kind: "literal", type: "string", value: t.v, pos: t.pos };
      case "num": {
        const quantityUnit = this.quantityUnit();
        if (quantityUnit !== undefined) return { kind: "literal", type: "quantity", value: t.v, unit: quantityUnit, pos: t.pos };
        return { kind: "literal", type: t.long ? "long" : t.v.includes(".") ? "decimal" : "integer", value: t.v, pos: t.pos };
      }
      case "date":
        return { kind: "literal", type: t.type, value: t.v, pos: t.pos };
      case "var":
        return { kind: "variable", name: t.v, pos: t.pos };
      case "special":
        return t.v === "$this" ? { kind: "this", pos: t.pos } : t.v === "$index" ? { kind: "indexVar", pos: t.pos } : { kind: "total", pos: t.pos };
      case "id":
        if (!t.delimited && (t.v === "true" || t.v === "false")) return { kind: "literal", type: "boolean", value: t.v, pos: t.pos };
        return this.invocation(null, t);
      case "op":
        if (t.v === "(") {
          const inner = this.expression(0);
          this.expectOp(")");
          return inner;
        }
        if (t.v === "{") {
          this.expectOp("}");
          return { kind: "empty", pos: t.pos };
        }
        throw new FhirPathSyntaxError(`unexpected '${t.v}'`, t.pos);
      case "eof":
        throw new FhirPathSyntaxError("unexpected end of expression", t.pos);
    }
  }

  private quantityUnit(): string | undefined {
    const t = this.peek();
    if (t.t === "str") {
      this.next();
      return t.v;
    }
    if (t.t === "id" && !t.delimited && CALENDAR_UNITS.has(t.v)) {
      this.next();
      return t.v;
    }
    return undefined;
  }

  private invocation(target: Node | null, name: Token & { t: "id" }): Node {
    if (this.isOp("(")) {
      this.next();
      const args: Node[] = [];
      if (!this.isOp(")")) {
        for (;;) {
          args.push(this.expression(0));
          if (!this.isOp(",")) break;
          this.next();
        }
      }
      this.expectOp(")");
      return { kind: "call", target, name: name.v, args, pos: name.pos };
    }
    return { kind: "member", target, name: name.v, pos: name.pos };
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isOp(".")) {
        this.next();
        const t = this.next();
        if (t.t === "special") {
          // `x.$this` is legal FHIRPath and means `x`.
          if (t.v !== "$this") throw new FhirPathSyntaxError(`unexpected ${t.v}`, t.pos);
          continue;
        }
        if (t.t !== "id") throw new FhirPathSyntaxError(`expected a name after '.' but found ${describe(t)}`, t.pos);
        node = this.invocation(node, t);
      } else if (this.isOp("[")) {
        const open = this.next();
        const index = this.expression(0);
        this.expectOp("]");
        node = { kind: "index", target: node, index, pos: open.pos };
      } else return node;
    }
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case "eof":
      return "end of expression";
    case "str":
      return `string '${t.v}'`;
    case "special":
    case "op":
    case "num":
      return `'${t.v}'`;
    case "var":
      return `'%${t.v}'`;
    case "date":
      return `'@${t.v}'`;
    case "id":
      return `'${t.v}'`;
  }
}

export function parseFhirPath(src: string): Node {
  return new Parser(tokenize(src)).parseAll();
}
