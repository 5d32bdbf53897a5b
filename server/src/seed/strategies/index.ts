import type { StrategyInput } from "../../domain/strategy.js";
import { hsoRup2040 } from "./hso-rup-2040.js";
import { hsoTeknologi2023 } from "./hso-teknologi-2023.js";
import { hvDigitalisering2024 } from "./hv-digitalisering-2024.js";
import { nasjonalEhelse } from "./nasjonal-ehelse.js";

export { hsoRup2040, hsoTeknologi2023, hvDigitalisering2024, nasjonalEhelse };

/** All seed strategies, parents before children. */
export const seedStrategies: StrategyInput[] = [nasjonalEhelse, hsoRup2040, hsoTeknologi2023, hvDigitalisering2024];
