import compress from "@fastify/compress";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Db } from "../data/db.js";
import { StatusCache } from "../services/status.js";
import { assessmentRoutes } from "./assessments/routes.js";
import { installErrorHandler } from "./errors.js";
import { importRoutes } from "./imports/routes.js";
import { keyResultRoutes } from "./key-results/routes.js";
import { measurementRoutes } from "./measurements/routes.js";
import { organisationRoutes } from "./organisations/routes.js";
import { strategyRoutes } from "./strategies/routes.js";
import { webApp } from "./web-app.js";
import { access, type AccessOptions } from "./access.js";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    statusCache: StatusCache;
  }
  interface FastifyRequest {
    /** Who is acting, as `recorded_by` and the audit trail name them (see access.ts). */
    actor: string;
  }
}

export interface AppOptions {
  db: Db;
  logLevel?: string | undefined;
  /** The built web app to serve at `/`; without it only the API is served. */
  webDir?: string | undefined;
  access?: AccessOptions | undefined;
}

export const DEFAULT_ACCESS: AccessOptions = { sessions: { idleMinutes: 60, absoluteHours: 12 } };

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? "info" },
    // Import files are large; other bodies are small JSON.
    bodyLimit: 32 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", opts.db);
  app.decorate("statusCache", new StatusCache());
  app.decorateRequest("actor", "");
  installErrorHandler(app);
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(access, opts.access ?? DEFAULT_ACCESS);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Veivalg API",
        version: "1.0.0",
        description: "Strategies, key results and measurements of Norwegian health regions. Errors are `{ code, message, details }`.",
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    await opts.db.query("SELECT 1");
    return reply.send({ status: "ready" });
  });

  await app.register(
    async (api) => {
      api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
      await api.register(organisationRoutes);
      await api.register(strategyRoutes);
      await api.register(keyResultRoutes);
      await api.register(measurementRoutes);
      await api.register(importRoutes);
      await api.register(assessmentRoutes);
    },
    { prefix: "/api/v1" },
  );
  if (opts.webDir) await app.register(webApp, { root: opts.webDir });
  return app;
}
