import type { MiddlewareHandler } from "hono";
import type { Config } from "../config";
import type { AppEnv } from "../http/env";

/** An id a load balancer already gave the request is kept, so one id follows it through every hop. */
const ACCEPTED_ID = /^[A-Za-z0-9._-]{8,128}$/;

export type LogWriter = (line: string) => void;

/**
 * Sets the id on the finished response in place. Hono's `c.header()` after the handler copies the
 * whole response to do it (a quarter of a cached page's time); only a response with immutable
 * headers (one passed through from fetch) still takes that way.
 */
function tagResponse(response: Response, id: string): boolean {
  try {
    response.headers.set("X-Request-Id", id);
    return true;
  } catch {
    return false;
  }
}

/**
 * One JSON line per request (id, method, path, status, duration in ms), and the id returned as
 * X-Request-Id so a shopper's report can be matched to the log. The query string is left out:
 * it may carry search terms or tokens.
 */
export function requestLog(level: Config["LOG_LEVEL"], write: LogWriter = (line) => console.log(line)): MiddlewareHandler<AppEnv> {
  const enabled = level === "debug" || level === "info";
  // At the quiet default (warn, error) a request that failed on the server is still written.
  const failures = level === "warn" || level === "error";
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && ACCEPTED_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", id);
    const started = performance.now();
    await next();
    tagResponse(c.res, id) || c.header("X-Request-Id", id);
    if (!enabled && !(failures && c.res.status >= 500)) return;
    write(
      JSON.stringify({
        level: c.res.status >= 500 ? "error" : "info",
        msg: "request",
        id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      }),
    );
  };
}
