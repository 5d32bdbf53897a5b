import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Invalid } from "../../domain/errors.js";
import { importMeasurementFile } from "../../services/imports.js";
import { reportingAccess } from "../access.js";
import { importQuery } from "./schema.js";
import { errors, importResponse } from "../responses.js";

const MAX_FILE = 512 * 1024 * 1024;
const RAW_TYPES = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"];

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
        const part = await req.file();
        if (!part) throw new Invalid("no file in the upload", [{ path: "file", message: "required" }]);
        const bytes = await part.toBuffer();
        file = { bytes, name: part.filename };
      } else if (Buffer.isBuffer(req.body)) {
        file = { bytes: req.body, name: req.query.filename ?? "upload" };
      } else {
        throw new Invalid("send the file as multipart/form-data or as a text/csv or XLSX body", [{ path: "body", message: "no file" }]);
      }
      return importMeasurementFile(app.db, req.query.strategy, file, { dryRun: req.query.dryRun, actor: req.actor, access: reportingAccess(req) });
    },
  );
};
