import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { putCost } from "../../data/costs.js";
import { authorizeManage } from "../initiative-access.js";
import { errors } from "../responses.js";
import { costParams, costResponse, costSchema } from "./schema.js";

export const costRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["portfolio"];

  app.put(
    "/initiatives/:id/costs/:year",
    { schema: { tags, summary: "Set an initiative's investment and operating costs (estimated and actual) and the IT provider's effort for a year", params: costParams, body: costSchema, response: { 200: costResponse, ...errors } } },
    async (req) => {
      const { id, year } = req.params;
      await authorizeManage(req, id);
      return app.db.transaction(async (tx) => {
        const { before, after } = await putCost(tx, id, year, req.body, req.actor);
        await req.access.audit(tx, { action: "cost.set", objectType: "initiative", objectId: id, before, after });
        return after;
      });
    },
  );
};
