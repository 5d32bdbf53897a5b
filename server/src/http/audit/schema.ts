import { z } from "zod";
import { isoDate } from "../strategies/schema.js";

const instant = z.iso.datetime({ offset: true });
const dateOrInstant = z.union([isoDate, instant]);

/** Which entries: by object, by who acted, and by time; `from`/`to` as dates cover whole days in Norway. */
export const auditFilterQuery = z.object({
  objectType: z.string().min(1).max(100).optional().describe("e.g. strategy, key_result, measurement_batch, token, user"),
  objectId: z.string().min(1).max(300).optional(),
  actor: z.string().min(1).max(320).optional().describe("Who acted: an e-mail address, `token:<name>`, `cli`, or a user's or token's id"),
  from: dateOrInstant.optional().describe("From this instant, or from the start of this date (Europe/Oslo)"),
  to: dateOrInstant.optional().describe("Up to this instant, or to the end of this date (Europe/Oslo)"),
});

export const auditListQuery = auditFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const auditExportQuery = auditFilterQuery.extend({
  format: z.enum(["csv", "json"]).default("csv"),
});

const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorKind: z.enum(["user", "token", "system", "anonymous"]),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditPageResponse = z
  .object({ total: z.number().int().describe("Entries matching the filters in all"), entries: z.array(auditEntry) })
  .describe("A page of audit entries, newest first");

export const verifyResponse = z
  .object({
    entries: z.number().int().describe("Entries that hold, from the first"),
    ok: z.boolean(),
    last: z.object({ seq: z.number().int(), hash: z.string() }).nullable().describe("The last entry that holds: record it elsewhere to anchor the chain"),
    firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
  })
  .describe("Whether the hash chain holds from the first entry to the last");
