import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Invalid } from "../../domain/errors.js";
import { importMeasurementFile } from "../../services/imports.js";
import { reportingAccess } from "../access.js";
import { importQuery } from "./schema.js";
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
      let file: { bytes: Buffer; name: string };
      if (req.isMultipart()) {
        file = await uploadedFile(req);
      } else if (Buffer.isBuffer(req.body)) {
        file = { bytes: req.body, name: req.query.filename ?? "upload" };
      } else {
        throw new Invalid("send the file as multipart/form-data or as a text/csv or XLSX body", [{ path: "body", message: "no file" }]);
      }
      return importMeasurementFile(app.db, req.query.strategy, file, { dryRun: req.query.dryRun, actor: req.actor, access: reportingAccess(req) });
    },
  );
};
