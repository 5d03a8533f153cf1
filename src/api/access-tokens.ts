import { sign, verify } from "hono/jwt";
import { randomToken } from "../accounts/tokens";
import type { User } from "../db/schema";

/** Access tokens live 15 minutes; the refresh token gets a new one. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

/** `sid`: the sign-in (API log-in) the token belongs to; once that log-in ends, the token stops working. */
export type AccessClaims = { sub: string; role: User["role"]; iat: number; exp: number; jti: string; sid?: number };

export async function issueAccessToken(user: Pick<User, "id" | "role">, secret: string, now: Date, signInId?: number): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: AccessClaims = { sub: String(user.id), role: user.role, iat, exp: iat + ACCESS_TOKEN_SECONDS, jti: randomToken(12) };
  if (signInId !== undefined) claims.sid = signInId;
  return sign(claims, secret, "HS256");
}

/**
 * The HMAC key for the secret, imported once: hono/jwt imports a string secret again on every
 * verify (about half of a token check). One secret per process, so one key is kept.
 */
let verifyKey: { secret: string; key: Promise<CryptoKey> } | null = null;
function verifyKeyOf(secret: string): Promise<CryptoKey> {
  if (verifyKey?.secret !== secret) {
    verifyKey = { secret, key: crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]) };
  }
  return verifyKey.key;
}

/**
 * Checks the signature with HS256 only, then the lifetime against the app's clock (not the
 * library's wall clock, so tests and replays agree). Returns the user id and the sign-in it names, or null.
 */
export async function readAccessToken(token: string, secret: string, now: Date): Promise<{ userId: number; signInId: number | null } | null> {
  try {
    const payload = await verify(token, await verifyKeyOf(secret), { alg: "HS256", exp: false, nbf: false, iat: false });
    const seconds = now.getTime() / 1000;
    if (typeof payload.exp !== "number" || payload.exp <= seconds) return null;
    if (typeof payload.iat !== "number" || payload.iat > seconds + 60) return null;
    const id = typeof payload.sub === "string" && /^\d{1,12}$/.test(payload.sub) ? Number(payload.sub) : null;
    const sid = typeof payload.sid === "number" && Number.isSafeInteger(payload.sid) && payload.sid > 0 ? payload.sid : null;
    return id && id > 0 ? { userId: id, signInId: sid } : null;
  } catch {
    return null;
  }
}
