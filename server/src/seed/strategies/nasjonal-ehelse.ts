import type { StrategyInput } from "../../domain/strategy.js";

/** The national e-health strategy, parent of Helse Vest's digitalisation strategy. Goals not yet transcribed. */
export const nasjonalEhelse: StrategyInput = {
  id: "nasjonal-ehelse",
  owner: "nasjonal",
  kind: "national_strategy",
  title: "Nasjonal e-helsestrategi for helse- og omsorgssektoren",
  language: "nb",
  periodFrom: "2023",
  status: "adopted",
  summary:
    "Nasjonal e-helsestrategi for helse- og omsorgssektoren, som de regionale digitaliseringsstrategiene viser til; strategiens mål er ikke lagt inn ennå og skal registreres senere.",
  published: true,
  sections: [],
};
