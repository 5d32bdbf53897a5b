import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { checkNewPassword } from "./access/passwords.js";
import { DomainError } from "./domain/errors.js";
import { DEFAULT_SMALL_COUNT_THRESHOLD } from "./domain/small-counts.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** An https URL, or http on this machine only (a provider started for development or tests). */
const secureUrl = z.url().refine((u) => {
  const url = new URL(u);
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
}, "must be an https:// URL (http:// only on localhost)");

/** The environment, read and checked once at start; the process refuses to start on a bad value. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  VEIVALG_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  VEIVALG_DEMO: z.enum(["0", "1"]).default("1"),
  VEIVALG_WEB_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // "1" trusts X-Forwarded-* from any proxy; otherwise a comma-separated list of proxy addresses/CIDRs.
  VEIVALG_TRUST_PROXY: z.string().default("0"),
  VEIVALG_PUBLIC_URL: secureUrl.optional(),
  VEIVALG_OIDC_ISSUER: secureUrl.optional(),
  VEIVALG_OIDC_CLIENT_ID: z.string().min(1).optional(),
  VEIVALG_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  VEIVALG_OIDC_CLIENT_KEY: z.string().min(1).optional(),
  VEIVALG_OIDC_LABEL: z.string().min(1).max(100).optional(),
  VEIVALG_OIDC_SCOPES: z.string().regex(/(^| )openid( |$)/, "must include openid").default("openid email profile"),
  VEIVALG_OIDC_ROLES_CLAIM: z.string().min(1).optional(),
  VEIVALG_OIDC_ROLE_MAP: z.string().min(1).optional(),
  VEIVALG_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  VEIVALG_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  VEIVALG_SMALL_COUNT_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(DEFAULT_SMALL_COUNT_THRESHOLD),
  VEIVALG_ADMIN_EMAIL: z.email().optional(),
  VEIVALG_ADMIN_PASSWORD: z.string().optional(),
});

/** Single sign-on with an OpenID Connect provider (README, "Single sign-on"). */
export interface OidcOptions {
  /** The provider's issuer identifier; its discovery document lives below it. */
  issuer: string;
  clientId: string;
  /** For a confidential client with a secret (e.g. Entra ID). */
  clientSecret?: string | undefined;
  /** A private JWK for `private_key_jwt` client authentication (e.g. HelseID); wins over the secret. */
  clientKey?: JsonWebKey | undefined;
  /** Where the provider sends the browser back: `<public URL>/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  /** The sign-in button's text. */
  label: string;
  scopes: string;
  /** A claim (a dotted path reaches into objects) whose values grant roles: `admin`, `reporter@ahus`. */
  rolesClaim?: string | undefined;
  /** Claim values translated to grants before they are read, e.g. an Entra ID group id → `reporter@ahus`. */
  roleMap?: Record<string, string[]> | undefined;
}

const roleMapSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: string;
  /** The built web app (`npm run build:web`), served at `/`. */
  webDir: string;
  /** Whether (or which) proxies in front may tell the client's address and protocol (Fastify's trustProxy). */
  trustProxy: boolean | string;
  /** Single sign-on, when VEIVALG_OIDC_ISSUER is set. */
  oidc: OidcOptions | undefined;
  sessions: { idleMinutes: number; absoluteHours: number };
  /** For automated deployments: `serve` creates this administrator when there is none yet. */
  admin: { email: string; password: string } | undefined;
  /** Counts of persons or events below this are shown as "< threshold" to those without the right to see small numbers. */
  smallCountThreshold: number;
}

type Env = z.infer<typeof schema>;

/** JSON, or undefined when it is not. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A private JWK given inline (`{…}`) or as the path of a file holding it. */
function readJwk(value: string): JsonWebKey {
  const inline = value.trimStart().startsWith("{");
  if (!inline && !existsSync(value)) throw invalid("VEIVALG_OIDC_CLIENT_KEY", `no file ${value}`);
  const jwk = parseJson(inline ? value : readFileSync(value, "utf8")) as JsonWebKey | undefined;
  if (!jwk?.kty || !jwk.d) throw invalid("VEIVALG_OIDC_CLIENT_KEY", "must be a private JWK (JSON with kty and d), or the path of a file holding one");
  return jwk;
}

