import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { OidcOptions } from "../../config.js";
import { appendAudit } from "../../access/audit.js";
import { signInWithOidc, savePendingLogin, takePendingLogin, PENDING_LOGIN_MINUTES } from "../../access/oidc.js";
import { identityFromClaims } from "../../access/oidc-claims.js";
import { createSession, revokeSession, type SessionTimeouts } from "../../access/sessions.js";
import { userPrincipal } from "../../access/users.js";
import { SESSION_COOKIE, sessionCookieOptions } from "../access.js";
import { errorResponse } from "../responses.js";
import { OidcClient } from "./client.js";

export interface OidcRouteOptions {
  /** Absent when single sign-on is not configured: the routes then send the browser back with an error. */
  oidc: OidcOptions | undefined;
  sessions: SessionTimeouts;
}

/** Ties a login's callback to the browser that started it; scoped to these routes and short-lived. */
const LOGIN_COOKIE = "veivalg_oidc";
const LOGIN_COOKIE_PATH = "/api/v1/auth/oidc";
/** Where the sign-in page shows that single sign-on failed (the reason goes to the log, not the browser). */
const FAILED = "/signin?error=sso";

/**
 * A path on this site to land on after signing in, or "/": never another site (`//evil.example`,
 * `/\evil.example`, `https://…`), so the login cannot be used to send people elsewhere.
 */
export function safeReturnTo(value: string | undefined): string {
  if (!value || value.length > 2000 || !value.startsWith("/") || value[1] === "/" || value[1] === "\\") return "/";
  if (/[\u0000-\u001f\u007f]/.test(value)) return "/";
  const base = "http://veivalg.invalid";
  const url = new URL(value, base);
  return url.origin === base ? url.pathname + url.search + url.hash : "/";
}

export const oidcRoutes: FastifyPluginAsyncZod<OidcRouteOptions> = async (app, { oidc, sessions }) => {
  const client = oidc ? new OidcClient(oidc) : undefined;
  const tags = ["session"];
  // Each login writes a row and calls the provider: a generous limit for people, a wall for floods.
  const rateLimit = { max: 30, timeWindow: "1 minute" };

  const fail = (req: FastifyRequest, reply: FastifyReply, reason: string, err?: unknown) => {
    req.log.warn({ err }, `single sign-on failed: ${reason}`);
    return reply.redirect(FAILED);
  };

  app.get(
    "/auth/oidc/login",
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: "Start single sign-on: redirects (302) to the identity provider (authorization code flow with PKCE, state and nonce)",
        querystring: z.object({ returnTo: z.string().optional().describe("A path on this site to land on afterwards") }),
        response: { 302: z.null().describe("To the identity provider, or to /signin?error=sso"), 429: errorResponse },
      },
    },
    async (req, reply) => {
      if (!client) return fail(req, reply, "single sign-on is not configured");
      let started;
      try {
        started = await client.start(safeReturnTo(req.query.returnTo));
      } catch (err) {
        return fail(req, reply, "the identity provider could not be reached", err);
      }
      const secret = await savePendingLogin(app.db, started.login);
      reply.setCookie(LOGIN_COOKIE, secret, { ...sessionCookieOptions(req), path: LOGIN_COOKIE_PATH, maxAge: PENDING_LOGIN_MINUTES * 60 });
      return reply.redirect(started.url.href);
    },
  );

  app.get(
    "/auth/oidc/callback",
    {
      config: { rateLimit },
      schema: {
        tags,
        summary:
          "Where the identity provider sends the browser back: signs the person in (creating or linking their account, " +
          "mapping roles from claims), sets the session cookie and redirects (302) to where the login started; on failure to /signin?error=sso",
        response: { 302: z.null().describe("To where the login started, or to /signin?error=sso"), 429: errorResponse },
      },
    },
    async (req, reply) => {
      const secret = req.cookies[LOGIN_COOKIE];
      reply.clearCookie(LOGIN_COOKIE, { ...sessionCookieOptions(req), path: LOGIN_COOKIE_PATH });
      if (!client || !oidc) return fail(req, reply, "single sign-on is not configured");
      const login = secret ? await takePendingLogin(app.db, secret) : undefined;
      if (!login) return fail(req, reply, "no login under way in this browser (expired, used, or started elsewhere)");

      // The address the provider redirected to, whatever proxies stand between: it is the redirect URI.
      const callbackUrl = new URL(oidc.redirectUri);
      callbackUrl.search = new URL(req.url, "http://callback.invalid").search;
      let claims: Record<string, unknown>;
      try {
        claims = await client.finish(callbackUrl, login, (msg, err) => req.log.warn({ err }, msg));
      } catch (err) {
        return fail(req, reply, "the provider's answer did not hold", err);
      }

      try {
        const identity = identityFromClaims(claims, oidc);
        if (identity.unmapped.length) req.log.warn({ values: identity.unmapped }, "single sign-on: role claim values that name no role");
        const session = await app.db.transaction(async (tx) => {
          const who = await signInWithOidc(tx, oidc.issuer, identity);
          if (who.unknownOrganisations.length) req.log.warn({ organisations: who.unknownOrganisations }, "single sign-on: roles on unknown organisations not granted");
          // A session this browser already had (perhaps someone else's) ends: one browser, one person.
          if (req.access.sessionHash) await revokeSession(tx, req.access.sessionHash);
          const s = await createSession(tx, who.userId, sessions);
          await appendAudit(tx, userPrincipal({ id: who.userId, email: who.email }, who.grants), {
            action: "session.login",
            objectType: "user",
            objectId: who.userId,
            after: { method: "oidc", issuer: oidc.issuer, created: who.created, linked: who.linked, grants: who.grants },
          });
          return s;
        });
        reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, new Date(session.expiresAt)));
      } catch (err) {
        return fail(req, reply, "the person could not be signed in", err);
      }
      return reply.redirect(login.returnTo);
    },
  );
};
