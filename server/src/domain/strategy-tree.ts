import type { KeyResultContent, KeyResultInput, SectionInput, StrategyInput } from "./strategy.js";

/** A section as stored: flattened, with its parent's key and its position among its siblings. */
export interface FlatSection {
  key: string;
  parentKey: string | null;
  kind: string;
  code: string | null;
  position: number;
  title: string;
  objective: string | null;
  description: string | null;
}

export interface FlatKeyResult extends KeyResultInput {
  sectionKey: string;
  position: number;
}

/** Flattens a strategy's section tree in reading order. */
export function flatten(sections: readonly SectionInput[]): { sections: FlatSection[]; keyResults: FlatKeyResult[] } {
  const out: FlatSection[] = [];
  const krs: FlatKeyResult[] = [];
  const walk = (list: readonly SectionInput[], parentKey: string | null) => {
    list.forEach((s, position) => {
      out.push({
        key: s.key,
        parentKey,
        kind: s.kind,
        code: s.code ?? null,
        position,
        title: s.title,
        objective: s.objective ?? null,
        description: s.description ?? null,
      });
      (s.keyResults ?? []).forEach((kr, i) => krs.push({ ...kr, sectionKey: s.key, position: i }));
      walk(s.children ?? [], s.key);
    });
  };
  walk(sections, null);
  return { sections: out, keyResults: krs };
}

export type Tree<T> = T & { children: Tree<T>[] };

/** Rebuilds the tree from flat sections (with `extra` added to each node), siblings in position order. */
export function nest<T extends FlatSection, E extends object>(flat: readonly T[], extra: () => E): Tree<T & E>[] {
  const nodes = new Map<string, Tree<T & E>>(flat.map((s) => [s.key, { ...s, ...extra(), children: [] }]));
  const roots: Tree<T & E>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentKey ? nodes.get(node.parentKey) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byPosition = (a: FlatSection, b: FlatSection) => a.position - b.position;
  roots.sort(byPosition);
  for (const n of nodes.values()) n.children.sort(byPosition);
  return roots;
}

/** The sections in reading order: each before its children, siblings by position. */
export function readingOrder<T extends FlatSection>(flat: readonly T[]): T[] {
  const out: T[] = [];
  const walk = (nodes: Tree<T>[]) => {
    for (const n of nodes) {
      const { children, ...section } = n;
      out.push(section as unknown as T);
      walk(children);
    }
  };
  walk(nest(flat, () => ({})));
  return out;
}

/**
 * Items (key results, or what is shown of them) under their sections, sections in reading order:
 * sections without items are left out, and so are items of no section.
 */
export function bySection<S extends FlatSection, K>(
  sections: readonly S[],
  items: readonly K[],
  sectionOf: (item: K) => string,
): { section: S; keyResults: K[] }[] {
  const under = new Map<string, K[]>();
  for (const item of items) under.set(sectionOf(item), [...(under.get(sectionOf(item)) ?? []), item]);
  return readingOrder(sections).flatMap((section) => {
    const krs = under.get(section.key) ?? [];
    return krs.length > 0 ? [{ section, keyResults: krs }] : [];
  });
}

/** Structural faults a strategy must not have; each names where it is. */
export function structuralFaults(input: Pick<StrategyInput, "sections">): { path: string; message: string }[] {
  const faults: { path: string; message: string }[] = [];
  const { sections, keyResults } = flatten(input.sections);
  const keys = new Set<string>();
  for (const s of sections) {
    if (keys.has(s.key)) faults.push({ path: `sections.${s.key}`, message: `section key "${s.key}" is used twice` });
    keys.add(s.key);
  }
  const codes = new Set<string>();
  for (const kr of keyResults) {
    if (codes.has(kr.code)) faults.push({ path: `keyResults.${kr.code}`, message: `key result code "${kr.code}" is used twice` });
    codes.add(kr.code);
  }
  for (const kr of keyResults) {
    if (kr.parentCode && !codes.has(kr.parentCode)) {
      faults.push({ path: `keyResults.${kr.code}.parentCode`, message: `no key result "${kr.parentCode}"` });
    }
  }
  return faults;
}

const CONTENT_FIELDS = [
  "title",
  "definition",
  "unit",
  "direction",
  "aggregation",
  "frequency",
  "dimensions",
  "baseline",
  "targets",
  "tolerance",
  "owner",
] as const satisfies readonly (keyof KeyResultContent)[];

/** Normalises for comparison: absent and undefined optional fields are the same. */
const canon = (v: unknown): string => JSON.stringify(v ?? null);

export function changedKeyResultFields(a: KeyResultContent, b: KeyResultContent): string[] {
  return CONTENT_FIELDS.filter((f) => canon(a[f]) !== canon(b[f]));
}

const SECTION_FIELDS = ["kind", "code", "title", "objective", "description", "parentKey", "position"] as const;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
export interface ItemChange {
  key: string;
  change: "added" | "removed" | "changed";
  title: string;
  fields: FieldChange[];
}
export interface StrategyDiff {
  from: number;
  to: number;
  metadata: FieldChange[];
  sections: ItemChange[];
  keyResults: ItemChange[];
}

function diffItems<T extends { title: string }>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  fields: readonly (keyof T & string)[],
): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const [key, a] of before) {
    const b = after.get(key);
    if (!b) {
      changes.push({ key, change: "removed", title: a.title, fields: [] });
      continue;
    }
    const changed = fields
      .filter((f) => canon(a[f]) !== canon(b[f]))
      .map((f) => ({ field: f, before: a[f] ?? null, after: b[f] ?? null }));
    if (changed.length > 0) changes.push({ key, change: "changed", title: b.title, fields: changed });
  }
  for (const [key, b] of after) {
    if (!before.has(key)) changes.push({ key, change: "added", title: b.title, fields: [] });
  }
  return changes;
}

export interface VersionSnapshot {
  version: number;
  metadata: Record<string, unknown>;
  sections: FlatSection[];
  keyResults: (KeyResultContent & { code: string; sectionKey: string })[];
}

/** What changed between two versions of a strategy: metadata, sections by key, key results by code. */
export function diffStrategyVersions(a: VersionSnapshot, b: VersionSnapshot): StrategyDiff {
  const metadata = Object.keys({ ...a.metadata, ...b.metadata })
    .filter((f) => canon(a.metadata[f]) !== canon(b.metadata[f]))
    .map((f) => ({ field: f, before: a.metadata[f] ?? null, after: b.metadata[f] ?? null }));
  return {
    from: a.version,
    to: b.version,
    metadata,
    sections: diffItems(new Map(a.sections.map((s) => [s.key, s])), new Map(b.sections.map((s) => [s.key, s])), SECTION_FIELDS),
    keyResults: diffItems(
      new Map(a.keyResults.map((k) => [k.code, k])),
      new Map(b.keyResults.map((k) => [k.code, k])),
      [...CONTENT_FIELDS, "sectionKey"],
    ),
  };
}
