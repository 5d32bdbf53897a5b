/**
 * Compiles FHIRPath expressions to DuckDB SQL expressions over resources held as JSON text.
 *
 * Representation. A FHIRPath collection becomes a SQL `JSON[]`: every item is the JSON text of one
 * FHIR value (an object, a string, a number, a boolean), and a JSON array met on the way is spread
 * into its items, so that `name.given` flattens as FHIRPath does without knowing the FHIR schema.
 * Where the compiler knows that an expression yields at most one value of a known type (a literal,
 * `count()`, a comparison, `%rowIndex`), it keeps a plain typed SQL value instead (NULL for empty),
 * which keeps boolean logic in SQL's own three-valued logic, which is FHIRPath's.
 *
 * Speed. DuckDB parses the JSON text again for every `json_extract`, and parsing is what a view
 * costs. A chain of member names from a focus that many expressions share (the resource, a forEach
 * item, the item in a `where()`) is therefore not evaluated step by step: the compiler collects
 * every such chain per focus ({@link NodeScope}) and the view fetches all of them with one
 * multi-path `json_extract` per focus. Each chain is fetched whole and by every prefix. Where one
 * value is wanted (a column, a comparison), the whole chain being a single value is the common case
 * (`subject.reference`, `valueQuantity.value`) and is taken as it is ({@link fastSingle}); only other
 * rows go through the general collection logic, which continues from the longest prefix found.
 *
 * Type sniffing. The JSON that `json_extract` returns is re-serialised canonically, so the kind of
 * a value shows in its first character (`"` string, `[` array, `{` object, digit or `-` number)
 * and string equality is text equality; neither needs another parse.
 *
 * Lambdas. DuckDB lambdas stand in for FHIRPath's iteration (`where`, `select`, forEach) and for
 * binding a computed value to a name when it is used more than once ({@link bind}). Their nesting
 * is kept shallow: DuckDB's binder time grows quickly with the depth of nested lambda bodies.
 */
import { CHOICE_ELEMENTS, CHOICE_SUFFIXES, RESOURCE_TYPES, choiceProperty, resolveType, type TypeInfo } from "./fhir-model.js";
import type { Node } from "./fhirpath-parse.js";

/** Static FHIRPath type of a value; `json` when only the data will tell. */
export type FpType = "json" | "string" | "integer" | "decimal" | "boolean" | "date" | "dateTime" | "time";

export class PathError extends Error {
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} at position ${position}`);
    this.name = "PathError";
  }
}

interface Step {
  name: string;
  /** A choice element named without its type (`value`): resolved against the data. */
  choice: boolean;
  /** `name.ofType(T)`: the choice variant `nameT`, or `name` itself where its value has type T. */
  typed?: TypeInfo;
}

/**
 * A JSON node that expressions navigate from and whose member chains are fetched together. The
 * node and the fetched values appear in compiled SQL as tokens that {@link resolveTokens} replaces
 * once the view knows how it binds the node (a column of the base query, a lambda variable).
 */
export class NodeScope {
  readonly paths: string[] = [];
  constructor(
    readonly id: number,
    /** Whether the view binds a prefetch list for this node; lambda variables inside functions don't. */
    readonly prefetch: boolean,
  ) {}
  get node(): string {
    return `\u0001N${this.id}\u0001`;
  }
  fetched(jsonPath: string): string {
    let i = this.paths.indexOf(jsonPath);
    if (i < 0) i = this.paths.push(jsonPath) - 1;
    return `\u0001P${this.id}.${i}\u0001`;
  }
}

export type Val =
  /**
   * Member steps from a node or from a `JSON[]`, evaluated when used so that chains can be fetched
   * whole; `map` turns each item into another JSON value or NULL (dropped), as `getReferenceKey()` does.
   */
  | { shape: "chain"; from: NodeScope | string | Filtered; steps: Step[]; type: FpType; map?: (item: string) => string }
  /** `JSON[]`, never NULL; `type` is the items' static type where known. */
  | { shape: "list"; sql: string; type: FpType }
  /** One value or NULL for empty: JSON text when `type` is `json`, else a typed SQL value. */
  | { shape: "one"; sql: string; type: FpType };

interface PerItem {
  items: string;
  params: string;
  wrapped: boolean;
  body: string;
  /** The body before its item is bound, with the scope and `$index` parameter it reads. */
  raw: { body: string; scope: NodeScope; index?: string };
}

/**
 * `X.where(criteria)` where X is fetched whole from a node (the common `code.coding`): besides the
 * general result, the array's items can be read in one parse into structs of just the members the
 * criteria and what follows read ({@link FhirPathCompiler.kept}).
 */
interface Filtered {
  /** The whole array (or single object) fetched. */
  whole: string;
  /** Members the criteria read, and the criteria over a struct of them. */
  fields: string[];
  condition: (item: string) => string;
  /** The where's result by the general route, for rows where the whole was not fetched. */
  general: string;
}

export interface Ctx {
  focus: Val;
  root: NodeScope;
  /** SQL of `%rowIndex` (an integer). */
  rowIndex: string;
  /** SQL of `$index` inside a function's criteria. */
  index?: string;
  /** Where the expression sits, for run-time error messages. */
  label: string;
}

export const SQL_TYPE: Record<FpType, string> = {
  json: "JSON",
  string: "VARCHAR",
  date: "VARCHAR",
  dateTime: "VARCHAR",
  time: "VARCHAR",
  integer: "BIGINT",
  decimal: "DOUBLE",
  boolean: "BOOLEAN",
};

const STRINGY = new Set<FpType>(["string", "date", "dateTime", "time"]);
const NUMERIC = new Set<FpType>(["integer", "decimal"]);

/** A SQL string literal; control character 1 is spelled out as it delimits our tokens. */
export function lit(s: string): string {
  const body = `'${s.replaceAll("'", "''")}'`;
  return s.includes("\u0001") ? `(${body.replaceAll("\u0001", "' || chr(1) || '")})` : body;
}

export function jsonPath(steps: readonly string[]): string {
  for (const s of steps) if (/["\\\u0000-\u001f]/.test(s)) throw new PathError(`unsupported character in member name '${s}'`);
  return "$" + steps.map((s) => `."${s}"`).join("");
}

const SIMPLE = /^(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\[\d+\])?|\u0001[NP][0-9.]+\u0001|'(?:[^'\u0001]|'')*'|-?\d+(?:\.\d+)?|true|false|NULL)$/;
const EMPTY_LIST = "[]::JSON[]";

const isNum = (x: string) => `(ascii(${x}) BETWEEN 48 AND 57 OR ascii(${x}) = 45)`;
const isStr = (x: string) => `starts_with(${x}, '"')`;
/** Items of one JSON value as a collection: an array spreads, JSON null is nothing. `v` must be simple. */
const spreadVar = (v: string, z: string) =>
  `CASE WHEN ${v} IS NULL OR ${v} = 'null' THEN ${EMPTY_LIST} WHEN starts_with(${v}, '[') THEN list_filter(json_extract(${v}, '$[*]'), lambda ${z}: ${z} <> 'null') ELSE [${v}] END`;

export class FhirPathCompiler {
  private counter = 0;

  constructor(
    private readonly resourceType: string,
    private readonly constants: ReadonlyMap<string, Val>,
  ) {}

