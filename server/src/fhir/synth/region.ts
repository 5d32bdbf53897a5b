import { organisations } from "../../seed/organisations.js";

/**
 * How each Helse Sør-Øst trust behaves in the synthetic data. Sizes follow the trusts' rough share of
 * the region's patients (OUS, Ahus, Vestre Viken and Innlandet large, Sunnaas a small specialised
 * hospital), so that at small N some cells fall under the small-count threshold. `maturity` scales
 * the uptake of digital services and `lag` (days) delays the trust's roll-outs, so the trusts differ
 * and the key results that should rise do so at different paces. Invented, not measured.
 */
export interface TrustProfile {
  id: string;
  name: string;
  shortName: string;
  identifiers?: Record<string, string> | undefined;
  share: number;
  maturity: number;
  lag: number;
}

const PROFILES: Record<string, Omit<TrustProfile, "id" | "name" | "shortName">> = {
  ahus: { share: 0.17, maturity: 1.1, lag: 0 },
  ous: { share: 0.16, maturity: 1.2, lag: 30 },
  sunnaas: { share: 0.015, maturity: 0.9, lag: 120 },
  "sykehuset-innlandet": { share: 0.14, maturity: 0.9, lag: 90 },
  "sykehuset-vestfold": { share: 0.085, maturity: 1.0, lag: 60 },
  "sykehuset-telemark": { share: 0.065, maturity: 0.8, lag: 180 },
  "sykehuset-ostfold": { share: 0.1, maturity: 1.0, lag: 45 },
  "sorlandet-sykehus": { share: 0.1, maturity: 0.95, lag: 150 },
  "vestre-viken": { share: 0.165, maturity: 1.05, lag: 75 },
};

export const REGION = organisations.find((o) => o.id === "hso")!;

export const TRUSTS: readonly TrustProfile[] = organisations
  .filter((o) => o.parent === REGION.id && o.kind === "hf")
  .map((o) => {
    const profile = PROFILES[o.id];
    if (!profile) throw new Error(`no synthetic profile for the trust ${o.id}`);
    return { id: o.id, name: o.name, shortName: o.shortName, identifiers: o.identifiers, ...profile };
  });

/** Running sums of the shares, to draw a trust with one random number. */
const CUMULATIVE = TRUSTS.reduce<number[]>((acc, t) => [...acc, (acc.at(-1) ?? 0) + t.share], []);

export function pickTrust(u: number): TrustProfile {
  const x = u * CUMULATIVE.at(-1)!;
  const i = CUMULATIVE.findIndex((c) => x < c);
  return TRUSTS[i === -1 ? TRUSTS.length - 1 : i]!;
}
