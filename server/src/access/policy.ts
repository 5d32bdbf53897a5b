/**
 * Who may do what: pure rules, no I/O. A role is granted on an organisation and applies to its
 * whole sub-tree; a system administrator's grant has no organisation and applies everywhere.
 * Published strategies (a region's strategy is a public document) may be read by anyone, signed in
 * or not: the strategy, its key results and their aggregated figures. What the region works with
 * inside — its portfolio, needs, budgets, risks, scores, scenarios and computation runs — is internal
 * (docs/decisions/0015-publication-policy.md); an anonymous visitor sees of it at most the portfolio
 * summary, and only where the region publishes it.
 */

export const ROLES = ["admin", "strategy_editor", "board_member", "reporter", "initiative_owner", "reader", "analyst"] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  role: Role;
  /** null for a system administrator. */
  organisation: string | null;
}

export type PrincipalKind = "user" | "token" | "system" | "anonymous";

export interface Principal {
  kind: PrincipalKind;
  /** User id or token id; null for an anonymous visitor. */
  id: string | null;
  /** What the audit trail and `recorded_by` say: an e-mail address, `token:<name>`, or `anonymous`. */
  label: string;
  grants: Grant[];
}

export const ANONYMOUS: Principal = { kind: "anonymous", id: null, label: "anonymous", grants: [] };

/** An operator at the server's shell (`veivalg import`, `seed`): they hold the machine, so everything. */
export const systemPrincipal = (label: string): Principal => ({ kind: "system", id: null, label, grants: [{ role: "admin", organisation: null }] });

/** What can be asked of the policy. Each names the organisation it concerns. */
export type Action =
  /** Read a strategy (its tree, status, measurements, assessments) owned by `organisation`. */
  | { do: "strategy.read"; organisation: string; published: boolean }
  /**
   * Read what a strategy owned by `organisation` keeps internal: initiatives, needs, budgets, costs,
   * risks, ROS analyses, scores, scenarios, computation runs, and who wrote its assessments.
   */
  | { do: "strategy.internal"; organisation: string }
  /**
   * Read the portfolio summary (each initiative's title, focus areas, phase and planned period) of a
   * strategy owned by `organisation`; `published` when the strategy is public and its owner publishes the summary.
   */
  | { do: "portfolio.summary"; organisation: string; published: boolean }
  /** Register or revise a strategy, its key results and alignment, owned by `organisation`. */
  | { do: "strategy.write"; organisation: string }
  /** Report measurements for `organisation` to a key result of a strategy owned by `region`. */
  | { do: "measurement.write"; organisation: string; region: string }
  /** See `organisation`'s counts below the small-count threshold, which others see as "< 5" (domain/small-counts.ts). */
  | { do: "measurement.small_numbers"; organisation: string }
  /** Compute the FHIR-bound key results of a strategy owned by `organisation` from a FHIR export. */
  | { do: "computation.run"; organisation: string }
  /** Write an assessment of a strategy owned by `organisation` (for `about`, if for one organisation). */
  | { do: "assessment.write"; organisation: string; about: string | null }
  /** Register a need or idea on behalf of `organisation` in the portfolio of a strategy owned by `region`, or support one ("we have this too"). */
  | { do: "portfolio.propose"; organisation: string; region: string }
  /** Edit an initiative of the portfolio of a strategy owned by `organisation`, owned by `owner`: its plan, costs, status reports, risks and benefits. */
  | { do: "portfolio.manage"; organisation: string; owner: string }
  /** Triage needs, set budgets and gate checklists of the portfolio of a strategy owned by `organisation`. */
  | { do: "portfolio.govern"; organisation: string }
  /** Record a decision at a decision point (the portfolio board) for a strategy owned by `organisation`. */
  | { do: "portfolio.decide"; organisation: string }
  /** Add organisations, manage people, roles and tokens, read the audit trail. */
  | { do: "organisation.write" | "user.admin" | "token.admin" | "audit.read" };

/** The organisations from one up to its root: `ancestry("ahus")` → ["ahus", "hso"]. */
export type Ancestry = (organisation: string) => readonly string[];

/** Whether a grant on `granted` covers `organisation`: the same, or an organisation below it. */
function covers(ancestry: Ancestry, granted: string, organisation: string): boolean {
  return ancestry(organisation).includes(granted);
}

