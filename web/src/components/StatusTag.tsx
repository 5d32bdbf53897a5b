import { Tag } from "@digdir/designsystemet-react";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";

/** `suppressed`: not shown, because it would tell a small count hidden to protect privacy. */
export const STATUSES = ["on_track", "at_risk", "off_track", "no_data", "no_target", "suppressed"] as const;
export type Status = (typeof STATUSES)[number];

/** Colour, symbol and word together: a status never depends on colour alone. */
export const STATUS_LOOK: Record<Status, { color: string; symbol: string }> = {
  on_track: { color: "success", symbol: "✓" },
  at_risk: { color: "warning", symbol: "!" },
  off_track: { color: "danger", symbol: "✕" },
  no_data: { color: "neutral", symbol: "–" },
  no_target: { color: "info", symbol: "○" },
  // Statistics Norway's sign for a figure withheld so that no person can be identified.
  suppressed: { color: "neutral", symbol: ":" },
};

export function useStatusLabel() {
  const t = useT(common);
  return (s: Status) => t(`status_${s}`);
}

export function StatusTag({ status, size }: { status: Status; size?: "sm" | "md" }) {
  const label = useStatusLabel();
  const look = STATUS_LOOK[status];
  return (
    <Tag data-color={look.color} data-size={size ?? "sm"} className="status-tag">
      <span aria-hidden="true" className="status-symbol">
        {look.symbol}
      </span>{" "}
      {label(status)}
    </Tag>
  );
}
