import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { rateLimited } from "./errors.js";

/**
 * Security headers and rate limiting for every answer (docs/decisions/0011-security.md).
 *
 * Rate limits apply only to the routes that ask for one, in their options:
 * `config: { rateLimit: { max: 10, timeWindow: "1 minute" } }` (counted per client address, which
 * behind a proxy needs VEIVALG_TRUST_PROXY). A limited request gets 429 `{ code: "rate_limited" }`.
 */
export interface SecurityOptions {
  /** Origins besides our own that forms may be sent to: the single sign-on provider's. */
  formActions?: string[] | undefined;
}

/** HSTS: a year, on the host and its subdomains; sent only over TLS, where it means something. */
const HSTS = "max-age=31536000; includeSubDomains";

async function securityPlugin(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Vite's build has no inline script; nothing else may run, whatever gets into a page.
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // React and ECharts set style attributes; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The design system's icons are data: SVGs.
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...(opts.formActions ?? [])],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    // Set below, only for requests that came over TLS.
    hsts: false,
  });

  app.addHook("onRequest", async (req, reply) => {
    // req.protocol honours X-Forwarded-Proto only from a trusted proxy (VEIVALG_TRUST_PROXY).
    if (req.protocol === "https") reply.header("strict-transport-security", HSTS);
  });

  // API answers carry people's data and session state: no cache along the way may keep them.
  app.addHook("onSend", async (req, reply) => {
    if (req.url.startsWith("/api/") && !reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  });

  await app.register(rateLimit, { global: false, errorResponseBuilder: rateLimited });
}

export const security = fp(securityPlugin, { name: "veivalg-security" });
