import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { randomToken, sha256Hex } from "../accounts/tokens";
import type { AppEnv } from "../http/env";
import { privateCookie } from "../http/cookies";
import type { CartOwner } from "./carts";

/** A visitor's cart lives behind this cookie until they log in. */
export const CART_COOKIE = "grocer_cart";
const CART_DAYS = 30;

/** The cart owner for reading: the signed-in user, the visitor's cookie, or nobody yet. */
export async function currentCartOwner(c: Context<AppEnv>): Promise<CartOwner | null> {
  if (c.var.user) return { userId: c.var.user.id };
  const token = getCookie(c, CART_COOKIE);
  return token ? { tokenHash: await sha256Hex(token) } : null;
}

/** The cart owner for writing: gives a visitor a cart cookie on their first add. */
export async function cartOwnerForWrite(c: Context<AppEnv>): Promise<CartOwner> {
  const existing = await currentCartOwner(c);
  if (existing) return existing;
  const token = randomToken();
  setCookie(c, CART_COOKIE, token, privateCookie(c, CART_DAYS * 24 * 60 * 60));
  return { tokenHash: await sha256Hex(token) };
}

/** The visitor cart to merge at log in (and forget the cookie), if there is one. */
export async function takeVisitorCart(c: Context<AppEnv>): Promise<string | null> {
  const token = getCookie(c, CART_COOKIE);
  if (!token) return null;
  deleteCookie(c, CART_COOKIE, { path: "/" });
  return sha256Hex(token);
}
