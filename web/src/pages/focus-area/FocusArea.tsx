import { Breadcrumbs, Card, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { Link as RouterLink, useParams } from "wouter";
import type { Section, StrategySummary } from "../../api/client.js";
import { useStatus, useStrategies, useStrategyTree } from "../../api/queries.js";
import { Assessments } from "../../components/Assessments.js";
import { Chart, SERIES_STYLES } from "../../components/Chart.js";
import { DataTable } from "../../components/DataTable.js";
import { PeriodPicker } from "../../components/PeriodPicker.js";
import { StatusCounts } from "../../components/StatusCounts.js";
import { StatusTag } from "../../components/StatusTag.js";
import { Loaded, Loading } from "../../components/States.js";
import { Figure, SmallCountNote, useFigureText, valueIsCount } from "../../components/SmallCounts.js";
import { useCurrent, usePageTitle, usePeriod } from "../../current.js";
import { formatNumber, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT, type Lang } from "../../i18n/i18n.js";
import { grainOf, periodLabel, type Grain } from "../../periods.js";
import { urls } from "../../urls.js";
import "./focus-area.css";
import { focusAreaMessages } from "./messages.js";
import { coarser, periodIn, trendRange, useTrends, type KeyResultTrend } from "./queries.js";
import { findSection } from "../../strategy-tree.js";

type TreeKeyResult = Section["keyResults"][number];
type Alignment = Section["serves"][number];

/** Short period names for a chart axis: "3. kv. 2026", "Q3 2026", "jan. 2026". */
const shortMonth: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { month: "short", year: "numeric", timeZone: "UTC" }),
  nn: new Intl.DateTimeFormat("nn-NO", { month: "short", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }),
};
function axisLabel(period: string, lang: Lang): string {
  const y = period.slice(0, 4);
  switch (grainOf(period)) {
    case "quarter":
      return lang === "en" ? `Q${period.slice(6)} ${y}` : `${period.slice(6)}. kv. ${y}`;
    case "tertial":
      return `T${period.slice(6)} ${y}`;
    case "month":
      return shortMonth[lang].format(new Date(`${period}-01T00:00:00Z`));
    default:
      return y;
  }
}

/** A long title cut at a word for the breadcrumbs; the page's heading has it in full. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[\s.,;:–-]+$/, "")} …`;
}

/** Paragraphs split on blank lines; single line breaks stay as they were written. */
function Prose({ text, lang }: { text: string; lang: string }) {
  return (
    <div lang={lang} className="fa-prose">
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <Paragraph key={i}>{p}</Paragraph>
        ))}
    </div>
  );
}

