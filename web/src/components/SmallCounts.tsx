import { Paragraph } from "@digdir/designsystemet-react";
import { useCallback } from "react";
import { formatNumber, formatValue } from "../format.js";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";
import { useSession } from "../session.js";

/**
 * Small counts of key results computed from patient data come from the server as null with
 * `suppressed: true` to those who may not see them (server/src/domain/small-counts.ts): a count
 * shows as "< 5" and a share built on one as "hidden", with a note saying why.
 */

/** The server's threshold (GET /session); 5, its default, until the session is known. */
export function useSmallCountThreshold(): number {
  return useSession().data?.smallCountThreshold ?? 5;
}

/** A figure that may be suppressed: its value, and the server's marker. */
export interface MaybeSuppressed {
  value: number | null;
  suppressed?: true | undefined;
}

/**
 * The text of a figure: as formatValue gives it, or for a hidden one "< 5" when it is a count
 * (`count`: the value of a sum or latest key result, a numerator or denominator) and "hidden" when
 * it is a share built on one.
 */
export function useFigureText() {
  const t = useT(common);
  const threshold = useSmallCountThreshold();
  return useCallback(
    (figure: MaybeSuppressed | undefined, unit: string, count: boolean): string =>
      figure?.suppressed && figure.value === null ? (count ? `< ${formatNumber(threshold, 0)}` : t("hiddenShare")) : formatValue(figure?.value, unit),
    [t, threshold],
  );
}

/** Whether a key result's value is itself a count (not a share or a mean). */
export const valueIsCount = (aggregation: string) => aggregation === "sum" || aggregation === "latest";

/** A figure in a table or list: hidden ones carry the reason as a tooltip. */
export function Figure({ figure, unit, count }: { figure: MaybeSuppressed | undefined; unit: string; count: boolean }) {
  const t = useT(common);
  const text = useFigureText();
  const threshold = useSmallCountThreshold();
  if (!(figure?.suppressed && figure.value === null)) return <>{text(figure, unit, count)}</>;
  return (
    <span className="suppressed-figure" title={t("smallCountNote", { threshold })}>
      {text(figure, unit, count)}
    </span>
  );
}

/** The note under a view with hidden small numbers; nothing when none is hidden. */
export function SmallCountNote({ shown }: { shown: boolean }) {
  const t = useT(common);
  const threshold = useSmallCountThreshold();
  if (!shown) return null;
  return (
    <Paragraph data-size="sm" className="muted small-count-note" role="note">
      {t("smallCountNote", { threshold })}
    </Paragraph>
  );
}
