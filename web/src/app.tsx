import { Paragraph } from "@digdir/designsystemet-react";
import { lazy, Suspense, type ReactNode } from "react";
import { Redirect, Route, Switch, useLocation, useParams, useSearch } from "wouter";
import { useStrategies } from "./api/queries.js";
import { AppErrorBoundary, PageErrorBoundary, ProblemPage } from "./components/ErrorBoundary.js";
import { errorMessages } from "./components/errors-messages.js";
import { Layout } from "./components/Layout.js";
import { ErrorState, Loading } from "./components/States.js";
import { useCurrent } from "./current.js";
import { internalPage, useStrategyAccess } from "./session.js";
import { common } from "./i18n/common.js";
import { useT } from "./i18n/i18n.js";
import NotFound from "./pages/NotFound.js";
import Overview from "./pages/overview/Overview.js";
import { urls } from "./urls.js";

// The overview is the landing page and ships in the first bundle; other pages load when opened.
const FocusArea = lazy(() => import("./pages/focus-area/FocusArea.js"));
const KeyResultPage = lazy(() => import("./pages/key-result/KeyResultPage.js"));
const Compare = lazy(() => import("./pages/compare/Compare.js"));
const Missing = lazy(() => import("./pages/missing/Missing.js"));
const Alignment = lazy(() => import("./pages/alignment/Alignment.js"));
const Versions = lazy(() => import("./pages/versions/Versions.js"));
const PortfolioBoard = lazy(() => import("./pages/portfolio/board/Board.js"));
const PortfolioSummary = lazy(() => import("./pages/portfolio/summary/Summary.js"));
const Roadmap = internalPage(lazy(() => import("./pages/portfolio/roadmap/Roadmap.js")));
const Bubbles = internalPage(lazy(() => import("./pages/portfolio/bubbles/Bubbles.js")));
const Budgets = internalPage(lazy(() => import("./pages/portfolio/budgets/Budgets.js")));
const Scoring = internalPage(lazy(() => import("./pages/scoring/Scoring.js")));
const Scenarios = internalPage(lazy(() => import("./pages/scenarios/Scenarios.js")));
const ScenarioPage = internalPage(lazy(() => import("./pages/scenarios/ScenarioPage.js")));
const CompareScenarios = internalPage(lazy(() => import("./pages/scenarios/CompareScenarios.js")));
const Coverage = internalPage(lazy(() => import("./pages/coverage/Coverage.js")));
const Needs = internalPage(lazy(() => import("./pages/needs/Needs.js")));
const InitiativePage = internalPage(lazy(() => import("./pages/initiative/InitiativePage.js")));
const NewInitiative = internalPage(lazy(() => import("./pages/initiative/NewInitiative.js")));
const Benefits = internalPage(lazy(() => import("./pages/benefits/Benefits.js")));
const Computations = internalPage(lazy(() => import("./pages/computations/Computations.js")));
const SignIn = lazy(() => import("./pages/signin/SignIn.js"));
const Setup = lazy(() => import("./pages/setup/Setup.js"));
const Account = lazy(() => import("./pages/account/Account.js"));
const AdminUsers = lazy(() => import("./pages/admin/users/Users.js"));
const AdminTokens = lazy(() => import("./pages/admin/tokens/Tokens.js"));
const AdminAudit = lazy(() => import("./pages/admin/audit/Audit.js"));

/** A region's main strategy: the one of its own with key results (a sub-strategy), else its first. */
function RegionHome() {
  const t = useT(errorMessages);
  const { region } = useParams<{ region: string }>();
  const strategies = useStrategies();
  if (strategies.isPending) return <Loading />;
  if (strategies.isError) return <ErrorState error={strategies.error} />;
  const own = strategies.data.filter((s) => s.owner === region);
  const main = own.find((s) => s.kind === "sub_strategy") ?? own[0];
  if (main) return <Redirect to={urls.overview(region, main.id)} replace />;
  return (
    <ProblemPage title={t("regionNotFoundTitle")} links={[{ href: "/", label: t("toFrontPage") }]}>
      <Paragraph>{t("regionNotFoundText", { id: region })}</Paragraph>
    </ProblemPage>
  );
}

/**
 * A strategy's pages (`/:region/:strategy/…`) only for a strategy there is: an unknown one is said
 * so, with a way on; one named under another region than its owner's moves to its own address.
 */