export default function FocusArea() {
  const t = useT(focusAreaMessages);
  const tc = useT(common);
  const { region, strategyId } = useCurrent();
  const { section: sectionKey = "" } = useParams<{ section: string }>();
  const [period, setPeriod] = usePeriod();
  const tree = useStrategyTree(strategyId);
  const section = tree.data ? findSection(tree.data.sections, sectionKey) : undefined;
  const kindLabel = section ? t(`kind_${section.kind}` as "kind_focus_area") : "";
  usePageTitle(section ? `${section.code ? `${kindLabel} ${section.code}` : kindLabel}: ${section.title}` : tree.data ? t("notFoundTitle") : undefined);

  return (
    <Loaded query={tree}>
      {(strategy) => {
        if (!section) {
          return (
            <>
              <Heading level={1} data-size="lg">
                {t("notFoundTitle")}
              </Heading>
              <Paragraph>{t("notFoundText", { key: sectionKey })}</Paragraph>
              <Link asChild>
                <RouterLink href={urls.overview(region, strategyId, { period })}>{tc("backToOverview")}</RouterLink>
              </Link>
            </>
          );
        }
        const language = strategy.language;
        const initiatives = section.children.filter((c) => c.kind === "initiative");
        const overviewHref = urls.overview(region, strategyId, { period });
        return (
          <>
            <Breadcrumbs aria-label={t("breadcrumbs")} className="fa-breadcrumbs">
              {/* The name starts with the words shown, so a voice command that says them finds the link (WCAG 2.5.3). */}
              <Breadcrumbs.Link asChild aria-label={t("backTo", { label: tc("navOverview"), title: strategy.title })}>
                <RouterLink href={overviewHref}>{tc("navOverview")}</RouterLink>
              </Breadcrumbs.Link>
              <Breadcrumbs.List>
                <Breadcrumbs.Item>
                  <Breadcrumbs.Link asChild>
                    <RouterLink href={overviewHref} lang={language}>
                      {strategy.title}
                    </RouterLink>
                  </Breadcrumbs.Link>
                </Breadcrumbs.Item>
                <Breadcrumbs.Item>
                  <Breadcrumbs.Link asChild>
                    <RouterLink href={urls.focusArea(region, strategyId, section.key, { period })} lang={language}>
                      {shorten(section.code ? `${section.code} ${section.title}` : section.title, 70)}
                    </RouterLink>
                  </Breadcrumbs.Link>
                </Breadcrumbs.Item>
              </Breadcrumbs.List>
            </Breadcrumbs>

            <div className="page-head">
              <div className="fa-title">
                <Paragraph data-size="sm" className="fa-eyebrow">
                  {section.code ? t("kindWithCode", { kind: kindLabel, code: section.code }) : kindLabel}
                </Paragraph>
                <Heading level={1} data-size={section.title.length > 90 ? "md" : "lg"} lang={language}>
                  {section.title}
                </Heading>
              </div>
              <PeriodPicker value={period} onChange={setPeriod} />
            </div>

            <div className="fa-intro">
              {section.objective && (
                <section aria-labelledby="fa-objective" className="fa-objective">
                  <Heading level={2} data-size="xs" id="fa-objective">
                    {t("objective")}
                  </Heading>
                  <Paragraph data-size="lg" lang={language}>
                    {section.objective}
                  </Paragraph>
                </section>
              )}
              {section.description && (
                <section aria-labelledby="fa-description">
                  <Heading level={2} data-size="xs" id="fa-description">
                    {t("description")}
                  </Heading>
                  <Prose text={section.description} lang={language} />
                </section>
              )}
            </div>

            <KeyResults section={section} language={language} period={period} />

            <section aria-labelledby="fa-initiatives" className="fa-block">
              <Heading level={2} data-size="md" id="fa-initiatives">
                {t("initiatives")}
              </Heading>
              {initiatives.length === 0 ? (
                <Paragraph className="muted">{t("noInitiatives")}</Paragraph>
              ) : (
                <ol className="fa-initiatives" lang={language}>
                  {initiatives.map((i) => (
                    <li key={i.key}>
                      {i.code && (
                        <span className="fa-initiative-code">
                          {i.code}
                        </span>
                      )}
                      <div>
                        <span>{i.title}</span>
                        {i.description && <Prose text={i.description} lang={language} />}
                      </div>
                    </li>
                  ))}
                </ol>
              )}
            </section>

            <AlignmentBlock section={section} />

            <div className="fa-block">
              <Assessments strategyId={strategyId} period={period} sectionKey={section.key} language={language} />
            </div>
          </>
        );
      }}
    </Loaded>
  );
}

function KeyResults({ section, language, period }: { section: Section; language: string; period: string }) {
  const t = useT(focusAreaMessages);
  const { lang } = useLang();
  const { strategyId } = useCurrent();
  const status = useStatus(strategyId, period);
  const krs = section.keyResults;
  const grain = grainOf(period);

  // Each key result is drawn in the coarser of the chosen grain and its own frequency.
  const grainOfKr = (kr: TreeKeyResult): Grain => coarser(grain, kr.frequency as Grain);
  const ranges = useMemo(() => {
    const grains = [...new Set(krs.map((kr) => coarser(grain, kr.frequency as Grain)))];
    return grains.map((g) => ({ grain: g, ...trendRange(periodIn(period, g)) }));
  }, [krs, period, grain]);
  const trends = useTrends(strategyId, ranges);

  // An area without key results is followed up through its text, initiatives and links only.
  if (krs.length === 0) {
    return (
      <Paragraph className="muted fa-no-krs" data-size="sm">
        {t("noKeyResults")}
      </Paragraph>
    );
  }

  const sectionStatus = status.data?.sections.find((s) => s.key === section.key);
  return (
    <section aria-labelledby="fa-krs" className="fa-block">
      <div className="fa-krs-head">
        <Heading level={2} data-size="md" id="fa-krs">
          {t("keyResults")}
        </Heading>
        {sectionStatus && (
          <div className="fa-counts">
            <span className="muted">{t("keyResultsIn", { period: periodLabel(period, lang) })}</span>
            <StatusCounts counts={sectionStatus.counts} label={t("keyResultsIn", { period: periodLabel(period, lang) })} />
          </div>
        )}
      </div>
      <ul className="fa-kr-grid">
        {krs.map((kr) => {
          const g = grainOfKr(kr);
          const i = ranges.findIndex((r) => r.grain === g);
          const q = trends[i];
          const trend = q?.data?.keyResults.find((k) => k.keyResultId === kr.id);
          const st = sectionStatus?.keyResults.find((k) => k.keyResultId === kr.id);
          return (
            <li key={kr.id}>
              <KeyResultCard
                kr={kr}
                language={language}
                period={period}
                yearly={g !== grain}
                krGrain={g}
                status={st}
                trend={trend}
                periods={q?.data?.periods ?? []}
                trendPending={q?.isPending ?? true}
                trendError={q?.error ?? null}
              />
            </li>
          );
        })}
      </ul>
      <SmallCountNote
        shown={
          !!sectionStatus?.keyResults.some((k) => k.suppressed) ||
          trends.some((q) => q.data?.keyResults.some((k) => krs.some((kr) => kr.id === k.keyResultId) && k.points.some((p) => p.suppressed)))
        }
      />
    </section>
  );
}

