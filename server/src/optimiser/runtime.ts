/** The HiGHS WebAssembly runtime, loaded once per thread. */
import type { Highs } from "highs";
import highsLoader from "highs";

// The package's types describe its CommonJS build; its ES module build exports the loader itself.
const loadHighs = highsLoader as unknown as typeof import("highs").default;
let runtime: Promise<Highs> | null = null;

export const highsRuntime = (): Promise<Highs> => (runtime ??= loadHighs());
