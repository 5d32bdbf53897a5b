import { describe, expect, it } from "vitest";
import type { KeyResultInput, SectionInput, StrategyInput } from "../domain/strategy.js";
import { organisations } from "./organisations.js";
import { hsoRup2040, hsoTeknologi2023, hvDigitalisering2024, nasjonalEhelse, seedStrategies } from "./strategies/index.js";

function allSections(sections: SectionInput[]): SectionInput[] {
  return sections.flatMap((s) => [s, ...allSections(s.children ?? [])]);
}

function allKeyResults(strategy: StrategyInput): KeyResultInput[] {
  return allSections(strategy.sections).flatMap((s) => s.keyResults ?? []);
}

function ofKind(strategy: StrategyInput, kind: SectionInput["kind"]): SectionInput[] {
  return allSections(strategy.sections).filter((s) => s.kind === kind);
}

/** Every human-readable text in a strategy, with a label for failure messages. */
function allTexts(strategy: StrategyInput): [string, string | undefined][] {
  const texts: [string, string | undefined][] = [
    [`${strategy.id}.title`, strategy.title],
    [`${strategy.id}.summary`, strategy.summary],
  ];
  for (const s of allSections(strategy.sections)) {
    texts.push([`${s.key}.title`, s.title]);
    if ("objective" in s) texts.push([`${s.key}.objective`, s.objective]);
    if ("description" in s) texts.push([`${s.key}.description`, s.description]);
    for (const kr of s.keyResults ?? []) {
      texts.push([`${kr.code}.title`, kr.title], [`${kr.code}.definition`, kr.definition]);
      for (const d of kr.dimensions) texts.push([`${kr.code}.${d.key}`, d.label], ...d.values.map((v): [string, string] => [`${kr.code}.${d.key}.value`, v]));
    }
  }
  return texts;
}

const hsoFocusAreas = hsoTeknologi2023.sections.filter((s) => s.kind === "focus_area");

describe("organisations", () => {
  it("has Helse Sør-Øst with 9 health trusts and 2 shared services", () => {
    const children = organisations.filter((o) => o.parent === "hso");
    expect(children).toHaveLength(11);
    expect(children.filter((o) => o.kind === "hf")).toHaveLength(9);
    expect(children.filter((o) => o.kind === "shared_service").map((o) => o.name).sort()).toEqual([
      "Sykehusapotekene HF",
      "Sykehuspartner HF",
    ]);
  });

  it("has Helse Vest with 4 health trusts and 2 shared services", () => {
    const children = organisations.filter((o) => o.parent === "hv");
    expect(children).toHaveLength(6);
    expect(children.filter((o) => o.kind === "hf")).toHaveLength(4);
    expect(children.filter((o) => o.kind === "shared_service").map((o) => o.name).sort()).toEqual([
      "Helse Vest IKT AS",
      "Sjukehusapoteka Vest HF",
    ]);
  });

  it("has the national body and two regions at the top", () => {
    const roots = organisations.filter((o) => o.parent === undefined);
    expect(roots.map((o) => [o.id, o.kind])).toEqual([
      ["nasjonal", "national"],
      ["hso", "rhf"],
      ["hv", "rhf"],
    ]);
  });

  it("has unique ids and short names, ascii slug ids, existing parents and no identifiers", () => {
    const ids = organisations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(organisations.map((o) => o.shortName)).size).toBe(organisations.length);
    for (const o of organisations) {
      expect(o.id).toMatch(/^[a-z][a-z0-9-]*$/);
      if (o.parent !== undefined) expect(ids).toContain(o.parent);
      expect(o.identifiers).toBeUndefined();
      expect(o.name.trim()).not.toBe("");
    }
  });
});