type KrStatus = NonNullable<ReturnType<typeof useStatus>["data"]>["sections"][number]["keyResults"][number];

function KeyResultCard({
  kr,
  language,
  period,
  yearly,
  krGrain,
  status,
  trend,
  periods,
  trendPending,
  trendError,
}: {
  kr: TreeKeyResult;
  language: string;
  period: string;
  yearly: boolean;
  krGrain: Grain;
  status: KrStatus | undefined;
  trend: KeyResultTrend | undefined;
  periods: string[];
  trendPending: boolean;
  trendError: Error | null;
}) {
  const t = useT(focusAreaMessages);
  const { lang } = useLang();
  const { region, strategyId } = useCurrent();
  const headingId = `kr-${kr.code.replace(/[^a-zA-Z0-9]/g, "_")}`;
  const unit = status?.unit ?? kr.unit;
  // A key result measured in a coarser grain than the chosen period shows its latest such period.
  const lastYear = yearly ? trend?.points.filter((p) => p.value !== null || p.suppressed).at(-1) ?? trend?.points.at(-1) : undefined;
  const shown: { period: string; status: KrStatus["status"]; value: number | null; target: number | null; suppressed?: true } | undefined = lastYear
    ? lastYear
    : status
      ? { period, status: status.status, value: status.value, target: status.target, suppressed: status.suppressed }
      : undefined;
  const figure = useFigureText();
  const value = shown && figure(shown, unit, valueIsCount(kr.aggregation));
  return (
    <Card data-color="neutral" className="fa-kr-card" aria-labelledby={headingId}>
      <Heading level={3} data-size="xs" id={headingId}>
        <Link asChild>
          <RouterLink href={urls.keyResult(region, strategyId, kr.id, { period })}>
            <span className="kr-code">{kr.code}</span> <span lang={language}>{kr.title}</span>
          </RouterLink>
        </Link>
      </Heading>
      {shown && (
        <div className="fa-kr-status">
          <StatusTag status={shown.status} />
          <span className="kr-value">
            {shown.value === null && !shown.suppressed
              ? shown.target !== null
                ? t("noValueTarget", { target: formatValue(shown.target, unit) })
                : t("noValue")
              : shown.target !== null
                ? t("valueOfTarget", { value, target: formatValue(shown.target, unit) })
                : t("valueNoTarget", { value })}
            {shown.period !== period && <> ({periodLabel(shown.period, lang)})</>}
          </span>
        </div>
      )}
      {yearly && (
        <Paragraph data-size="sm" className="muted">
          {t("yearlyNote", { grain: krGrain })}
        </Paragraph>
      )}
      {trendPending ? (
        <Loading />
      ) : trendError ? (
        <Paragraph data-size="sm" role="alert">
          {t("trendError", { message: trendError.message })}
        </Paragraph>
      ) : (
        <TrendChart kr={kr} trend={trend} periods={periods} />
      )}
    </Card>
  );
}

const VALUE_COLOUR = "#0062ba";
const TARGET_COLOUR = "#52525b";

