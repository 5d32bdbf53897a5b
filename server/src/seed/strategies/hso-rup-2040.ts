import type { StrategyInput } from "../../domain/strategy.js";

/**
 * Helse Sør-Øst, Regional utviklingsplan 2040. Only its four goals are transcribed, as quoted in
 * "Regional delstrategi for teknologiområdet" (22.11.2023), section "Kontekst for oppdatert teknologistrategi".
 */
export const hsoRup2040: StrategyInput = {
  id: "hso-rup-2040",
  owner: "hso",
  kind: "development_plan",
  title: "Regional utviklingsplan 2040",
  language: "nb",
  periodFrom: "2023",
  periodTo: "2040",
  status: "adopted",
  reference: "styresak 134-2022",
  source: "Helse Sør-Øst, Regional delstrategi for teknologiområdet (22. november 2023), «Kontekst for oppdatert teknologistrategi»",
  summary:
    "Helse Sør-Østs regionale utviklingsplan mot 2040 (styresak 134-2022), her gjengitt med sine fire mål slik de er sitert i regional delstrategi for teknologiområdet.",
  published: true,
  sections: [
    {
      key: "goal-1",
      kind: "goal",
      code: "1",
      title: "Bedre helse i befolkningen, med sammenhengende innsats fra forebygging til spesialiserte helsetjenester",
    },
    {
      key: "goal-2",
      kind: "goal",
      code: "2",
      title: "Kvalitet i pasient-behandlingen og gode brukererfaringer",
    },
    {
      key: "goal-3",
      kind: "goal",
      code: "3",
      title: "Godt arbeidsmiljø for ansatte, utvikling av kompetanse og mer tid til pasientbehandling",
    },
    {
      key: "goal-4",
      kind: "goal",
      code: "4",
      title: "Bærekraftige helsetjenester for samfunnet",
    },
  ],
};
