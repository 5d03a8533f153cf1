import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { aisleLinks } from "../catalog/queries";
import { cartLineCount } from "../cart/carts";
import { currentCartOwner } from "../cart/owner";
import { Layout, type ShellData } from "../../views/layout";
import { ErrorPage } from "../../views/errors";
import type { AppEnv, Flash } from "./env";
import { setFlash } from "./flash";
import { staffAccess } from "../accounts/users";
import { unreadCount } from "../notifications/notify";

/** True when htmx asked for a fragment to swap into part of the page. */
export function wantsFragment(c: Context<AppEnv>): boolean {
  return c.req.header("hx-request") === "true" && c.req.header("hx-request-type") !== "full";
}

export async function shellData(c: Context<AppEnv>, query?: string, known: { cartCount?: number } = {}): Promise<ShellData> {
  const { config, database } = c.var.deps;
  const user = c.var.user;
  const access = staffAccess(user);
  const isStaff = access === "manager" || access === "admin";
  const [categories, cartCount, unreadNotifications] = await Promise.all([
    aisleLinks(database.db),
    known.cartCount ?? countCartLines(c),
    user && isStaff ? unreadCount(database.db, user) : Promise.resolve(null),
  ]);
  return {
    storeName: config.STORE_NAME,
    user: user ? { name: user.name, role: user.role, approved: Boolean(user.approvedAt) } : null,
    cartCount,
    unreadNotifications,
    categories,
    flash: c.var.flash,
    query,
  };
}

export async function countCartLines(c: Context<AppEnv>): Promise<number> {
  const owner = await currentCartOwner(c);
  return owner ? cartLineCount(c.var.deps.database.db, owner) : 0;
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
  const shell = await shellData(c, options.query);
  return c.html(<Layout title={title} shell={shell}>{body}</Layout>, status);
}

/** After a successful form post: 303 for plain forms, HX-Redirect for htmx. */
export function redirectAfterPost(c: Context<AppEnv>, location: string, flash?: Flash) {
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
