import type { Context } from "hono";
import type { AppDeps } from "./env";

/** Any app context that knows the deps and the peer address: the pages' and the API's. */
type WithDeps = { Bindings: { clientIp?: string }; Variables: { deps: AppDeps } };

/**
 * The address used for per-IP throttling. Behind one reverse proxy (TRUST_PROXY=true) it is the
 * last X-Forwarded-For entry, the one the proxy itself appended: earlier entries come from the
 * client and anyone can write them, so taking the first would let a shopper pick any address (and
 * lock another's). See docs/deploy.md.
 */
export function clientIp<E extends WithDeps>(c: Context<E>): string {
  if (c.get("deps").config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.clientIp ?? c.req.header("cf-connecting-ip") ?? "unknown";
}