  fresh(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  newScope(prefetch: boolean): NodeScope {
    return new NodeScope(++this.counter, prefetch);
  }

  /** Evaluates `sql` once and hands `body` a name for it. */
  bind(sql: string, body: (ref: string) => string): string {
    if (SIMPLE.test(sql)) return body(sql);
    const v = this.fresh("x");
    return `list_transform([${sql}], lambda ${v}: ${body(v)})[1]`;
  }

  spread(sql: string): string {
    return this.bind(sql, (v) => spreadVar(v, this.fresh("z")));
  }

  // ---- conversions between shapes ----

  asList(v: Val): string {
    switch (v.shape) {
      case "list":
        return v.sql;
      case "chain":
        return this.materialise(v);
      case "one": {
        const z = this.fresh("z");
        const item = v.type === "json" ? v.sql : `to_json(${v.sql})`;
        return `list_filter([${item}], lambda ${z}: ${z} IS NOT NULL)`;
      }
    }
  }

  /**
   * At most one JSON value (NULL when empty), passed through `then` if given; more than one is a
   * run-time error with message `tooMany`.
   */
  singleJson(v: Val, tooMany: string, then: (json: string) => string = (j) => j): string {
    if (v.shape === "one") return then(v.type === "json" ? v.sql : `to_json(${v.sql})`);
    if (v.shape === "chain" && v.steps.length === 0 && !v.map && v.from instanceof NodeScope) return then(v.from.node);
    const general = this.bind(this.asList(v), (l) => `CASE WHEN len(${l}) > 1 THEN error(${lit(tooMany)}) ELSE ${then(`${l}[1]`)} END`);
    const fast = this.fastSingle(v);
    if (!fast) return general;
    const value = SIMPLE.test(fast.value) ? then(fast.value) : this.bind(fast.value, then);
    return `(CASE WHEN ${fast.ok} THEN ${value}${fast.empty ? ` WHEN ${fast.empty} THEN NULL` : ""} ELSE ${general} END)`;
  }

  /** JSON text of a string as VARCHAR; without escapes, the text between the quotes (no parsing). */
  static jsonString(x: string): string {
    return `(CASE WHEN starts_with(${x}, '"') AND NOT contains(${x}, '\\') THEN ${x}[2:-2] ELSE json_extract_string(${x}, '$') END)`;
  }

  /**
   * The common case of a chain from a node: the whole chain fetched is one value, not an array
   * (objects all the way down), so it is the answer; or its first member is missing, so the answer
   * is empty. Only other rows need the general evaluation.
   */
  private fastSingle(v: Val): { ok: string; value: string; empty?: string } | undefined {
    const whole = this.wholeNames({ ...v, ...(v.shape === "chain" ? { map: undefined } : {}) } as Val);
    if (!whole || v.shape !== "chain") return undefined;
    const full = whole.scope.fetched(jsonPath(whole.names));
    const first = v.steps[0]!;
    const value = v.map ? v.map(full) : full;
    return {
      ok: `(${full} IS NOT NULL AND ${full} <> 'null' AND NOT starts_with(${full}, '['))`,
      value,
      ...(first.choice || first.typed ? {} : { empty: `${whole.scope.fetched(jsonPath([first.name]))} IS NULL` }),
    };
  }

  /** FHIRPath's singleton evaluation to Boolean: one non-Boolean value counts as true. */
  asBool(v: Val, ctx: Ctx): string {
    if (v.shape === "one" && v.type === "boolean") return v.sql;
    if (v.shape === "one" && v.type !== "json") return `(CASE WHEN ${v.sql} IS NULL THEN NULL ELSE true END)`;
    return this.bind(this.singleJson(v, tooMany(ctx)), (j) => `(CASE WHEN ${j} IS NULL THEN NULL WHEN ${j} = 'false' THEN false ELSE true END)`);
  }

  /** Boolean for a view's `where`: anything but true, false or empty is an error. */
  strictBool(v: Val, ctx: Ctx): string {
    if (v.shape === "one" && v.type === "boolean") return v.sql;
    if (v.shape === "one" && v.type !== "json") throw new PathError(`the expression yields ${v.type}, not boolean`);
    return this.bind(
      this.singleJson(v, tooMany(ctx)),
      (j) => `(CASE WHEN ${j} IS NULL THEN NULL WHEN ${j} = 'true' THEN true WHEN ${j} = 'false' THEN false ELSE error(${lit(`${ctx.label}: not a boolean`)}) END)`,
    );
  }

  asNum(v: Val, ctx: Ctx): string {
    if (v.shape === "one" && NUMERIC.has(v.type)) return v.sql;
    if (v.shape === "one" && v.type !== "json") throw new PathError(`expected a number, not ${v.type}`);
    return this.bind(this.singleJson(v, tooMany(ctx)), (j) => `(CASE WHEN ${isNum(j)} THEN CAST(${j} AS DOUBLE) END)`);
  }

  asStr(v: Val, ctx: Ctx): string {
    if (v.shape === "one" && STRINGY.has(v.type)) return v.sql;
    if (v.shape === "one" && v.type !== "json") return `CAST(${v.sql} AS VARCHAR)`;
    return this.bind(this.singleJson(v, tooMany(ctx)), (j) => `(CASE WHEN ${isStr(j)} THEN json_extract_string(${j}, '$') END)`);
  }

  /** The value as text, whatever its type (`toString()`, `join()`). */
  private anyToStr(v: Val, ctx: Ctx): string {
    if (v.shape === "one" && v.type !== "json") return STRINGY.has(v.type) ? v.sql : this.typedToString(v.sql, v.type);
    return `json_extract_string(${this.singleJson(v, tooMany(ctx))}, '$')`;
  }

  private typedToString(sql: string, type: FpType): string {
    return type === "decimal" ? `CAST(CAST(${sql} AS DECIMAL(38, 8)) AS VARCHAR).rtrim('0').rtrim('.')` : `CAST(${sql} AS VARCHAR)`;
  }

  // ---- navigation ----

  private navList(list: string, step: Step): string {
    const e = this.fresh("e");
    const v = this.fresh("v");
    if (!step.choice) {
      return `flatten(list_transform(list_transform(${list}, lambda ${e}: json_extract(${e}, ${lit(jsonPath([step.name]))})), lambda ${v}: ${spreadVar(v, this.fresh("z"))}))`;
    }
    const paths = [step.name, ...CHOICE_SUFFIXES.map((s) => step.name + s)].map((p) => lit(jsonPath([p])));
    const w = this.fresh("w");
    return `flatten(list_transform(list_filter(flatten(list_transform(${list}, lambda ${e}: json_extract(${e}, [${paths.join(", ")}]))), lambda ${w}: ${w} IS NOT NULL), lambda ${v}: ${spreadVar(v, this.fresh("z"))}))`;
  }

  private materialise(chain: Val & { shape: "chain" }): string {
    const from = chain.from;
    if (typeof from !== "string" && !(from instanceof NodeScope)) {
      const list = this.materialiseFiltered(from, chain.steps);
      return chain.map ? this.materialise({ shape: "chain", from: list, steps: [], type: chain.type, map: chain.map }) : list;
    }
    let list = this.steps(from, chain.steps, false);
    // A choice element named bare is read as a plain member first (`Quantity.value` is one); only
    // where that finds nothing are its typed variants looked for.
    if (chain.steps.some((s) => s.choice)) {
      const plain = list;
      list = this.bind(plain, (l) => `(CASE WHEN len(${l}) > 0 THEN ${l} ELSE ${this.steps(from, chain.steps, true)} END)`);
    }
    if (!chain.map) return list;
    const e = this.fresh("e");
    const k = this.fresh("k");
    return `list_filter(list_transform(${list}, lambda ${e}: ${chain.map(e)}), lambda ${k}: ${k} IS NOT NULL)`;
  }

  private steps(from: NodeScope | string, steps: Step[], choices: boolean): string {
    const at = steps.findIndex((s) => (choices && s.choice) || s.typed !== undefined);
    const plain = (names: Step[]) => this.memberChain(from, names.map((s) => ({ name: s.name, choice: false })));
    if (at < 0) return plain(steps);
    const step = steps[at]!;
    const before = steps.slice(0, at);
    const after = (list: string) => this.steps(list, steps.slice(at + 1), choices);
    if (!step.typed) return after(this.navList(plain(before), step));
    // `m.ofType(T)`: the choice variant `mT`, or `m` itself where its value has type T.
    const own = this.filterKind(plain([...before, step]), step.typed);
    if (step.typed.kind === "resource") return after(own);
    const variant = this.steps(from, [...before, { name: choiceProperty(step.name, step.typed), choice: false }, ...steps.slice(at + 1)], choices);
    return `list_concat(${variant}, ${after(own)})`;
  }

  /** A chain of plain member names: fetched whole and by prefix from a node, or step by step from a list. */
  private memberChain(from: NodeScope | string, steps: Step[]): string {
    if (typeof from === "string") return steps.reduce((list, s) => this.navList(list, s), from);
    if (steps.length === 0) return `[${from.node}]`;
    const k = steps.length;
    const names = steps.map((s) => s.name);
    const prefixes = names.map((_, j) => jsonPath(names.slice(0, j + 1)));
    const build = (ref: (j: number) => string) => {
      if (k === 1) return this.spread(ref(0));
      const branches: string[] = [];
      for (let j = k - 1; j >= 0; j--) {
        let l = this.spread(ref(j));
        for (const s of steps.slice(j + 1)) l = this.navList(l, s);
        branches.push(`WHEN ${ref(j)} IS NOT NULL THEN ${l}`);
      }
      return `(CASE ${branches.join(" ")} ELSE ${EMPTY_LIST} END)`;
    };
    if (from.prefetch) return build((j) => from.fetched(prefixes[j]!));
    if (k === 1) return this.spread(`json_extract(${from.node}, ${lit(prefixes[0]!)})`);
    const p = this.fresh("p");
    return `list_transform([json_extract(${from.node}, [${prefixes.map(lit).join(", ")}])], lambda ${p}: ${build((j) => `${p}[${j + 1}]`)})[1]`;
  }

  private member(focus: Val, name: string): Val {
    const step = { name, choice: CHOICE_ELEMENTS.has(name) };
    if (focus.shape === "chain" && !focus.map) return { shape: "chain", from: focus.from, steps: [...focus.steps, step], type: "json" };
    return { shape: "chain", from: this.asList(focus), steps: [step], type: "json" };
  }

  // ---- the compiler proper ----

  compile(node: Node, ctx: Ctx): Val {
    switch (node.kind) {
      case "empty":
        return { shape: "list", sql: EMPTY_LIST, type: "json" };
      case "literal":
        return this.literal(node);
      case "this":
        return ctx.focus;
      case "indexVar":
        if (ctx.index === undefined) throw new PathError("$index outside a function's criteria", node.pos);
        return { shape: "one", sql: ctx.index, type: "integer" };
      case "total":
        throw new PathError("$total (aggregate) is not supported", node.pos);
      case "variable":
        return this.variable(node.name, node.pos, ctx);
      case "member": {
        const focus = node.target ? this.compile(node.target, ctx) : ctx.focus;
        // A leading type name (`Patient.name`) names the resource itself.
        if (!node.target && /^[A-Z]/.test(node.name) && RESOURCE_TYPES.has(node.name)) {
          if (node.name === this.resourceType && focus.shape === "chain" && focus.steps.length === 0 && focus.from === ctx.root) return focus;
          if (focus.shape === "chain" && focus.steps.length === 0 && focus.from === ctx.root) return { shape: "list", sql: EMPTY_LIST, type: "json" };
        }
        return this.member(focus, node.name);
      }
      case "index": {
        const target = this.asList(this.compile(node.target, ctx));
        const i = this.asNum(this.compile(node.index, ctx), ctx);
        return { shape: "one", sql: this.bind(i, (n) => `(CASE WHEN ${n} >= 0 THEN (${target})[CAST(${n} AS BIGINT) + 1] END)`), type: "json" };
      }
      case "unary": {
        const n = this.compile(node.operand, ctx);
        if (node.op === "+") return n;
        const type = n.shape === "one" && n.type === "integer" ? "integer" : "decimal";
        return { shape: "one", sql: `(-${this.asNum(n, ctx)})`, type };
      }
      case "typeop":
        return this.typeOp(node.op, this.compile(node.operand, ctx), node.type, node.pos);
      case "binary":
        return this.binary(node, ctx);
      case "call":
        return this.call(node, ctx);
    }
  }

  private literal(node: Node & { kind: "literal" }): Val {
    switch (node.type) {
      case "string":
      case "date":
      case "dateTime":
      case "time":
        return { shape: "one", sql: lit(node.value), type: node.type };
      case "boolean":
        return { shape: "one", sql: node.value, type: "boolean" };
      case "integer":
      case "long":
        return { shape: "one", sql: `CAST(${node.value} AS BIGINT)`, type: "integer" };
      case "decimal":
        return { shape: "one", sql: `CAST(${node.value} AS DOUBLE)`, type: "decimal" };
      case "quantity":
        throw new PathError("quantity literals are not supported", node.pos);
    }
  }

  private variable(name: string, pos: number, ctx: Ctx): Val {
    const constant = this.constants.get(name);
    if (constant) return constant;
    switch (name) {
      case "rowIndex":
        return { shape: "one", sql: ctx.rowIndex, type: "integer" };
      case "resource":
      case "rootResource":
      case "context":
        return { shape: "chain", from: ctx.root, steps: [], type: "json" };
      case "ucum":
        return { shape: "one", sql: lit("http://unitsofmeasure.org"), type: "string" };
      case "sct":
        return { shape: "one", sql: lit("http://snomed.info/sct"), type: "string" };
      case "loinc":
        return { shape: "one", sql: lit("http://loinc.org"), type: "string" };
    }
    throw new PathError(`unknown constant %${name}`, pos);
  }

  // ---- operators ----

  private binary(node: Node & { kind: "binary" }, ctx: Ctx): Val {
    const l = this.compile(node.left, ctx);
    const r = this.compile(node.right, ctx);
    const bool = (sql: string): Val => ({ shape: "one", sql, type: "boolean" });
    switch (node.op) {
      case "and":
      case "or":
        return bool(`(${this.asBool(l, ctx)} ${node.op.toUpperCase()} ${this.asBool(r, ctx)})`);
      case "xor":
        return bool(`(${this.asBool(l, ctx)} <> ${this.asBool(r, ctx)})`);
      case "implies":
        return bool(`((NOT ${this.asBool(l, ctx)}) OR ${this.asBool(r, ctx)})`);
      case "=":
        return bool(this.equals(l, r));
      case "!=":
        return bool(`(NOT ${this.equals(l, r)})`);
      case "~":
        return bool(this.equivalent(l, r));
      case "!~":
        return bool(`(NOT ${this.equivalent(l, r)})`);
      case "<":
      case ">":
      case "<=":
      case ">=":
        return bool(this.compare(l, r, node.op, ctx, node.pos));
      case "|":
        return { shape: "list", sql: `list_distinct(list_concat(${this.asList(l)}, ${this.asList(r)}))`, type: sameType(l, r) };
      case "in":
        return bool(this.membership(l, r, ctx));
      case "contains":
        return bool(this.membership(r, l, ctx));
      case "&":
        return { shape: "one", sql: `(coalesce(${this.asStr(l, ctx)}, '') || coalesce(${this.asStr(r, ctx)}, ''))`, type: "string" };
      case "+":
      case "-":
      case "*":
      case "/":
      case "div":
      case "mod":
        return this.arithmetic(node.op, l, r, ctx, node.pos);
    }
  }

  private arithmetic(op: string, l: Val, r: Val, ctx: Ctx, pos: number): Val {
    const [lt, rt] = [l.type, r.type];
    if (["date", "dateTime", "time"].includes(lt) || ["date", "dateTime", "time"].includes(rt)) throw new PathError("date arithmetic is not supported", pos);
    if (op === "+" && (STRINGY.has(lt) || STRINGY.has(rt))) {
      return { shape: "one", sql: `(${this.asStr(l, ctx)} || ${this.asStr(r, ctx)})`, type: "string" };
    }
    if (op === "+" && lt === "json" && rt === "json") {
      // Without types, `+` adds numbers or concatenates strings, whichever the data holds.
      const sql = this.bind(this.singleJson(l, tooMany(ctx)), (a) =>
        this.bind(
          this.singleJson(r, tooMany(ctx)),
          (b) =>
            `(CASE WHEN ${isNum(a)} AND ${isNum(b)} THEN to_json(CAST(${a} AS DOUBLE) + CAST(${b} AS DOUBLE)) WHEN ${isStr(a)} AND ${isStr(b)} THEN to_json(json_extract_string(${a}, '$') || json_extract_string(${b}, '$')) END)`,
        ),
      );
      return { shape: "one", sql, type: "json" };
    }
    const a = this.asNum(l, ctx);
    const b = this.asNum(r, ctx);
    const integral = lt === "integer" && rt === "integer";
    switch (op) {
      case "/":
        return { shape: "one", sql: this.bind(b, (d) => `(CASE WHEN ${d} <> 0 THEN CAST(${a} AS DOUBLE) / ${d} END)`), type: "decimal" };
      case "div":
        return { shape: "one", sql: this.bind(b, (d) => `(CASE WHEN ${d} <> 0 THEN CAST(trunc(${a} / ${d}) AS BIGINT) END)`), type: "integer" };
      case "mod":
        return { shape: "one", sql: this.bind(b, (d) => `(CASE WHEN ${d} <> 0 THEN ${a} % ${d} END)`), type: integral ? "integer" : "decimal" };
      default:
        return { shape: "one", sql: `(${a} ${op} ${b})`, type: integral ? "integer" : "decimal" };
    }
  }

  /** Both sides as single JSON values (`one` shapes) and typed values where the other side has a type. */
  private equalsOne(x: string, xt: FpType, y: string, yt: FpType): string {
    if (xt !== "json" && yt !== "json") {
      const family = (t: FpType) => (NUMERIC.has(t) ? "number" : STRINGY.has(t) ? "string" : t);
      if (family(xt) !== family(yt)) return `(CASE WHEN ${x} IS NULL OR ${y} IS NULL THEN NULL ELSE false END)`;
      return `(${x} = ${y})`;
    }
    // CASE, not AND/OR: DuckDB does not short-circuit, and a cast of a non-number fails.
    if (xt === "json" && yt === "json") {
      return `(CASE WHEN ${x} IS NULL OR ${y} IS NULL THEN NULL WHEN ${x} = ${y} THEN true WHEN ${isNum(x)} AND ${isNum(y)} THEN CAST(${x} AS DOUBLE) = CAST(${y} AS DOUBLE) ELSE false END)`;
    }
    const [j, t, tt] = xt === "json" ? [x, y, yt] : [y, x, xt];
    if (NUMERIC.has(tt)) return `(CASE WHEN ${isNum(j)} THEN CAST(${j} AS DOUBLE) = ${t} ELSE (CASE WHEN ${t} IS NULL OR ${j} IS NULL THEN NULL ELSE false END) END)`;
    return `(${j} = to_json(${t}))`;
  }

  private equals(l: Val, r: Val): string {
    if (l.shape === "one" && r.shape === "one") return this.equalsOne(l.sql, l.type, r.sql, r.type);
    if (l.shape === "one" || r.shape === "one") {
      const [list, single] = l.shape === "one" ? [r, l] : [l, r as Val & { shape: "one" }];
      return this.bind(single.sql, (y) => {
        const general = this.bind(
          this.asList(list),
          (a) => `(CASE WHEN len(${a}) = 0 OR ${y} IS NULL THEN NULL WHEN len(${a}) > 1 THEN false ELSE ${this.equalsOne(`${a}[1]`, "json", y, single.type)} END)`,
        );
        const fast = this.fastSingle(list);
        if (!fast) return general;
        return `(CASE WHEN ${fast.ok} THEN ${this.equalsOne(fast.value, "json", y, single.type)}${fast.empty ? ` WHEN ${fast.empty} THEN NULL` : ""} ELSE ${general} END)`;
      });
    }
    return this.bind(this.asList(l), (a) =>
      this.bind(this.asList(r), (b) => {
        const i = this.fresh("i");
        return `(CASE WHEN len(${a}) = 0 OR len(${b}) = 0 THEN NULL WHEN len(${a}) <> len(${b}) THEN false ELSE list_bool_and(list_transform(range(1, len(${a}) + 1), lambda ${i}: ${this.equalsOne(`${a}[${i}]`, "json", `${b}[${i}]`, "json")})) END)`;
      }),
    );
  }

  /** `~`: order-free, case- and whitespace-insensitive for strings; empty ~ empty is true. */
  private equivalent(l: Val, r: Val): string {
    const norm = (list: string) => {
      const e = this.fresh("e");
      return `list_sort(list_transform(${list}, lambda ${e}: CASE WHEN ${isStr(e)} THEN to_json(lower(trim(regexp_replace(json_extract_string(${e}, '$'), '\\s+', ' ', 'g')))) WHEN ${isNum(e)} THEN to_json(CAST(${e} AS DOUBLE)) ELSE ${e} END))`;
    };
    return this.bind(this.asList(l), (a) => this.bind(this.asList(r), (b) => `(len(${a}) = len(${b}) AND ${norm(a)} = ${norm(b)})`));
  }

  private compare(l: Val, r: Val, op: string, ctx: Ctx, pos: number): string {
    const [lt, rt] = [l.type, r.type];
    if (lt === "boolean" || rt === "boolean") throw new PathError(`booleans cannot be compared with ${op}`, pos);
    if (NUMERIC.has(lt) || NUMERIC.has(rt)) return `(${this.asNum(l, ctx)} ${op} ${this.asNum(r, ctx)})`;
    if (STRINGY.has(lt) || STRINGY.has(rt)) return `(${this.asStr(l, ctx)} ${op} ${this.asStr(r, ctx)})`;
    return this.bind(this.singleJson(l, tooMany(ctx)), (x) =>
      this.bind(
        this.singleJson(r, tooMany(ctx)),
        (y) =>
          `(CASE WHEN ${isNum(x)} AND ${isNum(y)} THEN CAST(${x} AS DOUBLE) ${op} CAST(${y} AS DOUBLE) WHEN ${isStr(x)} AND ${isStr(y)} THEN json_extract_string(${x}, '$') ${op} json_extract_string(${y}, '$') END)`,
      ),
    );
  }

  /** `item in collection`. */
  private membership(item: Val, coll: Val, ctx: Ctx): string {
    const y = this.singleJson(item, tooMany(ctx));
    return this.bind(y, (v) => {
      const e = this.fresh("e");
      return `(CASE WHEN ${v} IS NULL THEN NULL ELSE len(list_filter(${this.asList(coll)}, lambda ${e}: ${this.equalsOne(e, "json", v, "json")})) > 0 END)`;
    });
  }

  // ---- types ----

  private typeArg(node: Node | undefined, fn: string): string {
    const name = (n: Node | undefined): string | undefined =>
      n?.kind === "member" ? (n.target ? `${name(n.target) ?? "?"}.${n.name}` : n.name) : undefined;
    const spec = name(node);
    if (spec === undefined) throw new PathError(`${fn}(): invalid type`, node?.pos);
    return spec;
  }

  private resolve(spec: string, pos: number | undefined): TypeInfo {
    const type = resolveType(spec);
    if (!type) throw new PathError(`invalid type '${spec}'`, pos);
    return type;
  }

  private ofType(focus: Val, type: TypeInfo): Val {
    const last = focus.shape === "chain" && !focus.map ? focus.steps[focus.steps.length - 1] : undefined;
    if (focus.shape === "chain" && last && !last.typed) {
      // Without a schema we cannot tell a choice element from a plain one: a typed step reads both.
      return { shape: "chain", from: focus.from, steps: [...focus.steps.slice(0, -1), { name: last.name, choice: false, typed: type }], type: primitiveType(type) };
    }
    if (focus.shape === "one" && focus.type !== "json") {
      const matches = type.kind === "primitive" || type.kind === "system" ? sameFamily(focus.type, type.fhirPathType) : false;
      return matches ? focus : { shape: "list", sql: EMPTY_LIST, type: "json" };
    }
    return { shape: "list", sql: this.filterKind(this.asList(focus), type), type: type.kind === "primitive" || type.kind === "system" ? primitiveType(type) : "json" };
  }

  /** Keeps the items whose JSON can hold `type`; complex types other than resources are not told apart. */
  private filterKind(list: string, type: TypeInfo): string {
    const e = this.fresh("e");
    let test: string;
    if (type.kind === "resource") test = `json_extract_string(${e}, '$.resourceType') = ${lit(type.name)}`;
    else if (type.kind === "complex") test = `starts_with(${e}, '{')`;
    else {
      switch (type.fhirPathType) {
        case "boolean":
          test = `${e} IN ('true', 'false')`;
          break;
        case "integer":
          test = `(${isNum(e)} AND NOT regexp_matches(${e}, '[.eE]'))`;
          break;
        case "decimal":
          test = isNum(e);
          break;
        case "quantity":
          test = `starts_with(${e}, '{')`;
          break;
        default:
          test = isStr(e);
      }
    }
    return `list_filter(${list}, lambda ${e}: ${test})`;
  }

  private typeOp(op: "is" | "as", operand: Val, spec: string, pos: number): Val {
    const matched = this.ofType(operand, this.resolve(spec, pos));
    if (op === "as") return matched;
    return { shape: "one", sql: `(len(${this.asList(matched)}) > 0)`, type: "boolean" };
  }

  // ---- functions ----

  /**
   * Compiles `expr` for each item of `list` (a function's criteria or projection). The items are
   * nodes of their own: the member chains the expression reads are fetched with one `json_extract`
   * per item, and `items` pairs each item with them (`wrapped`; `p.n` is then the item).
   */
  private perItem(list: string, expr: Node, ctx: Ctx, compile: (v: Val, inner: Ctx) => string): PerItem {
    const scope = this.newScope(true);
    const i = mentions(expr, "indexVar") ? this.fresh("i") : undefined;
    const inner: Ctx = { ...ctx, focus: { shape: "chain", from: scope, steps: [], type: "json" }, index: i === undefined ? undefined : `(${i} - 1)` };
    const body = compile(this.compile(expr, inner), inner);
    const param = this.fresh(scope.paths.length > 0 ? "b" : "e");
    const params = i === undefined ? param : `${param}, ${i}`;
    const raw = { body, scope, ...(i === undefined ? {} : { index: i }) };
    if (scope.paths.length > 0) {
      const x = this.fresh("x");
      const items = `list_transform(${list}, lambda ${x}: {'n': ${x}, 'p': json_extract(${x}, [${scope.paths.map(lit).join(", ")}])})`;
      const bound = resolveTokens(body, new Map([[scope.id, { node: `${param}.n`, fetched: (k) => `${param}.p[${k + 1}]` }]]), true);
      return { items, params, wrapped: true, body: bound, raw };
    }
    return { items: list, params, wrapped: false, body: resolveTokens(body, new Map([[scope.id, { node: param, fetched: () => "" }]]), true), raw };
  }

  private where(focus: Val, criteria: Node, ctx: Ctx): Val {
    const c = this.criteria(this.asList(focus), criteria, ctx);
    const kept = `list_filter(${c.items}, lambda ${c.params}: ${c.body})`;
    const p = this.fresh("e");
    const general = c.wrapped ? `list_transform(${kept}, lambda ${p}: ${p}.n)` : kept;
    const filtered = this.filtered(focus, c, general);
    return filtered ? { shape: "chain", from: filtered, steps: [], type: focus.type } : { shape: "list", sql: general, type: focus.type };
  }

  /** The member names a focus chain fetches whole from its node, if it does. */
  private wholeNames(focus: Val): { scope: NodeScope; names: string[] } | undefined {
    if (focus.shape !== "chain" || !(focus.from instanceof NodeScope) || !focus.from.prefetch || focus.map || focus.steps.length === 0) return undefined;
    if (focus.steps.some((s) => s.typed?.kind === "resource")) return undefined;
    return { scope: focus.from, names: focus.steps.map((s) => (s.typed ? choiceProperty(s.name, s.typed) : s.name)) };
  }

  /** The struct route for `focus.where(…)`, when the focus is fetched whole and the criteria read only members of the item. */
  private filtered(focus: Val, c: PerItem, general: string): Filtered | undefined {
    const whole = this.wholeNames(focus);
    // $index would count JSON nulls in the array, which the general route drops.
    if (!whole || c.raw.index !== undefined) return undefined;
    const fields = c.raw.scope.paths.map((p) => /^\$\."([^"]+)"$/.exec(p)?.[1]);
    if (fields.some((f) => f === undefined) || c.raw.body.includes(c.raw.scope.node)) return undefined;
    const { body, scope } = c.raw;
    return {
      whole: whole.scope.fetched(jsonPath(whole.names)),
      fields: fields as string[],
      condition: (item) => resolveTokens(body, new Map([[scope.id, { node: "", fetched: (k) => `${item}."${fields[k]!}"` }]]), true),
      general,
    };
  }

