import { z } from "zod";
import { ROLES } from "../../access/policy.js";
import { email, newPassword } from "../session/schema.js";

export const userParams = z.object({ id: z.uuid() });
export const userListQuery = z.object({
  q: z.string().trim().min(1).max(320).optional().describe("Only people whose e-mail or name contains this"),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
export const grantParams = z.object({ id: z.uuid(), grantId: z.uuid() });

const name = z.string().trim().min(1).max(200);

export const userCreateBody = z.object({
  email,
  name,
  password: newPassword
    .optional()
    .describe("A first password, which the person must change at first sign-in; without one they sign in through single sign-on (or after a reset)"),
});

export const userUpdateBody = z.object({ name, disabled: z.boolean().describe("A disabled person cannot sign in, and their sessions end") });

export const passwordResetBody = z.object({ password: newPassword });

export const grantBody = z.object({
  role: z.enum(ROLES),
  organisation: z.string().min(1).nullable().describe("The organisation whose sub-tree the role covers; null only for admin"),
});

export const grantInfoResponse = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  organisation: z.string().nullable(),
  source: z.enum(["manual", "oidc"]).describe("oidc: mapped from the identity provider's claims, replaced at each sign-in"),
  grantedBy: z.string(),
  grantedAt: z.string(),
});

export const userResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  hasPassword: z.boolean().describe("Can sign in with a password"),
  sso: z.boolean().describe("Linked to an identity at the single sign-on provider"),
  lockedUntil: z
    .string()
    .nullable()
    .describe("Sign-ins are held back after wrong passwords until then (from one address, or from addresses the person has not signed in from); a password reset lifts it"),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int().describe("Send as If-Match (\"3\") to change the user"),
  grants: z.array(grantInfoResponse),
});
