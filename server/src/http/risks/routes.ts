import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { refreshComputed } from "../../data/computed.js";
import { initiativeRisks, initiativeRos } from "../../data/initiatives.js";
import { createRisk, createRos, findRos, reuseRos, riskInitiative, updateRisk } from "../../data/risks.js";
import { etag, expectedVersion } from "../concurrency.js";
import { authorizeManage, authorizeRead } from "../initiative-access.js";
import { initiativeParams, initiativeRiskResponse, initiativeRosResponse } from "../initiatives/schema.js";
import { errors } from "../responses.js";
import { reuseResponse, reuseSchema, riskCreateSchema, riskParams, riskResponse, riskUpdateSchema, rosResponse, rosSchema } from "./schema.js";

export const riskRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["portfolio"];

  app.get(
    "/initiatives/:id/risks",
    { schema: { tags, summary: "An initiative's risk register (internal: security information)", params: initiativeParams, response: { 200: z.array(initiativeRiskResponse), ...errors } } },
    async (req) => {
      await authorizeRead(req, req.params.id);
      return initiativeRisks(db, req.params.id);
    },
  );

  app.get(
    "/initiatives/:id/ros",
    { schema: { tags, summary: "The ROS analyses an initiative made or reuses (internal: security information)", params: initiativeParams, response: { 200: z.array(initiativeRosResponse), ...errors } } },
    async (req) => {
      await authorizeRead(req, req.params.id);
      return initiativeRos(db, req.params.id);
    },
  );

  app.post(
    "/initiatives/:id/risks",
    { schema: { tags, summary: "Add a risk to an initiative: likelihood × consequence, owner and mitigation", params: initiativeParams, body: riskCreateSchema, response: { 201: riskResponse, ...errors } } },
    async (req, reply) => {
      await authorizeManage(req, req.params.id);
      const risk = await db.transaction(async (tx) => {
        const r = await createRisk(tx, req.params.id, req.body, req.actor);
        await req.access.audit(tx, { action: "risk.create", objectType: "risk", objectId: r.id, after: r });
        return r;
      });
      return reply.code(201).header("etag", etag(risk.version)).send(risk);
    },
  );

  app.put(
    "/risks/:id",
    { schema: { tags, summary: "Change a risk (reassess, mitigate, close); needs If-Match", params: riskParams, body: riskUpdateSchema, response: { 200: riskResponse, ...errors } } },
    async (req, reply) => {
      await authorizeManage(req, await riskInitiative(db, req.params.id));
      const expected = expectedVersion(req.headers["if-match"]);
      const risk = await db.transaction(async (tx) => {
        const { before, after } = await updateRisk(tx, req.params.id, expected, req.body);
        await req.access.audit(tx, { action: "risk.update", objectType: "risk", objectId: after.id, before, after });
        return after;
      });
      return reply.header("etag", etag(risk.version)).send(risk);
    },
  );

  app.post(
    "/initiatives/:id/ros",
    { schema: { tags, summary: "Record a risk and vulnerability analysis (ROS) performed by an initiative", params: initiativeParams, body: rosSchema, response: { 201: rosResponse, ...errors } } },
    async (req, reply) => {
      const { initiative } = await authorizeManage(req, req.params.id);
      const ros = await db.transaction(async (tx) => {
        const r = await createRos(tx, req.params.id, req.body, req.actor);
        // Analyses performed are what a computed key result may count.
        await refreshComputed(tx, initiative.strategyId, req.actor);
        await req.access.audit(tx, { action: "ros.create", objectType: "ros", objectId: r.id, after: r });
        return r;
      });
      return reply.code(201).send(ros);
    },
  );

  app.post(
    "/ros/:id/reuses",
    { schema: { tags, summary: "Record that another initiative reuses a ROS analysis instead of making its own", params: riskParams, body: reuseSchema, response: { 201: reuseResponse, ...errors } } },
    async (req, reply) => {
      const ros = await findRos(db, req.params.id);
      await req.access.readStrategy(ros.strategyId);
      const { initiative } = await authorizeManage(req, req.body.initiative);
      const reuse = await db.transaction(async (tx) => {
        const r = await reuseRos(tx, ros, initiative.id, req.body.reusedOn, req.actor);
        await refreshComputed(tx, initiative.strategyId, req.actor);
        await req.access.audit(tx, { action: "ros.reuse", objectType: "ros", objectId: ros.id, after: r });
        return r;
      });
      return reply.code(201).send(reuse);
    },
  );
};