function holds(p: Principal, ancestry: Ancestry, roles: readonly Role[], organisation: string): boolean {
  return p.grants.some((g) => g.role === "admin" || (roles.includes(g.role) && g.organisation !== null && covers(ancestry, g.organisation, organisation)));
}

/**
 * Whether `organisation` lies in the region of a strategy owned by `region` (the owner or below it).
 * Figures, assessments and needs of one region's organisations never go into another's strategy — not
 * even an administrator's: it is the data's integrity, not a right.
 */
export function withinRegion(ancestry: Ancestry, region: string, organisation: string): boolean {
  return covers(ancestry, region, organisation);
}

/** Which organisation of an action must lie in the region of its strategy, if any (see `withinRegion`). */
export function regionalSubject(a: Action): { organisation: string; region: string } | null {
  switch (a.do) {
    case "measurement.write":
    case "portfolio.propose":
      return { organisation: a.organisation, region: a.region };
    case "assessment.write":
      return a.about === null ? null : { organisation: a.about, region: a.organisation };
    default:
      return null;
  }
}

/** Whether `p` holds any role above, at or below `organisation`: one of its people, the region's or a trust's. */
function insider(p: Principal, ancestry: Ancestry, organisation: string): boolean {
  return p.grants.some((g) => g.organisation !== null && (covers(ancestry, g.organisation, organisation) || covers(ancestry, organisation, g.organisation)));
}

export function isAdmin(p: Principal): boolean {
  return p.grants.some((g) => g.role === "admin");
}

/**
 * Whether `p` may do `a`. A signed-in person reads the strategies of every organisation they hold any
 * role in, above it (a trust's reporter reads the region's strategy) or below it.
 */
export function can(p: Principal, a: Action, ancestry: Ancestry): boolean {
  const subject = regionalSubject(a);
  if (subject && !withinRegion(ancestry, subject.region, subject.organisation)) return false;
  if (isAdmin(p)) return true;
  switch (a.do) {
    case "strategy.read":
      return a.published || insider(p, ancestry, a.organisation);
    case "strategy.internal":
      return insider(p, ancestry, a.organisation);
    case "portfolio.summary":
      return a.published || insider(p, ancestry, a.organisation);
    case "strategy.write":
      return holds(p, ancestry, ["strategy_editor"], a.organisation);
    case "measurement.write":
      return holds(p, ancestry, ["reporter"], a.organisation);
    case "measurement.small_numbers":
      return holds(p, ancestry, ["analyst"], a.organisation);
    case "computation.run":
      return holds(p, ancestry, ["strategy_editor", "analyst"], a.organisation);
    case "assessment.write":
      return holds(p, ancestry, ["strategy_editor"], a.organisation) || (a.about !== null && holds(p, ancestry, ["reporter"], a.about));
    case "portfolio.propose":
      return holds(p, ancestry, ["reporter", "initiative_owner", "strategy_editor", "board_member"], a.organisation);
    case "portfolio.manage":
      return holds(p, ancestry, ["strategy_editor", "board_member"], a.organisation) || holds(p, ancestry, ["initiative_owner"], a.owner);
    case "portfolio.govern":
      return holds(p, ancestry, ["strategy_editor", "board_member"], a.organisation);
    case "portfolio.decide":
      return holds(p, ancestry, ["board_member"], a.organisation);
    case "organisation.write":
    case "user.admin":
    case "token.admin":
    case "audit.read":
      return false;
  }
}

/**
 * What decides which small numbers `p` sees (the `measurement.small_numbers` rule above): everything
 * for an administrator, otherwise the organisations of their analyst grants. Two callers with the same
 * audience see the same figures, so a page computed for one may be served to the other.
 */
export function smallNumbersAudience(p: Principal): string {
  if (isAdmin(p)) return "all";
  const analysed = p.grants.filter((g) => g.role === "analyst" && g.organisation !== null).map((g) => g.organisation!);
  return analysed.length === 0 ? "none" : `analyst:${[...new Set(analysed)].sort().join(",")}`;
}

/** Builds `ancestry` from the organisation register's parent links. */
export function ancestryOf(parents: ReadonlyMap<string, string | null>): Ancestry {
  return (organisation) => {
    const chain: string[] = [];
    for (let o: string | null | undefined = organisation; o && !chain.includes(o); o = parents.get(o)) chain.push(o);
    return chain;
  };
}
