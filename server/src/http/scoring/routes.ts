import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { initiativeScope } from "../../data/initiatives.js";
import { listModels, readModel, recordAgreed, recordScores, saveModel, scoringSheet } from "../../data/scoring.js";
import { etag, expectedVersion } from "../concurrency.js";
import { initiativeParams } from "../initiatives/schema.js";
import { portfolioParams } from "../portfolios/schema.js";
import { errors } from "../responses.js";
import { agreedResponse, agreedSchema, modelResponse, modelSchema, scoreResponse, scoresSchema, sheetResponse } from "./schema.js";

export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["prioritisation"];

  app.get(
    "/portfolios/:strategy/scoring-model",
    { schema: { tags, summary: "The current scoring model of the strategy's region (the strategy's owner); the ETag is its version", params: portfolioParams, response: { 200: modelResponse, ...errors } } },
    async (req, reply) => {
      const strategy = await req.access.readInternal(req.params.strategy);
      const model = await readModel(db, strategy.owner);
      return reply.header("etag", etag(model.version)).send(model);
    },
  );

  app.get(
    "/portfolios/:strategy/scoring-model/versions",
    { schema: { tags, summary: "Every version of the region's scoring model, newest first, ending with the default (version 0)", params: portfolioParams, response: { 200: z.array(modelResponse), ...errors } } },
    async (req) => {
      const strategy = await req.access.readInternal(req.params.strategy);
      return listModels(db, strategy.owner);
    },
  );

  app.put(
    "/portfolios/:strategy/scoring-model",
    {
      schema: {
        tags,
        summary: "Save a new version of the region's scoring model: criteria, weights, scales; needs If-Match (\"0\" while the default applies)",
        params: portfolioParams,
        body: modelSchema,
        response: { 200: modelResponse, ...errors },
      },
    },
    async (req, reply) => {
      const strategy = await req.access.readStrategy(req.params.strategy);
      await req.access.authorize({ do: "strategy.write", organisation: strategy.owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const saved = await db.transaction(async (tx) => {
        const { before, after } = await saveModel(tx, strategy.owner, expected, req.body, req.actor);
        await req.access.audit(tx, { action: "scoring_model.update", objectType: "scoring_model", objectId: strategy.owner, before, after });
        return after;
      });
      return reply.header("etag", etag(saved.version)).send(saved);
    },
  );

  app.get(
    "/portfolios/:strategy/scores",
    { schema: { tags, summary: "The scoring sheet: candidates ranked by strategic value, each criterion's score with the members' spread and the agreed score", params: portfolioParams, response: { 200: sheetResponse, ...errors } } },
    async (req) => {
      const strategy = await req.access.readInternal(req.params.strategy);
      return scoringSheet(db, strategy.id, strategy.owner, req.actor);
    },
  );

  app.put(
    "/initiatives/:id/scores",
    {
      schema: {
        tags,
        summary: "Set or take back the caller's own scores of an initiative (a board member of the region); answers the caller's scores of it",
        params: initiativeParams,
        body: scoresSchema,
        response: { 200: z.array(scoreResponse), ...errors },
      },
    },
    async (req) => {
      const scope = await initiativeScope(db, req.params.id);
      const strategy = await req.access.readStrategy(scope.strategyId);
      await req.access.authorize({ do: "portfolio.decide", organisation: strategy.owner });
      return db.transaction(async (tx) => {
        const { before, after } = await recordScores(tx, req.params.id, strategy.owner, req.actor, req.body.scores);
        await req.access.audit(tx, { action: "initiative.score", objectType: "initiative", objectId: req.params.id, before, after });
        return after;
      });
    },
  );

  app.put(
    "/initiatives/:id/agreed-scores",
    {
      schema: {
        tags,
        summary: "Set or take back the scores the board agreed on for an initiative; they count instead of the members' mean",
        params: initiativeParams,
        body: agreedSchema,
        response: { 200: z.array(agreedResponse), ...errors },
      },
    },
    async (req) => {
      const scope = await initiativeScope(db, req.params.id);
      const strategy = await req.access.readStrategy(scope.strategyId);
      await req.access.authorize({ do: "portfolio.decide", organisation: strategy.owner });
      return db.transaction(async (tx) => {
        const { before, after } = await recordAgreed(tx, req.params.id, strategy.owner, req.body.scores, req.actor);
        await req.access.audit(tx, { action: "initiative.agree_scores", objectType: "initiative", objectId: req.params.id, before, after });
        return after;
      });
    },
  );
};
