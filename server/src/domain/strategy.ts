/**
 * The shape of a strategy as people write it. One generic tree serves every region:
 * Helse Sør-Øst writes focus areas with objectives, key results and initiatives; Helse Vest writes
 * guidelines, ambitions, prerequisites and focus areas. A section's `kind` says which, and nothing
 * in the code branches on the region.
 */

export const SECTION_KINDS = [
  "focus_area", // innsatsområde (objective + description + key results + initiatives)
  "initiative", // aktuelt strategisk initiativ
  "goal", // a goal of a parent plan (e.g. Regional utviklingsplan 2040)
  "guideline", // strategisk føring
  "ambition", // ambisjon
  "prerequisite", // føresetnad
  "principle", // how the strategy is used, governance
  "text", // background and other prose
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const STRATEGY_STATUSES = ["draft", "adopted", "archived"] as const;
export type StrategyStatus = (typeof STRATEGY_STATUSES)[number];

export const STRATEGY_KINDS = ["national_strategy", "development_plan", "sub_strategy", "local_plan"] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

export const UNITS = ["count", "percent", "days", "hours", "minutes", "nok", "score", "ratio", "index", "tonnes"] as const;
export type Unit = (typeof UNITS)[number];

export const DIRECTIONS = ["increase", "decrease", "maintain"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** How values of a key result combine across organisations, breakdowns and time (docs/decisions/0003-rollup.md). */
export const AGGREGATIONS = ["sum", "ratio", "mean", "latest"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const FREQUENCIES = ["month", "quarter", "tertial", "year"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Dimension {
  /** Column name in import files, e.g. `forløpstype`. */
  key: string;
  label: string;
  /** Allowed values; empty means free text. */
  values: string[];
}

export interface Target {
  period: string;
  /** Organisation id; absent means the target holds for every organisation and the region. */
  organisation?: string | undefined;
  value: number;
}

export interface KeyResultContent {
  title: string;
  definition: string;
  unit: Unit;
  direction: Direction;
  aggregation: Aggregation;
  frequency: Frequency;
  dimensions: Dimension[];
  baseline?: { period: string; value: number } | undefined;
  targets: Target[];
  /** Share of the target's distance within which a value counts as "at risk" rather than "off track". */
  tolerance: number;
  owner?: string | undefined;
}

export interface KeyResultInput extends KeyResultContent {
  /** e.g. `1.4`, `1.5a`. Unique within a strategy. */
  code: string;
  /** Code of the key result this one is a sub-item of (`1.5` for `1.5a`). */
  parentCode?: string | undefined;
}

export interface SectionInput {
  /** Stable across versions of the strategy; identifies "the same section" when versions are compared. */
  key: string;
  kind: SectionKind;
  /** The number people use, e.g. `1` for the first focus area. */
  code?: string | undefined;
  title: string;
  /** Målformulering. */
  objective?: string | undefined;
  /** Målbeskrivelse or the section's prose. */
  description?: string | undefined;
  children?: SectionInput[] | undefined;
  keyResults?: KeyResultInput[] | undefined;
}

export interface StrategyInput {
  /** Stable id, e.g. `hso-teknologi-2023`. */
  id: string;
  /** Organisation id of the owning region (or national body). */
  owner: string;
  kind: StrategyKind;
  title: string;
  /** Language the text is written in. */
  language: "nb" | "nn" | "en";
  periodFrom: string;
  periodTo?: string | undefined;
  status: StrategyStatus;
  adoptedOn?: string | undefined;
  /** Adoption reference, e.g. `styresak 132-2023`. */
  reference?: string | undefined;
  /** Id of the plan this strategy serves. */
  parent?: string | undefined;
  /** Where the text comes from (URL or document name). */
  source?: string | undefined;
  summary?: string | undefined;
  published: boolean;
  sections: SectionInput[];
}

export const ORGANISATION_KINDS = ["national", "rhf", "hf", "shared_service", "unit"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface OrganisationInput {
  id: string;
  parent?: string | undefined;
  kind: OrganisationKind;
  name: string;
  shortName: string;
  /** External identifiers, e.g. `{ "orgnr": "…", "resh": "…" }`. */
  identifiers?: Record<string, string> | undefined;
}
