import type { Context } from "hono";
import type { AppDeps } from "./env";

/** Any app context that knows the deps and the peer address: the pages' and the API's. */
type WithDeps = { Bindings: { clientIp?: string }; Variables: { deps: AppDeps } };

/** The address used for per-IP throttling. */
export function clientIp<E extends WithDeps>(c: Context<E>): string {
  if (c.var.deps.config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.clientIp ?? c.req.header("cf-connecting-ip") ?? "unknown";
}
