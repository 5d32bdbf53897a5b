import { defineMessages } from "../../../i18n/i18n.js";

export const summaryMessages = defineMessages({
  nb: {
    title: "Portefølje",
    intro: "Initiativene som gjennomfører strategien, med innsatsområde, fase og planlagt periode. Regionen publiserer dette sammendraget; mer om hvert initiativ ser den som logger inn.",
    caption: "Initiativene i porteføljen",
    initiative: "Initiativ",
    areas: "Innsatsområde",
    phase: "Fase",
    period: "Planlagt periode",
    empty: "Porteføljen har ingen initiativ ennå.",
    signIn: "Logg inn for å se mer",
  },
  nn: {
    title: "Portefølje",
    intro: "Initiativa som gjennomfører strategien, med innsatsområde, fase og planlagd periode. Regionen publiserer dette samandraget; meir om kvart initiativ ser den som loggar inn.",
    caption: "Initiativa i porteføljen",
    initiative: "Initiativ",
    areas: "Innsatsområde",
    phase: "Fase",
    period: "Planlagd periode",
    empty: "Porteføljen har ingen initiativ enno.",
    signIn: "Logg inn for å sjå meir",
  },
  en: {
    title: "Portfolio",
    intro: "The initiatives carrying out the strategy, with focus area, phase and planned period. The region publishes this summary; those who sign in see more of each initiative.",
    caption: "The initiatives of the portfolio",
    initiative: "Initiative",
    areas: "Focus area",
    phase: "Phase",
    period: "Planned period",
    empty: "The portfolio has no initiatives yet.",
    signIn: "Sign in to see more",
  },
});
