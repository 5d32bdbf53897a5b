import { IntlMessageFormat } from "intl-messageformat";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

export const LANGS = ["nb", "nn", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** One module's messages, in every language: ICU message syntax, the same keys in each. */
export interface Catalog<K extends string> {
  nb: Record<K, string>;
  nn: Record<K, string>;
  en: Record<K, string>;
}

/** Declares a module's messages; the types make a key missing in one language a compile error. */
export function defineMessages<K extends string>(catalog: Catalog<K>): Catalog<K> {
  return catalog;
}

const STORAGE_KEY = "veivalg.lang";

function initialLang(): Lang {
  const stored = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return (LANGS as readonly string[]).includes(stored ?? "") ? (stored as Lang) : "nb";
}

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: "nb", setLang: () => {} });

/** The user's language: bokmål unless they chose otherwise; remembered in this browser. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang() {
  return useContext(LangContext);
}

export type Values = Record<string, string | number | boolean | null | undefined>;

const compiled = new Map<string, IntlMessageFormat>();

/** Formats one message; numbers inside messages are plain counts, so the locale's rules apply. */
export function formatMessage(message: string, lang: Lang, values?: Values): string {
  const key = `${lang}\u0000${message}`;
  let f = compiled.get(key);
  if (!f) {
    // nn has no plural data of its own in every runtime; its rules are bokmål's.
    f = new IntlMessageFormat(message, lang === "en" ? "en" : "nb");
    compiled.set(key, f);
  }
  return String(f.format(values as Record<string, string | number | boolean | null>));
}

export type Translate<K extends string> = (key: K, values?: Values) => string;

/** `t(key, values)` for a module's catalog in the user's language. */
export function useT<K extends string>(catalog: Catalog<K>): Translate<K> {
  const { lang } = useLang();
  return useCallback((key: K, values?: Values) => formatMessage(catalog[lang][key], lang, values), [catalog, lang]);
}
