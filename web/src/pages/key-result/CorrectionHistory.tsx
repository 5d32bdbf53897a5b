import { Details, Paragraph } from "@digdir/designsystemet-react";
import { useState } from "react";
import { Link as RouterLink } from "wouter";
import type { KeyResult, Measurement, Organisation } from "../../api/client.js";
import { DataTable, type Column } from "../../components/DataTable.js";
import { Loaded } from "../../components/States.js";
import { useCurrent } from "../../current.js";
import { useStrategyAccess } from "../../session.js";
import { urls } from "../../urls.js";
import { Figure, SmallCountNote, valueIsCount } from "../../components/SmallCounts.js";
import { formatDateTime, formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import type { Dimension, NumberField } from "./entry.js";
import { krMessages } from "./messages.js";
import { useCorrectionHistory } from "./queries.js";

const SOURCES = ["manual", "import", "api", "computed", "demo"] as const;

/** Every figure ever recorded for one organisation and period, the replaced ones too: who, when, why. */
export function CorrectionHistory({
  kr,
  organisation,
  period,
  unit,
  fields,
  dims,
  language,
}: {
  kr: KeyResult;
  organisation: Organisation;
  period: string;
  unit: string;
  fields: NumberField[];
  dims: Dimension[];
  language: string;
}) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { region, strategyId } = useCurrent();
  const { internal } = useStrategyAccess();
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const history = useCorrectionHistory(kr.id, organisation.id, period, open);
  const title = t("historyTitle", { org: organisation.shortName, period: periodLabel(period, lang) });
  const number = (n: number | null) => (unit === "percent" && fields.length === 1 ? formatValue(n, unit) : formatNumber(n, 2));
  // A hidden numerator or denominator is a count; a hidden value is one unless it is a share.
  const figure = (m: Measurement, f: NumberField) =>
    m.suppressed && m[f] === null ? <Figure figure={{ value: null, suppressed: true }} unit={unit} count={f !== "value" || valueIsCount(kr.aggregation)} /> : number(m[f]);

  const columns: Column<Measurement>[] = [
    { key: "recorded", header: t("historyRecorded"), cell: (m) => formatDateTime(m.recordedAt), rowHeader: true },
    ...dims.map((d) => ({ key: `dim-${d.key}`, header: <span lang={language}>{d.label}</span>, cell: (m: Measurement) => <span lang={language}>{m.breakdown[d.key] ?? "–"}</span> })),
    ...fields.map((f) => ({ key: f, header: f === "value" ? tc("value") : t(f === "numerator" ? "numerator" : "denominator"), cell: (m: Measurement) => figure(m, f), numeric: true })),
    {
      key: "state",
      header: t("historyState"),
      cell: (m) => (m.supersededAt ? t("historySuperseded", { when: formatDateTime(m.supersededAt) }) : <strong>{t("historyCurrent")}</strong>),
    },
    { key: "by", header: t("historyBy"), cell: (m) => m.recordedBy },
    {
      key: "source",
      header: t("historySource"),
      cell: (m) => {
        const source = (SOURCES as readonly string[]).includes(m.source) ? t(`source_${m.source as (typeof SOURCES)[number]}`) : m.source;
        // A figure computed from FHIR data links to the run that says which files and definitions it came from (internal).
        return m.runId && internal ? <RouterLink href={urls.computations(region, strategyId, { run: m.runId })}>{source}</RouterLink> : source;
      },
    },
    { key: "comment", header: t("commentColumn"), cell: (m) => m.comment ?? "" },
  ];

  return (
    <Details className="kr-history" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <Details.Summary>{title}</Details.Summary>
      <Details.Content>
        {open && (
          <Loaded query={history}>
            {(rows) =>
              rows.length === 0 ? (
                <Paragraph data-size="sm">{t("historyEmpty")}</Paragraph>
              ) : (
                <>
                  <DataTable<Measurement>
                    caption={title}
                    captionHidden
                    columns={columns}
                    rows={[...rows].sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : b.id - a.id))}
                    rowKey={(m) => String(m.id)}
                  />
                  <SmallCountNote shown={rows.some((m) => m.suppressed)} />
                </>
              )
            }
          </Loaded>
        )}
      </Details.Content>
    </Details>
  );
}
