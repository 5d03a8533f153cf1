import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../http/env";
import { privateCookie } from "../http/cookies";
import { randomToken } from "./tokens";
import { normalizeEmail } from "./users";

/**
 * Device cookies (OWASP authentication cheat sheet): a browser that has signed in to an account
 * keeps a signed `nonce.signature` bound to that account's email. Its log-ins are throttled per
 * device instead of by the account's lock, so strangers guessing a password cannot lock the owner out.
 */
export const DEVICE_COOKIE = "grocer_device";
const DEVICE_DAYS = 365;
/** A shared family computer: the last few accounts signed in on it stay trusted. */
const MAX_ACCOUNTS = 4;

const keyOf = (secret: string) => createHmac("sha256", secret).update("grocer device cookie v1").digest();
const signatureOf = (secret: string, email: string, nonce: string) =>
  createHmac("sha256", keyOf(secret)).update(`${normalizeEmail(email)}\n${nonce}`).digest("base64url");

function signedFor(secret: string, email: string, entry: string): string | null {
  const [nonce, signature, extra] = entry.split(".");
  if (!nonce || !signature || extra !== undefined || !/^[\w-]{16,64}$/.test(nonce)) return null;
  const expected = Buffer.from(signatureOf(secret, email, nonce));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

const entriesOf = (c: Context<AppEnv>) => (getCookie(c, DEVICE_COOKIE) ?? "").split("~").filter(Boolean).slice(0, MAX_ACCOUNTS);

/** The device's nonce when this browser has signed in to `email` before (its cookie verifies), else null. */
export function trustedDeviceFor(c: Context<AppEnv>, email: string): string | null {
  const secret = c.var.deps.config.JWT_SECRET;
  for (const entry of entriesOf(c)) {
    const nonce = signedFor(secret, email, entry);
    if (nonce) return nonce;
  }
  return null;
}

/** After a sign-in: this browser is now trusted for `email` (a fresh nonce, so an old device lock does not follow). */
export function rememberDevice(c: Context<AppEnv>, email: string): void {
  const secret = c.var.deps.config.JWT_SECRET;
  const nonce = randomToken(18);
  const others = entriesOf(c).filter((entry) => !signedFor(secret, email, entry));
  const value = [`${nonce}.${signatureOf(secret, email, nonce)}`, ...others].slice(0, MAX_ACCOUNTS).join("~");
  setCookie(c, DEVICE_COOKIE, value, { ...privateCookie(c, DEVICE_DAYS * 24 * 60 * 60), path: "/login", sameSite: "Strict" });
}
