import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendPage } from "../cached-page.js";
import { refreshComputed } from "../../data/computed.js";
import { recordDecision } from "../../data/gates.js";
import { createInitiative, getInitiative, initiativeHistory, initiativeScope, listInitiatives, portfolioSummary, reviseInitiative } from "../../data/initiatives.js";
import { portfolioRevision } from "../../data/strategies.js";
import type { InitiativeSnapshot } from "../../domain/portfolio/initiative.js";
import { etag, expectedVersion } from "../concurrency.js";
import { errors } from "../responses.js";
import {
  decisionResultResponse,
  decisionSchema,
  historyResponse,
  initiativeCreateSchema,
  initiativeParams,
  initiativeQuery,
  initiativeResponse,
  initiativeSummaryResponse,
  initiativeUpdateSchema,
  portfolioSummaryResponse,
  today,
} from "./schema.js";

/** What a computed key result counts of an initiative besides its decisions (domain/portfolio/computed.ts): its owner, kind and tags. */
const COUNTED: readonly (keyof InitiativeSnapshot)[] = ["organisationId", "kind", "tags"];

export const initiativeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["portfolio"];

  app.get(
    "/initiatives",
    {
      schema: {
        tags,
        summary: "The portfolio of a strategy: per initiative its phase, links, cost totals, latest status, risk and contribution",
        querystring: initiativeQuery,
        response: { 200: z.array(initiativeSummaryResponse), ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      await req.access.readInternal(q.strategy);
      const day = today();
      const page = `initiatives ${day} ${q.phase ?? ""}|${q.kind ?? ""}|${q.organisation ?? ""}|${q.section ?? ""}`;
      const cached = await app.statusCache.page(
        db,
        q.strategy,
        page,
        () => listInitiatives(db, { strategyId: q.strategy, phase: q.phase, kind: q.kind, organisation: q.organisation, section: q.section, today: day }),
        portfolioRevision,
      );
      // Served as serialised (and compressed) when computed (docs/decisions/0012).
      return sendPage(req, reply, cached);
    },
  );

  app.get(
    "/strategies/:id/portfolio-summary",
    {
      schema: {
        tags,
        summary: "The portfolio summary: each initiative's title, focus areas, phase and planned period. Public where the strategy's owner publishes it, else for those who may read the portfolio",
        params: z.object({ id: z.string() }),
        response: { 200: z.array(portfolioSummaryResponse), ...errors },
      },
    },
    async (req) => {
      const scope = await req.access.readStrategy(req.params.id);
      await req.access.authorize({ do: "portfolio.summary", organisation: scope.owner, published: scope.summaryPublished });
      return portfolioSummary(db, req.params.id);
    },
  );

  app.post(
    "/initiatives",
    { schema: { tags, summary: "Register an initiative in the idea phase (version 1)", body: initiativeCreateSchema, response: { 201: initiativeResponse, ...errors } } },
    async (req, reply) => {
      const { strategy: strategyId, ...input } = req.body;
      const strategy = await req.access.readStrategy(strategyId);
      await req.access.authorize({ do: "portfolio.govern", organisation: strategy.owner });
      const id = await db.transaction(async (tx) => {
        const created = await createInitiative(tx, strategyId, input, "registered", req.actor);
        await req.access.audit(tx, { action: "initiative.create", objectType: "initiative", objectId: created, after: { strategy: strategyId, ...input } });
        return created;
      });
      const initiative = await getInitiative(db, id, today(), strategy.owner);
      return reply.code(201).header("etag", etag(initiative.version)).header("location", `/api/v1/initiatives/${id}`).send(initiative);
    },
  );

  app.get(
    "/initiatives/:id",
    {
      schema: {
        tags,
        summary: "An initiative with its links, dependencies, checklist, decisions, costs, status, risks, ROS analyses, adoptions, benefits and the needs it came from",
        params: initiativeParams,
        response: { 200: initiativeResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = await initiativeScope(db, req.params.id);
      const strategy = await req.access.readInternal(scope.strategyId);
      const initiative = await getInitiative(db, req.params.id, today(), strategy.owner);
      return reply.header("etag", etag(initiative.version)).send(initiative);
    },
  );

  app.put(
    "/initiatives/:id",
    {
      schema: {
        tags,
        summary: "Revise an initiative's fields, links, participants and dependencies (a new version); needs If-Match",
        params: initiativeParams,
        body: initiativeUpdateSchema,
        response: { 200: initiativeResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = await initiativeScope(db, req.params.id);
      const strategy = await req.access.readStrategy(scope.strategyId);
      await req.access.authorize({ do: "portfolio.manage", organisation: strategy.owner, owner: scope.organisationId });
      // Handing an initiative to another organisation takes the right to manage it there too.
      if (req.body.organisation !== scope.organisationId) await req.access.authorize({ do: "portfolio.manage", organisation: strategy.owner, owner: req.body.organisation });
      const expected = expectedVersion(req.headers["if-match"]);
      const { reason, ...input } = req.body;
      await db.transaction(async (tx) => {
        const r = await reviseInitiative(tx, req.params.id, expected, input, reason, req.actor);
        if (r.changed.some((f) => COUNTED.includes(f))) await refreshComputed(tx, scope.strategyId, req.actor);
        await req.access.audit(tx, { action: "initiative.revise", objectType: "initiative", objectId: req.params.id, before: { version: expected, ...r.before }, after: { version: r.version, reason, ...r.after } });
      });
      const initiative = await getInitiative(db, req.params.id, today(), strategy.owner);
      return reply.header("etag", etag(initiative.version)).send(initiative);
    },
  );

  app.get(
    "/initiatives/:id/history",
    { schema: { tags, summary: "Everything that happened to an initiative, newest first", params: initiativeParams, response: { 200: historyResponse, ...errors } } },
    async (req) => {
      const scope = await initiativeScope(db, req.params.id);
      await req.access.readInternal(scope.strategyId);
      return initiativeHistory(db, req.params.id);
    },
  );

  app.post(
    "/initiatives/:id/decisions",
    {
      schema: {
        tags,
        summary: "Record a decision at the initiative's decision point (approve, reject, pause, resume): the only way its phase changes; needs If-Match",
        params: initiativeParams,
        body: decisionSchema,
        response: { 201: decisionResultResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = await initiativeScope(db, req.params.id);
      const strategy = await req.access.readStrategy(scope.strategyId);
      await req.access.authorize({ do: "portfolio.decide", organisation: strategy.owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const decided = await db.transaction(async (tx) => {
        const d = await recordDecision(tx, req.params.id, strategy.owner, expected, req.body, req.actor);
        // Decisions are what the portfolio's computed key results count (phases entered).
        await refreshComputed(tx, scope.strategyId, req.actor);
        await req.access.audit(tx, { action: "initiative.decide", objectType: "initiative", objectId: req.params.id, before: { version: expected, phase: d.fromPhase }, after: d });
        return d;
      });
      return reply.code(201).header("etag", etag(decided.version)).send(decided);
    },
  );
};