describe("seed strategies", () => {
  it("lists parents before children and refers to existing owners", () => {
    const orgIds = new Set(organisations.map((o) => o.id));
    const seen = new Set<string>();
    for (const s of seedStrategies) {
      expect(orgIds.has(s.owner), `${s.id} owner`).toBe(true);
      if (s.parent !== undefined) expect(seen.has(s.parent), `${s.id} parent`).toBe(true);
      seen.add(s.id);
    }
    expect(seedStrategies.map((s) => s.id)).toEqual([
      "nasjonal-ehelse",
      "hso-rup-2040",
      "hso-teknologi-2023",
      "hv-digitalisering-2024",
    ]);
  });

  it.each(seedStrategies.map((s) => [s.id, s] as const))("%s: section keys are unique", (_id, s) => {
    const keys = allSections(s.sections).map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(seedStrategies.map((s) => [s.id, s] as const))(
    "%s: key result codes are unique and every parentCode exists",
    (_id, s) => {
      const codes = allKeyResults(s).map((k) => k.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const kr of allKeyResults(s)) {
        if (kr.parentCode !== undefined) expect(codes, kr.code).toContain(kr.parentCode);
      }
    },
  );

  it.each(seedStrategies.map((s) => [s.id, s] as const))(
    "%s: every text is non-empty, trimmed and without stray markup",
    (_id, s) => {
      for (const [label, text] of allTexts(s)) {
        if (text === undefined) continue;
        expect(text.trim(), label).not.toBe("");
        expect(text, label).toBe(text.trim());
        expect(text, label).not.toContain("*");
        for (const line of text.split("\n")) expect(line.trimStart().startsWith("- "), label).toBe(false);
        expect(text, label).not.toMatch(/^\s*•/m);
      }
    },
  );
});

describe("Helse Sør-Øst, Regional utviklingsplan 2040", () => {
  it("has the four goals", () => {
    expect(hsoRup2040.sections.map((s) => [s.key, s.kind, s.code])).toEqual([
      ["goal-1", "goal", "1"],
      ["goal-2", "goal", "2"],
      ["goal-3", "goal", "3"],
      ["goal-4", "goal", "4"],
    ]);
    expect(hsoRup2040.sections[3]?.title).toBe("Bærekraftige helsetjenester for samfunnet");
    expect(hsoRup2040.reference).toBe("styresak 134-2022");
  });
});

describe("Helse Sør-Øst, Regional delstrategi for teknologiområdet", () => {
  it("is adopted by styresak 132-2023 under the regional development plan", () => {
    expect(hsoTeknologi2023).toMatchObject({
      id: "hso-teknologi-2023",
      owner: "hso",
      kind: "sub_strategy",
      parent: "hso-rup-2040",
      adoptedOn: "2023-11-22",
      reference: "styresak 132-2023",
      status: "adopted",
      published: true,
      language: "nb",
      periodFrom: "2023",
    });
    expect(hsoTeknologi2023.periodTo).toBeUndefined();
  });

  it("has 7 focus areas with the short names matched to their objectives", () => {
    expect(hsoFocusAreas.map((s) => [s.key, s.code, s.title])).toEqual([
      ["fa-1", "1", "Digital hjemmeoppfølging"],
      ["fa-2", "2", "Kvalitet, kunstig intelligens og beslutningsstøtte"],
      ["fa-3", "3", "Digital samhandling"],
      ["fa-4", "4", "Enklere hverdag"],
      ["fa-5", "5", "Datadrevet utvikling av helsetjenesten"],
      ["fa-6", "6", "Brukernær utvikling av teknologi"],
      ["fa-7", "7", "Effektive felles IKT-tjenester"],
    ]);
    for (const fa of hsoFocusAreas) {
      expect(fa.objective, fa.key).toBeTruthy();
      expect(fa.description, fa.key).toBeTruthy();
    }
    expect(hsoFocusAreas[0]?.objective).toBe(
      "Pasienter behandles og følges opp hjemme når det gir effektiv ressursbruk, god kvalitet og økt egenmestring.",
    );
    expect(hsoFocusAreas[5]?.objective).toBe(
      "Økt grad av brukerdrevne utviklingsmetoder skal gi raskere endringer og gode brukeropplevelser.",
    );
  });

  it("has the initiatives of each focus area (7, 6, 6, 6, 5, 6, 7)", () => {
    const counts = hsoFocusAreas.map((fa) => (fa.children ?? []).filter((c) => c.kind === "initiative").length);
    expect(counts).toEqual([7, 6, 6, 6, 5, 6, 7]);
    expect(ofKind(hsoTeknologi2023, "initiative")).toHaveLength(43);
    for (const fa of hsoFocusAreas) {
      (fa.children ?? []).forEach((c, i) => {
        expect(c.key).toBe(`${fa.key}-i-${i + 1}`);
        expect(c.code).toBe(String(i + 1));
      });
    }
    expect(hsoFocusAreas[1]?.children?.[4]?.title).toBe("Bidra til etablering av nasjonalt genomsenter.");
  });

  it("has the key results of each focus area (7, 5, 6, 5, 4, 6, 10; 43 in all)", () => {
    const counts = hsoFocusAreas.map((fa) => (fa.keyResults ?? []).length);
    expect(counts).toEqual([7, 5, 6, 5, 4, 6, 10]);
    expect(allKeyResults(hsoTeknologi2023)).toHaveLength(43);
    expect(hsoFocusAreas.map((fa) => (fa.keyResults ?? []).map((k) => k.code))).toEqual([
      ["1.1", "1.2", "1.3", "1.4", "1.5", "1.5a", "1.5b"],
      ["2.1", "2.2", "2.3", "2.4", "2.5"],
      ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"],
      ["4.1", "4.2", "4.3", "4.4", "4.5"],
      ["5.1", "5.2", "5.3", "5.4"],
      ["6.1", "6.2a", "6.2b", "6.3", "6.4", "6.5"],
      ["7.1", "7.1a", "7.1b", "7.1c", "7.1d", "7.1e", "7.2", "7.3", "7.4", "7.5"],
    ]);
  });

  it("has sub-items pointing to their parent key result", () => {
    const byCode = new Map(allKeyResults(hsoTeknologi2023).map((k) => [k.code, k]));
    expect(byCode.get("1.5a")?.parentCode).toBe("1.5");
    expect(byCode.get("1.5b")?.parentCode).toBe("1.5");
    for (const c of ["a", "b", "c", "d", "e"]) expect(byCode.get(`7.1${c}`)?.parentCode).toBe("7.1");
    expect(byCode.has("6.2")).toBe(false);
    expect(byCode.get("6.2a")?.parentCode).toBeUndefined();
    expect(byCode.get("6.2b")?.title).toBe("Antall utviklingsløp som benytter Sykehuspartner GNIST.");
  });

  it("keeps key result titles verbatim and sets no targets", () => {
    const byCode = new Map(allKeyResults(hsoTeknologi2023).map((k) => [k.code, k]));
    expect(byCode.get("3.6")?.title).toBe("Andel timeavtaler tilgjengelig for pasient på Helsenorge.");
    expect(byCode.get("7.1")?.title).toBe("Lavere IKT driftskostnader (enhetskostnader)");
    expect(byCode.get("1.5")?.title).toBe("Brukertilfredsundersøkelser");
    for (const kr of byCode.values()) {
      expect(kr.targets, kr.code).toEqual([]);
      expect(kr.baseline, kr.code).toBeUndefined();
      expect(kr.owner, kr.code).toBeUndefined();
      expect(kr.tolerance, kr.code).toBe(0.1);
      if (kr.title.startsWith("Andel")) {
        expect(kr.unit, kr.code).toBe("percent");
        expect(kr.aggregation, kr.code).toBe("ratio");
      }
      if (kr.title.startsWith("Antall")) expect(kr.unit, kr.code).toBe("count");
    }
  });

  it("has dimensions only where the text names a breakdown", () => {
    const dims = allKeyResults(hsoTeknologi2023)
      .filter((k) => k.dimensions.length > 0)
      .map((k) => [k.code, k.dimensions.map((d) => d.key)]);
    expect(dims).toEqual([
      ["1.1", ["forløpstype"]],
      ["1.5a", ["respondentgruppe"]],
      ["2.1", ["undersøkelsestype"]],
      ["5.1", ["driftsområde"]],
    ]);
    const kr51 = allKeyResults(hsoTeknologi2023).find((k) => k.code === "5.1");
    expect(kr51?.dimensions[0]?.values).toEqual([
      "legemiddelbruk og farmasitun",
      "operasjonsplanlegging og kirurgisk logistikk",
      "kritisk syke pasienter",
    ]);
  });

  it("has the use of the strategy, governance and background as prose", () => {
    expect(ofKind(hsoTeknologi2023, "principle").map((s) => s.title)).toEqual(["Bruk av teknologistrategien"]);
    expect(ofKind(hsoTeknologi2023, "text").map((s) => s.title)).toEqual([
      "Organisering og styring",
      "Styringsmodell for teknologiområdet",
      "Felles IKT-tjenesteleverandør",
      "Bakgrunn og rammer for revidert teknologistrategi",
    ]);
  });
});

describe("Nasjonal e-helsestrategi", () => {
  it("is owned by the national body and has no sections yet", () => {
    expect(nasjonalEhelse).toMatchObject({ owner: "nasjonal", kind: "national_strategy", sections: [] });
  });
});

describe("Helse Vest, Strategi for digitalisering", () => {
  it("is a nynorsk sub-strategy of the national e-health strategy", () => {
    expect(hvDigitalisering2024).toMatchObject({
      id: "hv-digitalisering-2024",
      owner: "hv",
      parent: "nasjonal-ehelse",
      language: "nn",
      reference: "Digitaliseringsstyret",
    });
    expect(hvDigitalisering2024.adoptedOn).toBeUndefined();
  });

  it("has 4 guidelines, 5 ambitions, 4 prerequisites and 6 focus areas, and no key results", () => {
    expect(ofKind(hvDigitalisering2024, "guideline")).toHaveLength(4);
    expect(ofKind(hvDigitalisering2024, "ambition")).toHaveLength(5);
    expect(ofKind(hvDigitalisering2024, "prerequisite")).toHaveLength(4);
    expect(ofKind(hvDigitalisering2024, "focus_area")).toHaveLength(6);
    expect(allKeyResults(hvDigitalisering2024)).toHaveLength(0);
    expect(ofKind(hvDigitalisering2024, "guideline").map((s) => s.key)).toEqual([
      "guideline-1",
      "guideline-2",
      "guideline-3",
      "guideline-4",
    ]);
  });

  it("keeps the nynorsk text and attaches the footnotes to their focus areas", () => {
    const fa = ofKind(hvDigitalisering2024, "focus_area");
    expect(ofKind(hvDigitalisering2024, "guideline")[2]?.title).toBe("Dei nasjonale e-helseløysingane skal nyttast.");
    expect(fa[3]?.description).toBe(
      "Digitale helsetjenester inkluderer det som også omtales som «Digitale innbyggertjenester og digital hjemmeoppfølging».",
    );
    expect(fa[4]?.description).toContain("Pasientens legemiddelliste");
    for (const s of allSections(hvDigitalisering2024.sections)) expect(s.title).not.toMatch(/\[\d\]/);
  });
});
