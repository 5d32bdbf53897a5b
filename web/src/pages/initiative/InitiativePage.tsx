import { Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { Redirect, Link as RouterLink, useParams, useSearch } from "wouter";
import { ApiError } from "../../api/client.js";
import { benefitsReportKey, portfolioKeys, refreshPortfolio, useInitiative, type Initiative } from "../../api/portfolio.js";
import { useStrategies } from "../../api/queries.js";
import { ErrorState, Loading } from "../../components/States.js";
import { useCurrent, usePageTitle } from "../../current.js";
import { useT } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { urls } from "../../urls.js";
import { BenefitPlan } from "./BenefitPlan.js";
import { Costs } from "./Costs.js";
import { Decisions } from "./Decisions.js";
import { Head } from "./Head.js";
import { History } from "./History.js";
import "./initiative.css";
import { initiativeMessages } from "./messages.js";
import { Relations } from "./Relations.js";
import { Risks } from "./Risks.js";
import { Ros } from "./Ros.js";
import { Adoptions } from "./Adoptions.js";
import { StatusReports } from "./StatusReports.js";

/** What a part of the page may do: who may change the initiative and decide at its gates, and how to refresh it after a write. */
export interface InitiativeContext {
  initiative: Initiative;
  region: string;
  strategyId: string;
  /** The organisation owning the strategy (the region governing the portfolio). */
  owner: string;
  mayManage: boolean;
  mayDecide: boolean;
  /** After a write: the initiative, its history and every portfolio view read afresh. */
  refresh: () => Promise<void>;
  /** Reads everything afresh and gives the initiative as stored now (after a refused stale write). */
  reload: () => Promise<Initiative>;
}

/**
 * One initiative with its whole story: what it is and serves, where it is in the lifecycle and what
 * the board decided, its costs, status reports, risks and risk assessments, adoptions by other
 * trusts, its benefit plan with what was realised, and everything that happened to it.
 */
export default function InitiativePage() {
  const t = useT(initiativeMessages);
  const { id = "" } = useParams<{ id: string }>();
  const { region, strategyId } = useCurrent();
  const initiative = useInitiative(id);
  usePageTitle(initiative.data ? `${initiative.data.code} ${initiative.data.title}` : initiative.isError ? t("notFoundTitle") : undefined);

  if (initiative.isPending) return <Loading />;
  if (initiative.isError) {
    const missing = initiative.error instanceof ApiError && (initiative.error.status === 404 || initiative.error.status === 400);
    return (
      <div className="stack">
        <Heading level={1} data-size="lg">
          {missing ? t("notFoundTitle") : t("initiative")}
        </Heading>
        {missing ? <Paragraph>{t("notFoundText")}</Paragraph> : <ErrorState error={initiative.error} />}
        <Paragraph>
          <Link asChild>
            <RouterLink href={urls.portfolio(region, strategyId)}>{t("backToPortfolio")}</RouterLink>
          </Link>
        </Paragraph>
      </div>
    );
  }
  // An address naming another strategy than the initiative's own leads to its own page.
  if (initiative.data.strategyId !== strategyId) return <CanonicalRedirect initiative={initiative.data} />;
  return <InitiativeView initiative={initiative.data} region={region} strategyId={strategyId} />;
}

function CanonicalRedirect({ initiative }: { initiative: Initiative }) {
  const strategies = useStrategies();
  const search = useSearch();
  const owner = strategies.data?.find((s) => s.id === initiative.strategyId)?.owner;
  if (strategies.isPending) return <Loading />;
  if (!owner) return <ErrorState error={new Error(initiative.strategyId)} />;
  return <Redirect to={urls.initiative(owner, initiative.strategyId, initiative.id, Object.fromEntries(new URLSearchParams(search)))} replace />;
}

function InitiativeView({ initiative, region, strategyId }: { initiative: Initiative; region: string; strategyId: string }) {
  const t = useT(initiativeMessages);
  const { strategy } = useCurrent();
  const { can } = useCan();
  const queryClient = useQueryClient();
  const owner = strategy?.owner ?? region;
  const refresh = useCallback(async () => {
    // The page waits for the initiative itself; the portfolio's other views refresh behind it.
    void queryClient.invalidateQueries({ queryKey: benefitsReportKey(strategyId) });
    void refreshPortfolio(queryClient, strategyId);
    await queryClient.invalidateQueries({ queryKey: portfolioKeys.initiative(initiative.id) });
  }, [queryClient, initiative.id, strategyId]);
  const reload = useCallback(async () => {
    await refresh();
    return queryClient.getQueryData<Initiative>(portfolioKeys.initiative(initiative.id)) ?? initiative;
  }, [refresh, queryClient, initiative]);
  const ctx: InitiativeContext = {
    initiative,
    region,
    strategyId,
    owner,
    mayManage: can({ do: "portfolio.manage", organisation: owner, owner: initiative.organisationId }),
    mayDecide: can({ do: "portfolio.decide", organisation: owner }),
    refresh,
    reload,
  };
  const localSolution = initiative.kind === "local_solution";
  const parts: [string, string][] = [
    ["about", t("aboutTitle")],
    ["decisions", t("decisionsTitle")],
    ["costs", t("costsTitle")],
    ["status", t("statusTitle")],
    ["risks", t("risksTitle")],
    ["ros", t("rosTitle")],
    ...(localSolution ? ([["adoptions", t("adoptionsTitle")]] as [string, string][]) : []),
    ["benefits", t("benefitsTitle")],
    ["history", t("historyTitle")],
  ];

  return (
    <div className="ini-page">
      <Head ctx={ctx} />
      <nav aria-labelledby="ini-toc-title" className="ini-toc">
        <Heading level={2} data-size="2xs" id="ini-toc-title">
          {t("onThisPage")}
        </Heading>
        <ul>
          {parts.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Relations ctx={ctx} />
      <Decisions ctx={ctx} />
      <Costs ctx={ctx} />
      <StatusReports ctx={ctx} />
      <Risks ctx={ctx} />
      <Ros ctx={ctx} />
      {localSolution && <Adoptions ctx={ctx} />}
      <BenefitPlan ctx={ctx} />
      <History ctx={ctx} />
    </div>
  );
}
