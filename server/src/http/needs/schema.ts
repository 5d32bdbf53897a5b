import { z } from "zod";
import { NEED_SIZES, NEED_STATUSES } from "../../domain/portfolio/needs.js";
import { initiativeFields } from "../initiatives/schema.js";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens");

export const needSchema = z.object({
  strategy: slug,
  organisation: slug.describe("The organisation that has the need"),
  title: z.string().min(1).max(500),
  problem: z.string().min(1).max(10000),
  whoHasIt: z.string().max(2000).optional(),
  size: z.enum(NEED_SIZES),
  theme: z.string().min(1).max(100).optional().describe("The key of one of the strategy's own strategic initiatives"),
  sections: z.array(z.string().min(1).max(100)).max(50).optional().describe("Keys of the focus areas it serves"),
});

export const needQuery = z.object({ strategy: slug, status: z.enum(NEED_STATUSES).optional() });
export const needParams = z.object({ id: z.uuid() });
export const supporterSchema = z.object({ organisation: slug, note: z.string().max(2000).default("") });
export const mergeSchema = z.object({ into: z.uuid().describe("The need it duplicates") });
export const declineSchema = z.object({ reason: z.string().min(1).max(2000) });

const { organisation: _owner, title: _title, ...fields } = initiativeFields;
export const convertSchema = z
  .object({ ...fields, title: initiativeFields.title.optional() })
  .describe("The initiative's fields; the need's organisation owns it, its focus areas become links and its supporters take part");

export const needResponse = z.object({
  id: z.string(),
  strategyId: z.string(),
  organisationId: z.string(),
  title: z.string(),
  problem: z.string(),
  whoHasIt: z.string(),
  size: z.enum(NEED_SIZES),
  themeKey: z.string().nullable(),
  sectionKeys: z.array(z.string()),
  status: z.enum(NEED_STATUSES),
  mergedInto: z.string().nullable(),
  initiativeId: z.string().nullable(),
  version: z.number().int(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  supporters: z.array(z.object({ organisationId: z.string(), note: z.string(), recordedBy: z.string(), recordedAt: z.string() })),
});
