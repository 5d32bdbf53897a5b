import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Queryable } from "../../data/db.js";
import { budgetsPerYear, createScenario, getScenario, listScenarios, reviseScenario, type Scenario } from "../../data/scenarios.js";
import { problemSchema } from "../../optimiser/problem-schema.js";
import { defaultSettings } from "../../domain/prioritisation/scenario.js";
import { adoptScenario, frontierOf, isCurrent, problemOf, solveScenario } from "../../services/scenarios.js";
import { etag, expectedVersion } from "../concurrency.js";
import { errors } from "../responses.js";
import { adoptSchema, createScenarioSchema, reviseScenarioSchema, scenarioListResponse, scenarioParams, scenarioQuery, scenarioResponse } from "./schema.js";

export const scenarioRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["prioritisation"];
  const db = app.db;

  /** A scenario as the API shows it: with whether its solve still answers it. */
  const present = async (s: Scenario, regionId: string) => ({ ...s, current: s.problem !== null && isCurrent(s, await problemOf(db, s, regionId)) });

  const scoped = async (req: { access: { readInternal(id: string): Promise<{ owner: string }> } }, id: string) => {
    const scenario = await getScenario(db, id);
    const strategy = await req.access.readInternal(scenario.strategyId);
    return { scenario, region: strategy.owner };
  };

  app.get(
    "/scenarios",
    { schema: { tags, summary: "The prioritisation scenarios of a strategy's portfolio, with the headline of their last solve", querystring: scenarioQuery, response: { 200: scenarioListResponse, ...errors } } },
    async (req) => {
      await req.access.readInternal(req.query.strategy);
      return listScenarios(db, req.query.strategy);
    },
  );

  app.post(
    "/scenarios",
    { schema: { tags, summary: "Create a scenario: budgets, capacity, weights and forced choices to solve for", body: createScenarioSchema, response: { 201: scenarioResponse, ...errors } } },
    async (req, reply) => {
      const strategy = await req.access.readStrategy(req.body.strategy);
      await req.access.authorize({ do: "portfolio.govern", organisation: strategy.owner });
      const settings = req.body.settings ?? defaultSettings(new Date().getUTCFullYear(), await budgetsPerYear(db, req.body.strategy));
      const created = await db.transaction(async (tx) => {
        const s = await createScenario(tx, req.body.strategy, { name: req.body.name, description: req.body.description, settings }, req.actor);
        await req.access.audit(tx, { action: "scenario.create", objectType: "scenario", objectId: s.id, before: null, after: s });
        return s;
      });
      return reply.code(201).header("etag", etag(created.version)).send(await present(created, strategy.owner));
    },
  );

  app.get(
    "/scenarios/:id",
    { schema: { tags, summary: "A scenario with its settings, its last solve (portfolio, explanation, the problem solved) and its efficient frontier", params: scenarioParams, response: { 200: scenarioResponse, ...errors } } },
    async (req, reply) => {
      const { scenario, region } = await scoped(req, req.params.id);
      return reply.header("etag", etag(scenario.version)).send(await present(scenario, region));
    },
  );

  app.put(
    "/scenarios/:id",
    { schema: { tags, summary: "Revise a scenario's name, description and settings; needs If-Match", params: scenarioParams, body: reviseScenarioSchema, response: { 200: scenarioResponse, ...errors } } },
    async (req, reply) => {
      const { region } = await scoped(req, req.params.id);
      await req.access.authorize({ do: "portfolio.govern", organisation: region });
      const expected = expectedVersion(req.headers["if-match"]);
      const after = await db.transaction(async (tx) => {
        const r = await reviseScenario(tx, req.params.id, expected, req.body);
        await req.access.audit(tx, { action: "scenario.revise", objectType: "scenario", objectId: req.params.id, before: r.before.settings, after: r.after.settings });
        return r.after;
      });
      return reply.header("etag", etag(after.version)).send(await present(after, region));
    },
  );

  const auditSolve = (req: { access: { audit(tx: Queryable, e: { action: string; objectType: string; objectId: string; before: unknown; after: unknown }): Promise<void> } }, action: string) =>
    (tx: Queryable, before: Scenario, after: Scenario) =>
      req.access.audit(tx, { action, objectType: "scenario", objectId: after.id, before: { solvedAt: before.solvedAt }, after: { solvedAt: after.solvedAt, status: after.status, value: after.value, gap: after.gap } });

  app.post(
    "/scenarios/:id/solve",
    {
      schema: {
        tags,
        summary: "Solve the scenario now (portfolio and scores as they stand) on the optimiser's worker pool, explain the result, and keep it with the problem solved",
        params: scenarioParams,
        response: { 200: scenarioResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { region } = await scoped(req, req.params.id);
      await req.access.authorize({ do: "portfolio.govern", organisation: region });
      const after = await solveScenario(db, app.optimiser, req.params.id, region, req.actor, auditSolve(req, "scenario.solve"));
      return reply.header("etag", etag(after.version)).send(await present(after, region));
    },
  );

  app.post(
    "/scenarios/:id/frontier",
    { schema: { tags, summary: "Compute the efficient frontier: the best strategic value at 20 budget levels from a quarter of the scenario's budgets to twice them", params: scenarioParams, response: { 200: scenarioResponse, ...errors } } },
    async (req, reply) => {
      const { region } = await scoped(req, req.params.id);
      await req.access.authorize({ do: "portfolio.govern", organisation: region });
      const after = await frontierOf(db, app.optimiser, req.params.id, region, auditSolve(req, "scenario.frontier"));
      return reply.header("etag", etag(after.version)).send(await present(after, region));
    },
  );

  app.get(
    "/scenarios/:id/problem",
    {
      schema: {
        tags,
        summary: "The scenario's optimisation problem as it stands now, as a self-contained JSON file (docs/optimisation-problem.md): solve it with `veivalg optimise FILE`",
        params: scenarioParams,
        response: { 200: problemSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { scenario, region } = await scoped(req, req.params.id);
      const problem = await problemOf(db, scenario, region);
      const file = `${scenario.name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "scenario"}.problem.json`;
      return reply.header("content-disposition", `attachment; filename="${encodeURIComponent(file)}"`).send(problem);
    },
  );

  app.post(
    "/scenarios/:id/adopt",
    {
      schema: {
        tags,
        summary: "Adopt the scenario by a recorded decision of the board: each chosen candidate passes its decision point to its next phase; needs If-Match and a solve that is current",
        params: scenarioParams,
        body: adoptSchema,
        response: { 200: scenarioResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { region } = await scoped(req, req.params.id);
      await req.access.authorize({ do: "portfolio.decide", organisation: region });
      const expected = expectedVersion(req.headers["if-match"]);
      const after = await db.transaction(async (tx) => {
        const r = await adoptScenario(tx, req.params.id, expected, region, req.body, req.actor);
        await req.access.audit(tx, { action: "scenario.adopt", objectType: "scenario", objectId: req.params.id, before: { version: r.before.version }, after: r.after.adoption });
        return r.after;
      });
      return reply.header("etag", etag(after.version)).send(await present(after, region));
    },
  );
};
