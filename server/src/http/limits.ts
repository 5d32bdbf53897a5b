import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Invalid, type ErrorDetail } from "../domain/errors.js";

/** Far deeper than any real body: a strategy's sections nest three or four levels. */
export const MAX_BODY_DEPTH = 64;

/** A NUL, or half a surrogate pair: text PostgreSQL cannot store (in JSON it is refused outright). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What makes a parsed body unacceptable before its schema is even tried, if anything: nesting
 * deeper than MAX_BODY_DEPTH (validation recurses as deep as the body goes, and a body thousands of
 * levels deep would exhaust the stack), or a key or text that cannot be stored. Walked without
 * recursion, for the same reason.
 */
export function bodyFault(body: unknown): ErrorDetail | undefined {
  const stack: [value: unknown, path: string, depth: number][] = [[body, "body", 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) return { path, message: "holds a NUL character or half a surrogate pair" };
      continue;
    }
    // A raw upload arrives as a Buffer: bytes, not structure.
    if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) continue;
    if (depth >= MAX_BODY_DEPTH) return { path, message: `nested deeper than ${MAX_BODY_DEPTH} levels` };
    for (const [key, child] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return { path, message: "a key holds a NUL character or half a surrogate pair" };
      stack.push([child, `${path}.${key}`, depth + 1]);
    }
  }
  return undefined;
}

async function limitsPlugin(app: FastifyInstance): Promise<void> {
  app.addHook("preValidation", async (req) => {
    const fault = bodyFault(req.body);
    if (fault) throw new Invalid("the body cannot be taken as it is", [fault]);
  });
}

/** Refuses, before validation, bodies that would break it or could not be stored (see bodyFault). */
export const bodyLimits = fp(limitsPlugin, { name: "veivalg-body-limits" });
