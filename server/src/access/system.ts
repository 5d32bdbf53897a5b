import type { ReportingAccess } from "../services/measurements.js";
import { appendAudit } from "./audit.js";
import { authorizeReporting } from "./reporting.js";
import { systemPrincipal } from "./policy.js";

/** The shell's access for the measurement services: everything an administrator may, every write audited. */
export function systemReporting(label: string): ReportingAccess {
  const principal = systemPrincipal(label);
  return {
    mayReport: (rows, via) => authorizeReporting(principal, rows, via),
    audit: async (tx, input) => {
      await appendAudit(tx, principal, input);
    },
  };
}
