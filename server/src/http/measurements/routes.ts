import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { submitBatch } from "../../services/measurements.js";
import { reportingAccess } from "../access.js";
import { batchHeaders, batchSchema } from "./schema.js";
import { batchResponse, errors } from "../responses.js";

export const measurementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/measurements",
    {
      // A trust's warehouse may push up to 50 000 values at once.
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ["measurements"],
        summary: "Report a batch of measurements: all or none; a retry with the same Idempotency-Key is applied once",
        headers: batchHeaders,
        body: batchSchema,
        response: { 201: batchResponse, ...errors },
      },
    },
    async (req, reply) => {
      const r = await submitBatch(app.db, req.body.items, {
        actor: req.actor,
        caller: req.access.principal,
        source: "api",
        idempotencyKey: req.headers["idempotency-key"],
        access: reportingAccess(req),
      });
      if (r.replayed) reply.header("idempotent-replayed", "true");
      return reply.code(201).send(r.body);
    },
  );
};
