import type { KeyResultInput, SectionInput, StrategyInput } from "../../domain/strategy.js";

/**
 * Helse Sør-Øst, "Regional delstrategi for teknologiområdet", adopted by the board 22.11.2023 (styresak 132-2023).
 * Transcribed from the canonical text (/work/shared/seeds/002_…), cross-checked against the PDF extraction (003_…).
 * Objectives, descriptions, initiatives and key-result titles are copied verbatim; only markdown emphasis
 * (asterisks) and list markers are removed. Measurement metadata (unit, aggregation, …) and definitions are ours:
 * the strategy sets no numeric targets.
 */

type KeyResultFields = Omit<KeyResultInput, "targets" | "tolerance" | "dimensions"> &
  Partial<Pick<KeyResultInput, "dimensions">>;

function keyResult(fields: KeyResultFields): KeyResultInput {
  return { dimensions: [], ...fields, targets: [], tolerance: 0.1 };
}

function initiatives(area: number, titles: string[]): SectionInput[] {
  return titles.map((title, i) => ({
    key: `fa-${area}-i-${i + 1}`,
    kind: "initiative",
    code: String(i + 1),
    title,
  }));
}

const focusAreas: SectionInput[] = [
  {
    key: "fa-1",
    kind: "focus_area",
    code: "1",
    title: "Digital hjemmeoppfølging",
    objective: "Pasienter behandles og følges opp hjemme når det gir effektiv ressursbruk, god kvalitet og økt egenmestring.",
    description:
      "Digitale helsetjenester hjemme (DHO) skal øke tilgjengeligheten, kvaliteten og effektiviteten i tjenestene, uavhengig av geografi og fysisk oppmøte. Pasientene skal få tilrettelagt oppfølging etter sine behov (brukerstyrt), i stedet for at oppfølging er kalenderstyrt av sykehusene. De skal også slippe unødvendige reiser inn til sykehuset. De skal få tilgjengeliggjort mer informasjon og økt kunnskap om egen helse og oppfølging av den. Helsetjenestene skal flyttes så nærme pasienten som mulig, og forutsetter et tett samarbeid mellom de ulike aktørene i helsetjenesten.",
    children: initiatives(1, [
      "Utnytte regional rammeavtale – følge opp minikonkurranser og avrop - sikre og støtte utbredelse – drive erfaringsnettverk og koordinering.",
      'Utnytte "Regional prosessplattform". Utvikle nye digitale pasienttjenester for definerte pasientgrupper.',
      "Etablere bedre og flere integrasjoner mellom verktøy for digital hjemmeoppfølging og andre pasientsystemer.",
      "Systematisk undersøke pasienters/behandlers opplevelse via pasient- og brukertilfredsundersøkelser.",
      "Bedre samhandling med Helsefelleskapene. Koordinere innkjøp og forvaltning av medisinsk utstyr og behandlingshjelpemidler.",
      "Innføre samvalgsverktøy.",
      "Styrke og balansere krav til informasjonssikkerhet og personvern.",
    ]),
    keyResults: [
      keyResult({
        code: "1.1",
        title: "Andel pasienter fulgt opp i et DHO-tilbud, fordelt på forløpstyper.",
        definition:
          "Andel pasienter i DHO-tilbud av alle pasienter i aktuelle forløp, fordelt på forløpstype. Teller: pasienter fulgt opp i DHO; nevner: pasienter i forløpene.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
        dimensions: [{ key: "forløpstype", label: "Forløpstype", values: [] }],
      }),
      keyResult({
        code: "1.2",
        title: "Andel av polikliniske konsultasjoner som er behovsstyrt vs. kalenderstyrt.",
        definition:
          "Andel polikliniske konsultasjoner som er behovsstyrt (brukerstyrt) i stedet for kalenderstyrt. Teller: behovsstyrte polikliniske konsultasjoner; nevner: alle polikliniske konsultasjoner.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
      keyResult({
        code: "1.3",
        title:
          "Antall DHO-forløp i helsefelleskap (etablert i samarbeid med kommunehelsetjenesten) med en egenbehandlingsplan.",
        definition:
          "Antall DHO-forløp etablert i helsefellesskap sammen med kommunehelsetjenesten som har en egenbehandlingsplan, talt ved periodens slutt.",
        unit: "count",
        direction: "increase",
        aggregation: "latest",
        frequency: "quarter",
      }),
      keyResult({
        code: "1.4",
        title: "Antall reinnleggelser og tid brukt per pasient i DHO.",
        definition:
          "Antall reinnleggelser blant pasienter fulgt opp i DHO i perioden. Linjen omfatter to mål; tid brukt per pasient i DHO rapporteres foreløpig ikke som eget tall.",
        unit: "count",
        direction: "decrease",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "1.5",
        title: "Brukertilfredsundersøkelser",
        definition:
          "Samlet resultat av brukertilfredsundersøkelser for digital hjemmeoppfølging, som gjennomsnittlig score. Underpunktene 1.5a og 1.5b måles hver for seg.",
        unit: "score",
        direction: "increase",
        aggregation: "mean",
        frequency: "year",
      }),
      keyResult({
        code: "1.5a",
        parentCode: "1.5",
        title: "Opplevd kvalitet for pasienter og helsearbeidere.",
        definition:
          "Gjennomsnittlig score for opplevd kvalitet i brukertilfredsundersøkelser, rapportert for pasienter og helsearbeidere hver for seg.",
        unit: "score",
        direction: "increase",
        aggregation: "mean",
        frequency: "year",
        dimensions: [{ key: "respondentgruppe", label: "Respondentgruppe", values: ["pasienter", "helsearbeidere"] }],
      }),
      keyResult({
        code: "1.5b",
        parentCode: "1.5",
        title: "Økt egenmestring for pasientene.",
        definition: "Gjennomsnittlig score for egenmestring blant pasienter i DHO, målt i brukertilfredsundersøkelser.",
        unit: "score",
        direction: "increase",
        aggregation: "mean",
        frequency: "year",
      }),
    ],
  },
  {
    key: "fa-2",
    kind: "focus_area",
    code: "2",
    title: "Kvalitet, kunstig intelligens og beslutningsstøtte",
    objective:
      "Kunstig intelligens, beslutningsstøtte og persontilpasset medisin skal gi arbeidsbesparende effekter, i tillegg til mer presise og likeverdige helsetjenester.",
    description:
      "Medisinsk teknologi skal gi helsetjenester med bedre kvalitet og økt effektivitet. Teknologier for å samle og analysere helsedata, også i stor skala, skal benyttes til mer presise og mer likeverdige spesialisthelsetjenester i hele foretaksgruppen. Samtidig må prioriterte tiltak ha en effektiviseringsgevinst ved at de bidrar til spart tid hos helsepersonell og smidigere arbeidsprosesser. Helsedataanalyse skal også benyttes til å gi beslutningsstøtte til behandlere som får enklere og tryggere oppgaveløsning.",
    children: initiatives(2, [
      "Innføre beslutningsstøtte med kunstig intelligens (KI) i utvalgte kliniske prosesser.",
      "Innføre bedre planlegging og orkestrering av medisinske operasjoner og kirurgisk logistikk basert på bruk av data.",
      "Innføre bedre klinisk overvåking av sannsynlig kritisk syke pasienter.",
      "Innføre KI for å forebygge komplikasjoner.",
      "Bidra til etablering av nasjonalt genomsenter.",
      "Innføre persontilpasset medisin på alle helseforetak innen minst fire fagfelt, inkludert farmakogenetikk og kreft.",
    ]),
    keyResults: [
      keyResult({
        code: "2.1",
        title: "Andel bildeundersøkelser diagnostisert med støtte fra KI i ordinær drift, gruppert på type.",
        definition:
          "Andel bildeundersøkelser diagnostisert med støtte fra KI i ordinær drift, fordelt på undersøkelsestype. Teller: bildeundersøkelser diagnostisert med KI-støtte; nevner: alle bildeundersøkelser av samme type.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
        dimensions: [{ key: "undersøkelsestype", label: "Undersøkelsestype", values: [] }],
      }),
      keyResult({
        code: "2.2",
        title: "Andel komplekse bildeundersøkelser og stråleterapisesjoner forberedt med støtte fra KI.",
        definition:
          "Andel komplekse bildeundersøkelser og stråleterapisesjoner som er forberedt med støtte fra KI. Teller: slike undersøkelser og sesjoner forberedt med KI-støtte; nevner: alle komplekse bildeundersøkelser og stråleterapisesjoner.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
      keyResult({
        code: "2.3",
        title: "Grad av automasjon og spart tid, andel autonomt tolkede undersøkelser.",
        definition:
          "Andel undersøkelser som tolkes autonomt (uten manuell tolkning) som mål på automasjonsgrad. Teller: autonomt tolkede undersøkelser; nevner: alle undersøkelser i de aktuelle undersøkelsestypene.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
      keyResult({
        code: "2.4",
        title: "Antall varsler ved bruk av kunstig intelligens eller regelautomasjon (tidligvarselsystem).",
        definition:
          "Antall varsler til kliniker fra tidligvarselsystemer basert på kunstig intelligens eller regelautomasjon i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "month",
      }),
      keyResult({
        code: "2.5",
        title: "Antall prosesser og pasientforløp som benytter beslutningsstøtte med KI i prognostikk.",
        definition:
          "Antall prosesser og pasientforløp som ved periodens slutt benytter beslutningsstøtte med KI i prognostikk.",
        unit: "count",
        direction: "increase",
        aggregation: "latest",
        frequency: "quarter",
      }),
    ],
  },
  {
    key: "fa-3",
    kind: "focus_area",
    code: "3",
    title: "Digital samhandling",
    objective:
      "Nødvendig og relevant pasientinformasjon skal være tilgjengelig for pasienter og helsepersonell på tvers av Helsetjenesten.",
    description:
      "Det skal etableres sammenhengende digitale tjenester regionalt og nasjonalt, med deling av nødvendig og relevant pasientinformasjon på tvers av datakilder og aktører i helsetjenesten. Dette skal bidra til økt samarbeid, bedre kvalitet i behandlingen og mer tilfredse pasienter, pårørende og ansatte. Løsningene følger av felles nasjonale prioriteringer og skal utvikles i tett samarbeid med nasjonale aktører, andre helseregioner og primærhelsetjenesten. Helse Sør-Øst RHF skal være en aktiv pådriver i dette arbeidet. Helsepersonellens og pasientenes behov for tilgang til informasjon skal være førende innenfor balanserte krav til personvern og informasjonssikkerhet.",
    children: initiatives(3, [
      "Utvikle og innføre pasientens legemiddelliste.",
      "Videreutvikle og bredde dokumentdeling via Kjernejournal, informere og tilrettelegge gjennom helsefelleskapene.",
      "Innføre pasientens prøvesvar i kjernejournal, bidra til bedre faglig utforming og bruk av løsningen.",
      "Integrere kritisk informasjon i kjernejournal.",
      "Bidra til utvikling av pasientens måledata i Kjernejournal, bedre faglig utforming og bruk av løsningen.",
      "Være en nasjonal pådriver i nasjonale fora for samhandling og fortsatt utvikling av nye pasienttjenester på helsenorge.no.",
    ]),
    keyResults: [
      keyResult({
        code: "3.1",
        title: "Antall legemiddellister som er samstemt ved utskrivning.",
        definition: "Antall legemiddellister som er samstemt ved utskrivning fra sykehus i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "month",
      }),
      keyResult({
        code: "3.2",
        title: "Antall journaldokumenter som deles i Kjernejournal fra sykehus eller primærhelsetjeneste.",
        definition:
          "Antall journaldokumenter fra sykehus eller primærhelsetjeneste som er gjort tilgjengelige (delt) i Kjernejournal i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "month",
      }),
      keyResult({
        code: "3.3",
        title: "Antall oppslag i journaldokumenter delt i Kjernejournal.",
        definition: "Antall oppslag i journaldokumenter som er delt i Kjernejournal, i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "month",
      }),
      keyResult({
        code: "3.4",
        title: "Antall prøvesvar sendt til Pasientens prøvesvar i Kjernejournal.",
        definition: "Antall prøvesvar sendt til Pasientens prøvesvar i Kjernejournal i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "month",
      }),
      keyResult({
        code: "3.5",
        title: "Antall måledata utvekslet via Pasientens måledata i Kjernejournal.",
        definition: "Antall måledata utvekslet via Pasientens måledata i Kjernejournal i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "month",
      }),
      keyResult({
        code: "3.6",
        title: "Andel timeavtaler tilgjengelig for pasient på Helsenorge.",
        definition:
          "Andel timeavtaler som er tilgjengelige for pasienten på Helsenorge. Teller: timeavtaler synlige på Helsenorge; nevner: alle timeavtaler.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
    ],
  },
  {
    key: "fa-4",
    kind: "focus_area",
    code: "4",
    title: "Enklere hverdag",
    objective: "Brukervennlig teknologi skal gi effektive arbeidsprosesser og forenkle hverdagen for helsepersonell.",
    description:
      "Teknologi skal oppleves som brukervennlig og må leve opp til de forventninger ansatte på sykehusene har til moderne digitale verktøy. Teknologi skal bidra til effektive arbeidsprosesser så helsepersonell kan bruke mer tid på pasientrettet arbeid. Dobbelregistrering og andre former for «plunder og heft» skal i den grad det er mulig, elimineres. Dokumentasjon og rutineoppgaver skal automatiseres der dette kan frigjøre tid for helsepersonell og andre ansatte. I parallell med arbeidet for å forbedre de tekniske løsningene skal det arbeides med å styrke digital kompetanse blant våre medarbeidere i hele foretaksgruppen.",
    children: initiatives(4, [
      "Innføre systematiske undersøkelser av brukernes opplevelser av IKT-løsninger og IKT-tjenester.",
      "Gjennomføre et initiativ som systematisk identifiserer og eliminerer «plunder-og-heft».",
      "Innføre mobil teknologi og håndholdt utstyr der dette kan forenkle brukernes hverdag.",
      "Styrke brukernes teknologikompetanse, samt samlet digital kompetanse og modenhet i foretaksgruppen.",
      "Konfigurere IKT-løsninger til lokale eller spesielle behov. Utvikle integrasjoner mellom IKT-systemer som ofte brukes sammen.",
      "Innføre kunstig intelligens og automatisering der teknologi kan effektivisere arbeidsoppgaver og frigjøre tid.",
    ]),
    keyResults: [
      keyResult({
        code: "4.1",
        title: "Positiv utvikling på målinger av tilfredshet.",
        definition:
          "Gjennomsnittlig tilfredshetsscore i systematiske brukerundersøkelser om IKT-løsninger og IKT-tjenester blant ansatte.",
        unit: "score",
        direction: "increase",
        aggregation: "mean",
        frequency: "year",
      }),
      keyResult({
        code: "4.2",
        title: "Nedgang i tid brukt på påloggingsrutiner. Bedre responstider på IKT-løsninger i bruk.",
        definition:
          "Gjennomsnittlig tid (minutter) en ansatt bruker på påloggingsrutiner per arbeidsdag. Linjen omfatter to mål; responstider på IKT-løsninger i bruk rapporteres foreløpig ikke som eget tall.",
        unit: "minutes",
        direction: "decrease",
        aggregation: "mean",
        frequency: "quarter",
      }),
      keyResult({
        code: "4.3",
        title: "Andel funksjoner og oppgaver tilgjengelig på mobile eller håndholdte brukerflater.",
        definition:
          "Andel funksjoner og oppgaver som er tilgjengelige på mobile eller håndholdte brukerflater. Teller: funksjoner og oppgaver tilgjengelige mobilt; nevner: alle funksjoner og oppgaver i utvalget.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
      keyResult({
        code: "4.4",
        title: "Økt digital kompetanse blant ansatte i helseforetakene (modenhetsvurderinger).",
        definition: "Score for digital kompetanse blant ansatte i helseforetakene, målt gjennom modenhetsvurderinger.",
        unit: "score",
        direction: "increase",
        aggregation: "mean",
        frequency: "year",
      }),
      keyResult({
        code: "4.5",
        title: "Antall rutineoppgaver erstattet av kunstig intelligens og / eller automatisering.",
        definition:
          "Antall rutineoppgaver som ved periodens slutt er erstattet av kunstig intelligens og/eller automatisering.",
        unit: "count",
        direction: "increase",
        aggregation: "latest",
        frequency: "quarter",
      }),
    ],
  },
  {
    key: "fa-5",
    kind: "focus_area",
    code: "5",
    title: "Datadrevet utvikling av helsetjenesten",
    objective:
      "Økt datafangst og bruk av informasjon for å forbedre pasientbehandlingen, sykehusdriften og grunnlaget for forskning.",
    description:
      "Videreføre den grunnleggende digitaliseringen i Helse Sør-Øst gjennom økt bruken av data både i pasientbehandlingen og til forskning. Data som registreres skal brukes til å gjøre pasienter friskere og mer fornøyde samt bidra til en bedre og mer effektiv arbeidshverdag for både helsepersonell og administrativt personell. Bedre og økt bruk av data i helseforskning skal øke innovasjonsgraden og gi en bedre helsetjeneste på sikt. Datafangst og datadeling gjøres ved utnyttelse av etablert regional data- og analyseplattform (RDAP) og via nye integrasjonstjenester (API).",
    children: initiatives(5, [
      "Videreutvikle regional data- og analyseplattform til å understøtte innføring av nye driftskonsepter og bruk av sanntidsdata i virksomhetsstyring.",
      "Videreutvikle datafangst fra utstyr og etablere en regional lagringsstrategi. Videreutvikle regional grunndata- og informasjonsforvaltning.",
      "Videreutvikle forskningsplattformen. Gjøre dataoverføring fra elektroniske pasientjournalssystemer (EPJ) til forskning og kvalitetsregistre enklere.",
      "Gjennomføre helseforskning med utprøving av medisinske metoder eller medisinsk utstyr, ved etablering av IKT-prosjekter.",
      "Etablere kultur- og erfaringsgrupper for undersøkelse av pasienttilfredshet. Gjennomføres i regi av Sykehuspartner HF.",
    ]),
    keyResults: [
      keyResult({
        code: "5.1",
        title:
          "Antall analyserom og oversikter (konsumert) innen ulike driftsområder (legemiddelbruk og farmasitun, operasjonsplanlegging og kirurgisk logistikk, kritisk syke pasienter) etablert og i bruk.",
        definition:
          "Antall analyserom og oversikter som er etablert og i bruk (konsumert) ved periodens slutt, fordelt på driftsområde.",
        unit: "count",
        direction: "increase",
        aggregation: "latest",
        frequency: "quarter",
        dimensions: [
          {
            key: "driftsområde",
            label: "Driftsområde",
            values: [
              "legemiddelbruk og farmasitun",
              "operasjonsplanlegging og kirurgisk logistikk",
              "kritisk syke pasienter",
            ],
          },
        ],
      }),
      keyResult({
        code: "5.2",
        title:
          "Antall forskningsprosjekter som er støttet av forenklet datafangst og dataoverføring fra elektroniske pasientjournalssystemer (EPJ) til ny regional forskningsplattform og registerverktøy for forskning.",
        definition:
          "Antall forskningsprosjekter i perioden som er støttet av forenklet datafangst og dataoverføring fra EPJ til ny regional forskningsplattform og registerverktøy for forskning.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "5.3",
        title:
          "Antall målinger av fornøydhets gjennomført i foretaksgruppen (antall målinger, antall inviterte/respondenter).",
        definition:
          "Antall gjennomførte målinger av fornøydhet i foretaksgruppen i perioden. Antall inviterte og antall respondenter oppgis som tilleggsopplysning.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "year",
      }),
      keyResult({
        code: "5.4",
        title: "Antall typer medisinskteknisk utstyr integrert mot relevante fagsystemer.",
        definition:
          "Antall typer medisinskteknisk utstyr som ved periodens slutt er integrert mot relevante fagsystemer.",
        unit: "count",
        direction: "increase",
        aggregation: "latest",
        frequency: "quarter",
      }),
    ],
  },
  {
    key: "fa-6",
    kind: "focus_area",
    code: "6",
    title: "Brukernær utvikling av teknologi",
    objective: "Økt grad av brukerdrevne utviklingsmetoder skal gi raskere endringer og gode brukeropplevelser.",
    description:
      "Utvikling og innføring av teknologi skal foregå i tettere samarbeid med ansatte i sykehusene. Dette innebærer økt vektlegging av innspill fra brukerne av IKT-tjenestene, involvering av tverrfaglige team, trinnvis utvikling av løsninger basert på eksisterende komponenter, tett koblet opp mot videreutvikling av arbeidsprosesser og hyppige korrigeringer basert på erfart brukskvalitet. Målsetningen er økt endringsevne i klinikkene, gjennom raskere endringer og justeringer i IKT-tjenestene tettest mulig der behovene oppstår.",
    children: initiatives(6, [
      "Innføre metodikk for smidig utvikling med produktteam nær tjenestene, som raskt og smidig utvikler og tilpasser løsningene til sykehusenes behov.",
      "Innføre teknologiske løsninger som muliggjør brukernær applikasjonsutvikling, konfigurering og tilpasning.",
      "Etablere sammenhengende arbeidsprosesser på tvers av dagens fagsystemer.",
      "Bygge en endringsdyktig IKT-arkitektur. Styrke satsingen på «Design Thinking» og tjenstedesign med brukernes behov og endringsevne i sentrum.",
      "Videreutvikle regionale integrasjonstjenester, åpne opp og tilgjengeliggjøre data fra regionens fagsystemer, for å legge til rette for at utvikling kan skje brukernært på helseforetakene.",
      "Etablere et regionalt fagnettverk for medisinskteknisk utstyr med forankring i helseforetakenes fagmiljøer.",
    ]),
    keyResults: [
      keyResult({
        code: "6.1",
        title: "Økt leveransehastighet og –hyppighet (antall oppgraderinger/forbedringer av kjerneløsninger).",
        definition: "Antall oppgraderinger og forbedringer av kjerneløsninger levert i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "6.2a",
        title: 'Antall brukerdrevne utviklingsløp og prosjekt med "smidig" gjennomføring.',
        definition: "Antall brukerdrevne utviklingsløp og prosjekter med smidig gjennomføring som er startet i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "6.2b",
        title: "Antall utviklingsløp som benytter Sykehuspartner GNIST.",
        definition: "Antall utviklingsløp som benytter Sykehuspartner GNIST, startet i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "6.3",
        title: "Antall gjennomførte tjenstedesign, som grunnlag for lokal applikasjonsutvikling.",
        definition: "Antall tjenestedesign gjennomført i perioden som grunnlag for lokal applikasjonsutvikling.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "6.4",
        title: "Bedre brukertilfredshet, målt blant helsearbeidere som deltar i brukerdrevne utviklingsløp.",
        definition:
          "Gjennomsnittlig tilfredshetsscore blant helsearbeidere som deltar i brukerdrevne utviklingsløp, målt i brukerundersøkelse.",
        unit: "score",
        direction: "increase",
        aggregation: "mean",
        frequency: "year",
      }),
      keyResult({
        code: "6.5",
        title:
          "Antall nye lokalt utviklede løsninger som tas i bruk. Antall lokale løsninger som breddes på tvers av helseforetakene i regionen.",
        definition:
          "Antall nye lokalt utviklede løsninger tatt i bruk i perioden. Linjen omfatter to mål; antall lokale løsninger som breddes på tvers av helseforetakene rapporteres foreløpig ikke som eget tall.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
    ],
  },
  {
    key: "fa-7",
    kind: "focus_area",
    code: "7",
    title: "Effektive felles IKT-tjenester",
    objective: "Moderne og kostnadseffektive felles IKT-tjenester som også gir økt endringsevne.",
    description:
      "Arbeidet med å modernisere regional IKT infrastruktur skal fortsette. Det skal også overgang til felles, regionale IKT-løsninger der det er hensiktsmessig. Dette skal bidra til kostnadseffektiv IKT-drift, økt endringsevne og fornøyde sluttbrukere. Den samlede leveransekapasiteten for foretaksgruppen må økes for å møte behovene fra helseforetakene, blant annet gjennom økt bruk av leverandørmarkedet. Nye leveransemodeller, inkludert skyløsninger, skal tas i bruk der dette er hensiktsmessig på en trygg og sikker måte både for nye og eksisterende løsninger.",
    children: initiatives(7, [
      "Ferdigstille regional IKT-plattform og felles kjøremiljø for regionale IKT-løsninger.",
      "Etablere IKT-fellesløsninger på de områder der dette er hensiktsmessig og kostnadseffektivt.",
      "Leverer raskere, bedre og mer - for i større grad å dekke helseforetakenes IKT-behov og -prioriteringer.",
      "Etablere skyløsninger der dette gir lavere kostnad og økt endringsevne.",
      "Optimalisere IKT-leveranser og –tjenesteproduksjon.",
      "Utarbeide en plan for regional utvikling av fagområdet medisinskteknisk utstyr.",
      "Sørge for at klima- og miljøkrav vektas i tråd med anskaffelsesregelverket.",
    ]),
    keyResults: [
      keyResult({
        code: "7.1",
        title: "Lavere IKT driftskostnader (enhetskostnader)",
        definition:
          "IKT-driftskostnad per enhet (enhetskostnad) i kroner. Teller: IKT-driftskostnader; nevner: antall leverte enheter av tjenesten.",
        unit: "nok",
        direction: "decrease",
        aggregation: "ratio",
        frequency: "year",
      }),
      keyResult({
        code: "7.1a",
        parentCode: "7.1",
        title: "Antall leverte IKT-leveranser og årlig økning.",
        definition: "Antall IKT-leveranser levert i perioden; årlig økning leses av sammenlignet med samme periode året før.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "7.1b",
        parentCode: "7.1",
        title: "Kostnadseffektivisering ved standardisering av driftstjenester og reduksjon i årsverk.",
        definition:
          "Kostnadsreduksjon i kroner oppnådd ved standardisering av driftstjenester i perioden. Linjen omfatter også reduksjon i årsverk, som foreløpig ikke rapporteres som eget tall.",
        unit: "nok",
        direction: "increase",
        aggregation: "sum",
        frequency: "year",
      }),
      keyResult({
        code: "7.1c",
        parentCode: "7.1",
        title: "Andel tjenester levert som sky / SAAS-tjenester.",
        definition:
          "Andel IKT-tjenester som leveres som sky- eller SaaS-tjenester. Teller: tjenester levert som sky/SaaS; nevner: alle IKT-tjenester.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
      keyResult({
        code: "7.1d",
        parentCode: "7.1",
        title: "Bruk av minikonkurranser ved tjenestekjøp.",
        definition:
          "Andel tjenestekjøp gjennomført som minikonkurranse. Teller: tjenestekjøp via minikonkurranse; nevner: alle tjenestekjøp.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "quarter",
      }),
      keyResult({
        code: "7.1e",
        parentCode: "7.1",
        title: "Antall gjennomførte og gjenbrukte ROS-analyser.",
        definition: "Antall ROS-analyser gjennomført eller gjenbrukt i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "7.2",
        title: "Økt endringsevne gjennom hyppigere leveranser/oppgraderinger.",
        definition: "Antall leveranser og oppgraderinger av IKT-tjenester gjennomført i perioden.",
        unit: "count",
        direction: "increase",
        aggregation: "sum",
        frequency: "quarter",
      }),
      keyResult({
        code: "7.3",
        title: "Ledetid på oppsett av MTU-utstyr (til ferdig leveranse).",
        definition:
          "Gjennomsnittlig antall dager fra bestilling av oppsett av medisinskteknisk utstyr (MTU) til ferdig leveranse, for leveranser fullført i perioden.",
        unit: "days",
        direction: "decrease",
        aggregation: "mean",
        frequency: "quarter",
      }),
      keyResult({
        code: "7.4",
        title: "Tilgjengelighet på IKT-tjenester (oppetid).",
        definition:
          "Oppetid for IKT-tjenester i prosent av avtalt driftstid. Teller: tid tjenestene var tilgjengelige; nevner: avtalt driftstid.",
        unit: "percent",
        direction: "increase",
        aggregation: "ratio",
        frequency: "month",
      }),
      keyResult({
        code: "7.5",
        title: "Miljøeffekter, redusert CO2 avtrykk, økt levetid på sluttbrukerutstyr.",
        definition:
          "Beregnet CO2-avtrykk fra IKT-tjenester og sluttbrukerutstyr i perioden, i tonn CO2-ekvivalenter. Linjen omfatter også levetid på sluttbrukerutstyr, som foreløpig ikke rapporteres som eget tall.",
        unit: "tonnes",
        direction: "decrease",
        aggregation: "sum",
        frequency: "year",
      }),
    ],
  },
];

const otherSections: SectionInput[] = [
  {
    key: "bruk",
    kind: "principle",
    title: "Bruk av teknologistrategien",
    description: [
      "Teknologistrategien skal være et verktøy for strategisk porteføljestyring og skal brukes aktivt i prioritering, planlegging og budsjettering innenfor teknologiområdet i Helse Sør-Øst.",
      "De strategiske målene skal sette rammer for:",
      "Prioritering av IKT-utvikling i forbindelse med nye sykehusbygg",
      "Regionale innføringsprosjekter",
      "Forbedringstiltak for regionale løsninger",
      "Annet utviklingsarbeid i Sykehuspartner",
      "De syv strategiske målene skal ligge fast, men indikatorer for målbare resultater vil kunne justeres ift. erfaring og måloppnåelse.",
      "Aktuelle tiltak beskrevet i dokumentet innenfor hvert målområde er ikke autorative, men ment som et utgangspunkt. Tiltakene besluttes gjennom gjeldende styringsorganer og fullmakter.",
    ].join("\n"),
  },
  {
    key: "organisering",
    kind: "text",
    title: "Organisering og styring",
    children: [
      {
        key: "styringsmodell",
        kind: "text",
        title: "Styringsmodell for teknologiområdet",
        description: [
          "Helse Sør-Øst skal ha en styringsmodell for teknologiområdet som sikrer gjennomføring av vedtatte strategiske initiativ gjennom riktig prioritering av foretaksgruppens midler, tilgjengelige ressurser, bruk av leverandørmarkedet og realisering av gevinster. Styringsmodellen vil kontinuerlig videreutvikles med Helse Sør-Øst RHF som premissgiver.",
          "Løpende porteføljeprioriteringer, porteføljestyling og funksjonell forvaltning skal sikre digitale løsninger med riktig funksjonalitet, kvalitet og kostnadsrammer for sykehusene.",
        ].join("\n\n"),
      },
      {
        key: "felles-ikt-tjenesteleverandor",
        kind: "text",
        title: "Felles IKT-tjenesteleverandør",
        description:
          "Sykehuspartner HF er foretaksgruppens felles IKT-tjenesteleverandør. Sykehuspartner HF har et helhetlig ansvar for utvikling, drift og forvaltning av regionale IKT-tjenester. Sykehuspartner HF skal være en utviklingspartner for helseforetakene, med ansvar for kontinuerlig utvikling og forvaltning av regionale målarkitekturer, koordinert med endringsledelse i helseforetakene. Sykehuspartner HF skal realisere stordriftsfordeler, kontinuerlig effektivisere ved å levere mer og bedre teknologi til lavere enhetskostnad og benytte leverandørmarkedet til beste for foretaksgruppen. Helse Sør-Øst RHF vil vektlegge at foretaksgruppen samarbeider godt med leverandørmarkedet og helseindustrien for å bidra til god tilgang til samlede teknologileveranser for foretaksgruppen.",
      },
    ],
  },
  {
    key: "bakgrunn",
    kind: "text",
    title: "Bakgrunn og rammer for revidert teknologistrategi",
    description: [
      "Gjeldende teknologistrategi ble vedtatt 12. mai 2020 (jf. styresak 049-2020), og den gjelder for hele foretaksgruppen i Helse Sør-Øst RHF.",
      "Regional utviklingsplan (RUT) er siden revidert og foreligger i ny versjon (jf. styresak 134-2022). Dette krever en oppdatering av teknologistrategi som delstrategi under RUT.",
      "En rekke andre nye mål og prioriteringer er også gitt i oppdrag og styrende dokumenter gjennom de siste tre år.",
      "Det er behov for tettere knytning til oppdaterte, lokale utviklingsplaner og lokal virksomhetsutvikling.",
      "IKT-tilknyttede systemer og løsninger har blitt tettere integrert. Medisinskteknisk utstyr (MTU), byggteknisk utstyr (BTU), telefoni, administrative løsninger og annet IKT-tilknyttet teknisk utstyr er nå del av det vi kaller teknologi og e-helse.",
    ].join("\n"),
  },
];

export const hsoTeknologi2023: StrategyInput = {
  id: "hso-teknologi-2023",
  owner: "hso",
  kind: "sub_strategy",
  title: "Regional delstrategi for teknologiområdet",
  language: "nb",
  periodFrom: "2023",
  status: "adopted",
  adoptedOn: "2023-11-22",
  reference: "styresak 132-2023",
  parent: "hso-rup-2040",
  source: "Helse Sør-Øst, Regional delstrategi for teknologiområdet (PDF), 22. november 2023",
  summary:
    "Helse Sør-Østs regionale delstrategi for teknologiområdet, behandlet i styret 22. november 2023, med syv strategiske innsatsområder som hvert har målformulering, målbeskrivelse, aktuelle strategiske initiativ og målbare resultater.",
  published: true,
  sections: [...focusAreas, ...otherSections],
};
