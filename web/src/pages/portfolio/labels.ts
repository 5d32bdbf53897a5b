import { useMemo } from "react";
import { ALL_PHASES, PHASES, type ActivePhase, type Phase } from "../../../../server/src/domain/portfolio/lifecycle.js";
import { useT } from "../../i18n/i18n.js";
import { labelMessages } from "./messages.js";

/** The portfolio's fixed vocabularies, in the order the board shows them, and their names in the user's language. */
export { ALL_PHASES, PHASES, type ActivePhase, type Phase };

export const RAGS = ["green", "amber", "red"] as const;
export type Rag = (typeof RAGS)[number];
export const DIMENSIONS = ["overall", "scope", "schedule", "cost", "benefits"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const KINDS = ["regional_project", "local_solution", "procurement", "operations_improvement", "service_design", "development", "other"] as const;
export type Kind = (typeof KINDS)[number];
export const NEED_SIZES = ["small", "medium", "large", "very_large"] as const;
export type NeedSize = (typeof NEED_SIZES)[number];
export const NEED_STATUSES = ["open", "merged", "converted", "declined"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const DIRECTIONS = ["positive", "negative"] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const LINK_SIZES = ["small", "medium", "large"] as const;
export type LinkSize = (typeof LINK_SIZES)[number];

/** Colour, symbol and word together: a RAG status never depends on colour alone. */
export const RAG_LOOK: Record<Rag | "none", { color: "success" | "warning" | "danger" | "neutral"; symbol: string }> = {
  green: { color: "success", symbol: "✓" },
  amber: { color: "warning", symbol: "!" },
  red: { color: "danger", symbol: "✕" },
  none: { color: "neutral", symbol: "–" },
};

/** Direction as a sign beside its words: + for a positive contribution, − for a negative one. */
export const DIRECTION_SYMBOL: Record<Direction, string> = { positive: "+", negative: "−" };

const isIn =
  <T extends string>(list: readonly T[]) =>
  (v: string): v is T =>
    (list as readonly string[]).includes(v);
export const isPhase = isIn(ALL_PHASES);
export const isRag = isIn(RAGS);
export const isKind = isIn(KINDS);
export const isNeedStatus = isIn(NEED_STATUSES);

/** The names of phases, RAG statuses, kinds and sizes in the user's language; unknown values are shown as they are. */
export function usePortfolioLabels() {
  const t = useT(labelMessages);
  return useMemo(() => {
    const name = (prefix: string, value: string, known: boolean) => (known ? t(`${prefix}_${value}` as Parameters<typeof t>[0]) : value);
    return {
      phase: (p: string) => name("phase", p, isPhase(p)),
      rag: (r: string | null | undefined) => (r ? name("rag", r, isRag(r)) : t("rag_none")),
      kind: (k: string) => name("kind", k, isKind(k)),
      dimension: (d: Dimension) => t(`dimension_${d}`),
      needSize: (s: string) => name("needSize", s, isIn(NEED_SIZES)(s)),
      needStatus: (s: string) => name("needStatus", s, isNeedStatus(s)),
      direction: (d: string) => name("direction", d, isIn(DIRECTIONS)(d)),
      linkSize: (s: string) => name("linkSize", s, isIn(LINK_SIZES)(s)),
      /** "Positive contribution, large". */
      contribution: (direction: string, size: string) =>
        t("contribution", { direction: name("direction", direction, isIn(DIRECTIONS)(direction)), size: name("linkSize", size, isIn(LINK_SIZES)(size)) }),
      gate: (gate: string) => t("gate", { gate }),
    };
  }, [t]);
}
