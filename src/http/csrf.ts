import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for cookie-authenticated routes: every non-GET must come
 * from our own origin (Origin header, or Referer when a browser omits Origin). SameSite=Lax
 * cookies are the second layer.
 */
export function sameOriginOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const expected = c.var.deps.config.PUBLIC_URL
      ? new URL(c.var.deps.config.PUBLIC_URL).origin
      : new URL(c.req.url).origin;
    const origin = c.req.header("origin") ?? originOfReferer(c.req.header("referer"));
    if (origin !== expected) {
      return c.text("This form was sent from another site, so it was refused. Reload the page and try again.", 403);
    }
    return next();
  };
}

function originOfReferer(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
