import { Button, Dropdown, Field, Label, Link, Paragraph, Select, SkipLink } from "@digdir/designsystemet-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link as RouterLink, useLocation, useSearch } from "wouter";
import { client, ok } from "../api/client.js";
import { useOrganisations, useStrategies } from "../api/queries.js";
import { useCurrent } from "../current.js";
import { common } from "../i18n/common.js";
import { LANGS, useLang, useT, type Lang } from "../i18n/i18n.js";
import { useStrategyAccess, useCan, useSession, useSessionChange } from "../session.js";
import { urls } from "../urls.js";

const LANGUAGE_NAMES: Record<Lang, string> = { nb: "Bokmål", nn: "Nynorsk", en: "English" };

/** Regions that own a strategy, in the order of the organisation register. */
function useRegions() {
  const orgs = useOrganisations();
  const strategies = useStrategies();
  const owners = new Set((strategies.data ?? []).map((s) => s.owner));
  return (orgs.data ?? []).filter((o) => o.kind === "rhf" && owners.has(o.id));
}

/**
 * Signing in, or who is signed in with a menu: their account, administration for administrators,
 * and signing out.
 */
function AccountMenu() {
  const t = useT(common);
  const [location, navigate] = useLocation();
  const search = useSearch();
  const session = useSession();
  const { can } = useCan();
  const { signedOut } = useSessionChange();
  const [open, setOpen] = useState(false);
  // A link in the menu leads elsewhere in the app: the menu closes behind it.
  useEffect(() => setOpen(false), [location]);

  const user = session.data?.user;
  if (!session.data) return null;
  if (!user) {
    // The sign-in and setup pages are where one signs in already.
    if (location === "/signin" || location === "/setup") return null;
    return (
      <Button asChild variant="secondary" data-size="sm">
        <RouterLink href={urls.signIn(search ? `${location}?${search}` : location)}>{t("signIn")}</RouterLink>
      </Button>
    );
  }

  async function signOut() {
    setOpen(false);
    // Should the server not answer, the page still forgets the session; asking it afresh shows the truth.
    await ok(client.DELETE("/api/v1/session")).catch(() => undefined);
    signedOut();
    navigate("/");
  }

  return (
    <Dropdown.TriggerContext>
      <Dropdown.Trigger variant="secondary" data-size="sm">
        {user.name || user.email}
      </Dropdown.Trigger>
      <Dropdown placement="bottom-end" open={open} onOpen={() => setOpen(true)} onClose={() => setOpen(false)}>
        {user.name && (
          <Paragraph data-size="sm" className="muted" style={{ margin: 0, padding: "var(--ds-size-2) var(--ds-size-4) 0", overflowWrap: "anywhere" }}>
            {user.email}
          </Paragraph>
        )}
        <Dropdown.List>
          <Dropdown.Item>
            <Dropdown.Button asChild>
              <RouterLink href={urls.account()}>{t("myAccount")}</RouterLink>
            </Dropdown.Button>
          </Dropdown.Item>
          {can({ do: "user.admin" }) && (
            <Dropdown.Item>
              <Dropdown.Button asChild>
                <RouterLink href={urls.adminUsers()}>{t("administration")}</RouterLink>
              </Dropdown.Button>
            </Dropdown.Item>
          )}
          <Dropdown.Item>
            <Dropdown.Button onClick={() => void signOut()}>{t("signOut")}</Dropdown.Button>
          </Dropdown.Item>
        </Dropdown.List>
      </Dropdown>
    </Dropdown.TriggerContext>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const t = useT(common);
  const { lang, setLang } = useLang();
  const [location, navigate] = useLocation();
  const { region, strategyId, strategy } = useCurrent();
  const regions = useRegions();
  const allStrategies = useStrategies();
  const strategies = (allStrategies.data ?? []).filter((s) => s.owner === region);
  // An address naming a strategy there is not (the page says so) gets no menu of its pages.
  const known = strategyId !== "" && (strategy !== undefined || allStrategies.isPending);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const { can } = useCan();

  // After navigating inside the app, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location]);

  const admin = location.startsWith("/admin/") && can({ do: "user.admin" });
  // The strategy's internal pages are offered to its own people only; the portfolio also to visitors where the region publishes its summary.
  const seen = useStrategyAccess();
  const internal = (entries: [string, string][]) => (seen.internal ? entries : []);
  const nav: [string, string][] = known
    ? [
        [urls.overview(region, strategyId), t("navOverview")],
        [urls.compare(region, strategyId), t("navCompare")],
        [urls.missing(region, strategyId), t("navMissing")],
        [urls.alignment(region, strategyId), t("navAlignment")],
        ...(seen.internal || seen.summary ? [[urls.portfolio(region, strategyId), t("navPortfolio")] satisfies [string, string]] : []),
        ...internal([
          [urls.needs(region, strategyId), t("navNeeds")],
          [urls.coverage(region, strategyId), t("navCoverage")],
          [urls.benefits(region, strategyId), t("navBenefits")],
          [urls.computations(region, strategyId), t("navComputations")],
        ]),
        [urls.versions(region, strategyId), t("navVersions")],
      ]
    : admin
      ? [
          [urls.adminUsers(), t("navUsers")],
          [urls.adminTokens(), t("navTokens")],
          [urls.adminAudit(), t("navAudit")],
        ]
      : [];

  return (
    <>
      <SkipLink href="#main">{t("skipToContent")}</SkipLink>
      <header className="app-header">
        <div className="app-header-inner">
          <RouterLink href="/" className="brand">
            <span className="brand-name">{t("appName")}</span>
            <span className="brand-tagline">{t("tagline")}</span>
          </RouterLink>
          <div className="switchers">
            {regions.length > 0 && (
              <Field>
                <Label htmlFor="region-switcher">{t("region")}</Label>
                <Select id="region-switcher" width="auto" value={region} onChange={(e) => navigate(urls.region(e.target.value))}>
                  {!regions.some((r) => r.id === region) && <option value="">{t("chooseRegion")}</option>}
                  {regions.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {strategies.length > 1 && (
              <Field>
                <Label htmlFor="strategy-switcher">{t("strategy")}</Label>
                <Select id="strategy-switcher" width="auto" value={strategies.some((s) => s.id === strategyId) ? strategyId : ""} onChange={(e) => navigate(urls.overview(region, e.target.value))}>
                  {!strategies.some((s) => s.id === strategyId) && <option value="">{t("chooseStrategy")}</option>}
                  {strategies.map((s) => (
                    <option key={s.id} value={s.id} lang={s.language}>
                      {s.title}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <Field>
              <Label htmlFor="language-switcher">{t("language")}</Label>
              <Select id="language-switcher" width="auto" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
                {LANGS.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LANGUAGE_NAMES[l]}
                  </option>
                ))}
              </Select>
            </Field>
            <div style={{ display: "flex", alignItems: "flex-end" }}>
              <AccountMenu />
            </div>
          </div>
        </div>
        {nav.length > 0 && (
          <nav aria-label={admin ? t("administration") : t("mainNav")} className="app-nav">
            <ul>
              {nav.map(([href, label]) => {
                const path = href.split("?")[0];
                const current = path === location || (strategyId !== "" && path !== urls.overview(region, strategyId) && location.startsWith(path ?? ""));
                return (
                  <li key={href}>
                    <RouterLink href={href} aria-current={current ? "page" : undefined}>
                      {label}
                    </RouterLink>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1} className="app-main">
        {children}
      </main>
      <footer className="app-footer">
        <Paragraph data-size="sm">{t("footer")}</Paragraph>
        <Paragraph data-size="sm">
          <Link href="/api/v1/openapi.json">{t("footerApi")}</Link>
        </Paragraph>
      </footer>
    </>
  );
}
