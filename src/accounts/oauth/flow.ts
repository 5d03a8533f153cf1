import { CodeChallengeMethod, generateCodeVerifier, generateState, GitHub, Google, OAuth2Client, OAuth2RequestError, type OAuth2Tokens } from "arctic";
import { createRemoteJWKSet } from "jose";
import { z } from "zod";
import { discover, ProviderSignInError, verifyIdToken, withUserInfo, type IdTokenClaims, type Jwks, type OidcEndpoints } from "./id-token";
import type { ConfiguredProvider } from "./providers";

export type ProviderProfile = IdTokenClaims;

export type AuthorizationStart = { url: URL; state: string; codeVerifier: string; nonce: string };

const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];
const OIDC_SCOPES = ["openid", "email", "profile"];

/**
 * Talks to the configured providers through arctic. One per app: it remembers the generic
 * provider's discovery document and the signing keys it fetched.
 */
export class SignInProviders {
  private oidcEndpoints: Promise<OidcEndpoints> | null = null;
  private googleKeys: Jwks | null = null;

  constructor(private readonly oidcIssuer: string | undefined) {}

  private async oidc(): Promise<OidcEndpoints> {
    if (!this.oidcIssuer) throw new ProviderSignInError("This sign-in provider is not configured.", 400);
    const pending = this.oidcEndpoints ?? discover(this.oidcIssuer);
    this.oidcEndpoints = pending;
    // A failed discovery is not remembered, so the next attempt asks again.
    pending.catch(() => {
      if (this.oidcEndpoints === pending) this.oidcEndpoints = null;
    });
    return pending;
  }

  async start(provider: ConfiguredProvider, redirectUri: string): Promise<AuthorizationStart> {
    const state = generateState();
    const codeVerifier = generateCodeVerifier();
    const nonce = generateState();
    let url: URL;
    if (provider.id === "google") {
      url = new Google(provider.clientId, provider.clientSecret, redirectUri).createAuthorizationURL(state, codeVerifier, OIDC_SCOPES);
      url.searchParams.set("nonce", nonce);
    } else if (provider.id === "github") {
      url = new GitHub(provider.clientId, provider.clientSecret, redirectUri).createAuthorizationURL(state, ["read:user", "user:email"]);
    } else {
      const endpoints = await this.oidc();
      const client = new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
      url = client.createAuthorizationURLWithPKCE(endpoints.authorizationEndpoint, state, CodeChallengeMethod.S256, codeVerifier, OIDC_SCOPES);
      url.searchParams.set("nonce", nonce);
    }
    return { url, state, codeVerifier, nonce };
  }

  /** Exchanges the code and returns who signed in, verified. */
  async finish(
    provider: ConfiguredProvider,
    redirectUri: string,
    answer: { code: string; codeVerifier: string; nonce: string; issuer: string | undefined },
    now: Date,
  ): Promise<ProviderProfile> {
    const { code, codeVerifier, nonce } = answer;
    if (provider.id === "github") {
      const tokens = await exchange(() => new GitHub(provider.clientId, provider.clientSecret, redirectUri).validateAuthorizationCode(code));
      return gitHubProfile(tokens.accessToken());
    }
    if (provider.id === "google") {
      const tokens = await exchange(() => new Google(provider.clientId, provider.clientSecret, redirectUri).validateAuthorizationCode(code, codeVerifier));
      this.googleKeys ??= createRemoteJWKSet(new URL("https://www.googleapis.com/oauth2/v3/certs"));
      return verifyIdToken(idTokenOf(tokens), { issuer: GOOGLE_ISSUERS, audience: provider.clientId, jwks: this.googleKeys, nonce, now });
    }
    const endpoints = await this.oidc();
    // RFC 9207: a provider that names itself in the answer must name the one we asked.
    if (answer.issuer !== undefined && answer.issuer !== endpoints.issuer) {
      throw new ProviderSignInError("The sign-in answer came from a different issuer than the one this store trusts; sign-in refused.");
    }
    const client = new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
    const tokens = await exchange(() => client.validateAuthorizationCode(endpoints.tokenEndpoint, code, codeVerifier));
    const claims = await verifyIdToken(idTokenOf(tokens), { issuer: endpoints.issuer, audience: provider.clientId, jwks: endpoints.jwks, nonce, now });
    return withUserInfo(claims, endpoints.userinfoEndpoint, tokens.accessToken());
  }
}

async function exchange(run: () => Promise<OAuth2Tokens>): Promise<OAuth2Tokens> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OAuth2RequestError) {
      throw new ProviderSignInError(
        `The sign-in provider refused this sign-in code (${error.code}). It may have expired or been used already. Please start again.`,
      );
    }
    throw new ProviderSignInError("The sign-in provider could not be reached or answered strangely. Please try again.", 502);
  }
}

function idTokenOf(tokens: OAuth2Tokens): string {
  try {
    return tokens.idToken();
  } catch {
    throw new ProviderSignInError("The sign-in provider did not send an ID token; sign-in refused.", 502);
  }
}

const gitHubUser = z.object({ id: z.number(), login: z.string(), name: z.string().nullable().optional() });
const gitHubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/** GitHub has no ID token: the user and the primary, verified email come from its API. */
async function gitHubProfile(accessToken: string): Promise<ProviderProfile> {
  const headers = { authorization: `Bearer ${accessToken}`, accept: "application/vnd.github+json", "user-agent": "Grocer" };
  try {
    const [userResponse, emailsResponse] = await Promise.all([
      fetch("https://api.github.com/user", { headers }),
      fetch("https://api.github.com/user/emails", { headers }),
    ]);
    const user = gitHubUser.parse(await userResponse.json());
    const emails = emailsResponse.ok ? gitHubEmails.parse(await emailsResponse.json()) : [];
    const primary = emails.find((entry) => entry.primary);
    return {
      subject: String(user.id),
      email: primary?.email ?? null,
      emailVerified: Boolean(primary?.verified),
      name: user.name || user.login,
    };
  } catch {
    throw new ProviderSignInError("GitHub's account details could not be read. Please try again.", 502);
  }
}
