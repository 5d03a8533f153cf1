import type { Context } from "hono";
import type { AppEnv } from "./env";

/** The address used for per-IP throttling. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.deps.config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.clientIp ?? c.req.header("cf-connecting-ip") ?? "unknown";
}
