import { Field, Label, Link, Paragraph, Select, SkipLink } from "@digdir/designsystemet-react";
import { useEffect, useRef, type ReactNode } from "react";
import { Link as RouterLink, useLocation } from "wouter";
import { useOrganisations, useStrategies } from "../api/queries.js";
import { useCurrent } from "../current.js";
import { common } from "../i18n/common.js";
import { LANGS, useLang, useT, type Lang } from "../i18n/i18n.js";
import { urls } from "../urls.js";

const LANGUAGE_NAMES: Record<Lang, string> = { nb: "Bokmål", nn: "Nynorsk", en: "English" };

/** Regions that own a strategy, in the order of the organisation register. */
function useRegions() {
  const orgs = useOrganisations();
  const strategies = useStrategies();
  const owners = new Set((strategies.data ?? []).map((s) => s.owner));
  return (orgs.data ?? []).filter((o) => o.kind === "rhf" && owners.has(o.id));
}

export function Layout({ children }: { children: ReactNode }) {
  const t = useT(common);
  const { lang, setLang } = useLang();
  const [location, navigate] = useLocation();
  const { region, strategyId } = useCurrent();
  const regions = useRegions();
  const strategies = (useStrategies().data ?? []).filter((s) => s.owner === region);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After navigating inside the app, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location]);

  const nav: [string, string][] = strategyId
    ? [
        [urls.overview(region, strategyId), t("navOverview")],
        [urls.compare(region, strategyId), t("navCompare")],
        [urls.missing(region, strategyId), t("navMissing")],
        [urls.alignment(region, strategyId), t("navAlignment")],
        [urls.versions(region, strategyId), t("navVersions")],
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
                  {!regions.some((r) => r.id === region) && <option value="">–</option>}
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
                <Select id="strategy-switcher" width="auto" value={strategyId} onChange={(e) => navigate(urls.overview(region, e.target.value))}>
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
          </div>
        </div>
        {nav.length > 0 && (
          <nav aria-label={t("mainNav")} className="app-nav">
            <ul>
              {nav.map(([href, label]) => {
                const path = href.split("?")[0];
                const current = path === location || (path !== urls.overview(region, strategyId) && location.startsWith(path ?? ""));
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
