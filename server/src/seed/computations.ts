import type { Computation } from "../domain/portfolio/computed.js";

/**
 * Key results of the seeded strategies that count the portfolio itself (ours, not the documents'):
 * bound when the strategy is first loaded.
 */
export const SEED_COMPUTATIONS: { strategy: string; code: string; computation: Computation }[] = [
  // User-driven development runs and agile projects started: entering execution, tagged user-driven.
  { strategy: "hso-teknologi-2023", code: "6.2a", computation: { query: "initiatives_entered_phase", params: { phase: "execution", tags: ["user_driven"] } } },
  // Service designs done: service-design initiatives that passed execution.
  { strategy: "hso-teknologi-2023", code: "6.3", computation: { query: "initiatives_entered_phase", params: { phase: "closing", kinds: ["service_design"] } } },
  { strategy: "hso-teknologi-2023", code: "6.5", computation: { query: "adoptions", params: {} } },
  // Deliveries: initiatives whose delivery was accepted (leaving execution for closing).
  { strategy: "hso-teknologi-2023", code: "7.1a", computation: { query: "initiatives_entered_phase", params: { phase: "closing" } } },
  { strategy: "hso-teknologi-2023", code: "7.1e", computation: { query: "ros_performed_or_reused", params: {} } },
];
