import { resolve } from "node:path";
import compress from "@fastify/compress";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type RouteOptions } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { OidcOptions } from "../config.js";
import type { Db } from "../data/db.js";
import { DEFAULT_SMALL_COUNT_THRESHOLD } from "../domain/small-counts.js";
import { StatusCache } from "../services/status.js";
import { adoptionRoutes } from "./adoptions/routes.js";
import { assessmentRoutes } from "./assessments/routes.js";
import { auditRoutes } from "./audit/routes.js";
import { benefitRoutes } from "./benefits/routes.js";
import { budgetRoutes } from "./budgets/routes.js";
import { computationRoutes } from "./computations/routes.js";
import { costRoutes } from "./costs/routes.js";
import { frameworkError, installErrorHandler } from "./errors.js";
import { importRoutes } from "./imports/routes.js";
import { initiativeRoutes } from "./initiatives/routes.js";
import { keyResultRoutes } from "./key-results/routes.js";
import { bodyLimits } from "./limits.js";
import { measurementRoutes } from "./measurements/routes.js";
import { needRoutes } from "./needs/routes.js";
import { oidcRoutes } from "./oidc/routes.js";
import { organisationRoutes } from "./organisations/routes.js";
import { portfolioRoutes } from "./portfolios/routes.js";
import { riskRoutes } from "./risks/routes.js";
import { scoringRoutes } from "./scoring/routes.js";
import { scenarioRoutes } from "./scenarios/routes.js";
import { fhirRunRoutes } from "./fhir-runs/routes.js";
import { Optimiser } from "../optimiser/pool.js";
import { security } from "./security.js";
import { sessionRoutes } from "./session/routes.js";
import { statusReportRoutes } from "./status-reports/routes.js";
import { strategyRoutes } from "./strategies/routes.js";
import { tokenRoutes } from "./tokens/routes.js";
import { userRoutes } from "./users/routes.js";
import { webApp } from "./web-app.js";
import { access, type AccessOptions } from "./access.js";
import { people } from "./people.js";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    statusCache: StatusCache;
    optimiser: Optimiser;
    /** Counts below it are hidden from those who may not see small numbers (domain/small-counts.ts). */
    smallCountThreshold: number;
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
  /** Single sign-on; without it the sign-in page offers passwords only. */
  oidc?: OidcOptions | undefined;
  /** Proxies whose X-Forwarded-* headers tell the client's address and protocol (HSTS, Secure cookies, rate limits). */
  trustProxy?: boolean | string | undefined;
  /** The folder FHIR exports are placed in for computations (the data folder's `fhir`). */
  fhirDir?: string | undefined;
  /** Counts of persons or events below it are shown as "< threshold" to those without the right to see small numbers. */
  smallCountThreshold?: number | undefined;
  /** Told of every route as it is registered: how tests enumerate the route table (e.g. the authorisation matrix). */
  onRoute?: ((route: RouteOptions) => void) | undefined;
}

export const DEFAULT_ACCESS: AccessOptions = { sessions: { idleMinutes: 60, absoluteHours: 12 } };

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? "info" },
    // Bodies are small JSON; the routes that take files or large batches raise their own limit.
    bodyLimit: 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    frameworkErrors: frameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  if (opts.onRoute) app.addHook("onRoute", opts.onRoute);
  app.decorate("db", opts.db);
  app.decorate("statusCache", new StatusCache());
  app.decorate("smallCountThreshold", opts.smallCountThreshold ?? DEFAULT_SMALL_COUNT_THRESHOLD);
  const optimiser = new Optimiser();
  app.decorate("optimiser", optimiser);
  app.addHook("onClose", () => optimiser.close());
  app.decorateRequest("actor", "");
  installErrorHandler(app);
  await app.register(bodyLimits);
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(security, { formActions: opts.oidc ? [new URL(opts.oidc.issuer).origin] : [] });
  await app.register(access, opts.access ?? DEFAULT_ACCESS);
  await app.register(people);

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
      await api.register(needRoutes);
      await api.register(initiativeRoutes);
      await api.register(portfolioRoutes);
      await api.register(costRoutes);
      await api.register(budgetRoutes);
      await api.register(statusReportRoutes);
      await api.register(riskRoutes);
      await api.register(adoptionRoutes);
      await api.register(benefitRoutes);
      await api.register(computationRoutes);
      await api.register(scoringRoutes);
      await api.register(scenarioRoutes);
      await api.register(fhirRunRoutes, { fhirDir: opts.fhirDir ?? resolve("data", "fhir") });
      await api.register(tokenRoutes);
      await api.register(auditRoutes);
      await api.register(oidcRoutes, { oidc: opts.oidc, sessions: (opts.access ?? DEFAULT_ACCESS).sessions });
      await api.register(sessionRoutes, { sessions: (opts.access ?? DEFAULT_ACCESS).sessions, sso: opts.oidc && { label: opts.oidc.label } });
      await api.register(userRoutes);
    },
    { prefix: "/api/v1" },
  );
  if (opts.webDir) await app.register(webApp, { root: opts.webDir });
  return app;
}
