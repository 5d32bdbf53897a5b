import { Alert, Button, Field, Heading, Label, Paragraph, Select } from "@digdir/designsystemet-react";
import { useMemo, type ReactNode } from "react";
import { Link as RouterLink } from "wouter";
import type { Section, StrategyTree } from "../../api/client.js";
import type { InitiativeSummary } from "../../api/portfolio.js";
import { useOrganisations } from "../../api/queries.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { useT } from "../../i18n/i18n.js";
import { urls } from "../../urls.js";
import { ALL_PHASES, KINDS, RAGS, usePortfolioLabels } from "./labels.js";
import { portfolioMessages } from "./messages.js";
import "./portfolio.css";

const VIEWS = ["board", "roadmap", "bubbles", "budgets", "scoring", "scenarios"] as const;
type View = (typeof VIEWS)[number];

/** A portfolio page's heading, what it shows, and the links between the portfolio's views. */
export function PortfolioHead({ title, intro, view, strategyTitle, children }: { title: string; intro: string; view: View; strategyTitle?: string | undefined; children?: ReactNode }) {
  const t = useT(portfolioMessages);
  const { region, strategyId } = useCurrent();
  usePageTitle(strategyTitle ? `${title}: ${strategyTitle}` : title);
  const href: Record<View, string> = {
    board: urls.portfolio(region, strategyId),
    roadmap: urls.roadmap(region, strategyId),
    bubbles: urls.bubbles(region, strategyId),
    budgets: urls.budgets(region, strategyId),
    scoring: urls.scoring(region, strategyId),
    scenarios: urls.scenarios(region, strategyId),
  };
  return (
    <div className="portfolio-head">
      <div className="page-head">
        <div>
          <Heading level={1} data-size="lg">
            {title}
          </Heading>
          <Paragraph className="muted">{intro}</Paragraph>
        </div>
        {children}
      </div>
      <nav aria-label={t("viewsNav")} className="portfolio-views">
        <ul>
          {VIEWS.map((v) => (
            <li key={v}>
              <RouterLink href={href[v]} aria-current={v === view ? "page" : undefined}>
                {t(`view_${v}`)}
              </RouterLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

export interface FocusArea {
  key: string;
  code: string | null;
  title: string;
}

/**
 * The strategy's focus areas (or, where it has none, its top-level parts), and for every section
 * the focus area it belongs to, so a link to a sub-section or an initiative theme counts for its area.
 */
export function focusAreasOf(tree: StrategyTree | undefined): { areas: FocusArea[]; areaOf: Map<string, string> } {
  const areaOf = new Map<string, string>();
  if (!tree) return { areas: [], areaOf };
  const flat: Section[] = [];
  const walk = (list: Section[]) => list.forEach((s) => (flat.push(s), walk(s.children)));
  walk(tree.sections);
  const focus = flat.filter((s) => s.kind === "focus_area");
  const areas = focus.length > 0 ? focus : tree.sections.filter((s) => s.kind !== "text" && s.kind !== "principle");
  const mark = (s: Section, area: string) => {
    areaOf.set(s.key, area);
    s.children.forEach((c) => mark(c, area));
  };
  areas.forEach((a) => mark(a, a.key));
  return { areas: areas.map((a) => ({ key: a.key, code: a.code, title: a.title })), areaOf };
}

/** An initiative's code and title, linking to its page. */
export function InitiativeLink({ initiative: i }: { initiative: { id: string; code: string; title: string } }) {
  const { region, strategyId, strategy } = useCurrent();
  return (
    <RouterLink href={urls.initiative(region, strategyId, i.id)} className="initiative-link">
      <span className="kr-code">{i.code}</span> <span lang={strategy?.language}>{i.title}</span>
    </RouterLink>
  );
}

export const areaName = (a: FocusArea) => (a.code ? `${a.code} ${a.title}` : a.title);

/** An initiative's cost over all years as estimated: investment and operating. */
export const totalCost = (i: InitiativeSummary) => i.totals.investmentEstimate + i.totals.operatingEstimate;

export const FILTERS = ["area", "org", "kind", "rag", "phase"] as const;
export type FilterName = (typeof FILTERS)[number];
export type FilterValues = Record<FilterName, string>;

/** The filters in the address (`?area=fa-1&rag=red`), so a filtered view can be shared. */
export function useInitiativeFilters() {
  const [area, setArea] = useQueryParam("area", "");
  const [org, setOrg] = useQueryParam("org", "");
  const [kind, setKind] = useQueryParam("kind", "");
  const [rag, setRag] = useQueryParam("rag", "");
  const [phase, setPhase] = useQueryParam("phase", "");
  const values: FilterValues = useMemo(() => ({ area, org, kind, rag, phase }), [area, org, kind, rag, phase]);
  const setters: Record<FilterName, (v: string | undefined) => void> = { area: setArea, org: setOrg, kind: setKind, rag: setRag, phase: setPhase };
  return { values, set: (name: FilterName, v: string) => setters[name](v || undefined) };
}

/** Whether an initiative passes the filters that are set (`rag=none`: it has no status report). */
export function matches(i: InitiativeSummary, f: Partial<FilterValues>, areaOf: Map<string, string>): boolean {
  if (f.area) {
    const keys = [...i.sectionKeys, ...(i.themeKey ? [i.themeKey] : [])];
    if (!keys.some((k) => (areaOf.get(k) ?? k) === f.area)) return false;
  }
  if (f.org && i.organisationId !== f.org) return false;
  if (f.kind && i.kind !== f.kind) return false;
  if (f.phase && i.phase !== f.phase) return false;
  if (f.rag && (i.latestStatus?.overall ?? "none") !== f.rag) return false;
  return true;
}

/** An organisation's name and short name from the register, or its id. */
export function useOrgNames() {
  const orgs = useOrganisations();
  return useMemo(() => {
    const byId = new Map((orgs.data ?? []).map((o) => [o.id, o]));
    return { name: (id: string) => byId.get(id)?.name ?? id, short: (id: string) => byId.get(id)?.shortName ?? id };
  }, [orgs.data]);
}

/**
 * The filter bar over a list of initiatives: the chosen filters only (`show`), each a labelled
 * select; the trusts offered are those that own an initiative.
 */
export function FilterBar({
  show,
  filters,
  initiatives,
  areas,
  shown,
}: {
  show: FilterName[];
  filters: ReturnType<typeof useInitiativeFilters>;
  initiatives: InitiativeSummary[];
  areas: FocusArea[];
  shown: number;
}) {
  const t = useT(portfolioMessages);
  const labels = usePortfolioLabels();
  const names = useOrgNames();
  const owners = [...new Set(initiatives.map((i) => i.organisationId))].sort((a, b) => names.name(a).localeCompare(names.name(b), "nb"));
  const options: Record<FilterName, { label: string; choices: [string, string][] }> = {
    area: { label: t("filterArea"), choices: areas.map((a) => [a.key, areaName(a)]) },
    org: { label: t("filterOrg"), choices: owners.map((o) => [o, names.name(o)]) },
    kind: { label: t("filterKind"), choices: KINDS.map((k) => [k, labels.kind(k)]) },
    rag: { label: t("filterRag"), choices: [...RAGS.map((r): [string, string] => [r, labels.rag(r)]), ["none", labels.rag(null)]] },
    phase: { label: t("filterPhase"), choices: ALL_PHASES.map((p) => [p, labels.phase(p)]) },
  };
  const active = show.some((name) => filters.values[name] !== "");
  return (
    <div className="filter-bar" role="group" aria-labelledby="filters-heading">
      <Heading level={2} data-size="2xs" id="filters-heading" className="visually-hidden">
        {t("filters")}
      </Heading>
      <div className="filter-fields">
        {show.map((name) => {
          const o = options[name];
          const value = filters.values[name];
          return (
            <Field key={name}>
              <Label htmlFor={`filter-${name}`}>{o.label}</Label>
              <Select id={`filter-${name}`} value={value} onChange={(e) => filters.set(name, e.target.value)}>
                <option value="">{t("all")}</option>
                {/* A value from a shared address that is no longer offered still shows what filters. */}
                {value !== "" && !o.choices.some(([v]) => v === value) && <option value={value}>{value}</option>}
                {o.choices.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </Select>
            </Field>
          );
        })}
        {active && (
          <Button variant="tertiary" data-size="sm" onClick={() => show.forEach((name) => filters.set(name, ""))}>
            {t("clearFilters")}
          </Button>
        )}
      </div>
      <Paragraph data-size="sm" role="status" className="muted">
        {t("showing", { shown, total: initiatives.length })}
      </Paragraph>
    </div>
  );
}

/** The portfolio has no initiative at all: say so, and where initiatives come from. */
export function EmptyPortfolio() {
  const t = useT(portfolioMessages);
  const { region, strategyId } = useCurrent();
  return (
    <Alert data-color="info">
      <Heading level={2} data-size="xs">
        {t("emptyPortfolio")}
      </Heading>
      <Paragraph>{t("emptyPortfolioHint")}</Paragraph>
      <Paragraph>
        <RouterLink href={urls.needs(region, strategyId)}>{t("toNeeds")}</RouterLink>
      </Paragraph>
    </Alert>
  );
}

/** Nothing passes the filters. */
export function NoMatch({ onClear }: { onClear: () => void }) {
  const t = useT(portfolioMessages);
  return (
    <Alert data-color="neutral">
      <Paragraph>{t("noMatch")}</Paragraph>
      <Button variant="secondary" data-size="sm" onClick={onClear}>
        {t("clearFilters")}
      </Button>
    </Alert>
  );
}

