import { Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import type { KeyResult, Organisation } from "../../api/client.js";
import { DataTable } from "../../components/DataTable.js";
import { formatDate, formatDateTime, formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { krMessages } from "./messages.js";
import { changedFields, type TrackedField } from "./versions.js";

type Version = KeyResult;

/** Every version of the key result, newest first: when it took effect, why, by whom, and what it changed. */
export function VersionHistory({ versions, organisations, language }: { versions: Version[]; organisations: Organisation[]; language: string }) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const orgName = (id: string | undefined) => (id ? (organisations.find((o) => o.id === id)?.name ?? id) : "");

  /** A field's content as a reader wants to see it. */
  function show(v: Version, field: TrackedField): ReactNode {
    switch (field) {
      case "title":
      case "definition":
        return v[field] ? <span lang={language}>{v[field]}</span> : "–";
      case "unit":
        return tc(`unit_${v.unit}`);
      case "direction":
        return t(`direction_${v.direction}`);
      case "aggregation":
        return t(`aggregation_${v.aggregation}`);
      case "frequency":
        return t(`frequency_${v.frequency}`);
      case "tolerance":
        return `${formatNumber(v.tolerance * 100, 1)} %`;
      case "baseline":
        return v.baseline ? t("baselineValue", { value: formatValue(v.baseline.value, v.unit), period: periodLabel(v.baseline.period, lang) }) : "–";
      case "targets":
        return v.targets.length === 0 ? (
          t("noTargetsShort")
        ) : (
          <ul className="kr-plain-list">
            {v.targets.map((x) => (
              <li key={`${x.period}|${x.organisation ?? ""}`}>
                {periodLabel(x.period, lang)}
                {` (${x.organisation ? orgName(x.organisation) : t(v.aggregation === "sum" || v.aggregation === "latest" ? "targetEachOrg" : "targetWholeRegion").toLocaleLowerCase(lang === "en" ? "en" : "nb")})`}:{" "}
                {formatValue(x.value, v.unit)}
              </li>
            ))}
          </ul>
        );
      case "dimensions":
        return v.dimensions.length === 0 ? (
          t("noDimensions")
        ) : (
          <ul className="kr-plain-list" lang={language}>
            {v.dimensions.map((d) => (
              <li key={d.key}>
                {d.label}
                {d.values.length > 0 ? `: ${d.values.join(", ")}` : ""}
              </li>
            ))}
          </ul>
        );
      case "owner":
        return v.owner ? orgName(v.owner) : "–";
      case "parentCode":
        return v.parentCode ?? "–";
      case "sectionKey":
        return v.sectionKey;
      case "retiredFrom":
        return v.retiredFrom ? formatDate(v.retiredFrom) : "–";
    }
  }

  return (
    <section aria-labelledby="kr-versions-heading" className="kr-section">
      <Heading level={2} data-size="md" id="kr-versions-heading">
        {t("versionsTitle")}
      </Heading>
      <ol className="kr-versions">
        {sorted.map((v) => {
          const before = versions.find((x) => x.version === v.version - 1);
          const changes = before ? changedFields(before, v) : [];
          return (
            <li key={v.version} className="kr-version">
              <Heading level={3} data-size="xs">
                {t("versionHeading", { version: v.version })}{" "}
                {v.version === v.currentVersion && (
                  <Tag data-color="info" data-size="sm">
                    {t("versionCurrent")}
                  </Tag>
                )}
              </Heading>
              <Paragraph data-size="sm" className="muted">
                {t("versionMeta", { from: formatDate(v.effectiveFrom), when: formatDateTime(v.createdAt), by: v.createdBy })}
              </Paragraph>
              <Paragraph data-size="sm">
                <strong>{t("versionReason")}</strong> <span lang={language}>{v.reason || "–"}</span>
              </Paragraph>
              {!before ? null : changes.length === 0 ? (
                <Paragraph data-size="sm">{t("versionNoChanges")}</Paragraph>
              ) : (
                <DataTable<TrackedField>
                  caption={t("versionChangesCaption", { from: before.version, to: v.version })}
                  rows={changes}
                  rowKey={(f) => f}
                  columns={[
                    { key: "field", header: t("versionField"), cell: (f) => t(`field_${f}`), rowHeader: true },
                    { key: "before", header: t("versionBefore", { version: before.version }), cell: (f) => show(before, f) },
                    { key: "after", header: t("versionAfter", { version: v.version }), cell: (f) => show(v, f) },
                  ]}
                />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