function StrategyGate({ children }: { children: ReactNode }) {
  const t = useT(errorMessages);
  const tc = useT(common);
  const { region, strategyId, strategy } = useCurrent();
  const strategies = useStrategies();
  const [location] = useLocation();
  const search = useSearch();
  if (!strategyId) return <>{children}</>;
  if (strategies.isPending) return <Loading />;
  if (strategies.isError) return <ErrorState error={strategies.error} />;
  if (!strategy) {
    const regionKnown = strategies.data.some((s) => s.owner === region);
    return (
      <ProblemPage title={t("strategyNotFoundTitle")} links={[regionKnown ? { href: urls.region(region), label: tc("backToOverview") } : { href: "/", label: t("toFrontPage") }]}>
        <Paragraph>{t("strategyNotFoundText", { id: strategyId })}</Paragraph>
      </ProblemPage>
    );
  }
  if (strategy.owner !== region) {
    const rest = location.slice(location.indexOf("/", 1));
    return <Redirect to={`${urls.region(strategy.owner)}${rest}${search ? `?${search}` : ""}`} replace />;
  }
  return <>{children}</>;
}

function Home() {
  const strategies = useStrategies();
  if (strategies.isPending) return <Loading />;
  const first = strategies.data?.find((s) => s.kind === "sub_strategy") ?? strategies.data?.[0];
  return first ? <Redirect to={urls.region(first.owner)} replace /> : <NotFound />;
}

/** The portfolio: in full for the strategy's own people, as the published summary for visitors where the region publishes it. */
function Portfolio() {
  const { ready, internal, summary } = useStrategyAccess();
  if (!ready) return <Loading />;
  if (!internal && summary) return <PortfolioSummary />;
  return <InternalBoard />;
}
const InternalBoard = internalPage(PortfolioBoard);

export function App() {
  return (
    <AppErrorBoundary>
      <Layout>
        <PageErrorBoundary>
          <StrategyGate>
            <Suspense fallback={<Loading />}>
              <Switch>
                <Route path="/" component={Home} />
                {/* The app's own pages come before the regions' so their names are not read as a region's. */}
                <Route path="/signin" component={SignIn} />
                <Route path="/setup" component={Setup} />
                <Route path="/account" component={Account} />
                <Route path="/admin">
                  <Redirect to={urls.adminUsers()} replace />
                </Route>
                <Route path="/admin/users" component={AdminUsers} />
                <Route path="/admin/tokens" component={AdminTokens} />
                <Route path="/admin/audit" component={AdminAudit} />
                <Route path="/:region" component={RegionHome} />
                <Route path="/:region/:strategy" component={Overview} />
                <Route path="/:region/:strategy/areas/:section" component={FocusArea} />
                <Route path="/:region/:strategy/key-results/:keyResult" component={KeyResultPage} />
                <Route path="/:region/:strategy/compare" component={Compare} />
                <Route path="/:region/:strategy/missing" component={Missing} />
                <Route path="/:region/:strategy/alignment" component={Alignment} />
                <Route path="/:region/:strategy/versions" component={Versions} />
                <Route path="/:region/:strategy/portfolio" component={Portfolio} />
                <Route path="/:region/:strategy/portfolio/roadmap" component={Roadmap} />
                <Route path="/:region/:strategy/portfolio/bubbles" component={Bubbles} />
                <Route path="/:region/:strategy/portfolio/budgets" component={Budgets} />
                <Route path="/:region/:strategy/portfolio/scoring" component={Scoring} />
                <Route path="/:region/:strategy/portfolio/scenarios" component={Scenarios} />
                {/* "compare" before the id, so it is not read as one. */}
                <Route path="/:region/:strategy/portfolio/scenarios/compare" component={CompareScenarios} />
                <Route path="/:region/:strategy/portfolio/scenarios/:id" component={ScenarioPage} />
                <Route path="/:region/:strategy/coverage" component={Coverage} />
                <Route path="/:region/:strategy/needs" component={Needs} />
                {/* "new" before the id, so it is not read as one. */}
                <Route path="/:region/:strategy/initiatives/new" component={NewInitiative} />
                <Route path="/:region/:strategy/initiatives/:id" component={InitiativePage} />
                <Route path="/:region/:strategy/benefits" component={Benefits} />
                <Route path="/:region/:strategy/computations" component={Computations} />
                <Route component={NotFound} />
              </Switch>
            </Suspense>
          </StrategyGate>
        </PageErrorBoundary>
      </Layout>
    </AppErrorBoundary>
  );
}
