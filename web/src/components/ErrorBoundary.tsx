import { Alert, Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { Component, type ReactNode } from "react";
import { Link as RouterLink, useLocation, useSearch } from "wouter";
import { AddressError, withoutParam } from "../address.js";
import { ApiError } from "../api/client.js";
import { useCurrent, useHere, usePageTitle } from "../current.js";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";
import { urls } from "../urls.js";
import { ErrorState } from "./States.js";
import { errorMessages } from "./errors-messages.js";

interface BoundaryProps {
  /** The address: when it changes, the boundary tries its children again. */
  resetKey: string;
  fallback: (error: unknown, reset: () => void) => ReactNode;
  children: ReactNode;
}

/** React's error boundary: what throws while drawing its children is drawn by `fallback` instead. */
class Boundary extends Component<BoundaryProps, { failed: boolean; error: unknown }> {
  override state = { failed: false, error: undefined as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { failed: true, error };
  }

  override componentDidUpdate(prev: BoundaryProps) {
    // Another address is another page: it gets its chance, whatever the last one did.
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.reset();
  }

  reset = () => this.setState({ failed: false, error: undefined });

  override render() {
    return this.state.failed ? this.props.fallback(this.state.error, this.reset) : this.props.children;
  }
}

/**
 * Around each page: a fault in the address or in the page is explained in the page's place, under
 * the app's header and menu, with a way on; the next address starts afresh.
 */
export function PageErrorBoundary({ children }: { children: ReactNode }) {
  const here = useHere();
  return (
    <Boundary resetKey={here} fallback={(error, reset) => <PageError error={error} reset={reset} />}>
      {children}
    </Boundary>
  );
}

/**
 * Around the whole app, the header and menu included: should even they fail, the visitor gets a
 * page that says so and a link to the front page (a plain link, so the app starts anew), never a
 * white page.
 */
export function AppErrorBoundary({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  const search = useSearch();
  return (
    <Boundary resetKey={`${location}?${search}`} fallback={(error) => <AppError error={error} />}>
      {children}
    </Boundary>
  );
}

/** A page's heading, what is wrong, and links on. */
export function ProblemPage({ title, children, links }: { title: string; children: ReactNode; links: { href: string; label: string }[] }) {
  usePageTitle(title);
  return (
    <div className="stack problem-page">
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      {children}
      <ul className="problem-links">
        {links.map((l) => (
          <li key={l.href + l.label}>
            <Link asChild>
              <RouterLink href={l.href}>{l.label}</RouterLink>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The way back from a page that could not be shown: the strategy's overview, else the front page. */
function useWayBack(): { href: string; label: string } {
  const t = useT(errorMessages);
  const tc = useT(common);
  const { region, strategyId, strategy } = useCurrent();
  if (strategy) return { href: urls.overview(strategy.owner, strategy.id), label: tc("backToOverview") };
  if (region && strategyId) return { href: urls.region(region), label: tc("backToOverview") };
  return { href: "/", label: t("toFrontPage") };
}

function PageError({ error, reset }: { error: unknown; reset: () => void }) {
  if (error instanceof AddressError) return <AddressProblem error={error} />;
  if (error instanceof ApiError) return <ApiProblem error={error} />;
  return <Failure error={error} reset={reset} />;
}

/** A value in the address the page cannot use: which, why, the page without it, and the way back. */
function AddressProblem({ error }: { error: AddressError }) {
  const t = useT(errorMessages);
  const [location] = useLocation();
  const search = useSearch();
  const back = useWayBack();
  return (
    <ProblemPage title={t("badAddressTitle")} links={[{ href: withoutParam(location, search, error.param), label: t("withoutValue") }, back]}>
      <Alert data-color="warning" role="alert">
        <Heading level={2} data-size="xs">
          {t(`bad_${error.problem}`, { value: error.value })}
        </Heading>
        <Paragraph>{t(`bad_${error.problem}_hint`)}</Paragraph>
      </Alert>
    </ProblemPage>
  );
}

/** An API refusal thrown while drawing (a page that read its data without a loading state for it). */
function ApiProblem({ error }: { error: ApiError }) {
  const tc = useT(common);
  const back = useWayBack();
  return (
    <ProblemPage title={tc("errorTitle")} links={[back]}>
      <ErrorState error={error} />
    </ProblemPage>
  );
}

/** A failure of the app itself: said plainly, with the technical message for a bug report. */
function Failure({ error, reset }: { error: unknown; reset: () => void }) {
  const t = useT(errorMessages);
  const tc = useT(common);
  const back = useWayBack();
  return (
    <ProblemPage title={tc("errorTitle")} links={[back]}>
      <Alert data-color="danger" role="alert">
        <Paragraph>{t("pageErrorText")}</Paragraph>
        <Paragraph data-size="sm">{t("errorDetail", { message: messageOf(error) })}</Paragraph>
      </Alert>
      <div>
        <Button variant="secondary" data-size="sm" onClick={reset}>
          {t("tryAgain")}
        </Button>
      </div>
    </ProblemPage>
  );
}

function AppError({ error }: { error: unknown }) {
  const t = useT(errorMessages);
  const tc = useT(common);
  usePageTitle(tc("errorTitle"));
  return (
    <>
      <header className="app-header">
        <div className="app-header-inner">
          <a href="/" className="brand">
            <span className="brand-name">{tc("appName")}</span>
            <span className="brand-tagline">{tc("tagline")}</span>
          </a>
        </div>
      </header>
      <main id="main" className="app-main">
        <div className="stack problem-page">
          <Heading level={1} data-size="lg">
            {tc("errorTitle")}
          </Heading>
          <Alert data-color="danger" role="alert">
            <Paragraph>{t("appErrorText")}</Paragraph>
            <Paragraph data-size="sm">{t("errorDetail", { message: messageOf(error) })}</Paragraph>
          </Alert>
          <Paragraph>
            <Link href="/">{t("toFrontPage")}</Link>
          </Paragraph>
        </div>
      </main>
    </>
  );
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