function oidcOptions(e: Env): OidcOptions | undefined {
  if (!e.VEIVALG_OIDC_ISSUER) return undefined;
  const { VEIVALG_OIDC_CLIENT_ID: clientId, VEIVALG_PUBLIC_URL: publicUrl } = e;
  if (!clientId) throw invalid("VEIVALG_OIDC_CLIENT_ID", "required with VEIVALG_OIDC_ISSUER");
  if (!publicUrl) throw invalid("VEIVALG_PUBLIC_URL", "required with VEIVALG_OIDC_ISSUER: the provider sends people back to it");
  let roleMap: Record<string, string[]> | undefined;
  if (e.VEIVALG_OIDC_ROLE_MAP) {
    const parsed = roleMapSchema.safeParse(parseJson(e.VEIVALG_OIDC_ROLE_MAP));
    if (!parsed.success) throw invalid("VEIVALG_OIDC_ROLE_MAP", "must be a JSON object of claim value → grant or list of grants");
    roleMap = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, typeof v === "string" ? [v] : v]));
  }
  return {
    issuer: e.VEIVALG_OIDC_ISSUER,
    clientId,
    clientSecret: e.VEIVALG_OIDC_CLIENT_SECRET,
    clientKey: e.VEIVALG_OIDC_CLIENT_KEY ? readJwk(e.VEIVALG_OIDC_CLIENT_KEY) : undefined,
    redirectUri: `${publicUrl.replace(/\/+$/, "")}/api/v1/auth/oidc/callback`,
    label: e.VEIVALG_OIDC_LABEL ?? new URL(e.VEIVALG_OIDC_ISSUER).hostname,
    scopes: e.VEIVALG_OIDC_SCOPES,
    rolesClaim: e.VEIVALG_OIDC_ROLES_CLAIM,
    roleMap,
  };
}

const invalid = (key: string, message: string) => new Error(`invalid configuration:\n  ${key}: ${message}`);

function sessionOptions(e: Env): Config["sessions"] {
  if (e.VEIVALG_SESSION_IDLE_MINUTES > e.VEIVALG_SESSION_ABSOLUTE_HOURS * 60) {
    throw invalid("VEIVALG_SESSION_IDLE_MINUTES", "must not be longer than VEIVALG_SESSION_ABSOLUTE_HOURS");
  }
  return { idleMinutes: e.VEIVALG_SESSION_IDLE_MINUTES, absoluteHours: e.VEIVALG_SESSION_ABSOLUTE_HOURS };
}

function adminOptions(e: Env): Config["admin"] {
  const { VEIVALG_ADMIN_EMAIL: email, VEIVALG_ADMIN_PASSWORD: password } = e;
  if (email === undefined && password === undefined) return undefined;
  if (email === undefined || password === undefined) throw invalid(email === undefined ? "VEIVALG_ADMIN_EMAIL" : "VEIVALG_ADMIN_PASSWORD", "VEIVALG_ADMIN_EMAIL and VEIVALG_ADMIN_PASSWORD go together");
  try {
    checkNewPassword(password, email);
  } catch (err) {
    if (err instanceof DomainError) throw invalid("VEIVALG_ADMIN_PASSWORD", err.message);
    throw err;
  }
  return { email, password };
}

function trustProxy(value: string): boolean | string {
  if (value === "0" || value === "") return false;
  if (value === "1") return true;
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.VEIVALG_DATA_DIR,
    databaseUrl: e.DATABASE_URL || undefined,
    demo: e.VEIVALG_DEMO === "1",
    logLevel: e.LOG_LEVEL,
    webDir: e.VEIVALG_WEB_DIR ?? fileURLToPath(new URL("../../web/dist", import.meta.url)),
    trustProxy: trustProxy(e.VEIVALG_TRUST_PROXY),
    oidc: oidcOptions(e),
    sessions: sessionOptions(e),
    admin: adminOptions(e),
    smallCountThreshold: e.VEIVALG_SMALL_COUNT_THRESHOLD,
  };
}
