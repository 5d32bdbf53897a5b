import { z } from "zod";
import { PASSWORD_MAX } from "../../access/passwords.js";
import { ROLES } from "../../access/policy.js";

export const email = z.email().max(320);
/**
 * A new password's length and content are checked by the password rule (access/passwords.ts), which
 * names the fault; the schema only bounds what is read.
 */
export const newPassword = z.string().max(PASSWORD_MAX * 4);

export const signInBody = z.object({
  // Any text, not only a valid address: a malformed one must get the same answer as an unknown one.
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_MAX * 4),
});

export const passwordChangeBody = z.object({
  current: z.string().min(1).max(PASSWORD_MAX * 4),
  password: newPassword,
});

export const setupBody = z.object({
  token: z.string().min(1).max(200).describe("The secret of the one-time link `veivalg serve` printed"),
  email,
  name: z.string().trim().min(1).max(200),
  password: newPassword,
});

export const grantResponse = z.object({ role: z.enum(ROLES), organisation: z.string().nullable() });

export const sessionResponse = z
  .object({
    user: z
      .object({
        id: z.string(),
        email: z.string(),
        name: z.string(),
        mustChangePassword: z.boolean().describe("Until the password is changed, the session acts with no roles"),
      })
      .nullable()
      .describe("The signed-in person; null for a visitor (or a system calling with a token)"),
    grants: z.array(grantResponse).describe("The roles the caller acts with now"),
    csrfToken: z.string().nullable().describe("Send as the x-csrf-token header with every write made with the session cookie"),
    sso: z.object({ enabled: z.boolean(), label: z.string().describe("The sign-in button's text") }),
    setupRequired: z.boolean().describe("No administrator exists yet: the first-start setup link is open"),
    smallCountThreshold: z
      .number()
      .int()
      .describe("Small counts of persons or events (above zero, below this) of key results computed from patient data are hidden to those without the right to see them (`suppressed`)"),
  })
  .describe("Who is signed in, with what roles, and how one may sign in");

export const revokedResponse = z.object({ revoked: z.number().int().describe("How many sessions ended") });
