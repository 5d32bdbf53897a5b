import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { recordAdoption } from "../../data/adoptions.js";
import { refreshComputed } from "../../data/computed.js";
import { authorizeManage } from "../initiative-access.js";
import { initiativeParams } from "../initiatives/schema.js";
import { errors } from "../responses.js";
import { adoptionResponse, adoptionSchema } from "./schema.js";

export const adoptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/initiatives/:id/adoptions",
    {
      schema: {
        tags: ["portfolio"],
        summary: "Record that another organisation has taken a local solution into use",
        params: initiativeParams,
        body: adoptionSchema,
        response: { 201: adoptionResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { initiative } = await authorizeManage(req, req.params.id);
      const adoption = await app.db.transaction(async (tx) => {
        const a = await recordAdoption(tx, req.params.id, req.body, req.actor);
        // Adoptions are what a computed key result may count.
        await refreshComputed(tx, initiative.strategyId, req.actor);
        await req.access.audit(tx, { action: "adoption.record", objectType: "initiative", objectId: req.params.id, after: a });
        return a;
      });
      return reply.code(201).send(adoption);
    },
  );
};
