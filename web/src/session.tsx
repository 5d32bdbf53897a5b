import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, type ComponentType, type ReactNode } from "react";
import { Redirect } from "wouter";
import { ANONYMOUS, ancestryOf, can, ROLES, type Action, type Ancestry, type Principal, type Role } from "../../server/src/access/policy.js";
import { client, ok, onSessionLost, setCsrfToken, type Answer } from "./api/client.js";
import { useOrganisations } from "./api/queries.js";
import { ErrorState, Loading } from "./components/States.js";
import { useCurrent, useHere, usePageTitle } from "./current.js";
import { common } from "./i18n/common.js";
import { useT } from "./i18n/i18n.js";
import { urls } from "./urls.js";

/** Who is signed in (or nobody), their roles, the session's CSRF token, and how one may sign in. */
export type Session = Answer<"/api/v1/session">;
export type SessionUser = NonNullable<Session["user"]>;

const SESSION_KEY = ["session"] as const;
/** Every read but the session's own. */
const otherReads = (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== SESSION_KEY[0];

/** Keeps the query cache and the API client's CSRF token in step with the server's session. */
function remember(queryClient: QueryClient, session: Session): void {
  setCsrfToken(session.csrfToken);
  queryClient.setQueryData(SESSION_KEY, session);
}

export function useSession() {
  const queryClient = useQueryClient();
  useEffect(() => onSessionLost(() => void queryClient.invalidateQueries({ queryKey: SESSION_KEY })), [queryClient]);
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = await ok(client.GET("/api/v1/session"));
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 5 * 60_000,
  });
}

/**
 * After signing in or out every read may answer differently (what the person may see), so the
 * cache starts over: on sign-in the reads are refreshed, on sign-out what only the person could
 * see is dropped at once rather than shown until refreshed.
 */
export function useSessionChange() {
  const queryClient = useQueryClient();
  // The new state is known at once (the page shown next sees it); the reads refresh behind it.
  const signedIn = useCallback(
    (session: Session) => {
      remember(queryClient, session);
      void queryClient.invalidateQueries({ predicate: otherReads });
    },
    [queryClient],
  );
  const signedOut = useCallback(() => {
    setCsrfToken(null);
    const was = queryClient.getQueryData<Session>(SESSION_KEY);
    if (was) queryClient.setQueryData<Session>(SESSION_KEY, { ...was, user: null, grants: [], csrfToken: null });
    void queryClient.resetQueries({ predicate: otherReads });
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  }, [queryClient]);
  return { signedIn, signedOut };
}

/** The signed-in person as the access policy sees them (anonymous while nobody is). */
function principalOf(session: Session | undefined): Principal {
  if (!session?.user) return ANONYMOUS;
  return { kind: "user", id: session.user.id, label: session.user.email, grants: session.grants };
}

export interface Capabilities {
  /** Whether the session and the organisation register are known; until then nothing is offered. */
  ready: boolean;
  signedIn: boolean;
  /**
   * Whether the person may do `action`, by the server's own rules (server/src/access/policy.ts), so
   * the app offers exactly what the server would allow. The server decides anyway.
   */
  can: (action: Action) => boolean;
  /** The organisation register's chain from an organisation up to its root. */
  ancestry: Ancestry;
}

export function useCan(): Capabilities {
  const session = useSession();
  const orgs = useOrganisations();
  const principal = useMemo(() => principalOf(session.data), [session.data]);
  const ready = session.isSuccess && orgs.isSuccess;
  const ancestry = useMemo(() => ancestryOf(new Map((orgs.data ?? []).map((o) => [o.id, o.parent]))), [orgs.data]);
  const check = useCallback((action: Action) => ready && can(principal, action, ancestry), [ready, principal, ancestry]);
  return { ready, signedIn: principal.kind === "user", can: check, ancestry };
}

/** A role's name in the user's language. */
export function useRoleName(): (role: string) => string {
  const t = useT(common);
  return useCallback((role: string) => (isRole(role) ? t(`role_${role}`) : role), [t]);
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);


/**
 * A page only for those who may do `action` (or, without one, for anyone signed in): a visitor is
 * sent to sign in and brought back; someone signed in without the right is told so.
 */
export function Guarded({ action, children }: { action?: Action; children: ReactNode }) {
  const t = useT(common);
  const session = useSession();
  const { ready, can: may } = useCan();
  const here = useHere();
  const allowed = session.data?.user && (!action || may(action));
  usePageTitle(ready && !allowed && session.data?.user ? t("noAccessTitle") : undefined);
  if (session.isError) return <ErrorState error={session.error} />;
  if (!ready) return <Loading />;
  if (!session.data?.user) return <Redirect to={urls.signIn(here)} replace />;
  if (!allowed)
    return (
      <div className="stack">
        <Heading level={1} data-size="lg">
          {t("noAccessTitle")}
        </Heading>
        <Paragraph>{t("noAccessText")}</Paragraph>
      </div>
    );
  return <>{children}</>;
}

/**
 * What the person may see of the current strategy beyond its published text and figures
 * (docs/decisions/0015-publication-policy.md): its internal material (portfolio, needs, budgets,
 * benefits, computations), and — where the region publishes it — the portfolio summary.
 */
export function useStrategyAccess(): { ready: boolean; internal: boolean; summary: boolean } {
  const { strategy } = useCurrent();
  const orgs = useOrganisations();
  const { ready, can: may } = useCan();
  if (!ready || !strategy) return { ready: false, internal: false, summary: false };
  const published = strategy.published && (orgs.data ?? []).some((o) => o.id === strategy.owner && o.publishesPortfolioSummary);
  return {
    ready: true,
    internal: may({ do: "strategy.internal", organisation: strategy.owner }),
    summary: may({ do: "portfolio.summary", organisation: strategy.owner, published }),
  };
}

/** A page of the strategy's internal material: a visitor is sent to sign in, someone from elsewhere is told they have no access. */
export function internalPage<P extends object>(Page: ComponentType<P>): (props: P) => ReactNode {
  return function InternalPage(props: P) {
    const { strategy } = useCurrent();
    if (!strategy) return <Loading />;
    return (
      <Guarded action={{ do: "strategy.internal", organisation: strategy.owner }}>
        <Page {...props} />
      </Guarded>
    );
  };
}
