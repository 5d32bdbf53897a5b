import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { readChecklists, saveChecklist, type Checklist } from "../../data/gates.js";
import type { ActivePhase } from "../../domain/portfolio/lifecycle.js";
import { strategyCoverage } from "../../data/initiatives.js";
import { portfolioRevision } from "../../data/strategies.js";
import { sendPage } from "../cached-page.js";
import { etag, expectedVersion } from "../concurrency.js";
import { checklistResponse } from "../initiatives/schema.js";
import { errors } from "../responses.js";
import { idParams } from "../strategies/schema.js";
import { checklistParams, checklistSchema, checklistsResponse, coverageResponse, portfolioParams } from "./schema.js";

export const portfolioRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["portfolio"];

  app.get(
    "/portfolios/:strategy/checklists",
    { schema: { tags, summary: "The decision points' checklists of a strategy's portfolio (kept per region, the strategy's owner)", params: portfolioParams, response: { 200: checklistsResponse, ...errors } } },
    async (req) => {
      const strategy = await req.access.readInternal(req.params.strategy);
      return Object.fromEntries((await readChecklists(db, strategy.owner)).map((c) => [c.phase, c])) as Record<ActivePhase, Checklist>;
    },
  );

  app.put(
    "/portfolios/:strategy/checklists/:phase",
    {
      schema: {
        tags,
        summary: "Replace the region's checklist for the decision point ending a phase; needs If-Match (\"0\" while the default applies)",
        params: checklistParams,
        body: checklistSchema,
        response: { 200: checklistResponse, ...errors },
      },
    },
    async (req, reply) => {
      const strategy = await req.access.readStrategy(req.params.strategy);
      await req.access.authorize({ do: "portfolio.govern", organisation: strategy.owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const saved = await db.transaction(async (tx) => {
        const { before, after } = await saveChecklist(tx, strategy.owner, req.params.phase, req.body.items, expected, req.actor);
        await req.access.audit(tx, { action: "checklist.update", objectType: "gate_checklist", objectId: `${strategy.owner}/${req.params.phase}`, before, after });
        return after;
      });
      return reply.header("etag", etag(saved.version)).send(saved);
    },
  );

  app.get(
    "/strategies/:id/coverage",
    { schema: { tags, summary: "The coverage matrix: which focus areas and key results have initiatives behind them", params: idParams, response: { 200: coverageResponse, ...errors } } },
    async (req, reply) => {
      await req.access.readInternal(req.params.id);
      const cached = await app.statusCache.page(db, req.params.id, "coverage", () => strategyCoverage(db, req.params.id), portfolioRevision);
      // Served as serialised (and compressed) when computed (docs/decisions/0012).
      return sendPage(req, reply, cached);
    },
  );
};
