import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "./env";
import { ApiProblem } from "./problem";

/** The biggest JSON body the API reads; its longest field (a product description) is 1,000 characters. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

const MULTIPART = /^multipart\/form-data/i;

const limited = bodyLimit({
  maxSize: JSON_BODY_LIMIT_BYTES,
  onError: () => {
    throw new ApiProblem(413, "Content Too Large", `The request body is over ${JSON_BODY_LIMIT_BYTES / 1024} KB; API requests are small JSON documents.`);
  },
});

/**
 * Refuses any body over the limit unread (413), before authentication or parsing, so no one can
 * make the API buffer megabytes. Image uploads are multipart and keep their own, larger limit.
 * A GET or HEAD is never read, so it passes straight on (the catalog reads are most of the API's
 * traffic); the limit itself is built once, not per request.
 */
export const jsonBodyLimit: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || MULTIPART.test(c.req.header("content-type") ?? "")) return next();
  return limited(c, next);
};
