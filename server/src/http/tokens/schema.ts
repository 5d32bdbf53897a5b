import { z } from "zod";
import { ROLES } from "../../access/policy.js";

/** A new token: the HTTP route and `veivalg tokens create` validate with the same schema. */
export const tokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100).describe("What the token is for, e.g. the system that uses it"),
  role: z.enum(ROLES),
  organisation: z.string().min(1).nullable().default(null).describe("The organisation whose sub-tree the role covers; null only for admin"),
  days: z.number().int().min(1).max(730).default(90).describe("Days until it expires"),
});

export const tokenParams = z.object({ id: z.uuid() });

export const tokenInfoResponse = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The token's first characters, to recognise it"),
  role: z.enum(ROLES),
  organisation: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const createdTokenResponse = z
  .object({ token: z.string().describe("The secret, shown this once: send it as `Authorization: Bearer <token>`"), info: tokenInfoResponse })
  .describe("A new token");
