import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import {
  Conflict,
  DomainError,
  Forbidden,
  Invalid,
  NotFound,
  PreconditionFailed,
  PreconditionRequired,
  Unauthenticated,
  type ErrorDetail,
} from "../domain/errors.js";

/** The one place where errors become HTTP: `{ code, message, details }` with a status per class. */
function statusOf(err: DomainError): number {
  if (err instanceof NotFound) return 404;
  if (err instanceof Invalid) return 400;
  if (err instanceof Conflict) return 409;
  if (err instanceof PreconditionFailed) return 412;
  if (err instanceof PreconditionRequired) return 428;
  if (err instanceof Forbidden) return 403;
  if (err instanceof Unauthenticated) return 401;
  return 500;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      return reply.code(statusOf(err)).send({ code: err.code, message: err.message, details: err.details });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? "body";
      const details: ErrorDetail[] = err.validation.map((v) => {
        const path = [where, ...v.instancePath.split("/").filter(Boolean)].join(".");
        return { path, message: v.message ?? "invalid" };
      });
      return reply.code(400).send({ code: "invalid", message: "the request does not match the schema", details });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ code: err.code?.toLowerCase() ?? "bad_request", message: err.message, details: [] });
    }
    req.log.error({ err }, "unhandled error");
    return reply.code(500).send({ code: "internal", message: "something went wrong on our side", details: [] });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ code: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}`, details: [] }),
  );
}