  /** The items a struct-route where keeps, as structs of `fields` and `extra` members (JSON). */
  private kept(f: Filtered, extra: string[]): string {
    const fields = [...new Set([...f.fields, ...extra])];
    const array = `CASE WHEN starts_with(${f.whole}, '[') THEN ${f.whole} ELSE '[' || ${f.whole} || ']' END`;
    // DuckDB has no empty struct: criteria that read no member (`where(true)`) take the items as they are.
    const items = fields.length > 0 ? `json_transform(${array}, ${lit(JSON.stringify([Object.fromEntries(fields.map((n) => [n, "JSON"]))]))})` : `json_extract(${array}, '$[*]')`;
    const b = this.fresh("b");
    const present = fields.length > 0 ? `${b} IS NOT NULL` : `${b} <> 'null'`;
    return `list_filter(${items}, lambda ${b}: ${present} AND ${f.condition(b)})`;
  }

  private wholeUsable(f: Filtered): string {
    return `(${f.whole} IS NOT NULL AND (starts_with(${f.whole}, '[') OR starts_with(${f.whole}, '{')))`;
  }

  /** Members after a struct-route where: read from the structs where the whole was fetched, else the general way. */
  private materialiseFiltered(f: Filtered, steps: Step[]): string {
    const general = this.materialise({ shape: "chain", from: f.general, steps, type: "json" });
    const first = steps[0];
    if (!first || first.typed?.kind === "resource") return general;
    const names = first.typed ? [choiceProperty(first.name, first.typed), first.name] : [first.name];
    const kept = this.kept(f, names);
    const field = (name: string) => {
      const b = this.fresh("b");
      const v = this.fresh("v");
      return `flatten(list_transform(list_transform(${kept}, lambda ${b}: ${b}."${name}"), lambda ${v}: ${spreadVar(v, this.fresh("z"))}))`;
    };
    const list = first.typed ? `list_concat(${field(names[0]!)}, ${this.filterKind(field(names[1]!), first.typed)})` : field(names[0]!);
    let fast = this.materialise({ shape: "chain", from: list, steps: steps.slice(1), type: "json" });
    // A bare choice element read as a plain member; its typed variants only the general route finds.
    if (first.choice) fast = this.bind(fast, (l) => `(CASE WHEN len(${l}) > 0 THEN ${l} ELSE ${general} END)`);
    return `(CASE WHEN ${this.wholeUsable(f)} THEN ${fast} ELSE ${general} END)`;
  }

