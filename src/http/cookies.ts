import type { Context } from "hono";
import type { CookieOptions } from "hono/utils/cookie";
import type { AppEnv } from "./env";

/** The options every cookie of ours carries: site-wide, HttpOnly, SameSite=Lax, Secure in production. */
export function privateCookie(c: Context<AppEnv>, maxAgeSeconds: number): CookieOptions {
  return { path: "/", httpOnly: true, sameSite: "Lax", secure: c.get("deps").config.secureCookies, maxAge: maxAgeSeconds };
}
