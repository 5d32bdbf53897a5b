import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appendAudit } from "../../access/audit.js";
import { sessionGrants } from "../../access/grants.js";
import { checkNewPassword, hashPassword, verifyPassword } from "../../access/passwords.js";
import type { Grant } from "../../access/policy.js";
import { sha256 } from "../../access/secrets.js";
import { createSession, revokeAllSessions, revokeSession, type NewSession, type SessionTimeouts } from "../../access/sessions.js";
import { adminExists, auditedUser, authenticate, changePassword, completeSetup, passwordHashOf, sessionUser, userPrincipal } from "../../access/users.js";
import type { Db } from "../../data/db.js";
import { Forbidden, Invalid, Unauthenticated } from "../../domain/errors.js";
import { clearSessionCookie, SESSION_COOKIE, sessionCookieOptions } from "../access.js";
import { z } from "zod";
import { errorResponse, errors } from "../responses.js";
import { passwordChangeBody, revokedResponse, sessionResponse, setupBody, signInBody } from "./schema.js";

export interface SessionRouteOptions {
  sessions: SessionTimeouts;
  /** Single sign-on, when configured: the sign-in page shows a button with this label. */
  sso: { label: string } | undefined;
}

/**
 * Any requests from one address, per instance in memory: a cap on spraying many accounts. Wrong
 * passwords for one account are slowed further, in the database, per account and address (access/sign-in-throttle.ts).
 */
const SIGN_IN_LIMIT = { max: 10, timeWindow: "1 minute" };

const failed = () => new Unauthenticated("the e-mail address or the password is wrong, or the account cannot sign in now", [], "login_failed");

/** Too many wrong passwords lately for this account from here: 429 in the error shape, like `rate_limited`, with its own code. */
const throttled = (seconds: number) =>
  Object.assign(new Error(`too many failed sign-ins for this account from here; try again in ${seconds} second${seconds === 1 ? "" : "s"}`), {
    statusCode: 429,
    code: "sign_in_throttled",
  });

/** The person a session-authenticated request comes from: tokens and visitors have no password or sessions. */
function person(req: FastifyRequest): { id: string; email: string; sessionHash: string } {
  const { principal, sessionHash } = req.access;
  if (principal.kind === "anonymous") throw new Unauthenticated("sign in first");
  if (principal.kind !== "user" || principal.id === null || sessionHash === null) throw new Forbidden("only a person signed in with a session may do this");
  return { id: principal.id, email: principal.label, sessionHash };
}

