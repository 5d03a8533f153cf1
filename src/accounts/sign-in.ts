import type { Context } from "hono";
import { mergeVisitorCart, type CartMerge } from "../cart/carts";
import { takeVisitorCart } from "../cart/owner";
import type { AppEnv, Flash } from "../http/env";
import { redirectAfterPost } from "../http/render";
import { rememberDevice } from "./device-cookie";
import { setSessionCookie } from "./middleware";
import { endSession, startSession } from "./sessions";
import { deviceOf } from "./sign-ins";
import { startPendingSignIn } from "./two-factor/pending";
import { twoFactorStatus } from "./two-factor/store";
import { findUserById } from "./users";

/**
 * Starts a session and brings along the cart the visitor filled before signing in. Returns the
 * welcome to show next, with what the cart merge did and its undo when it added anything.
 */
export async function startSignedInSession(c: Context<AppEnv>, userId: number, welcome: Flash): Promise<Flash> {
  const { database, clock } = c.var.deps;
  if (c.var.sessionToken) await endSession(database.db, c.var.sessionToken);
  setSessionCookie(c, await startSession(database.db, userId, clock.now(), deviceOf(c)));
  const user = await findUserById(database.db, userId);
  if (user) rememberDevice(c, user.email);
  const visitorCart = await takeVisitorCart(c);
  const merge = visitorCart ? await mergeVisitorCart(database, visitorCart, userId, clock.now()) : null;
  return merge ? welcomeWithMerge(welcome, merge) : welcome;
}

const items = (n: number) => `${n} item${n === 1 ? "" : "s"}`;

/** "Welcome back, Sam. We added 3 items saved in your account to your cart; …" with Undo. */
export function welcomeWithMerge(welcome: Flash, merge: CartMerge): Flash {
  if (merge.added.length === 0 && merge.overlapping === 0) return welcome;
  const parts = [welcome.text];
  if (merge.added.length > 0) parts.push(`We added ${items(merge.added.length)} saved in your account to your cart (${merge.added.map((line) => line.name).join(", ")}).`);
  if (merge.overlapping > 0) parts.push(`For ${merge.overlapping === 1 ? "the product" : `the ${merge.overlapping} products`} in both carts we kept the quantity you just chose.`);
  const text = parts.join(" ").slice(0, 300);
  if (merge.added.length === 0) return { ...welcome, text };
  return { ...welcome, text, undo: { label: "Undo: move them to Saved for later", action: "/cart/merge/undo", items: merge.added.map((line) => line.productId).join(",") } };
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
  return redirectAfterPost(c, next, await startSignedInSession(c, userId, welcome));
}
