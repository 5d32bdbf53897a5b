import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import Provider, { type ClientMetadata } from "oidc-provider";

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified implementation openid-client is
 * tested against) on a port of its own, for the single sign-on tests. Its development interactions
 * show a login form that takes any password and a consent form.
 */

/** The claims a person has at the provider, by the login name typed into its form. */
export type Accounts = Record<string, Record<string, unknown>>;

export interface TestProvider {
  issuer: string;
  /** Changes what the provider says about people, e.g. their roles, between logins. */
  accounts: Accounts;
  close(): Promise<void>;
}

/** A port nobody listens on now: for a server whose address must be known before it starts. */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export interface ProviderOptions {
  clients: ClientMetadata[];
  accounts: Accounts;
  /** Offer pushed authorization requests (RFC 9126), as HelseID does. */
  par?: boolean;
}

export async function startProvider(opts: ProviderOptions): Promise<TestProvider> {
  // The issuer holds the port, so the server listens before the provider exists.
  let handler: ReturnType<Provider["callback"]> | undefined;
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const accounts = opts.accounts;
  const provider = new Provider(issuer, {
    clients: opts.clients,
    findAccount: (_ctx, id) => {
      const claims = accounts[id];
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "given_name", "family_name"], roles: ["veivalg_roles"] },
    scopes: ["openid", "email", "profile", "roles"],
    features: {
      devInteractions: { enabled: true },
      pushedAuthorizationRequests: { enabled: opts.par ?? false },
    },
    pkce: { required: () => true },
    cookies: { keys: ["veivalg-test-provider"] },
    // RS256, what clients expect unless told otherwise.
    jwks: { keys: [{ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256" }] },
    // Lifetimes given, so the provider does not warn that it chose them.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  handler = provider.callback();
  return {
    issuer,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
