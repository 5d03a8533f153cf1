import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Layout } from "../../views/layout";
import { ErrorPage } from "../../views/errors";
import type { AppEnv, Flash } from "./env";
import { setFlash } from "./flash";
import { safeRedirectPath } from "./redirect-target";

/** True when htmx asked for a fragment to swap into part of the page. */
export function wantsFragment(c: Context<AppEnv>): boolean {
  return c.req.header("hx-request") === "true" && c.req.header("hx-request-type") !== "full";
}

/** The full page, or only `body` when htmx asks for a fragment; same URL either way. */
export async function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  options: { status?: ContentfulStatusCode; query?: string } = {},
) {
  const status = options.status ?? 200;
  c.header("Vary", "HX-Request");
  if (wantsFragment(c)) return c.html(<>{body}</>, status);
  // The header (aisles, cart count, bell) comes from the loader the app set (src/shell/loader.ts).
  const shell = await c.get("shell").data(c, options.query);
  return c.html(<Layout title={title} shell={shell}>{body}</Layout>, status);
}

/**
 * After a successful form post: 303 for plain forms, HX-Redirect for htmx. Only to a path on this
 * site (safeRedirectPath): a target that is not one goes to the home page.
 */
export function redirectAfterPost(c: Context<AppEnv>, location: string, flash?: Flash) {
  return redirectAnywhere(c, safeRedirectPath(location), flash);
}

/** redirectAfterPost to another site: only for a URL the store built itself (an OAuth provider's sign-in page). */
export function redirectOffSite(c: Context<AppEnv>, url: URL) {
  return redirectAnywhere(c, url.toString());
}

function redirectAnywhere(c: Context<AppEnv>, location: string, flash?: Flash) {
  if (flash) setFlash(c, flash);
  if (c.req.header("hx-request") === "true") {
    c.header("HX-Redirect", location);
    return c.body(null, 204);
  }
  return c.redirect(location, 303);
}

export function renderNotFound(c: Context<AppEnv>) {
  return renderPage(c, "Not found", <ErrorPage heading="Page not found" message="We couldn't find that page." />, { status: 404 });
}
