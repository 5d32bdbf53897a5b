import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { LANGS, type Catalog } from "./i18n.js";

// Every module's messages: the shared words and each page's and component's own.
const modules = import.meta.glob<Record<string, unknown>>(["./common.ts", "../pages/**/messages.ts", "../components/*messages.ts"], { eager: true });

function isCatalog(v: unknown): v is Catalog<string> {
  return typeof v === "object" && v !== null && LANGS.every((l) => l in v);
}

/** Argument names a message uses, from its parsed ICU syntax tree. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as { type: number; value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
      if (n.type !== 0 && typeof n.value === "string") names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, "nb").getAst());
  return [...names].sort();
}

const catalogs = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, v]) => isCatalog(v))
    .map(([name, v]) => [`${file}#${name}`, v as Catalog<string>] as const),
);

describe("messages", () => {
  it("are found", () => {
    expect(catalogs.length).toBeGreaterThan(1);
  });
  it.each(catalogs)("%s: every key in nb, nn and en, each a valid ICU message with the same arguments", (_, catalog) => {
    const keys = Object.keys(catalog.nb).sort();
    for (const lang of LANGS) {
      expect(Object.keys(catalog[lang]).sort(), lang).toEqual(keys);
      for (const key of keys) {
        const message = catalog[lang][key]!;
        expect(message.trim(), `${lang}.${key} is empty`).not.toBe("");
        expect(argumentsOf(message), `${lang}.${key} uses other arguments than nb`).toEqual(argumentsOf(catalog.nb[key]!));
      }
    }
  });
});
