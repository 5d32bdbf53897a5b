import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";
import { STATUSES, StatusTag, useStatusLabel, type Status } from "./StatusTag.js";

/** How many key results are in each status, as a list a screen reader reads in full. */
export function StatusCounts({ counts, label }: { counts: Record<Status, number>; label?: string }) {
  const t = useT(common);
  const statusLabel = useStatusLabel();
  return (
    <ul className="status-counts" aria-label={label ?? t("keyResults")}>
      {STATUSES.filter((s) => counts[s] > 0).map((s) => (
        <li key={s} aria-label={`${statusLabel(s)}: ${counts[s]}`}>
          <StatusTag status={s} /> <span aria-hidden="true">{counts[s]}</span>
        </li>
      ))}
    </ul>
  );
}
