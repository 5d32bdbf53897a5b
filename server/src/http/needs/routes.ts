import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { getInitiative } from "../../data/initiatives.js";
import { convertNeed, declineNeed, getNeed, listNeeds, mergeNeed, registerNeed, supportNeed } from "../../data/needs.js";
import { etag, expectedVersion } from "../concurrency.js";
import { initiativeResponse, today } from "../initiatives/schema.js";
import { errors } from "../responses.js";
import { convertSchema, declineSchema, mergeSchema, needParams, needQuery, needResponse, needSchema, supporterSchema } from "./schema.js";

export const needRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["portfolio"];

  /** The need and the owner of its strategy, once the caller may read it. */
  const readNeed = async (req: FastifyRequest, id: string) => {
    const need = await getNeed(db, id);
    const strategy = await req.access.readInternal(need.strategyId);
    return { need, owner: strategy.owner };
  };

  app.get("/needs", { schema: { tags, summary: "Needs and ideas registered for a strategy's portfolio, newest first", querystring: needQuery, response: { 200: z.array(needResponse), ...errors } } }, async (req) => {
    await req.access.readInternal(req.query.strategy);
    return listNeeds(db, req.query.strategy, req.query.status);
  });

  app.post("/needs", { schema: { tags, summary: "Register a need or an idea on behalf of an organisation", body: needSchema, response: { 201: needResponse, ...errors } } }, async (req, reply) => {
    const { strategy, organisation, ...rest } = req.body;
    const { owner } = await req.access.readStrategy(strategy);
    await req.access.authorize({ do: "portfolio.propose", organisation, region: owner });
    const need = await db.transaction(async (tx) => {
      const n = await registerNeed(tx, { strategyId: strategy, organisationId: organisation, ...rest }, req.actor);
      await req.access.audit(tx, { action: "need.register", objectType: "need", objectId: n.id, after: n });
      return n;
    });
    return reply.code(201).header("etag", etag(need.version)).header("location", `/api/v1/needs/${need.id}`).send(need);
  });

  app.get("/needs/:id", { schema: { tags, summary: "A need with the organisations supporting it", params: needParams, response: { 200: needResponse, ...errors } } }, async (req, reply) => {
    const { need } = await readNeed(req, req.params.id);
    return reply.header("etag", etag(need.version)).send(need);
  });

  app.post(
    "/needs/:id/supporters",
    { schema: { tags, summary: "Record that another organisation has the need too", params: needParams, body: supporterSchema, response: { 201: needResponse, ...errors } } },
    async (req, reply) => {
      const { owner } = await readNeed(req, req.params.id);
      await req.access.authorize({ do: "portfolio.propose", organisation: req.body.organisation, region: owner });
      const need = await db.transaction(async (tx) => {
        const n = await supportNeed(tx, req.params.id, req.body.organisation, req.body.note, req.actor);
        await req.access.audit(tx, { action: "need.support", objectType: "need", objectId: n.id, after: req.body });
        return n;
      });
      return reply.code(201).header("etag", etag(need.version)).send(need);
    },
  );

  app.post(
    "/needs/:id/merge",
    { schema: { tags, summary: "Close a need as a duplicate of another; its organisation and supporters support the other; needs If-Match", params: needParams, body: mergeSchema, response: { 200: needResponse, ...errors } } },
    async (req, reply) => {
      const { owner } = await readNeed(req, req.params.id);
      await req.access.authorize({ do: "portfolio.govern", organisation: owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const need = await db.transaction(async (tx) => {
        const n = await mergeNeed(tx, req.params.id, req.body.into, expected, req.actor);
        await req.access.audit(tx, { action: "need.merge", objectType: "need", objectId: n.id, before: { version: expected, status: "open" }, after: { version: n.version, status: n.status, into: req.body.into } });
        return n;
      });
      return reply.header("etag", etag(need.version)).send(need);
    },
  );

  app.post(
    "/needs/:id/decline",
    { schema: { tags, summary: "Decline a need, saying why; needs If-Match", params: needParams, body: declineSchema, response: { 200: needResponse, ...errors } } },
    async (req, reply) => {
      const { owner } = await readNeed(req, req.params.id);
      await req.access.authorize({ do: "portfolio.govern", organisation: owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const need = await db.transaction(async (tx) => {
        const n = await declineNeed(tx, req.params.id, expected);
        // The reason is kept in the audit trail: the need itself has no place for it.
        await req.access.audit(tx, { action: "need.decline", objectType: "need", objectId: n.id, before: { version: expected, status: "open" }, after: { version: n.version, status: n.status, reason: req.body.reason } });
        return n;
      });
      return reply.header("etag", etag(need.version)).send(need);
    },
  );

  app.post(
    "/needs/:id/convert",
    {
      schema: {
        tags,
        summary: "Turn a need into an initiative of the portfolio (idea phase); needs If-Match with the need's version",
        params: needParams,
        body: convertSchema,
        response: { 201: initiativeResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { owner } = await readNeed(req, req.params.id);
      await req.access.authorize({ do: "portfolio.govern", organisation: owner });
      const expected = expectedVersion(req.headers["if-match"]);
      const initiativeId = await db.transaction(async (tx) => {
        const { need, initiativeId: id } = await convertNeed(tx, req.params.id, expected, req.body, req.actor);
        await req.access.audit(tx, { action: "need.convert", objectType: "need", objectId: need.id, before: { version: expected, status: "open" }, after: { version: need.version, status: need.status, initiative: id, ...req.body } });
        return id;
      });
      const initiative = await getInitiative(db, initiativeId, today(), owner);
      return reply.code(201).header("etag", etag(initiative.version)).header("location", `/api/v1/initiatives/${initiativeId}`).send(initiative);
    },
  );
};
