import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createToken, listTokens, revokeToken } from "../../access/tokens.js";
import { errorResponse, errors } from "../responses.js";
import { createdTokenResponse, tokenInfoResponse, tokenInputSchema, tokenParams } from "./schema.js";
import { z } from "zod";

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["tokens"];
  const refused = { ...errors, 401: errorResponse, 403: errorResponse };
  // Only the routes that ask for it are limited (global: false).

  app.get("/tokens", { schema: { tags, summary: "API tokens (never their secrets)", response: { 200: z.array(tokenInfoResponse), ...refused } } }, async (req) => {
    await req.access.authorize({ do: "token.admin" });
    return listTokens(db);
  });

  app.post(
    "/tokens",
    {
      // A stolen administrator session should not be able to mint tokens in bulk.
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "Create a token for a system: a role on an organisation's sub-tree; the secret is in this answer only",
        body: tokenInputSchema,
        response: { 201: createdTokenResponse, ...refused, 429: errorResponse },
      },
    },
    async (req, reply) => {
      await req.access.authorize({ do: "token.admin" });
      const created = await db.transaction(async (tx) => {
        const c = await createToken(tx, req.body, req.actor);
        await req.access.audit(tx, { action: "token.create", objectType: "token", objectId: c.info.id, after: c.info });
        return c;
      });
      return reply.code(201).send(created);
    },
  );

  app.delete("/tokens/:id", { schema: { tags, summary: "Revoke a token: it stops working at once", params: tokenParams, response: { 200: tokenInfoResponse, ...refused } } }, async (req) => {
    await req.access.authorize({ do: "token.admin" });
    return db.transaction(async (tx) => {
      const { before, after } = await revokeToken(tx, req.params.id);
      await req.access.audit(tx, { action: "token.revoke", objectType: "token", objectId: req.params.id, before, after });
      return after;
    });
  });
};