  private criteria(list: string, expr: Node, ctx: Ctx): PerItem {
    return this.perItem(list, expr, ctx, (v, inner) => `coalesce(${this.asBool(v, inner)}, false)`);
  }

  private call(node: Node & { kind: "call" }, ctx: Ctx): Val {
    const focus = node.target ? this.compile(node.target, ctx) : ctx.focus;
    const args = node.args;
    const arity = (min: number, max = min) => {
      if (args.length < min || args.length > max) throw new PathError(`${node.name}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? "" : "s"}`, node.pos);
    };
    const arg = (i: number): Val => this.compile(args[i]!, ctx);
    const one = (sql: string, type: FpType): Val => ({ shape: "one", sql, type });
    const list = (sql: string, type: FpType = "json"): Val => ({ shape: "list", sql, type });
    const itemType = (v: Val): FpType => v.type;
    switch (node.name) {
      case "empty":
        arity(0);
        return one(`(NOT ${this.exists(focus)})`, "boolean");
      case "exists": {
        arity(0, 1);
        return one(this.exists(args.length === 0 ? focus : this.where(focus, args[0]!, ctx)), "boolean");
      }
      case "all": {
        arity(1);
        const c = this.criteria(this.asList(focus), args[0]!, ctx);
        return one(`(len(list_filter(${c.items}, lambda ${c.params}: NOT ${c.body})) = 0)`, "boolean");
      }
      case "allTrue":
      case "anyTrue":
      case "allFalse":
      case "anyFalse": {
        arity(0);
        const e = this.fresh("e");
        const want = node.name.endsWith("True") ? "'true'" : "'false'";
        return one(
          node.name.startsWith("all") ? `(len(list_filter(${this.asList(focus)}, lambda ${e}: ${e} <> ${want})) = 0)` : `(len(list_filter(${this.asList(focus)}, lambda ${e}: ${e} = ${want})) > 0)`,
          "boolean",
        );
      }
      case "count":
        arity(0);
        return one(focus.shape === "one" ? `(CASE WHEN ${focus.sql} IS NULL THEN 0 ELSE 1 END)` : `CAST(len(${this.asList(focus)}) AS BIGINT)`, "integer");
      case "where":
        arity(1);
        return this.where(focus, args[0]!, ctx);
      case "select": {
        arity(1);
        let type: FpType = "json";
        const c = this.perItem(this.asList(focus), args[0]!, ctx, (v) => {
          type = v.type;
          return this.asList(v);
        });
        return list(`flatten(list_transform(${c.items}, lambda ${c.params}: ${c.body}))`, type);
      }
      case "first":
        arity(0);
        return focus.shape === "one" ? focus : this.item(`(${this.asList(focus)})[1]`, itemType(focus));
      case "last":
        arity(0);
        return focus.shape === "one" ? focus : this.item(`(${this.asList(focus)})[-1]`, itemType(focus));
      case "single":
        arity(0);
        return focus.shape === "one" ? focus : this.item(this.singleJson(focus, tooMany(ctx)), itemType(focus));
      case "tail":
        arity(0);
        return list(`(${this.asList(focus)})[2:]`, itemType(focus));
      case "skip":
      case "take": {
        arity(1);
        const n = this.asNum(arg(0), ctx);
        const l = this.asList(focus);
        return list(
          node.name === "skip"
            ? this.bind(n, (k) => `(CASE WHEN ${k} <= 0 THEN ${l} ELSE (${l})[CAST(${k} AS BIGINT) + 1:] END)`)
            : this.bind(n, (k) => `(CASE WHEN ${k} <= 0 THEN ${EMPTY_LIST} ELSE (${l})[:CAST(${k} AS BIGINT)] END)`),
          itemType(focus),
        );
      }
      case "distinct":
        arity(0);
        return list(`list_distinct(${this.asList(focus)})`, itemType(focus));
      case "isDistinct":
        arity(0);
        return one(this.bind(this.asList(focus), (l) => `(len(list_distinct(${l})) = len(${l}))`), "boolean");
      case "union":
        arity(1);
        return list(`list_distinct(list_concat(${this.asList(focus)}, ${this.asList(arg(0))}))`, sameType(focus, arg(0)));
      case "combine":
        arity(1);
        return list(`list_concat(${this.asList(focus)}, ${this.asList(arg(0))})`, sameType(focus, arg(0)));
      case "intersect":
      case "exclude": {
        arity(1);
        const other = this.asList(arg(0));
        const e = this.fresh("e");
        const keep = node.name === "intersect" ? "" : "NOT ";
        const l = `list_filter(${this.asList(focus)}, lambda ${e}: ${keep}list_contains(${other}, ${e}))`;
        return list(node.name === "intersect" ? `list_distinct(${l})` : l, itemType(focus));
      }
      case "subsetOf":
      case "supersetOf": {
        arity(1);
        const [sub, sup] = node.name === "subsetOf" ? [focus, arg(0)] : [arg(0), focus];
        return one(`list_has_all(${this.asList(sup)}, ${this.asList(sub)})`, "boolean");
      }
      case "not":
        arity(0);
        return one(`(NOT ${this.asBool(focus, ctx)})`, "boolean");
      case "iif": {
        arity(2, 3);
        const cond = this.asBool(arg(0), ctx);
        const a = arg(1);
        const b: Val = args.length === 3 ? arg(2) : { shape: "list", sql: EMPTY_LIST, type: "json" };
        if (a.shape === "one" && b.shape === "one" && a.type === b.type) return one(`(CASE WHEN ${cond} THEN ${a.sql} ELSE ${b.sql} END)`, a.type);
        return list(`(CASE WHEN ${cond} THEN ${this.asList(a)} ELSE ${this.asList(b)} END)`, sameType(a, b));
      }
      case "ofType": {
        arity(1);
        return this.ofType(focus, this.resolve(this.typeArg(args[0], "ofType"), args[0]!.pos));
      }
      case "is":
      case "as":
        arity(1);
        return this.typeOp(node.name, focus, this.typeArg(args[0], node.name), args[0]!.pos);
      case "extension": {
        arity(1);
        const url = this.asStr(arg(0), ctx);
        const extensions = this.member(focus, "extension");
        const e = this.fresh("e");
        const general = `list_filter(${this.asList(extensions)}, lambda ${e}: json_extract_string(${e}, '$.url') = ${url})`;
        const whole = this.wholeNames(extensions);
        if (!whole) return list(general);
        const filtered: Filtered = { whole: whole.scope.fetched(jsonPath(whole.names)), fields: ["url"], condition: (b) => `${b}."url" = to_json(${url})`, general };
        return { shape: "chain", from: filtered, steps: [], type: "json" };
      }
      case "hasValue":
        arity(0);
        return one(this.bind(this.asList(focus), (l) => `(len(${l}) = 1 AND NOT starts_with(${l}[1], '{'))`), "boolean");
      case "getValue": {
        arity(0);
        const e = this.fresh("e");
        return list(`list_filter(${this.asList(focus)}, lambda ${e}: NOT starts_with(${e}, '{'))`, itemType(focus));
      }
      case "getResourceKey":
        arity(0);
        return { ...(this.member(focus, "id") as Val & { shape: "chain" }), type: "string" };
      case "getReferenceKey": {
        arity(0, 1);
        let typeName = "[A-Za-z]+";
        if (args.length === 1) {
          typeName = this.typeArg(args[0], "getReferenceKey");
          if (!RESOURCE_TYPES.has(typeName)) throw new PathError(`getReferenceKey(): '${typeName}' is not a resource type`, args[0]!.pos);
        }
        // The relative literal form (`Patient/123`), also at the end of an absolute URL or before `/_history/…`.
        const pattern = lit(`(?:^|/)${typeName}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[A-Za-z0-9\\-.]{1,64})?$`);
        const refs = this.member(focus, "reference") as Val & { shape: "chain" };
        // The plain relative form (`"Patient/123"`) is matched on the JSON text itself and cut out;
        // only other forms need the string unquoted and the fuller pattern.
        const relative = lit(`"${typeName}/[A-Za-z0-9\\-.]{1,64}"`);
        const id = (e: string) => (args.length === 1 ? `'"' || ${e}[${`"${typeName}/`.length + 1}:]` : `'"' || split_part(${e}, '/', 2)`);
        const map = (e: string) =>
          `(CASE WHEN regexp_full_match(${e}, ${relative}) THEN ${id(e)} ELSE to_json(nullif(regexp_extract(json_extract_string(${e}, '$'), ${pattern}, 1), '')) END)`;
        return { ...refs, type: "string", map };
      }
      case "join": {
        arity(0, 1);
        const sep = args.length ? this.asStr(arg(0), ctx) : "''";
        const e = this.fresh("e");
        return one(`array_to_string(list_transform(${this.asList(focus)}, lambda ${e}: json_extract_string(${e}, '$')), coalesce(${sep}, ''))`, "string");
      }
      case "toString":
        arity(0);
        return one(this.anyToStr(focus, ctx), "string");
      case "toInteger":
      case "toDecimal":
      case "toBoolean": {
        arity(0);
        const target = node.name === "toInteger" ? "BIGINT" : node.name === "toDecimal" ? "DOUBLE" : "BOOLEAN";
        const type: FpType = node.name === "toInteger" ? "integer" : node.name === "toDecimal" ? "decimal" : "boolean";
        const sql = focus.shape === "one" && focus.type !== "json" ? `TRY_CAST(${focus.sql} AS ${target})` : this.bind(this.singleJson(focus, tooMany(ctx)), (j) => `TRY_CAST(json_extract_string(${j}, '$') AS ${target})`);
        return one(sql, type);
      }
      case "convertsToInteger":
      case "convertsToDecimal":
      case "convertsToBoolean":
      case "convertsToString": {
        arity(0);
        const target = { convertsToInteger: "BIGINT", convertsToDecimal: "DOUBLE", convertsToBoolean: "BOOLEAN", convertsToString: "VARCHAR" }[node.name];
        return one(this.bind(this.anyToStr(focus, ctx), (s) => `(CASE WHEN ${s} IS NULL THEN NULL ELSE TRY_CAST(${s} AS ${target}) IS NOT NULL END)`), "boolean");
      }
      case "startsWith":
      case "endsWith":
        arity(1);
        return one(`${node.name === "startsWith" ? "starts_with" : "ends_with"}(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)})`, "boolean");
      case "contains":
        arity(1);
        return one(`contains(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)})`, "boolean");
      case "matches":
        arity(1);
        return one(`regexp_matches(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)})`, "boolean");
      case "matchesFull":
        arity(1);
        return one(`regexp_full_match(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)})`, "boolean");
      case "replaceMatches":
        arity(2);
        return one(`regexp_replace(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)}, ${this.asStr(arg(1), ctx)}, 'g')`, "string");
      case "replace":
        arity(2);
        return one(`replace(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)}, ${this.asStr(arg(1), ctx)})`, "string");
      case "length":
        arity(0);
        return one(`CAST(length(${this.asStr(focus, ctx)}) AS BIGINT)`, "integer");
      case "upper":
      case "lower":
      case "trim":
        arity(0);
        return one(`${node.name}(${this.asStr(focus, ctx)})`, "string");
      case "indexOf":
        arity(1);
        return one(`CAST(strpos(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)}) - 1 AS BIGINT)`, "integer");
      case "substring": {
        arity(1, 2);
        const s = this.asStr(focus, ctx);
        const start = this.asNum(arg(0), ctx);
        const sql = this.bind(s, (str) =>
          this.bind(start, (st) => {
            const len = args.length === 2 ? this.asNum(arg(1), ctx) : `length(${str})`;
            return `(CASE WHEN ${st} < 0 OR ${st} >= length(${str}) THEN NULL ELSE substr(${str}, CAST(${st} AS BIGINT) + 1, CAST(${len} AS BIGINT)) END)`;
          }),
        );
        return one(sql, "string");
      }
      case "split": {
        arity(1);
        const e = this.fresh("e");
        return list(`coalesce(list_transform(string_split(${this.asStr(focus, ctx)}, ${this.asStr(arg(0), ctx)}), lambda ${e}: to_json(${e})), ${EMPTY_LIST})`, "string");
      }
      case "toChars": {
        arity(0);
        const e = this.fresh("e");
        return list(`coalesce(list_transform(string_split(${this.asStr(focus, ctx)}, ''), lambda ${e}: to_json(${e})), ${EMPTY_LIST})`, "string");
      }
      case "abs":
      case "ceiling":
      case "floor":
      case "sqrt":
      case "ln":
      case "exp":
      case "truncate": {
        arity(0);
        const fn = { abs: "abs", ceiling: "ceil", floor: "floor", sqrt: "sqrt", ln: "ln", exp: "exp", truncate: "trunc" }[node.name];
        const keepsInt = ["abs", "ceiling", "floor", "truncate"].includes(node.name);
        const t: FpType = keepsInt && focus.shape === "one" && focus.type === "integer" ? "integer" : ["ceiling", "floor", "truncate"].includes(node.name) ? "integer" : "decimal";
        const sql = `${fn}(${this.asNum(focus, ctx)})`;
        return one(t === "integer" ? `CAST(${sql} AS BIGINT)` : sql, t);
      }
      case "round": {
        arity(0, 1);
        const precision = args.length ? this.asNum(arg(0), ctx) : "0";
        return one(`round(${this.asNum(focus, ctx)}, CAST(${precision} AS INTEGER))`, "decimal");
      }
      case "power":
        arity(1);
        return one(`power(${this.asNum(focus, ctx)}, ${this.asNum(arg(0), ctx)})`, "decimal");
      case "log":
        arity(1);
        return one(`(ln(${this.asNum(focus, ctx)}) / ln(${this.asNum(arg(0), ctx)}))`, "decimal");
      case "today":
        arity(0);
        return one(`strftime(current_date, '%Y-%m-%d')`, "date");
      case "now":
        arity(0);
        return one(`strftime(current_timestamp AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`, "dateTime");
      case "trace":
        arity(1, 2);
        return focus;
      case "lowBoundary":
      case "highBoundary":
        arity(0, 1);
        return this.boundary(focus, node.name === "lowBoundary", ctx);
    }
    throw new PathError(`unknown function '${node.name}'`, node.pos);
  }

  private exists(focus: Val): string {
    if (focus.shape === "one") return `(${focus.sql} IS NOT NULL)`;
    if (focus.shape === "chain" && focus.steps.length === 0 && !focus.map && typeof focus.from !== "string" && !(focus.from instanceof NodeScope)) {
      const f = focus.from;
      return `(CASE WHEN ${this.wholeUsable(f)} THEN len(${this.kept(f, [])}) > 0 ELSE len(${f.general}) > 0 END)`;
    }
    const general = `(len(${this.asList(focus)}) > 0)`;
    const fast = focus.shape === "chain" && focus.map ? undefined : this.fastSingle(focus);
    return fast ? `(CASE WHEN ${fast.ok} THEN true${fast.empty ? ` WHEN ${fast.empty} THEN false` : ""} ELSE ${general} END)` : general;
  }

  /** One item of a collection whose items have static type `type`, as a typed value where known. */
  private item(json: string, type: FpType): Val {
    if (type === "json") return { shape: "one", sql: json, type };
    if (STRINGY.has(type)) return { shape: "one", sql: `json_extract_string(${json}, '$')`, type };
    return { shape: "one", sql: `CAST(${json} AS ${SQL_TYPE[type]})`, type };
  }

  /**
   * `lowBoundary()` / `highBoundary()` (experimental in SQL on FHIR): the least or greatest value a
   * decimal, date, dateTime or time could stand for at its precision. Without a static type, a
   * string shaped like a date is taken for a date.
   */
  private boundary(focus: Val, low: boolean, ctx: Ctx): Val {
    const type = focus.type;
    const date = (d: string) =>
      low
        ? `(CASE length(${d}) WHEN 4 THEN ${d} || '-01-01' WHEN 7 THEN ${d} || '-01' ELSE ${d} END)`
        : `(CASE length(${d}) WHEN 4 THEN ${d} || '-12-31' WHEN 7 THEN strftime(last_day(CAST(${d} || '-01' AS DATE)), '%Y-%m-%d') ELSE ${d} END)`;
    const [hh, mm, ms] = low ? ["00", "00", "000"] : ["59", "59", "999"];
    const time = (t: string) => `(CASE length(${t}) WHEN 2 THEN ${t} || ':${hh}:${mm}.${ms}' WHEN 5 THEN ${t} || ':${mm}.${ms}' WHEN 8 THEN ${t} || '.${ms}' ELSE ${t} END)`;
    const zone = low ? "+14:00" : "-12:00";
    const dateTime = (s: string) =>
      `(CASE WHEN contains(${s}, 'T') THEN ${date(`split_part(${s}, 'T', 1)`)} || 'T' || ${time(`regexp_extract(split_part(${s}, 'T', 2), '^[0-9:.]*')`)} || coalesce(nullif(regexp_extract(${s}, '(Z|[+-][0-9]{2}:[0-9]{2})$', 1), ''), '${zone}') ELSE ${date(s)} || 'T${low ? "00:00:00.000" : "23:59:59.999"}${zone}' END)`;
    const decimal = (n: string) => `(CAST(${n} AS DOUBLE) ${low ? "-" : "+"} 0.5 * power(10, -length(regexp_extract(${n}, '\\.([0-9]+)$', 1))))`;
    const sql = this.bind(this.singleJson(focus, tooMany(ctx)), (j) => {
      const s = `json_extract_string(${j}, '$')`;
      switch (type) {
        case "decimal":
        case "integer":
          return `to_json(${decimal(s)})`;
        case "date":
          return `to_json(${date(s)})`;
        case "dateTime":
          return `to_json(${dateTime(s)})`;
        case "time":
          return `to_json(${time(s)})`;
        default:
          return `(CASE WHEN ${isNum(j)} THEN to_json(${decimal(s)})
            WHEN regexp_full_match(${s}, '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?') THEN to_json(${date(s)})
            WHEN regexp_full_match(${s}, '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?T.*') THEN to_json(${dateTime(s)})
            WHEN regexp_full_match(${s}, '[0-9]{2}(:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?') THEN to_json(${time(s)}) END)`;
      }
    });
    return { shape: "one", sql, type: "json" };
  }
}

const tooMany = (ctx: Ctx) => `${ctx.label}: more than one value where one is expected`;

function primitiveType(type: TypeInfo): FpType {
  if (type.kind === "primitive") return type.fhirPathType;
  if (type.kind === "system" && type.fhirPathType !== "quantity") return type.fhirPathType;
  return "json";
}

function sameFamily(a: FpType, b: string): boolean {
  if (NUMERIC.has(a)) return b === "integer" || b === "decimal";
  return a === b || (STRINGY.has(a) && b === "string");
}

function sameType(a: Val, b: Val): FpType {
  return a.type === b.type ? a.type : "json";
}

function mentions(node: Node, kind: Node["kind"]): boolean {
  if (node.kind === kind) return true;
  switch (node.kind) {
    case "member":
      return node.target ? mentions(node.target, kind) : false;
    case "call":
      // A nested function's criteria have their own $index.
      return (node.target ? mentions(node.target, kind) : false) || (kind !== "indexVar" && node.args.some((a) => mentions(a, kind)));
    case "index":
      return mentions(node.target, kind) || mentions(node.index, kind);
    case "unary":
      return mentions(node.operand, kind);
    case "binary":
      return mentions(node.left, kind) || mentions(node.right, kind);
    case "typeop":
      return mentions(node.operand, kind);
    default:
      return false;
  }
}

/** Replaces the node and prefetch tokens of each scope by the SQL that binds them; `partial` leaves other scopes' tokens. */
export function resolveTokens(sql: string, bindings: ReadonlyMap<number, { node: string; fetched: (i: number) => string }>, partial = false): string {
  return sql.replace(/\u0001([NP])(\d+)(?:\.(\d+))?\u0001/g, (token: string, kind: string, id: string, i: string | undefined) => {
    const b = bindings.get(Number(id));
    if (!b && partial) return token;
    if (!b) throw new Error(`internal: unbound scope ${id}`);
    return kind === "N" ? b.node : b.fetched(Number(i));
  });
}
