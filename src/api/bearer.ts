import type { Context, MiddlewareHandler } from "hono";
import { signInIsOpen } from "../accounts/sign-ins";
import { findUserById, staffAccess } from "../accounts/users";
import type { User } from "../db/schema";
import { readAccessToken } from "./access-tokens";
import type { ApiEnv } from "./env";
import { forbidden, unauthorized } from "./problem";

/**
 * Authenticates `Authorization: Bearer <jwt>`. The user is read from the database on every
 * request, so a deactivated account or a changed role takes effect at once, not in 15 minutes.
 */
export function bearerAuth(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/i.exec(header.trim());
    if (!match) throw unauthorized("Send an access token as `Authorization: Bearer <token>` (POST /api/v1/auth/token).");
    const { config, database, clock } = c.var.deps;
    const claims = await readAccessToken(match[1]!, config.JWT_SECRET, clock.now());
    if (!claims) throw unauthorized("The access token is invalid or has expired; get a new one with your refresh token.", "invalid_token");
    const user = await findUserById(database.db, claims.userId);
    if (!user || user.deactivatedAt) throw unauthorized("This account is no longer active.", "invalid_token");
    if (claims.signInId !== null && !(await signInIsOpen(database.db, user.id, claims.signInId))) {
      throw unauthorized("This log-in has ended (logged out, or the password changed); log in again.", "invalid_token");
    }
    c.set("apiUser", user);
    c.set("apiSignInId", claims.signInId);
    await next();
  };
}

export function callerOf(c: Context<ApiEnv>): User {
  const user = c.var.apiUser;
  if (!user) throw unauthorized("Sign in first.");
  return user;
}

/** Back-office gate for the API: approved managers and the admin, or the admin alone. */
export function requireStaffRole(level: "manager" | "admin"): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const access = staffAccess(callerOf(c));
    if (access === "admin" || (level === "manager" && access === "manager")) return next();
    throw forbidden(level === "admin" ? "Only the admin may do this." : "Only approved store managers may do this.");
  };
}
