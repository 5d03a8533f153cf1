import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { DatabaseHandle } from "../db/client";
import type { User } from "../db/schema";
import type { AppEnv } from "../http/env";
import { privateCookie } from "../http/cookies";
import { renderPage } from "../http/render";
import { ErrorPage } from "../../views/errors";
import { findSessionVisitByHash, SESSION_COOKIE, SESSION_DAYS } from "./sessions";
import { deviceOf, touchSession } from "./sign-ins";
import { sha256Hex } from "./tokens";
import { twoFactorStatus } from "./two-factor/store";
import { staffAccess } from "./users";

/** Puts the signed-in user (or null) on the context for every page route. */
export function loadUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    const { database, clock } = c.get("deps");
    const tokenHash = token ? sha256Hex(token) : null;
    const visit = tokenHash ? await findSessionVisitByHash(database.db, tokenHash, clock.now()) : null;
    const user = visit?.user ?? null;
    if (token && !user) deleteCookie(c, SESSION_COOKIE, { path: "/" });
    if (tokenHash && user) await touchSession(database.db, tokenHash, () => deviceOf(c), clock.now());
    c.set("user", user);
    // A GET changes no cart or notice, so the counts read with the session still hold when the page renders.
    const reading = c.req.method === "GET" || c.req.method === "HEAD";
    c.set("headerCounts", visit && reading ? { cartLines: visit.cartLines, ownUnread: visit.ownUnread } : null);
    c.set("sessionToken", user ? token : null);
    await next();
  };
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, privateCookie(c, SESSION_DAYS * 24 * 60 * 60));
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.get("deps").config.secureCookies });
}

export function requireSignedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("user")) return redirectToLogIn(c);
    await next();
  };
}

/** Back-office gate: approved managers and the admin, or the admin alone. */
/**
 * Whether a signed-in user may use the back office now: an approved manager or the admin, with an
 * authenticator set up. The page gate below and the live notification stream both ask this.
 */
export async function backOfficeAccess(database: DatabaseHandle, user: User | null): Promise<"staff" | "not-staff" | "needs-second-factor"> {
  const access = staffAccess(user);
  if (access !== "admin" && access !== "manager") return "not-staff";
  return (await twoFactorStatus(database, user!.id)) === "on" ? "staff" : "needs-second-factor";
}

export function requireStaff(level: "manager" | "admin"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user) return redirectToLogIn(c);
    const access = staffAccess(c.var.user);
    if (access === "admin" || (level === "manager" && access === "manager")) {
      // The back office opens only to staff with an authenticator set up (ADR 004).
      if ((await twoFactorStatus(c.var.deps.database, c.var.user.id)) !== "on") return redirectToTwoFactorSetup(c);
      return next();
    }
    const message =
      access === "pending"
        ? "Your manager account is waiting for the admin's approval. The back office opens once you are approved."
        : level === "admin"
          ? "Only the admin can open this page."
          : "This page is for store managers.";
    return renderPage(c, "Not allowed", <ErrorPage heading="You can't open this page" message={message} />, { status: 403 });
  };
}

function redirectToTwoFactorSetup(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  const next = c.req.method === "GET" ? `${url.pathname}${url.search}` : "/manage";
  return c.redirect(`/account/two-factor?next=${encodeURIComponent(next)}`, 303);
}

function redirectToLogIn(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  const next = c.req.method === "GET" ? `${url.pathname}${url.search}` : "/";
  return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}
