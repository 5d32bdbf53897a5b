import { defineMessages } from "../../i18n/i18n.js";

export const overviewMessages = defineMessages({
  nb: {
    title: "Strategikart",
    ownedBy: "{owner} · {period}",
    whole: "Hele strategien",
    objective: "Mål",
    keyResultCount: "{count, plural, =0 {ingen målbare resultater} one {# målbart resultat} other {# målbare resultater}}",
    openArea: "Åpne {title}",
    sections: "Innhold",
    valueOfTarget: "{value} av mål {target}",
  },
  nn: {
    title: "Strategikart",
    ownedBy: "{owner} · {period}",
    whole: "Heile strategien",
    objective: "Mål",
    keyResultCount: "{count, plural, =0 {ingen målbare resultat} one {# målbart resultat} other {# målbare resultat}}",
    openArea: "Opne {title}",
    sections: "Innhald",
    valueOfTarget: "{value} av mål {target}",
  },
  en: {
    title: "Strategy map",
    ownedBy: "{owner} · {period}",
    whole: "The whole strategy",
    objective: "Objective",
    keyResultCount: "{count, plural, =0 {no key results} one {# key result} other {# key results}}",
    openArea: "Open {title}",
    sections: "Contents",
    valueOfTarget: "{value} of target {target}",
  },
});
