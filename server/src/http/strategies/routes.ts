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
import { strategyStatus, type StrategyStatusView } from "../../services/status.js";
import { strategyMissingReports, strategyTrend, type StrategyTrendView } from "../../services/trends.js";
import { Invalid } from "../../domain/errors.js";
import { etag, expectedVersion } from "../concurrency.js";
import { strategyScope } from "../../access/resources.js";
import {
  alignmentSchema,
  diffQuery,
  idParams,
  listQuery,
  revisionSchema,
  missingReportsQuery,
  statusQuery,
  strategyInputSchema,
  trendPeriods,
  trendQuery,
  versionQuery,
} from "./schema.js";
import { z } from "zod";
import {
  alignmentResponse,
  diffResponse,
  errors,
  missingReportsResponse,
  revisionResponse,
  statusResponse,
  strategySummaryResponse,
  strategyTreeResponse,
  trendResponse,
  versionResponse,
} from "../responses.js";

export const strategyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["strategies"];

  app.get("/strategies", { schema: { tags, summary: "Strategies, optionally of one region", querystring: listQuery, response: { 200: z.array(strategySummaryResponse), ...errors } } }, async (req) => {
    const all = await listStrategies(db, req.query.owner);
    const readable = await Promise.all(all.map((s) => req.access.may({ do: "strategy.read", organisation: s.owner, published: s.published })));
    return all.filter((_, i) => readable[i]);
  });

  app.post("/strategies", { schema: { tags, summary: "Register a strategy (version 1)", body: strategyInputSchema, response: { 201: strategyTreeResponse, ...errors } } }, async (req, reply) => {
    await req.access.authorize({ do: "strategy.write", organisation: req.body.owner });
    await db.transaction(async (tx) => {
      await createStrategy(tx, req.body, req.actor);
      await req.access.audit(tx, { action: "strategy.create", objectType: "strategy", objectId: req.body.id, after: { title: req.body.title, owner: req.body.owner, version: 1 } });
    });
    const tree = await getStrategyTree(db, req.body.id);
    return reply.code(201).header("etag", etag(tree.currentVersion)).header("location", `/api/v1/strategies/${tree.id}`).send(tree);
  });

  app.get(
    "/strategies/:id",
    { schema: { tags, summary: "The whole strategy tree (a past version with ?version=)", params: idParams, querystring: versionQuery, response: { 200: strategyTreeResponse, ...errors } } },
    async (req, reply) => {
      await req.access.readStrategy(req.params.id);
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
        response: { 200: revisionResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = await req.access.readStrategy(req.params.id);
      await req.access.authorize({ do: "strategy.write", organisation: scope.owner });
      // A revision keeps its owner: saying otherwise is refused rather than silently ignored.
      if (req.body.strategy.owner !== scope.owner) {
        throw new Invalid(`the strategy belongs to ${scope.owner}; a revision cannot move it`, [{ path: "strategy.owner", message: `must be ${scope.owner}` }]);
      }
      const expected = expectedVersion(req.headers["if-match"]);
      const { strategy, reason, effectiveFrom } = req.body;
      const result = await db.transaction(async (tx) => {
        const r = await reviseStrategy(tx, { ...strategy, id: req.params.id }, expected, effectiveFrom, reason, req.actor);
        await req.access.audit(tx, {
          action: "strategy.revise",
          objectType: "strategy",
          objectId: req.params.id,
          before: { version: expected },
          after: { ...r, reason, effectiveFrom },
        });
        return r;
      });
      return reply.header("etag", etag(result.version)).send(result);
    },
  );

  app.get("/strategies/:id/versions", { schema: { tags, summary: "Versions of a strategy", params: idParams, response: { 200: z.array(versionResponse), ...errors } } }, async (req) => {
    await req.access.readStrategy(req.params.id);
    return listStrategyVersions(db, req.params.id);
  });

  app.get(
    "/strategies/:id/diff",
    { schema: { tags, summary: "What changed between two versions", params: idParams, querystring: diffQuery, response: { 200: diffResponse, ...errors } } },
    async (req) => {
      await req.access.readStrategy(req.params.id);
      return diffStrategy(db, req.params.id, req.query.from, req.query.to);
    },
  );

  app.get(
    "/strategies/:id/status",
    {
      schema: {
        tags,
        summary: "Per focus area and key result: value, target, status, and per organisation, for a period",
        params: idParams,
        querystring: statusQuery,
        response: { 200: statusResponse, ...errors },
      },
    },
    async (req, reply) => {
      await req.access.readStrategy(req.params.id);
      const period = parsePeriod(req.query.period);
      const view = await req.access.smallCounts();
      const json = await app.statusCache.get(db, req.params.id, `status ${period.id} ${view.audience}`, () => strategyStatus(db, req.params.id, period, view));
      // The cache holds the page already serialised from a StrategyStatusView; Fastify sends a
      // JSON string as it is.
      return reply.type("application/json").send(json as unknown as StrategyStatusView);
    },
  );

  app.get(
    "/strategies/:id/trend",
    {
      schema: {
        tags,
        summary: "Per key result, value, target and status for each period from `from` to `to` (one grain, at most 60; default the last 8 completed quarters)",
        params: idParams,
        querystring: trendQuery,
        response: { 200: trendResponse, ...errors },
      },
    },
    async (req, reply) => {
      await req.access.readStrategy(req.params.id);
      const periods = trendPeriods(req.query);
      const view = await req.access.smallCounts();
      const page = `trend ${periods[0]?.id}..${periods.at(-1)?.id} ${view.audience}`;
      const json = await app.statusCache.get(db, req.params.id, page, () => strategyTrend(db, req.params.id, periods, view));
      return reply.type("application/json").send(json as unknown as StrategyTrendView);
    },
  );

  app.get(
    "/strategies/:id/missing-reports",
    {
      schema: {
        tags,
        summary: "Per key result, the last period completed by `asOf` (default today) and the organisations that have not reported it",
        params: idParams,
        querystring: missingReportsQuery,
        response: { 200: missingReportsResponse, ...errors },
      },
    },
    async (req) => {
      await req.access.readStrategy(req.params.id);
      return strategyMissingReports(db, req.params.id, req.query.asOf ?? new Date().toISOString().slice(0, 10));
    },
  );

  app.get("/strategies/:id/alignments", { schema: { tags, summary: "Links to the goals this strategy serves and from plans that serve it", params: idParams, response: { 200: z.array(alignmentResponse), ...errors } } }, async (req) => {
    await req.access.readStrategy(req.params.id);
    const links = await listAlignments(db, req.params.id);
    // A link shows the other plan's section title: only where the caller may read that plan too.
    const others = [...new Set(links.flatMap((l) => [l.fromStrategy, l.toStrategy]))].filter((id) => id !== req.params.id);
    const readable = new Set<string>([req.params.id]);
    for (const id of others) {
      const scope = await strategyScope(db, id);
      if (await req.access.may({ do: "strategy.read", organisation: scope.owner, published: scope.published })) readable.add(id);
    }
    return links.filter((l) => readable.has(l.fromStrategy) && readable.has(l.toStrategy));
  });

  app.post("/alignments", { schema: { tags, summary: "Link a section to a goal of another plan it serves", body: alignmentSchema, response: { 201: z.object({ id: z.string() }), ...errors } } }, async (req, reply) => {
    const from = await req.access.readStrategy(req.body.fromStrategy);
    await req.access.authorize({ do: "strategy.write", organisation: from.owner });
    await req.access.readStrategy(req.body.toStrategy);
    const id = await db.transaction(async (tx) => {
      const created = await addAlignment(tx, req.body, req.actor);
      await req.access.audit(tx, { action: "alignment.create", objectType: "alignment", objectId: created, after: req.body });
      return created;
    });
    return reply.code(201).send({ id });
  });

  app.get(
    "/strategies/:id/export",
    { schema: { tags, summary: "The strategy with all its measurements, as JSON; small counts the caller may not see are hidden (`suppressed`)", params: idParams } },
    async (req, reply) => {
      await req.access.readInternal(req.params.id);
      const view = await req.access.smallCounts();
      return reply.header("content-disposition", `attachment; filename="${req.params.id}.json"`).send(await exportStrategy(db, req.params.id, view));
    },
  );
};
