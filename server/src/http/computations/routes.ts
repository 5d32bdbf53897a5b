import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { bindComputation, listComputations, refreshComputed, unbindComputation } from "../../data/computed.js";
import { errors } from "../responses.js";
import { bindResponse, bindingResponse, computationSchema, keyResultParams } from "./schema.js";

export const computationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["key-results"];

  app.get(
    "/strategies/:id/computations",
    { schema: { tags, summary: "The strategy's key results computed from its portfolio, and the query each is bound to", params: z.object({ id: z.string().min(1).max(200) }), response: { 200: z.array(bindingResponse), ...errors } } },
    async (req) => {
      await req.access.readStrategy(req.params.id);
      return listComputations(db, req.params.id);
    },
  );

  app.put(
    "/key-results/:id/computation",
    {
      schema: {
        tags,
        summary: "Bind a key result to a query of the portfolio: its measurements are computed at once (source computed) and kept current",
        params: keyResultParams,
        body: computationSchema,
        response: { 200: bindResponse, ...errors },
      },
    },
    async (req) => {
      const scope = await req.access.readKeyResult(req.params.id);
      await req.access.authorize({ do: "strategy.write", organisation: scope.owner });
      return db.transaction(async (tx) => {
        const { before, after } = await bindComputation(tx, req.params.id, req.body, req.actor);
        const recorded = await refreshComputed(tx, scope.id, req.actor);
        await req.access.audit(tx, { action: "key_result.bind", objectType: "key_result", objectId: req.params.id, before, after: { ...after, recorded } });
        return { ...after, recorded };
      });
    },
  );

  app.delete(
    "/key-results/:id/computation",
    {
      schema: {
        tags,
        summary: "End a key result's binding to the portfolio: its measurements stay, and are no longer kept current",
        params: keyResultParams,
        response: { 200: bindingResponse.describe("The binding that ended"), ...errors },
      },
    },
    async (req) => {
      const scope = await req.access.readKeyResult(req.params.id);
      await req.access.authorize({ do: "strategy.write", organisation: scope.owner });
      return db.transaction(async (tx) => {
        const before = await unbindComputation(tx, req.params.id);
        await req.access.audit(tx, { action: "key_result.unbind", objectType: "key_result", objectId: req.params.id, before });
        return before;
      });
    },
  );
};
