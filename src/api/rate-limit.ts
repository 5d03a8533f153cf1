import type { MiddlewareHandler } from "hono";
import { sql } from "drizzle-orm";
import { clientIp } from "../http/client-ip";

import { apiRateLimits } from "../db/schema";
import type { ApiEnv } from "./env";
import { ApiProblem } from "./problem";

export type RateLimit = { name: string; limit: number; windowMs: number };

/** Requests per client address to /auth/* per fixed window; the counter is in the database. */
export const AUTH_RATE_LIMIT: RateLimit = { name: "auth", limit: 30, windowMs: 60_000 };

/**
 * A fixed-window counter per (limit, client IP), one upsert per request, shared by every instance.
 * Sends the RateLimit-* headers on every answer and Retry-After with the 429.
 */
export function rateLimit(rule: RateLimit): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { database, clock } = c.var.deps;
    const now = clock.now().getTime();
    const windowStart = now - (now % rule.windowMs);
    const key = `${rule.name}:${clientIp(c)}`;
    const [row] = await database.db
      .insert(apiRateLimits)
      .values({ key, windowStartedAt: new Date(windowStart), hits: 1 })
      .onConflictDoUpdate({
        target: apiRateLimits.key,
        set: {
          hits: sql`case when ${apiRateLimits.windowStartedAt} = ${windowStart} then ${apiRateLimits.hits} + 1 else 1 end`,
          windowStartedAt: new Date(windowStart),
        },
      })
      .returning({ hits: apiRateLimits.hits });
    const hits = row?.hits ?? 1;
    const reset = Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000));
    const headers = {
      "RateLimit-Limit": String(rule.limit),
      "RateLimit-Remaining": String(Math.max(0, rule.limit - hits)),
      "RateLimit-Reset": String(reset),
    };
    if (hits > rule.limit) {
      throw new ApiProblem(429, "Too Many Requests", `At most ${rule.limit} requests a minute to /auth; try again in ${reset} s.`, {
        headers: { ...headers, "Retry-After": String(reset) },
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

