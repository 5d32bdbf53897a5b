import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { budgetOverview, putBudget } from "../../data/budgets.js";
import { errors } from "../responses.js";
import { budgetParams, budgetReportResponse, budgetResponse, budgetSchema } from "./schema.js";

export const budgetRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["portfolio"];

  app.get(
    "/strategies/:id/budgets",
    { schema: { tags, summary: "Budgets, planned and actual costs per year and funding source, with variance and overspend", params: z.object({ id: z.string().min(1).max(200) }), response: { 200: budgetReportResponse, ...errors } } },
    async (req) => {
      await req.access.readInternal(req.params.id);
      return budgetOverview(app.db, req.params.id);
    },
  );

  app.put(
    "/strategies/:id/budgets/:year/:fundingSource",
    { schema: { tags, summary: "Set the portfolio's budget for a year and funding source", params: budgetParams, body: budgetSchema, response: { 200: budgetResponse, ...errors } } },
    async (req) => {
      const { id, year, fundingSource } = req.params;
      const strategy = await req.access.readStrategy(id);
      await req.access.authorize({ do: "portfolio.govern", organisation: strategy.owner });
      return app.db.transaction(async (tx) => {
        const { before, after } = await putBudget(tx, id, year, fundingSource, req.body, req.actor);
        await req.access.audit(tx, { action: "budget.set", objectType: "strategy", objectId: id, before, after });
        return after;
      });
    },
  );
};
