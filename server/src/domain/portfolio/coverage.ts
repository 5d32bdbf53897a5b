/**
 * The coverage matrix: the strategy's objectives (focus areas and their key results) against the
 * initiatives of its portfolio, to show which objectives have nothing behind them. A rejected
 * initiative covers nothing; one expected to move an objective the wrong way (a negative link) is
 * shown in its cell but does not cover it.
 */
import type { LinkDirection, LinkSize } from "./initiative.js";
import type { Phase } from "./lifecycle.js";

/** The kinds of section an initiative can serve: those that state objectives. Any section holding key results counts too. */
export const OBJECTIVE_KINDS: readonly string[] = ["focus_area", "ambition", "goal"];

export const isObjective = (s: { kind: string; keyResultCount: number }) => OBJECTIVE_KINDS.includes(s.kind) || s.keyResultCount > 0;

export interface CoverageSection {
  key: string;
  code: string | null;
  title: string;
  keyResults: { id: string; code: string; title: string }[];
}

export interface CoverageInitiative {
  id: string;
  code: string;
  title: string;
  phase: Phase;
}

export interface CoverageLink {
  initiative: string;
  section: string;
  keyResult: string | null;
  direction: LinkDirection;
  size: LinkSize;
}

export interface Coverage {
  sections: (Omit<CoverageSection, "keyResults"> & { initiativeCount: number; keyResults: { id: string; code: string; title: string; initiativeCount: number }[] })[];
  initiatives: CoverageInitiative[];
  cells: CoverageLink[];
  uncovered: { sections: string[]; keyResults: string[] };
}

/** Whether an initiative counts in the portfolio's coverage. */
export const counts = (phase: Phase) => phase !== "rejected";

/**
 * The matrix. A link to a key result covers its focus area as well; an initiative counts once per
 * focus area and once per key result however many links it has there.
 */
export function coverage(sections: readonly CoverageSection[], initiatives: readonly CoverageInitiative[], links: readonly CoverageLink[]): Coverage {
  const counted = initiatives.filter((i) => counts(i.phase));
  const ids = new Set(counted.map((i) => i.id));
  const known = new Set(sections.map((s) => s.key));
  const cells = links.filter((l) => ids.has(l.initiative) && known.has(l.section));
  const bySection = new Map<string, Set<string>>();
  const byKeyResult = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, key: string, initiative: string) => m.set(key, (m.get(key) ?? new Set()).add(initiative));
  for (const l of cells) {
    if (l.direction !== "positive") continue;
    add(bySection, l.section, l.initiative);
    if (l.keyResult !== null) add(byKeyResult, l.keyResult, l.initiative);
  }
  const out = sections.map((s) => ({
    key: s.key,
    code: s.code,
    title: s.title,
    initiativeCount: bySection.get(s.key)?.size ?? 0,
    keyResults: s.keyResults.map((k) => ({ ...k, initiativeCount: byKeyResult.get(k.id)?.size ?? 0 })),
  }));
  return {
    sections: out,
    initiatives: counted,
    cells,
    uncovered: {
      sections: out.filter((s) => s.initiativeCount === 0).map((s) => s.key),
      keyResults: out.flatMap((s) => s.keyResults.filter((k) => k.initiativeCount === 0).map((k) => k.id)),
    },
  };
}
