import { Breadcrumbs, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { Link as RouterLink } from "wouter";
import type { KeyResult, Organisation } from "../../api/client.js";
import { DataTable } from "../../components/DataTable.js";
import { StatusTag } from "../../components/StatusTag.js";
import { SmallCountNote, useFigureText } from "../../components/SmallCounts.js";
import { formatDate, formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { urls } from "../../urls.js";
import { krMessages } from "./messages.js";
import type { Series } from "./queries.js";

type Target = KeyResult["targets"][number];

/** Breadcrumbs, the key result's code and title, what it measures and how, its targets and its latest figure. */
export function KeyResultHead({
  kr,
  region,
  strategyId,
  language,
  sectionTitle,
  organisations,
  latest,
  period,
}: {
  kr: KeyResult;
  region: string;
  strategyId: string;
  language: string;
  sectionTitle: string | undefined;
  organisations: Organisation[];
  /** The region's point for the page's period, when the series has it. */
  latest: Series["points"][number] | undefined;
  period: string;
}) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const orgName = (id: string | undefined) => (id ? (organisations.find((o) => o.id === id)?.name ?? id) : undefined);
  const overview = urls.overview(region, strategyId, { period });
  const area = urls.focusArea(region, strategyId, kr.sectionKey, { period });
  const self = urls.keyResult(region, strategyId, kr.id, { period });
  // Sums add up across trusts: a target without an organisation is each trust's, and the region's is their sum.
  const additive = kr.aggregation === "sum" || kr.aggregation === "latest";
  const figure = useFigureText();

  const facts: [string, ReactNode][] = [
    [t("factUnit"), tc(`unit_${kr.unit}`)],
    [t("factDirection"), t(`direction_${kr.direction}`)],
    [t("factAggregation"), t(`aggregation_${kr.aggregation}`)],
    [t("factFrequency"), t(`frequency_${kr.frequency}`)],
    [t("factOwner"), orgName(kr.owner) ?? t("notGiven")],
    [t("factBaseline"), kr.baseline ? t("baselineValue", { value: formatValue(kr.baseline.value, kr.unit), period: periodLabel(kr.baseline.period, lang) }) : t("notGiven")],
    [t("factTolerance"), t("toleranceValue", { percent: `${formatNumber(kr.tolerance * 100, 1)} %` })],
    [t("factVersion"), t("versionValue", { version: kr.currentVersion, date: formatDate(kr.effectiveFrom) })],
  ];

  return (
    <header className="kr-head">
      <Breadcrumbs aria-label={t("breadcrumbs")}>
        <Breadcrumbs.Link asChild aria-label={t("backTo", { title: sectionTitle ?? tc("focusArea") })}>
          <RouterLink href={area}>{sectionTitle ?? tc("focusArea")}</RouterLink>
        </Breadcrumbs.Link>
        <Breadcrumbs.List>
          <Breadcrumbs.Item>
            <Breadcrumbs.Link asChild>
              <RouterLink href={overview}>{tc("navOverview")}</RouterLink>
            </Breadcrumbs.Link>
          </Breadcrumbs.Item>
          <Breadcrumbs.Item>
            <Breadcrumbs.Link asChild>
              <RouterLink href={area} lang={language}>
                {sectionTitle ?? tc("focusArea")}
              </RouterLink>
            </Breadcrumbs.Link>
          </Breadcrumbs.Item>
          <Breadcrumbs.Item>
            <Breadcrumbs.Link asChild>
              <RouterLink href={self}>{kr.code}</RouterLink>
            </Breadcrumbs.Link>
          </Breadcrumbs.Item>
        </Breadcrumbs.List>
      </Breadcrumbs>

      <div className="kr-title-row">
        <div className="kr-title">
          <Paragraph data-size="sm" className="muted kr-eyebrow">
            {tc("keyResult")} {kr.code}
            {kr.retiredFrom ? ` · ${t("retired", { date: formatDate(kr.retiredFrom) })}` : ""}
          </Paragraph>
          <Heading level={1} data-size="lg" lang={language}>
            {kr.title}
          </Heading>
          {kr.definition && (
            <Paragraph lang={language} className="kr-definition">
              {kr.definition}
            </Paragraph>
          )}
        </div>
        <Card data-color="neutral" className="kr-latest" aria-labelledby="kr-latest-heading">
          <Heading level={2} data-size="2xs" id="kr-latest-heading">
            {t("latestTitle", { period: periodLabel(period, lang) })}
          </Heading>
          {latest && (latest.value !== null || latest.suppressed) ? (
            <>
              <p className="kr-latest-value">{figure(latest, kr.unit, additive)}</p>
              <p className="kr-latest-target">
                {latest.target !== null ? t("latestTarget", { target: formatValue(latest.target, kr.unit) }) : t("latestNoTarget")}
              </p>
              <StatusTag status={latest.status} size="md" />
              <SmallCountNote shown={latest.suppressed === true} />
            </>
          ) : (
            <Paragraph data-size="sm">{t("latestNone")}</Paragraph>
          )}
          <p className="kr-latest-action">
            <a href="#report" className="ds-link">
              {t("reportLink")}
            </a>
          </p>
        </Card>
      </div>

      <dl className="kr-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="kr-targets-heading" className="kr-targets">
        <Heading level={2} data-size="xs" id="kr-targets-heading">
          {t("targetsTitle")}
        </Heading>
        {kr.targets.length === 0 ? (
          <Paragraph data-size="sm">{t("noTargets")}</Paragraph>
        ) : (
          <>
            <DataTable<Target>
              caption={t("targetsCaption", { code: kr.code })}
              captionHidden
              rows={[...kr.targets].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))}
              rowKey={(r) => `${r.period}|${r.organisation ?? ""}`}
              columns={[
                { key: "period", header: tc("period"), cell: (r) => periodLabel(r.period, lang), rowHeader: true },
                { key: "org", header: t("targetFor"), cell: (r) => orgName(r.organisation) ?? t(additive ? "targetEachOrg" : "targetWholeRegion") },
                { key: "value", header: tc("target"), cell: (r) => formatValue(r.value, kr.unit), numeric: true },
              ]}
            />
            {additive && kr.targets.some((x) => !x.organisation) && (
              <Paragraph data-size="sm" className="muted">
                {t("targetsAdditiveNote")}
              </Paragraph>
            )}
          </>
        )}
      </section>
    </header>
  );
}
