import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";

/** A sign-in the provider did not (or could not) vouch for; the message is safe to show. */
export class ProviderSignInError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409 | 502 = 400,
  ) {
    super(message);
    this.name = "ProviderSignInError";
  }
}

export type Jwks = ReturnType<typeof createRemoteJWKSet>;

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
});

export type OidcEndpoints = {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string | null;
  jwks: Jwks;
};

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** Reads the provider's discovery document; its issuer must be exactly the one configured. */
export async function discover(issuer: string): Promise<OidcEndpoints> {
  let body: unknown;
  try {
    const response = await fetch(`${trimSlash(issuer)}/.well-known/openid-configuration`, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`status ${response.status}`);
    body = await response.json();
  } catch {
    throw new ProviderSignInError("The sign-in provider could not be reached. Please try again later.", 502);
  }
  const parsed = discoverySchema.safeParse(body);
  if (!parsed.success) throw new ProviderSignInError("The sign-in provider's configuration could not be read.", 502);
  if (trimSlash(parsed.data.issuer) !== trimSlash(issuer)) {
    throw new ProviderSignInError("The sign-in provider answered as a different issuer than the one this store trusts; sign-in refused.", 502);
  }
  return {
    issuer: parsed.data.issuer,
    authorizationEndpoint: parsed.data.authorization_endpoint,
    tokenEndpoint: parsed.data.token_endpoint,
    userinfoEndpoint: parsed.data.userinfo_endpoint ?? null,
    jwks: createRemoteJWKSet(new URL(parsed.data.jwks_uri)),
  };
}

export type IdTokenClaims = { subject: string; email: string | null; emailVerified: boolean; name: string | null };

/** Checks signature (JWKS), issuer, audience, expiry and nonce of an ID token. */
export async function verifyIdToken(
  idToken: string,
  expected: { issuer: string | string[]; audience: string; jwks: Jwks; nonce: string; now: Date },
): Promise<IdTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, expected.jwks, {
      issuer: expected.issuer,
      audience: expected.audience,
      currentDate: expected.now,
      clockTolerance: 60,
    }));
  } catch {
    throw new ProviderSignInError("The sign-in provider's answer could not be verified (issuer, audience, expiry or signature); sign-in refused.");
  }
  if (payload.nonce !== expected.nonce) throw new ProviderSignInError("The sign-in answer does not belong to this sign-in attempt; sign-in refused.");
  if (typeof payload.sub !== "string" || !payload.sub) throw new ProviderSignInError("The sign-in provider did not say who you are.");
  const email = typeof payload.email === "string" ? payload.email : null;
  return {
    subject: payload.sub,
    email,
    // Only a literal true counts: some providers send "true" strings or omit it.
    emailVerified: email !== null && payload.email_verified === true,
    name: typeof payload.name === "string" ? payload.name : null,
  };
}

const userInfoSchema = z.object({
  sub: z.string(),
  email: z.string().optional(),
  email_verified: z.unknown().optional(),
  name: z.string().optional(),
});

/**
 * Providers that follow OpenID Connect to the letter put the email in the userinfo answer rather
 * than the ID token; it counts only when it is about the same subject as the verified ID token.
 */
export async function withUserInfo(claims: IdTokenClaims, userinfoEndpoint: string | null, accessToken: string): Promise<IdTokenClaims> {
  if (claims.email || !userinfoEndpoint) return claims;
  let info: z.infer<typeof userInfoSchema>;
  try {
    const response = await fetch(userinfoEndpoint, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
    info = userInfoSchema.parse(await response.json());
  } catch {
    throw new ProviderSignInError("The sign-in provider's account details could not be read. Please try again.", 502);
  }
  if (info.sub !== claims.subject) throw new ProviderSignInError("The sign-in provider's account details are about someone else; sign-in refused.");
  const email = info.email ?? null;
  return { subject: claims.subject, email, emailVerified: email !== null && info.email_verified === true, name: claims.name ?? info.name ?? null };
}
