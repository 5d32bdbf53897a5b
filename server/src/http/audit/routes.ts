import { Readable, pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { auditEntries, canonicalJson, listAudit, verifyAudit, type AuditEntry, type AuditFilter } from "../../access/audit.js";
import { errorResponse, errors } from "../responses.js";
import { auditExportQuery, auditListQuery, auditPageResponse, verifyResponse } from "./schema.js";

const CSV_COLUMNS = ["seq", "at", "actorKind", "actorId", "actorLabel", "action", "objectType", "objectId", "before", "after", "prevHash", "hash"] as const;

/** before/after as the canonical JSON the hash covers, so the chain can be recomputed from the file. */
async function* csvRecords(entries: AsyncIterable<AuditEntry>) {
  for await (const e of entries) {
    yield { ...e, before: e.before === null ? null : canonicalJson(e.before), after: e.after === null ? null : canonicalJson(e.after) };
  }
}

async function* jsonArray(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  let first = true;
  for await (const e of entries) {
    yield `${first ? "[\n" : ",\n"}${JSON.stringify(e)}`;
    first = false;
  }
  yield first ? "[]\n" : "\n]\n";
}

const filterOf = ({ objectType, objectId, actor, from, to }: AuditFilter): AuditFilter => ({ objectType, objectId, actor, from, to });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["audit"];
  const refused = { ...errors, 401: errorResponse, 403: errorResponse };

  app.get(
    "/audit",
    { schema: { tags, summary: "The audit trail, newest first, filtered by object, actor and time", querystring: auditListQuery, response: { 200: auditPageResponse, ...refused } } },
    async (req) => {
      await req.access.authorize({ do: "audit.read" });
      return listAudit(db, filterOf(req.query), { limit: req.query.limit, offset: req.query.offset });
    },
  );

  app.get(
    "/audit/export",
    {
      schema: {
        tags,
        summary: "The matching audit entries as a download: CSV (`;`, UTF-8 with BOM, before/after as JSON text) or a JSON array, newest first",
        querystring: auditExportQuery,
      },
    },
    async (req, reply) => {
      await req.access.authorize({ do: "audit.read" });
      const entries = auditEntries(db, filterOf(req.query));
      const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
      reply.header("content-disposition", `attachment; filename="veivalg-audit-${stamp}.${req.query.format}"`);
      if (req.query.format === "json") {
        return reply.type("application/json; charset=utf-8").send(Readable.from(jsonArray(entries)));
      }
      // Cells that spreadsheets would run as formulas get a leading `'`; the JSON export is exact.
      const csv = stringify({ delimiter: ";", bom: true, header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
      const done = (err: Error | null) => {
        if (err) req.log.error({ err }, "audit export failed");
      };
      return reply.type("text/csv; charset=utf-8").send(pipeline(Readable.from(csvRecords(entries)), csv, done));
    },
  );

  app.get("/audit/verify", { schema: { tags, summary: "Checks the hash chain from the first entry to the last", response: { 200: verifyResponse, ...refused } } }, async (req) => {
    await req.access.authorize({ do: "audit.read" });
    return verifyAudit(db);
  });
};
