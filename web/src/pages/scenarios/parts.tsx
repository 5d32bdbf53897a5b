import type { ReactNode } from "react";
import type { SolveStatus } from "../../api/scenarios.js";
import { useT } from "../../i18n/i18n.js";
import { scenarioMessages } from "./messages.js";

const SYMBOL: Record<SolveStatus, string> = { optimal: "✓", time_limit: "◐", infeasible: "✕" };

/** A solve's status in words, with a symbol that tells it apart without colour. */
export function StatusText({ status }: { status: SolveStatus | null }) {
  const t = useT(scenarioMessages);
  if (status === null) return <span className="muted">{t("notSolved")}</span>;
  return (
    <span className={`scenario-status scenario-status-${status}`}>
      <span aria-hidden="true">{SYMBOL[status]}</span> {t(`status_${status}`)}
    </span>
  );
}

/** Key figures as a description list: term over value. */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="scenario-facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
