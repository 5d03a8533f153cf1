import type { Context } from "hono";
import { mergeVisitorCart } from "../cart/carts";
import { takeVisitorCart } from "../cart/owner";
import type { AppEnv, Flash } from "../http/env";
import { redirectAfterPost } from "../http/render";
import { setSessionCookie } from "./middleware";
import { endSession, startSession } from "./sessions";
import { deviceOf } from "./sign-ins";
import { startPendingSignIn } from "./two-factor/pending";
import { twoFactorStatus } from "./two-factor/store";

/** Starts a session and brings along the cart the visitor filled before signing in. */
export async function startSignedInSession(c: Context<AppEnv>, userId: number): Promise<void> {
  const { database, clock } = c.var.deps;
  if (c.var.sessionToken) await endSession(database.db, c.var.sessionToken);
  setSessionCookie(c, await startSession(database.db, userId, clock.now(), deviceOf(c)));
  const visitorCart = await takeVisitorCart(c);
  if (visitorCart) await mergeVisitorCart(database, visitorCart, userId, clock.now());
}

/**
 * The first factor (password or provider) is done: sign in now, or, when the account has an
 * authenticator, ask for its code first.
 */
export async function finishFirstFactor(c: Context<AppEnv>, userId: number, next: string, welcome: Flash) {
  if ((await twoFactorStatus(c.var.deps.database, userId)) === "on") {
    await startPendingSignIn(c, userId, next);
    return redirectAfterPost(c, "/login/two-factor");
  }
  await startSignedInSession(c, userId);
  return redirectAfterPost(c, next, welcome);
}