function TrendChart({ kr, trend, periods: asked }: { kr: TreeKeyResult; trend: KeyResultTrend | undefined; periods: string[] }) {
  const t = useT(focusAreaMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const points = trend?.points ?? [];
  // Periods before the key result took effect have no point; the chart starts where it does.
  const firstPoint = points[0]?.period;
  const periods = firstPoint && asked.includes(firstPoint) ? asked.slice(asked.indexOf(firstPoint)) : asked;
  const unit = trend?.unit ?? kr.unit;
  const span = periods.length > 0 ? `${periodLabel(periods[0]!, lang)}–${periodLabel(periods[periods.length - 1]!, lang)}` : "";

  const option = useMemo<EChartsCoreOption>(() => {
    const byPeriod = new Map(points.map((p) => [p.period, p]));
    return {
      color: [VALUE_COLOUR, TARGET_COLOUR],
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemGap: 16, textStyle: { color: "#1e2b3c" } },
      tooltip: { trigger: "axis", valueFormatter: (v: number | null) => formatValue(v, unit) },
      xAxis: {
        type: "category",
        data: periods.map((p) => axisLabel(p, lang)),
        axisLabel: { hideOverlap: true, color: "#3f4754" },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: "value",
        scale: true,
        axisLabel: { formatter: (v: number) => formatNumber(v), color: "#3f4754" },
        splitLine: { lineStyle: { color: "#e3e6ea" } },
      },
      series: [
        {
          name: tc("regionValue"),
          type: "line",
          data: periods.map((p) => byPeriod.get(p)?.value ?? null),
          symbol: SERIES_STYLES[0].symbol,
          symbolSize: 8,
          lineStyle: { type: SERIES_STYLES[0].type, width: 2.5 },
          connectNulls: false,
        },
        {
          name: tc("target"),
          type: "line",
          data: periods.map((p) => byPeriod.get(p)?.target ?? null),
          symbol: SERIES_STYLES[1].symbol,
          symbolSize: 6,
          step: "middle",
          lineStyle: { type: "dashed", width: 2 },
          connectNulls: false,
        },
      ],
    };
  }, [points, periods, unit, lang, tc]);

  const withValue = points.filter((p) => p.value !== null);
  if (withValue.length === 0) {
    return (
      <Paragraph data-size="sm" className="muted">
        {t("trendNoData", { periods: span })}
      </Paragraph>
    );
  }
  const first = withValue[0]!;
  const last = withValue[withValue.length - 1]!;
  const summary =
    last.target !== null
      ? t("trendSummary", {
          first: formatValue(first.value, unit),
          firstPeriod: periodLabel(first.period, lang),
          last: formatValue(last.value, unit),
          lastPeriod: periodLabel(last.period, lang),
          target: formatValue(last.target, unit),
        })
      : t("trendSummaryNoTarget", {
          first: formatValue(first.value, unit),
          firstPeriod: periodLabel(first.period, lang),
          last: formatValue(last.value, unit),
          lastPeriod: periodLabel(last.period, lang),
        });

  return (
    <Chart
      title={t("trendTitle", { periods: span })}
      summary={summary}
      option={option}
      height={220}
      table={
        <DataTable
          caption={t("trendTable", { code: kr.code })}
          rowKey={(p) => p.period}
          rows={points}
          columns={[
            { key: "period", header: t("periodCol"), cell: (p) => periodLabel(p.period, lang), rowHeader: true },
            { key: "value", header: tc("regionValue"), cell: (p) => <Figure figure={p} unit={unit} count={valueIsCount(kr.aggregation)} />, numeric: true },
            { key: "target", header: tc("target"), cell: (p) => formatValue(p.target, unit), numeric: true },
            { key: "status", header: t("statusCol"), cell: (p) => <StatusTag status={p.status} /> },
          ]}
        />
      }
    />
  );
}

function AlignmentBlock({ section }: { section: Section }) {
  const t = useT(focusAreaMessages);
  const { region, strategyId } = useCurrent();
  const strategies = useStrategies();
  const byId = new Map<string, StrategySummary>((strategies.data ?? []).map((s) => [s.id, s]));
  const none = section.serves.length === 0 && section.servedBy.length === 0;

  const planOf = (id: string) => byId.get(id);
  const item = (a: Alignment, direction: "serves" | "servedBy") => {
    const otherStrategy = direction === "serves" ? a.toStrategy : a.fromStrategy;
    const otherSection = direction === "serves" ? a.toSection : a.fromSection;
    const otherTitle = direction === "serves" ? a.toTitle : a.fromTitle;
    const plan = planOf(otherStrategy);
    const goal = `${a.toStrategy}:${a.toSection}`;
    return (
      <li key={a.id}>
        {direction === "serves" ? (
          <Link asChild>
            <RouterLink href={urls.alignment(region, strategyId, { view: "goals", goal })} lang={plan?.language}>
              {otherTitle}
            </RouterLink>
          </Link>
        ) : (
          <Link asChild>
            <RouterLink href={urls.focusArea(plan?.owner ?? region, otherStrategy, otherSection)} lang={plan?.language}>
              {otherTitle}
            </RouterLink>
          </Link>
        )}{" "}
        <span className="muted">
          {t("inPlan")} <span lang={plan?.language}>{plan?.title ?? otherStrategy}</span>
        </span>
      </li>
    );
  };

  return (
    <section aria-labelledby="fa-alignment" className="fa-block">
      <Heading level={2} data-size="md" id="fa-alignment">
        {t("alignment")}
      </Heading>
      {none ? (
        <Paragraph className="muted">{t("noAlignment")}</Paragraph>
      ) : (
        <div className="fa-alignment">
          {section.serves.length > 0 && (
            <div>
              <Heading level={3} data-size="xs">
                {t("serves")}
              </Heading>
              <ul>{section.serves.map((a) => item(a, "serves"))}</ul>
            </div>
          )}
          {section.servedBy.length > 0 && (
            <div>
              <Heading level={3} data-size="xs">
                {t("servedBy")}
              </Heading>
              <ul>{section.servedBy.map((a) => item(a, "servedBy"))}</ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
