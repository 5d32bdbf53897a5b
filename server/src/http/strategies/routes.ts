import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  addAlignment,
  createStrategy,
  diffStrategy,
  getStrategyTree,
  listAlignments,
  listStrategies,
  listStrategyVersions,
  reviseStrategy,
} from "../../data/strategies.js";
import { parsePeriod } from "../../domain/period.js";
import { exportStrategy } from "../../services/export.js";
import { etag, expectedVersion } from "../concurrency.js";
import {
  alignmentSchema,
  diffQuery,
  idParams,
  listQuery,
  revisionSchema,
  statusQuery,
  strategyInputSchema,
  versionQuery,
} from "./schema.js";

export const strategyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["strategies"];

  app.get("/strategies", { schema: { tags, summary: "Strategies, optionally of one region", querystring: listQuery } }, async (req) =>
    listStrategies(db, req.query.owner),
  );

  app.post("/strategies", { schema: { tags, summary: "Register a strategy (version 1)", body: strategyInputSchema } }, async (req, reply) => {
    await db.transaction((tx) => createStrategy(tx, req.body, req.actor));
    const tree = await getStrategyTree(db, req.body.id);
    return reply.code(201).header("etag", etag(tree.currentVersion)).header("location", `/api/v1/strategies/${tree.id}`).send(tree);
  });

  app.get(
    "/strategies/:id",
    { schema: { tags, summary: "The whole strategy tree (a past version with ?version=)", params: idParams, querystring: versionQuery } },
    async (req, reply) => {
      const tree = await getStrategyTree(db, req.params.id, req.query.version);
      return reply.header("etag", etag(tree.currentVersion)).send(tree);
    },
  );

  app.put(
    "/strategies/:id",
    {
      schema: {
        tags,
        summary: "Revise a strategy: the body is the whole strategy as it now reads; needs If-Match",
        params: idParams,
        body: revisionSchema,
      },
    },
    async (req, reply) => {
      const expected = expectedVersion(req.headers["if-match"]);
      const { strategy, reason, effectiveFrom } = req.body;
      const result = await db.transaction((tx) =>
        reviseStrategy(tx, { ...strategy, id: req.params.id }, expected, effectiveFrom, reason, req.actor),
      );
      return reply.header("etag", etag(result.version)).send(result);
    },
  );

  app.get("/strategies/:id/versions", { schema: { tags, summary: "Versions of a strategy", params: idParams } }, async (req) =>
    listStrategyVersions(db, req.params.id),
  );

  app.get(
    "/strategies/:id/diff",
    { schema: { tags, summary: "What changed between two versions", params: idParams, querystring: diffQuery } },
    async (req) => diffStrategy(db, req.params.id, req.query.from, req.query.to),
  );

  app.get(
    "/strategies/:id/status",
    {
      schema: {
        tags,
        summary: "Per focus area and key result: value, target, status, and per organisation, for a period",
        params: idParams,
        querystring: statusQuery,
      },
    },
    async (req, reply) => reply.type("application/json").send(await app.statusCache.get(db, req.params.id, parsePeriod(req.query.period))),
  );

  app.get("/strategies/:id/alignments", { schema: { tags, summary: "Links to the goals this strategy serves and from plans that serve it", params: idParams } }, async (req) =>
    listAlignments(db, req.params.id),
  );

  app.post("/alignments", { schema: { tags, summary: "Link a section to a goal of another plan it serves", body: alignmentSchema } }, async (req, reply) => {
    const id = await db.transaction((tx) => addAlignment(tx, req.body, req.actor));
    return reply.code(201).send({ id });
  });

  app.get("/strategies/:id/export", { schema: { tags, summary: "The strategy with all its measurements, as JSON", params: idParams } }, async (req, reply) =>
    reply.header("content-disposition", `attachment; filename="${req.params.id}.json"`).send(await exportStrategy(db, req.params.id)),
  );
};
