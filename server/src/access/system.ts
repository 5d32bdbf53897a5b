import type { ReportingAccess } from "../services/measurements.js";
import { appendAudit } from "./audit.js";
import { systemPrincipal } from "./policy.js";

/** The shell's access for the measurement services: everything allowed, every write audited. */
export function systemReporting(label: string): ReportingAccess {
  const principal = systemPrincipal(label);
  return {
    mayReport: async () => undefined,
    audit: async (tx, input) => {
      await appendAudit(tx, principal, input);
    },
  };
}
