import { Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { Redirect, Link as RouterLink, useParams, useSearch } from "wouter";
import { AddressError, periodParam } from "../../address.js";
import { ApiError, type KeyResult, type Organisation } from "../../api/client.js";
import { useKeyResult, useKeyResultVersions, useOrganisations, useStrategies, useStrategyTree } from "../../api/queries.js";
import { Assessments } from "../../components/Assessments.js";
import { ErrorState, Loading } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { lastCompleted, periodOfDate, shift, today } from "../../periods.js";
import { urls } from "../../urls.js";
import { BreakdownSection } from "./BreakdownSection.js";
import { EntryForm } from "./EntryForm.js";
import { ImportForm } from "./ImportForm.js";
import { KeyResultHead } from "./KeyResultHead.js";
import "./key-result.css";
import { krMessages } from "./messages.js";
import { DEFAULT_SPAN, isPeriodOf, recentPeriods } from "./period-utils.js";
import { useSeries } from "./queries.js";
import { TrendSection } from "./TrendSection.js";
import { VersionHistory } from "./VersionHistory.js";
import { findSection } from "../../strategy-tree.js";
import { useCan } from "../../session.js";

/** How many periods back one may report for: two years of months, three of quarters and tertials. */
const REPORT_SPAN = { month: 24, quarter: 12, tertial: 9, year: 5 } as const;

/**
 * One key result: what it measures and its targets, its trend for the region and each health
 * trust, its breakdown, the owner's assessment, its versions, and where trusts report its figures.
 */
export default function KeyResultPage() {
  const t = useT(krMessages);
  const tc = useT(common);
  const { keyResult: id = "" } = useParams<{ keyResult: string }>();
  const { region, strategyId } = useCurrent();
  const kr = useKeyResult(id);
  usePageTitle(kr.data ? `${kr.data.code} ${kr.data.title}` : kr.isError ? t("notFoundTitle") : undefined);

  if (kr.isPending) return <Loading />;
  if (kr.isError) {
    const missing = kr.error instanceof ApiError && (kr.error.status === 404 || kr.error.status === 400);
    return (
      <div className="stack">
        <Heading level={1} data-size="lg">
          {missing ? t("notFoundTitle") : tc("keyResult")}
        </Heading>
        {missing ? <Paragraph>{t("notFoundText")}</Paragraph> : <ErrorState error={kr.error} />}
        <Paragraph>
          <Link asChild>
            <RouterLink href={urls.overview(region, strategyId)}>{tc("backToOverview")}</RouterLink>
          </Link>
        </Paragraph>
      </div>
    );
  }
  // An address that names another strategy (or region) than the key result's own leads to its own page.
  if (kr.data.strategyId !== strategyId) return <CanonicalRedirect kr={kr.data} />;
  return <KeyResultView kr={kr.data} region={region} strategyId={strategyId} />;
}

function CanonicalRedirect({ kr }: { kr: KeyResult }) {
  const strategies = useStrategies();
  const search = useSearch();
  const owner = strategies.data?.find((s) => s.id === kr.strategyId)?.owner;
  if (!owner) return <Loading />;
  return <Redirect to={`${urls.keyResult(owner, kr.strategyId, kr.id)}${search ? `?${search}` : ""}`} replace />;
}

function KeyResultView({ kr, region, strategyId }: { kr: KeyResult; region: string; strategyId: string }) {
  const { strategy } = useCurrent();
  const tree = useStrategyTree(strategyId);
  const versions = useKeyResultVersions(kr.id);
  const orgs = useOrganisations();
  const language = strategy?.language ?? tree.data?.language ?? "nb";
  const owner = strategy?.owner ?? region;
  const regionOrgs: Organisation[] = (orgs.data ?? []).filter((o) => o.parent === owner && (o.kind === "hf" || o.kind === "shared_service"));
  // Reporting is offered for the organisations below the owner the person may report for (by the server's rules).
  const { can, ancestry } = useCan();
  const reportable = (orgs.data ?? []).filter((o) => o.id !== owner && can({ do: "measurement.write", organisation: o.id, region: owner }));
  const section = tree.data ? findSection(tree.data.sections, kr.sectionKey) : undefined;
  const sectionTitle = section ? [section.code, section.title].filter(Boolean).join(" ") : undefined;

  const freq = kr.frequency;
  const now = today();
  const done = lastCompleted(freq, now);

  // The address holds the choices worth sharing: the period reported or assessed, the trust, the range, the dimension.
  const [periodValue, setPeriod] = useQueryParam("period", "");
  const [org, setOrg] = useQueryParam("org", "");
  const [dim, setDim] = useQueryParam("dim", "");
  const [fromValue, setFrom] = useQueryParam("from", "");
  const [toValue, setTo] = useQueryParam("to", "");
  // What is not a period at all, an organisation outside the region or a breakdown the key result
  // does not have is explained by the page's error boundary; a period of another grain (a quarter
  // from the overview for a yearly key result) gives way to the key result's own.
  const urlPeriod = periodValue && periodParam("period", periodValue);
  const urlFrom = fromValue && periodParam("from", fromValue);
  const urlTo = toValue && periodParam("to", toValue);
  if (org && orgs.data && !ancestry(org).includes(owner)) throw new AddressError("organisation", "org", org);
  if (dim && !kr.dimensions.some((d) => d.key === dim)) throw new AddressError("dimension", "dim", dim);
  const period = isPeriodOf(urlPeriod, freq) ? urlPeriod : done;
  // One organisation to report for needs no choosing.
  const entryOrg = reportable.some((o) => o.id === org) ? org : reportable.length === 1 ? reportable[0]!.id : "";
  const to = isPeriodOf(urlTo, freq) ? urlTo : done;
  // By default the last two years or so, but not from before the key result existed.
  const firstVersion = (versions.data ?? []).reduce((d, v) => (v.effectiveFrom < d ? v.effectiveFrom : d), kr.effectiveFrom);
  const born = periodOfDate(firstVersion, freq);
  const span = shift(to, DEFAULT_SPAN[freq] - 1);
  const from = isPeriodOf(urlFrom, freq) && urlFrom <= to ? urlFrom : span < born && born <= to ? born : span;

  const reportOptions = recentPeriods(freq, now, REPORT_SPAN[freq]);
  if (!reportOptions.includes(period)) reportOptions.push(period);
  reportOptions.sort().reverse();

  // The range may start when the key result's first version took effect (or earlier, if the address says so).
  const earliest = [born, from].sort()[0]!;
  const rangeOptions: string[] = [];
  for (let p = [done, to].sort().at(-1)!; p >= earliest && rangeOptions.length < 240; p = shift(p, 1)) rangeOptions.push(p);

  // The default range depends on the versions; wait for them rather than ask twice.
  const series = useSeries(kr.id, from, to, undefined, !versions.isPending);
  const latest = series.data?.points.find((p) => p.period === period) ?? series.data?.points.at(-1);

  return (
    <div className="kr-page">
      <KeyResultHead
        kr={kr}
        region={region}
        strategyId={strategyId}
        language={language}
        sectionTitle={sectionTitle}
        organisations={orgs.data ?? []}
        latest={latest?.period === period ? latest : undefined}
        period={period}
      />
      {series.isError ? (
        <ErrorState error={series.error} />
      ) : (
        <TrendSection
          kr={kr}
          series={series.data}
          orgs={regionOrgs}
          org={org}
          setOrg={setOrg}
          from={from}
          to={to}
          setRange={(f, e) => {
            setFrom(f);
            setTo(e);
          }}
          rangeOptions={rangeOptions}
          loading={series.isFetching}
          language={language}
        />
      )}
      {series.isPending && <Loading />}
      {kr.dimensions.length > 0 && !versions.isPending && <BreakdownSection kr={kr} dim={dim} setDim={setDim} from={from} to={to} language={language} />}
      {reportable.length > 0 && (
        <>
          <EntryForm
            kr={kr}
            versions={versions.data ?? []}
            orgs={reportable}
            org={entryOrg}
            setOrg={setOrg}
            period={period}
            setPeriod={setPeriod}
            periodOptions={reportOptions}
            language={language}
          />
          <ImportForm kr={kr} strategyId={strategyId} period={period} organisations={orgs.data ?? []} />
        </>
      )}
      <div className="kr-section">
        <Assessments strategyId={kr.strategyId} period={period} keyResultId={kr.id} language={language} headingLevel={2} />
      </div>
      {versions.data && <VersionHistory versions={versions.data} organisations={orgs.data ?? []} language={language} />}
    </div>
  );
}
