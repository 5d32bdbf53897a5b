import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { benefitFacts, benefitInitiative, createBenefit, recordActual, updateBenefit } from "../../data/benefits.js";
import { benefitReport } from "../../domain/portfolio/benefits.js";
import { etag, expectedVersion } from "../concurrency.js";
import { authorizeManage } from "../initiative-access.js";
import { initiativeParams, today } from "../initiatives/schema.js";
import { errors } from "../responses.js";
import {
  actualResponse,
  actualSchema,
  benefitCreateSchema,
  benefitParams,
  benefitReportQuery,
  benefitReportResponse,
  benefitResponse,
  benefitUpdateSchema,
} from "./schema.js";

export const benefitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["portfolio"];

  app.post(
    "/initiatives/:id/benefits",
    {
      schema: {
        tags,
        summary: "Add a benefit to an initiative's benefit plan: change, benefit, indicator (a key result or its own), baseline, target, value and who is responsible",
        params: initiativeParams,
        body: benefitCreateSchema,
        response: { 201: benefitResponse, ...errors },
      },
    },
    async (req, reply) => {
      await authorizeManage(req, req.params.id);
      const benefit = await db.transaction(async (tx) => {
        const b = await createBenefit(tx, req.params.id, req.body, req.actor);
        await req.access.audit(tx, { action: "benefit.create", objectType: "benefit", objectId: b.id, after: b });
        return b;
      });
      return reply.code(201).header("etag", etag(benefit.version)).send(benefit);
    },
  );

  app.put(
    "/benefits/:id",
    { schema: { tags, summary: "Change a benefit of the plan, or retire it; needs If-Match", params: benefitParams, body: benefitUpdateSchema, response: { 200: benefitResponse, ...errors } } },
    async (req, reply) => {
      await authorizeManage(req, await benefitInitiative(db, req.params.id));
      const expected = expectedVersion(req.headers["if-match"]);
      const benefit = await db.transaction(async (tx) => {
        const { before, after } = await updateBenefit(tx, req.params.id, expected, req.body);
        await req.access.audit(tx, { action: "benefit.update", objectType: "benefit", objectId: after.id, before, after });
        return after;
      });
      return reply.header("etag", etag(benefit.version)).send(benefit);
    },
  );

  app.post(
    "/benefits/:id/actuals",
    {
      schema: {
        tags,
        summary: "Record what a benefit achieved in a period: the indicator's value, kroner and staff hours freed; a correction gives `replaces`",
        params: benefitParams,
        body: actualSchema,
        response: { 201: actualResponse, ...errors },
      },
    },
    async (req, reply) => {
      await authorizeManage(req, await benefitInitiative(db, req.params.id));
      const { replaces } = req.body;
      const actual = await db.transaction(async (tx) => {
        const a = await recordActual(tx, req.params.id, req.body, req.actor);
        await req.access.audit(tx, { action: "benefit_actual.record", objectType: "benefit_actual", objectId: String(a.id), before: replaces === undefined || replaces === null ? null : { replaces }, after: a });
        return a;
      });
      return reply.code(201).send(actual);
    },
  );

  app.get(
    "/strategies/:id/benefits-report",
    {
      schema: {
        tags,
        summary: "Benefit realisation: planned against achieved (kroner, staff hours) per initiative, focus area and organisation, with the benefits lacking an indicator, a responsible or a baseline, or late",
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: benefitReportQuery,
        response: { 200: benefitReportResponse, ...errors },
      },
    },
    async (req) => {
      await req.access.readInternal(req.params.id);
      const at = req.query.at ?? today();
      const facts = await benefitFacts(db, req.params.id, { organisation: req.query.organisation, section: req.query.section });
      return { at, ...benefitReport(facts, at) };
    },
  );
};
