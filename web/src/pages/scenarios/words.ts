import { useMemo } from "react";
import type { Conflict, Problem, Reason, Resource, SolveStatus } from "../../api/scenarios.js";
import { formatNumber } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { scenarioMessages } from "./messages.js";

/** Money in millions of kroner, as the board reads budgets: `12,5 mill. kr`. */
export const millions = (nok: number) => formatNumber(nok / 1_000_000, 1);

/**
 * The solver's answers in words: statuses, amounts of each resource, and the conflicts and reasons
 * (which name initiatives and objectives by id) as sentences with the codes and titles of `problem`.
 */
export function useScenarioWords(problem: Problem | null | undefined) {
  const t = useT(scenarioMessages);
  return useMemo(() => {
    const initiatives = new Map((problem?.initiatives ?? []).map((i) => [i.id, i]));
    const objectives = new Map((problem?.objectives ?? []).map((o) => [o.key, o.title]));
    const name = (id: string) => {
      const i = initiatives.get(id);
      return i ? `${i.code} ${i.title}` : id;
    };
    const names = (ids: readonly string[]) => ids.map(name).join(", ");
    const objective = (key: string) => objectives.get(key) ?? key;
    const resource = (r: Resource) => t(`resource_${r}`);
    const Resource = (r: Resource) => capitalise(resource(r));
    const amount = (r: Resource, n: number) => (r === "capacity" ? t("personYears", { value: formatNumber(n, 1) }) : t("mnok", { value: millions(n) }));
    const status = (s: SolveStatus | null) => (s === null ? t("notSolved") : t(`status_${s}`));

    function conflict(c: Conflict): string {
      switch (c.kind) {
        case "over_budget":
          return t("conflict_over_budget", {
            needed: amount(c.resource ?? "investment", c.needed ?? 0),
            resource: resource(c.resource ?? "investment"),
            year: c.year,
            limit: amount(c.resource ?? "investment", c.limit ?? 0),
            names: names(c.initiatives ?? []),
          });
        case "mandatory_excluded":
          return t("conflict_mandatory_excluded", { name: name(c.initiative ?? "") });
        case "no_start_year":
          return t("conflict_no_start_year", { name: name(c.initiative ?? ""), from: problem?.years[0], to: problem?.years.at(-1) });
        case "requires_unavailable":
          return t("conflict_requires_unavailable", { name: name(c.initiative ?? ""), requires: name(c.requires ?? "") });
        case "exclusive_mandatory":
          return t("conflict_exclusive_mandatory", { names: names(c.initiatives ?? []) });
        case "objective_unreachable":
          return t("conflict_objective_unreachable", { objective: objective(c.objective ?? ""), min: formatNumber(c.minValue, 1), reachable: formatNumber(c.reachable, 1) });
        case "combination": {
          const list = (c.constraints ?? []).map((g) => {
            switch (g.kind) {
              case "budget":
                return t("group_budget", { resource: resource(g.resource ?? "investment"), year: g.year });
              case "objective":
                return t("group_objective", { objective: objective(g.objective ?? "") });
              default:
                return t(`group_${g.kind}`);
            }
          });
          return t("conflict_combination", { list: list.join(", ") });
        }
      }
    }

    function reason(r: Reason): string {
      switch (r.kind) {
        case "requires":
          return t("reason_requires", { name: name(r.requires ?? "") });
        case "alternative":
          return t("reason_alternative", { name: name(r.chosen ?? "") });
        case "does_not_fit":
          return t("reason_does_not_fit", {
            shortfalls: (r.shortfalls ?? []).map((s) => t("shortfall", { resource: resource(s.resource), year: s.year, amount: amount(s.resource, s.short) })).join("; "),
          });
        default:
          return t(`reason_${r.kind}`);
      }
    }

    return { name, names, objective, resource, Resource, amount, status, conflict, reason };
  }, [problem, t]);
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase("nb") + s.slice(1);
