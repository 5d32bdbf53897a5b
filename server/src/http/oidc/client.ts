import * as oidc from "openid-client";
import type { OidcOptions } from "../../config.js";
import type { PendingLogin } from "../../access/oidc.js";

/**
 * The relying party's side of the authorization code flow with PKCE, through `openid-client`: the
 * provider's metadata is discovered at the first login (so the server starts while the provider is
 * down) and kept; keys are fetched and rotated by the library.
 */

/** The WebCrypto algorithm for a private JWK, as `private_key_jwt` signs with it. */
function signingAlgorithm(jwk: JsonWebKey): RsaHashedImportParams | EcKeyImportParams {
  if (jwk.kty === "RSA") return { name: jwk.alg === "PS256" ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  if (jwk.kty === "EC" && (jwk.crv === "P-256" || jwk.crv === "P-384")) return { name: "ECDSA", namedCurve: jwk.crv };
  throw new Error(`VEIVALG_OIDC_CLIENT_KEY: a ${jwk.kty} key is not supported (use RSA or EC P-256/P-384)`);
}

async function clientAuthentication(o: OidcOptions): Promise<oidc.ClientAuth> {
  if (o.clientKey) {
    const key = await crypto.subtle.importKey("jwk", o.clientKey, signingAlgorithm(o.clientKey), false, ["sign"]);
    const kid = (o.clientKey as { kid?: string }).kid;
    return oidc.PrivateKeyJwt(kid ? { key, kid } : key);
  }
  return o.clientSecret ? oidc.ClientSecretPost(o.clientSecret) : oidc.None();
}

export class OidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(readonly options: OidcOptions) {}

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const o = this.options;
      // Plain http is accepted (by config.ts) only for a provider on this machine: development and tests.
      const execute = new URL(o.issuer).protocol === "http:" ? [oidc.allowInsecureRequests] : [];
      return oidc.discovery(new URL(o.issuer), o.clientId, undefined, await clientAuthentication(o), { execute, timeout: 10 });
    })().catch((err: unknown) => {
      // A provider that was unreachable is asked again at the next login.
      this.configuration = undefined;
      throw err;
    });
    return this.configuration;
  }

  /** A new login: its secrets, and where to send the browser. Uses a pushed request (PAR) where the provider offers one. */
  async start(returnTo: string): Promise<{ login: PendingLogin; url: URL }> {
    const config = await this.discover();
    const login: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), returnTo };
    const parameters = {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scopes,
      state: login.state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: "S256",
    };
    const url = config.serverMetadata().pushed_authorization_request_endpoint
      ? await oidc.buildAuthorizationUrlWithPAR(config, parameters)
      : oidc.buildAuthorizationUrl(config, parameters);
    return { login, url };
  }

  /**
   * Checks the provider's answer (state, issuer, PKCE, the ID token's signature, audience, expiry and
   * nonce), redeems the code, and returns the person's claims: the ID token's, completed by the
   * userinfo endpoint's where the provider has one (some send e-mail and name only there).
   */
  async finish(callbackUrl: URL, login: PendingLogin, warn: (msg: string, err: unknown) => void): Promise<Record<string, unknown>> {
    const config = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error("the provider sent no ID token");
    if (!config.serverMetadata().userinfo_endpoint || !tokens.access_token) return idClaims;
    try {
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      // The signed ID token wins where both speak.
      return { ...userinfo, ...idClaims };
    } catch (err) {
      warn("the userinfo endpoint failed; signing in with the ID token's claims", err);
      return idClaims;
    }
  }
}
