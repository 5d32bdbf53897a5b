import type { StrategyInput } from "../../domain/strategy.js";

/**
 * Helse Vest, "Strategi for digitalisering i Helse Vest" (web page, sist oppdatert 05.04.2024), nynorsk.
 * Text copied verbatim from /work/shared/seeds/004_…; only list markers and trailing spaces are removed, and the
 * footnote markers [1]/[2] are dropped from the focus-area titles because the footnote text is that section's description.
 */
export const hvDigitalisering2024: StrategyInput = {
  id: "hv-digitalisering-2024",
  owner: "hv",
  kind: "sub_strategy",
  title: "Strategi for digitalisering i Helse Vest",
  language: "nn",
  periodFrom: "2024",
  status: "adopted",
  reference: "Digitaliseringsstyret",
  parent: "nasjonal-ehelse",
  source: "Helse Vest, sist oppdatert 05.04.2024",
  summary:
    "Helse Vest sin strategi for digitalisering, vedteken av Digitaliseringsstyret og revidert årleg, med fire strategiske føringar, fem ambisjonar, fire føresetnader og seks strategiske innsatsområde.",
  published: true,
  sections: [
    {
      key: "innleiing",
      kind: "text",
      title: "Strategi for digitalisering i Helse Vest",
      description: [
        "Strategi for digitalisering for føretaksgruppa Helse Vest gir overordna felles føringar, set ambisjonsnivået og peikar ut dei viktigaste innsatsområda for digitalisering. Strategi for digitalisering blir vedteken av Digitaliseringsstyret, og skal reviderast årleg.",
        "Det er lagt vekt på at strategien skal vera kortfatta, innanfor ei ramme av 2–3 sider. Fordi strategien er kortfatta, er det vesentleg at innhaldet blir lese som eit heile og at dei ulike temaa sest i samanheng.",
        "Strategien er basert på innspela frå, og dialogen med, leiargruppene i alle helseføretaka, Sjukehusapoteka Vest HF, Helse vest IKT, Helse vest RHF.",
        "Strategien er den overordna bodskapen for digitaliseringsarbeidet i Helse vest. Strategien skal gi retning for arbeidet med digitalisering. Dermed må føringar, ambisjonar og innsatsområde leggjast til grunn for dei prioriteringane som blir gjorde ved styring av digitaliseringsarbeidet.",
        "Det er i strategien referert til måla henta frå Nasjonale e-helsestrategi for helse- og omsorgssektoren, jfr. Nasjonal e-helsestrategi for helse- og omsorgssektoren - ehelse. Bileta er klikkbare og måla kan lesast i sin heilskap på sidene til Nasjonal e-helsestrategi.",
      ].join("\n\n"),
    },
    {
      key: "utgangspunkt",
      kind: "text",
      title: "Utgangspunkt og rammar",
      description: "Strategien tek utgangspunkt i gjeldande nasjonale, regionale og lokale strategiar, under dette",
    },
    {
      key: "strategiske-foringar",
      kind: "text",
      title: "Strategiske føringar",
      description: [
        "Prinsippa for endring av styringsstruktur for digitalisering i Helse vest er viste i figuren nedanfor.",
        "Ein god balanse mellom desse prinsippa vil vera vesentleg for å lykkast.",
        "Strategiske føringar for digitalisering i føretaksgruppa Helse Vest er;",
      ].join("\n\n"),
    },
    {
      key: "guideline-1",
      kind: "guideline",
      code: "1",
      title: "Blir regionale løysingar felte som legg til rette for felles arbeidsprosessar.",
    },
    {
      key: "guideline-2",
      kind: "guideline",
      code: "2",
      title: "Moglegheit for lokale tilpassingar, der det er nødvendig og der dei kan delast.",
    },
    {
      key: "guideline-3",
      kind: "guideline",
      code: "3",
      title: "Dei nasjonale e-helseløysingane skal nyttast.",
    },
    {
      key: "guideline-4",
      kind: "guideline",
      code: "4",
      title: "Ta i bruk moglegheitene som skytenester gir.",
    },
    {
      key: "ambisjonar",
      kind: "text",
      title: "Ambisjonar",
      description: [
        "Ambisjonane skal peika ei tydeleg retning for dei prioriteringane som må gjerast framover.",
        "Følgjande ambisjonar skal vektleggjast;",
      ].join("\n\n"),
    },
    {
      key: "ambition-1",
      kind: "ambition",
      code: "1",
      title:
        "Brukarvennlegheit, auka brukskvalitet og god informasjonsflyt ved forbetring og forenkling av dagens og nye digitale løysingar.",
    },
    {
      key: "ambition-2",
      kind: "ambition",
      code: "2",
      title: "Dei digitale løysingane skal bidra til å behalda, utvikla og rekruttera medarbeidarar.",
    },
    {
      key: "ambition-3",
      kind: "ambition",
      code: "3",
      title: "For medarbeidarar skal digitaliseringa gi redusert arbeidsbelastning og ein enklare arbeidskvardag.",
    },
    {
      key: "ambition-4",
      kind: "ambition",
      code: "4",
      title: "Digitaliseringa skal bidra til meir effektive tenester.",
    },
    {
      key: "ambition-5",
      kind: "ambition",
      code: "5",
      title: "Prioritera initiativ som bidreg til god ressursbruk og effektiv drift i nye og rehabiliterte bygg.",
    },
    {
      key: "prerequisite-1",
      kind: "prerequisite",
      code: "1",
      title: "Raskare frå behov til løysing ved bruk av smidige metodar og tverrfaglege team.",
    },
    {
      key: "prerequisite-2",
      kind: "prerequisite",
      code: "2",
      title: "Løysingar for mobile handhaldne einingar.",
    },
    {
      key: "prerequisite-3",
      kind: "prerequisite",
      code: "3",
      title: "Regionale data med god kvalitet og struktur.",
    },
    {
      key: "prerequisite-4",
      kind: "prerequisite",
      code: "4",
      title: "Avgjerder på lågaste moglege nivå, involvering og engasjement frå medarbeidarar.",
    },
    {
      key: "strategiske-innsatsomrade",
      kind: "text",
      title: "Strategiske innsatsområde",
      description:
        "Med utgangspunkt i dei strategiske føringane og ambisjonane skal følgjande strategiske innsatsområde prioriterast:",
    },
    {
      key: "fa-1",
      kind: "focus_area",
      code: "1",
      title:
        "Etterleving av definerte arbeidsprosessar og gjennomføring av tilhøyrande organisasjonsutvikling og oppgåvedeling, for å oppnå størst mogleg effekt av nye og eksisterande IKT-løysingar.",
    },
    {
      key: "fa-2",
      kind: "focus_area",
      code: "2",
      title:
        "Teknologi som støttar effektiv drift i sjukehusa, under dette logistikk og standardisert infrastruktur for medisinsk-teknisk utstyr.",
    },
    {
      key: "fa-3",
      kind: "focus_area",
      code: "3",
      title: "Modernisera den digitale grunnmuren (ref. Utviklingsplan for Helse vest IKT).",
    },
    {
      key: "fa-4",
      kind: "focus_area",
      code: "4",
      title:
        "Digitale helsetenester. (jfr. initiativ 15 i den Regionale tiltaksplanen og Strategi for digitale helsetenester i Helse vest).",
      description:
        "Digitale helsetjenester inkluderer det som også omtales som «Digitale innbyggertjenester og digital hjemmeoppfølging».",
    },
    {
      key: "fa-5",
      kind: "focus_area",
      code: "5",
      title:
        "Samarbeid mellom dei tre regionale helseføretaka som bruker DIPS og kommunal sektor for å sikra betre digital samhandling ved bruk av dei nasjonale e-helseløysingane.",
      description:
        "helsenorge.no, Pasientens legemiddelliste, Pasientens dokumenter, Pasientens prøvesvar, Pasientens måledata, Velferdsteknologisk knutepunkt, med flere.",
    },
    {
      key: "fa-6",
      kind: "focus_area",
      code: "6",
      title:
        "Trygg bruk av kunstig intelligens i forsking, innovasjon, pasientbehandling, med meir. (jfr. initiativ 11 i den Regionale tiltaksplanen).",
    },
  ],
};
