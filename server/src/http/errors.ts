import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
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

/** PostgreSQL's "invalid byte sequence" (a NUL in text) and "unsupported Unicode escape" (`\u0000` in JSON). */
const UNSTORABLE_TEXT = new Set(["22021", "22P05"]);

/**
 * Fastify's own refusals before any route is found (a malformed %-escape, a path parameter too
 * long) in our error shape: its `frameworkErrors` option.
 */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  void reply.code(err.statusCode ?? 400).send({ code: err.code.toLowerCase(), message: "the URL cannot be read: a malformed %-escape or a part too long", details: [] });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // A handler may have begun a download (a CSV type, a file name) before it failed: errors are JSON.
    reply.removeHeader("content-disposition").type("application/json; charset=utf-8");
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
    // PostgreSQL stores no NUL character in text or JSON: the client's data, which nothing else refuses.
    if (UNSTORABLE_TEXT.has((err as { code?: unknown }).code as string)) {
      return reply.code(400).send({ code: "invalid", message: "the request holds text that cannot be stored (a NUL character)", details: [] });
    }
    req.log.error({ err }, "unhandled error");
    return reply.code(500).send({ code: "internal", message: "something went wrong on our side", details: [] });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ code: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}`, details: [] }),
  );
}

/** `@fastify/rate-limit`'s answer in our error shape, with a code clients can branch on (its `errorResponseBuilder`). */
export const rateLimited = (_req: unknown, ctx: { after: string }) =>
  Object.assign(new Error(`too many requests; try again in ${ctx.after}`), { statusCode: 429, code: "rate_limited" });
