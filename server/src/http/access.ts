import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Queryable } from "../data/db.js";
import { Forbidden, Invalid, Unauthenticated } from "../domain/errors.js";
import { appendAudit, type AuditInput } from "../access/audit.js";
import { ANONYMOUS, can, regionalSubject, smallNumbersAudience, withinRegion, type Action, type Principal } from "../access/policy.js";
import { authorizeReporting, outsideRegion } from "../access/reporting.js";
import { keyResultScope, organisationExists, registerAncestry, strategyScope, type StrategyScope } from "../access/resources.js";
import { sameSecret } from "../access/secrets.js";
import { findSession, type SessionTimeouts } from "../access/sessions.js";
import { findToken } from "../access/tokens.js";
import type { SmallCountView } from "../domain/small-counts.js";
import type { ReportingAccess } from "../services/measurements.js";

export const SESSION_COOKIE = "veivalg_session";
export const CSRF_HEADER = "x-csrf-token";

export interface AccessOptions {
  sessions: SessionTimeouts;
}

/** The caller and what they may do, asked once per action by the handlers (see access/policy.ts). */
export interface RequestAccess {
  principal: Principal;
  /** The session's hash, when the caller signed in with a cookie. */
  sessionHash: string | null;
  /**
   * Refuses unless the caller may do `action`: 401 for nobody, 403 for somebody not allowed. Inside
   * a transaction pass it as `via`: embedded PGlite has one connection, which the transaction holds.
   */
  authorize(action: Action, via?: Queryable): Promise<void>;
  /** Refuses unless the caller may read the strategy; returns its owner and whether it is public. */
  readStrategy(strategyId: string): Promise<StrategyScope>;
  /** The same for the strategy a key result belongs to. */
  readKeyResult(keyResultId: string): Promise<StrategyScope>;
  /**
   * Refuses unless the caller may read what the strategy keeps internal (its portfolio, needs,
   * budgets, risks, scores, scenarios, computation runs): 401 for an anonymous visitor.
   */
  readInternal(strategyId: string): Promise<StrategyScope>;
  /** Whether the caller may read what the strategy keeps internal, without refusing. */
  seesInternal(scope: StrategyScope): Promise<boolean>;
  /** Whether the caller may do `action`, without refusing. */
  may(action: Action, via?: Queryable): Promise<boolean>;
  /**
   * Which small counts the caller sees (`measurement.small_numbers` per organisation), and their
   * `audience`: callers with the same one see the same figures, so it keys pages cached for them.
   */
  smallCounts(via?: Queryable): Promise<SmallCountView & { audience: string }>;
  /** Appends the audit entry for this request's change, in the writing transaction. */
  audit(tx: Queryable, input: AuditInput): Promise<void>;
}

declare module "fastify" {
  interface FastifyRequest {
    access: RequestAccess;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith("Bearer ") ? h.slice(7).trim() : undefined;
}

/** The cookie is Secure whenever the app is reached over TLS (directly or behind a trusted proxy). */
export function sessionCookieOptions(req: FastifyRequest, expires?: Date) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: req.protocol === "https", ...(expires ? { expires } : {}) };
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
}

async function accessPlugin(app: FastifyInstance, opts: AccessOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest("access", null as unknown as RequestAccess);

  app.addHook("onRequest", async (req) => {
    let principal: Principal = ANONYMOUS;
    // The web app's files are public; only the API asks who is calling.
    let sessionHash: string | null = null;
    let csrfToken: string | null = null;
    const api = req.url.startsWith("/api/");
    const token = api ? bearer(req) : undefined;
    if (token !== undefined) {
      // A wrong token is an error, not a silent fall-back to anonymous: the system should hear of it.
      const found = await findToken(app.db, token);
      if (!found) throw new Unauthenticated("the API token is unknown, expired or revoked");
      principal = found;
    } else if (api) {
      const sid = req.cookies[SESSION_COOKIE];
      const session = sid ? await findSession(app.db, sid, opts.sessions) : undefined;
      if (session) {
        principal = session.principal;
        sessionHash = session.sessionHash;
        csrfToken = session.csrfToken;
      }
    }
    // Cookie-authenticated writes must prove they come from our own pages (double-submit token).
    if (csrfToken !== null && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !sameSecret(sent, csrfToken)) {
        throw new Forbidden("the request lacks the CSRF token of this session", [{ path: `headers.${CSRF_HEADER}`, message: "missing or wrong" }]);
      }
    }
    req.actor = principal.label;
    const may = async (action: Action, via: Queryable = app.db) => can(principal, action, await registerAncestry(via));
    const authorize = async (action: Action, via: Queryable = app.db) => {
      const ancestry = await registerAncestry(via);
      if (can(principal, action, ancestry)) return;
      if (principal.kind === "anonymous") throw new Unauthenticated("sign in first");
      const subject = regionalSubject(action);
      if (subject && !withinRegion(ancestry, subject.region, subject.organisation)) {
        // An organisation the register does not know is a mistake in the request, not a refusal.
        if (!(await organisationExists(via, subject.organisation))) throw new Invalid(`no organisation "${subject.organisation}"`, [{ path: "organisation", message: "unknown organisation" }]);
        throw outsideRegion(subject);
      }
      throw new Forbidden("you may not do this");
    };
    const readScope = async (scope: StrategyScope) => {
      await authorize({ do: "strategy.read", organisation: scope.owner, published: scope.published });
      return scope;
    };
    req.access = {
      principal,
      sessionHash,
      authorize,
      may,
      smallCounts: async (via = app.db) => {
        const audience = smallNumbersAudience(principal);
        const view = { threshold: app.smallCountThreshold, audience };
        // Only an analyst's right depends on the register; the status pages' hot path asks nothing of it otherwise.
        if (audience === "none" || audience === "all") return { ...view, sees: () => audience === "all" };
        const ancestry = await registerAncestry(via);
        return { ...view, sees: (organisation) => can(principal, { do: "measurement.small_numbers", organisation }, ancestry) };
      },
      readStrategy: async (id) => readScope(await strategyScope(app.db, id)),
      readKeyResult: async (id) => readScope(await keyResultScope(app.db, id)),
      readInternal: async (id) => {
        const scope = await readScope(await strategyScope(app.db, id));
        await authorize({ do: "strategy.internal", organisation: scope.owner });
        return scope;
      },
      seesInternal: (scope) => may({ do: "strategy.internal", organisation: scope.owner }),
      audit: async (tx, input) => {
        await appendAudit(tx, principal, input);
      },
    };
  });
}

export const access = fp(accessPlugin, { name: "veivalg-access" });

/** A request's right to report measurements, as the measurement services ask it. */
export function reportingAccess(req: FastifyRequest): ReportingAccess {
  return {
    mayReport: (rows, via) => authorizeReporting(req.access.principal, rows, via),
    audit: (tx, input) => req.access.audit(tx, input),
  };
}