export const sessionRoutes: FastifyPluginAsyncZod<SessionRouteOptions> = async (app, opts) => {
  const db: Db = app.db;
  const tags = ["session"];
  const sso = { enabled: opts.sso !== undefined, label: opts.sso?.label ?? "" };

  /** What `GET /session` says: the session's person (their roles read afresh), or the token's roles, or nobody. */
  async function view(sessionHash: string | null, otherwise: Grant[]) {
    const user = sessionHash ? await sessionUser(db, sessionHash) : undefined;
    return {
      user: user ? { id: user.id, email: user.email, name: user.name, mustChangePassword: user.mustChangePassword } : null,
      grants: user ? await sessionGrants(db, user.id, user.mustChangePassword) : otherwise,
      csrfToken: user?.csrfToken ?? null,
      sso,
      setupRequired: !(await adminExists(db)),
      smallCountThreshold: app.smallCountThreshold,
    };
  }

  /** Starts `email`'s session: the cookie, and the answer is theirs (it shows them their own address). */
  const startSession = (reply: FastifyReply, req: FastifyRequest, s: NewSession, email: string) => {
    reply.ownAddress = email;
    return reply.setCookie(SESSION_COOKIE, s.token, sessionCookieOptions(req, new Date(s.expiresAt)));
  };

  const limited = { ...errors, 401: errorResponse, 403: errorResponse, 429: errorResponse };

  app.get("/session", { schema: { tags, summary: "Who is signed in, their roles and CSRF token, and how to sign in", response: { 200: sessionResponse } } }, async (req) =>
    view(req.access.sessionHash, req.access.principal.grants),
  );

  app.post(
    "/session",
    {
      config: { rateLimit: SIGN_IN_LIMIT },
      schema: {
        tags,
        summary:
          "Sign in with e-mail and password; sets the session cookie. Every failure gets the same 401 login_failed; after repeated failures for an account from one address, 429 sign_in_throttled with Retry-After",
        body: signInBody,
        response: { 200: sessionResponse, ...limited },
      },
    },
    async (req, reply) => {
      const signIn = await authenticate(db, req.body.email, req.body.password, req.ip);
      if (signIn.outcome === "throttled") {
        void reply.header("retry-after", String(signIn.retryAfterSeconds));
        throw throttled(signIn.retryAfterSeconds);
      }
      if (signIn.outcome === "failed") throw failed();
      const who = signIn.user;
      const session = await db.transaction(async (tx) => {
        // A sign-in in a browser that had a session replaces it.
        if (req.access.sessionHash) await revokeSession(tx, req.access.sessionHash);
        const s = await createSession(tx, who.id, opts.sessions);
        await appendAudit(tx, userPrincipal(who), { action: "session.login", objectType: "user", objectId: who.id });
        return s;
      });
      startSession(reply, req, session, who.email);
      return view(sha256(session.token), []);
    },
  );

  app.delete("/session", { schema: { tags, summary: "Sign out: this session ends (nothing happens without one)", response: { 204: z.null().describe("Signed out"), ...limited } } }, async (req, reply) => {
    const { sessionHash, principal } = req.access;
    if (sessionHash) {
      await db.transaction(async (tx) => {
        await revokeSession(tx, sessionHash);
        await req.access.audit(tx, { action: "session.logout", objectType: "user", objectId: principal.id });
      });
    }
    clearSessionCookie(req, reply);
    return reply.code(204).send(null);
  });

  app.post(
    "/session/revoke-all",
    { schema: { tags, summary: "Sign out everywhere: every session of the signed-in person ends, this one too", response: { 200: revokedResponse, ...limited } } },
    async (req, reply) => {
      const me = person(req);
      const revoked = await db.transaction(async (tx) => {
        const n = await revokeAllSessions(tx, me.id);
        await req.access.audit(tx, { action: "session.revoke_all", objectType: "user", objectId: me.id, after: { sessionsEnded: n } });
        return n;
      });
      clearSessionCookie(req, reply);
      return { revoked };
    },
  );

  app.put(
    "/session/password",
    {
      config: { rateLimit: SIGN_IN_LIMIT },
      schema: {
        tags,
        summary: "Change one's own password (the current one is asked); the person's other sessions end",
        body: passwordChangeBody,
        response: { 200: sessionResponse, ...limited },
      },
    },
    async (req) => {
      const me = person(req);
      const { current, password } = req.body;
      const stored = await passwordHashOf(db, me.id);
      if (!stored) throw new Invalid("this account signs in through single sign-on and has no password here", [{ path: "body.current", message: "no password to change" }]);
      if (!(await verifyPassword(stored, current))) throw new Invalid("the current password is wrong", [{ path: "body.current", message: "wrong password", code: "wrong_password" }]);
      checkNewPassword(password, me.email, "body.password");
      if (password === current) throw new Invalid("the new password must differ from the current one", [{ path: "body.password", message: "same as the current password", code: "weak_password" }]);
      const hash = await hashPassword(password);
      await db.transaction(async (tx) => {
        const ended = await changePassword(tx, me.id, hash, me.sessionHash);
        await req.access.audit(tx, { action: "user.password_change", objectType: "user", objectId: me.id, after: { otherSessionsEnded: ended } });
      });
      return view(me.sessionHash, []);
    },
  );

  app.post(
    "/setup",
    {
      config: { rateLimit: SIGN_IN_LIMIT },
      schema: {
        tags,
        summary: "First start: create the first administrator with the one-time link `veivalg serve` printed, and sign in",
        body: setupBody,
        response: { 201: sessionResponse, ...limited },
      },
    },
    async (req, reply) => {
      const { token, email, name, password } = req.body;
      checkNewPassword(password, email, "body.password");
      const passwordHash = await hashPassword(password);
      const session = await db.transaction(async (tx) => {
        const user = await completeSetup(tx, token, { email, name, passwordHash });
        const s = await createSession(tx, user.id, opts.sessions);
        // The new administrator is the actor: they hold the link, and from here on it is their system.
        await appendAudit(tx, userPrincipal(user), { action: "user.setup", objectType: "user", objectId: user.id, after: { ...auditedUser(user), grants: user.grants } });
        return s;
      });
      startSession(reply, req, session, email);
      return reply.code(201).send(await view(sha256(session.token), []));
    },
  );
};
