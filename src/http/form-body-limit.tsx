import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ErrorPage } from "../../views/errors";
import type { AppEnv } from "./env";
import { renderPage } from "./render";

/** The biggest page form the store reads; its longest fields (a product description, a note) are a few KB. */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

const READS_NO_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

function tooLarge(c: Context<AppEnv>) {
  const page = <ErrorPage heading="That form is too large" message="The form was over 1 MB, so it was not read and nothing was changed. Please go back and send a shorter one." />;
  return renderPage(c, "Form too large", page, { status: 413 });
}

/**
 * Every page request with a body is refused over 1 MB with a 413, before the body is read: a
 * declared Content-Length over the limit is refused unread, a body without one is cut off at the
 * limit. Routes that take uploads (`hasOwnLimit`) apply their own, larger cap instead.
 */
export function formBodyLimit(hasOwnLimit: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({ maxSize: FORM_BODY_LIMIT_BYTES, onError: (c) => tooLarge(c as Context<AppEnv>) });
  return (c, next) => (READS_NO_BODY.has(c.req.method) || hasOwnLimit(c.req.path) ? next() : limit(c, next));
}
