import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Invalid } from "../../domain/errors.js";
import { importMeasurementFile } from "../../services/imports.js";
import { reportingAccess } from "../access.js";
import { stringify } from "csv-stringify/sync";
import { exportPortfolioCsv, exportPortfolioXlsx, importPortfolioFile } from "../../services/portfolio-file.js";
import { importQuery, portfolioExportParams, portfolioExportQuery, portfolioImportResponse } from "./schema.js";
import { errors, importResponse } from "../responses.js";

const MAX_FILE = 512 * 1024 * 1024;
const RAW_TYPES = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"];

/** The file of a multipart/form-data upload. A body that is not well-formed multipart is the client's fault, not ours. */
async function uploadedFile(req: FastifyRequest): Promise<{ bytes: Buffer; name: string }> {
  try {
    const part = await req.file();
    if (!part) throw new Invalid("no file in the upload", [{ path: "file", message: "required" }]);
    return { bytes: await part.toBuffer(), name: part.filename };
  } catch (err) {
    // The multipart plugin's own errors (a file too large) carry their status; the parser's do not.
    if (err instanceof Invalid || (err as { statusCode?: number }).statusCode !== undefined) throw err;
    throw new Invalid("the upload is not well-formed multipart/form-data", [{ path: "body", message: (err as Error).message }]);
  }
}

/** The file of an import: uploaded as multipart, or the raw body. */
async function fileOf(req: FastifyRequest, filename: string | undefined): Promise<{ bytes: Buffer; name: string }> {
  if (req.isMultipart()) return uploadedFile(req);
  if (Buffer.isBuffer(req.body)) return { bytes: req.body, name: filename ?? "upload" };
  throw new Invalid("send the file as multipart/form-data or as a text/csv or XLSX body", [{ path: "body", message: "no file" }]);
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1 } });
  // The file may also come as the raw request body, which is what scripts and curl send most simply.
  app.addContentTypeParser(RAW_TYPES, { parseAs: "buffer", bodyLimit: MAX_FILE }, (_req, body, done) => done(null, body));

  app.post(
    "/imports/measurements",
    {
      bodyLimit: MAX_FILE,
      schema: {
        tags: ["imports"],
        summary:
          "Import measurements for one strategy from CSV (`;` or `,`, decimal comma, UTF-8 or Windows-1252) or XLSX, " +
          "as multipart/form-data (field `file`) or as the raw body; all or nothing; `dryRun=true` previews",
        querystring: importQuery,
        response: { 200: importResponse, ...errors },
      },
    },
    async (req) => {
      await req.access.readStrategy(req.query.strategy);
      const file = await fileOf(req, req.query.filename);
      return importMeasurementFile(app.db, req.query.strategy, file, { dryRun: req.query.dryRun, actor: req.actor, access: reportingAccess(req) });
    },
  );

  app.post(
    "/imports/initiatives",
    {
      bodyLimit: MAX_FILE,
      schema: {
        tags: ["imports", "portfolio"],
        summary:
          "Import initiatives into a strategy's portfolio from an XLSX workbook (sheet `Initiativ`, the columns the export writes), " +
          "as multipart/form-data (field `file`) or the raw body; a row with the code and version of an initiative revises it, others register new ones; " +
          "all or nothing, faults by row and column; `dryRun=true` previews",
        querystring: importQuery,
        response: { 200: portfolioImportResponse, ...errors },
      },
    },
    async (req) => {
      const scope = await req.access.readStrategy(req.query.strategy);
      await req.access.authorize({ do: "portfolio.govern", organisation: scope.owner });
      const file = await fileOf(req, req.query.filename);
      return importPortfolioFile(app.db, req.query.strategy, file.bytes, {
        dryRun: req.query.dryRun,
        actor: req.actor,
        audit: (tx, r) => req.access.audit(tx, { action: "initiative.import", objectType: "strategy", objectId: req.query.strategy, before: null, after: r }),
      });
    },
  );

  app.get(
    "/strategies/:id/portfolio/export",
    {
      schema: {
        tags: ["portfolio"],
        summary: "The strategy's portfolio as a download: XLSX (the initiatives sheet the import reads back, and costs per year) or CSV (`;`, UTF-8 with BOM)",
        params: portfolioExportParams,
        querystring: portfolioExportQuery,
      },
    },
    async (req, reply) => {
      await req.access.readInternal(req.params.id);
      const name = `portefolje-${req.params.id}-${new Date().toISOString().slice(0, 10)}.${req.query.format}`;
      reply.header("content-disposition", `attachment; filename="${name}"`);
      if (req.query.format === "csv") {
        const records = await exportPortfolioCsv(app.db, req.params.id);
        return reply.type("text/csv; charset=utf-8").send(stringify(records, { delimiter: ";", bom: true, record_delimiter: "windows", escape_formulas: true }));
      }
      return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await exportPortfolioXlsx(app.db, req.params.id));
    },
  );
};
