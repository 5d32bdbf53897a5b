import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { checkNewPassword, hashPassword } from "../../access/passwords.js";
import { auditedUser, createUser, getUser, grantRole, listUsers, resetPassword, revokeGrant, updateUser } from "../../access/users.js";
import { etag, expectedVersion } from "../concurrency.js";
import { errorResponse, errors } from "../responses.js";
import { grantBody, grantInfoResponse, grantParams, passwordResetBody, userCreateBody, userListQuery, userParams, userResponse, userUpdateBody } from "./schema.js";

/** People and their roles: for system administrators only. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ["users"];
  const refused = { ...errors, 401: errorResponse, 403: errorResponse };
  const admin = { do: "user.admin" } as const;

  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "People with their roles, by e-mail; the header x-total-count says how many match in all",
        querystring: userListQuery,
        response: { 200: z.array(userResponse), ...refused },
      },
    },
    async (req, reply) => {
      await req.access.authorize(admin);
      const { total, users } = await listUsers(db, req.query);
      return reply.header("x-total-count", String(total)).send(users);
    },
  );

  app.post(
    "/users",
    { schema: { tags, summary: "Add a person; with a password they must change it at first sign-in", body: userCreateBody, response: { 201: userResponse, ...refused } } },
    async (req, reply) => {
      await req.access.authorize(admin);
      const { email, name, password } = req.body;
      if (password !== undefined) checkNewPassword(password, email, "body.password");
      const passwordHash = password === undefined ? null : await hashPassword(password);
      const user = await db.transaction(async (tx) => {
        const u = await createUser(tx, { email, name, passwordHash, mustChangePassword: passwordHash !== null });
        await req.access.audit(tx, { action: "user.create", objectType: "user", objectId: u.id, after: auditedUser(u) });
        return u;
      });
      return reply.code(201).header("etag", etag(user.version)).header("location", `/api/v1/users/${user.id}`).send(user);
    },
  );

  app.put(
    "/users/:id",
    { schema: { tags, summary: "Change a person's name, or disable or enable them; needs If-Match", params: userParams, body: userUpdateBody, response: { 200: userResponse, ...refused } } },
    async (req, reply) => {
      await req.access.authorize(admin);
      const expected = expectedVersion(req.headers["if-match"]);
      const user = await db.transaction(async (tx) => {
        const { before, after } = await updateUser(tx, req.params.id, expected, req.body);
        await req.access.audit(tx, { action: "user.update", objectType: "user", objectId: after.id, before: auditedUser(before), after: auditedUser(after) });
        return after;
      });
      return reply.header("etag", etag(user.version)).send(user);
    },
  );

  app.post(
    "/users/:id/password",
    {
      schema: {
        tags,
        summary: "Set a new password for a person: they must change it at next sign-in, their sessions end and the throttling of their sign-ins is lifted",
        params: userParams,
        body: passwordResetBody,
        response: { 200: userResponse, ...refused },
      },
    },
    async (req, reply) => {
      await req.access.authorize(admin);
      const { email } = await getUser(db, req.params.id);
      checkNewPassword(req.body.password, email, "body.password");
      const passwordHash = await hashPassword(req.body.password);
      const user = await db.transaction(async (tx) => {
        const { user: u, sessionsEnded } = await resetPassword(tx, req.params.id, passwordHash);
        await req.access.audit(tx, { action: "user.password_reset", objectType: "user", objectId: u.id, after: { ...auditedUser(u), sessionsEnded } });
        return u;
      });
      return reply.header("etag", etag(user.version)).send(user);
    },
  );

  app.post(
    "/users/:id/grants",
    {
      schema: {
        tags,
        summary: "Grant a role on an organisation (it covers the organisation's sub-tree), or admin with no organisation",
        params: userParams,
        body: grantBody,
        response: { 201: grantInfoResponse, ...refused },
      },
    },
    async (req, reply) => {
      await req.access.authorize(admin);
      const grant = await db.transaction(async (tx) => {
        const g = await grantRole(tx, req.params.id, req.body, req.actor);
        await req.access.audit(tx, { action: "user.grant", objectType: "user", objectId: req.params.id, after: g });
        return g;
      });
      return reply.code(201).send(grant);
    },
  );

  app.delete(
    "/users/:id/grants/:grantId",
    { schema: { tags, summary: "Take a role away; the last administrator keeps theirs", params: grantParams, response: { 204: z.null().describe("Revoked"), ...refused } } },
    async (req, reply) => {
      await req.access.authorize(admin);
      await db.transaction(async (tx) => {
        const g = await revokeGrant(tx, req.params.id, req.params.grantId);
        await req.access.audit(tx, { action: "user.revoke", objectType: "user", objectId: req.params.id, before: g });
      });
      return reply.code(204).send(null);
    },
  );
};
