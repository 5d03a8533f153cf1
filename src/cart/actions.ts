import type { Database } from "../db/client";
import type { Product } from "../db/schema";
import { findPromo } from "../promotions/queries";
import { normalizeCode } from "../promotions/rules";
import { ensureCart, findCart, lineQuantity, setCartPromo, setLine, type CartOwner } from "./carts";
import { checkAmount, checkQuantity } from "./quantity";
import { findSellableProduct } from "./sellable";
import { judgeCode, summarizeCart, type SummaryContext } from "./summary";

export type CartChange = { ok: true; product: Product; quantity: number } | { ok: false; status: 404 | 422; message: string };

const productId = (input: unknown) => {
  const id = typeof input === "string" && /^\d{1,12}$/.test(input) ? Number(input) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

/** Adds to a line (merging with what is there); never beyond stock, always in the product's step. */
export async function addToCart(db: Database, owner: CartOwner, input: { productId: unknown; quantity: unknown }, now: Date): Promise<CartChange> {
  const id = productId(input.productId);
  const product = id ? await findSellableProduct(db, id) : null;
  if (!product) return { ok: false, status: 404, message: "That product is not on sale." };
  const adding = checkQuantity(input.quantity ?? "", product);
  if (!adding.ok) return { ok: false, status: 422, message: adding.message };
  const cart = await ensureCart(db, owner, now);
  const total = checkAmount((await lineQuantity(db, cart.id, product.id)) + adding.milli, product);
  if (!total.ok) return { ok: false, status: 422, message: total.message };
  await setLine(db, cart.id, product.id, total.milli, now);
  return { ok: true, product, quantity: adding.milli };
}

/** Sets a line to the typed quantity; 0 removes it. */
export async function changeLine(db: Database, owner: CartOwner, input: { productId: unknown; quantity: unknown }, now: Date): Promise<CartChange> {
  const id = productId(input.productId);
  const cart = await findCart(db, owner);
  const product = id ? await findSellableProduct(db, id) : null;
  if (!cart || !product || (await lineQuantity(db, cart.id, product.id)) === 0) {
    return { ok: false, status: 404, message: "That product is not in your cart." };
  }
  const wanted = checkQuantity(input.quantity ?? "", product, { allowZero: true });
  if (!wanted.ok) return { ok: false, status: 422, message: wanted.message };
  await setLine(db, cart.id, product.id, wanted.milli, now);
  return { ok: true, product, quantity: wanted.milli };
}

/** Removes a line, whatever the product's state now (a withdrawn product can still be removed). */
export async function removeLine(db: Database, owner: CartOwner, input: { productId: unknown }, now: Date): Promise<boolean> {
  const id = productId(input.productId);
  const cart = await findCart(db, owner);
  if (!cart || !id || (await lineQuantity(db, cart.id, id)) === 0) return false;
  await setLine(db, cart.id, id, 0, now);
  return true;
}

export type PromoChange = { ok: true; code: string } | { ok: false; message: string };

/** Puts a known code on the cart; whether it applies (dates, minimum, limits) shows in the summary. */
export async function applyPromoCode(db: Database, owner: CartOwner, input: unknown, now: Date): Promise<PromoChange> {
  const code = typeof input === "string" ? normalizeCode(input) : "";
  if (!code) return { ok: false, message: "Enter a promo code." };
  if (code.length > 40 || !/^[A-Z0-9_-]+$/.test(code)) return { ok: false, message: "Promo codes are letters, digits, - and _ only." };
  const promo = await findPromo(db, code);
  if (!promo) return { ok: false, message: `We don't know the code ${code}.` };
  const cart = await ensureCart(db, owner, now);
  await setCartPromo(db, cart.id, promo.code);
  return { ok: true, code: promo.code };
}

export type ShopPromoChange = PromoChange | { ok: false; message: string; kept: true };

/**
 * The shop's Apply button: says whether the typed code applies now. A code that doesn't apply
 * never replaces one that does; with no working code on the cart, a known code is kept there
 * (`kept`) with its reason, so it applies once the cart qualifies and checkout explains it.
 */
export async function applyPromoCodeInShop(db: Database, owner: CartOwner, input: unknown, context: SummaryContext): Promise<ShopPromoChange> {
  const current = await summarizeCart(db, owner, context);
  const code = typeof input === "string" ? normalizeCode(input) : "";
  if (current.promo && code && code !== current.promo.code && /^[A-Z0-9_-]{1,40}$/.test(code)) {
    const verdict = await judgeCode(db, code, current.subtotalCents, context);
    if (!verdict.ok) return { ok: false, message: `${verdict.message} Your code ${current.promo.code} still applies.` };
  }
  const applied = await applyPromoCode(db, owner, input, context.now);
  if (!applied.ok) return applied;
  const verdict = await judgeCode(db, applied.code, current.subtotalCents, context);
  return verdict.ok ? applied : { ok: false, message: verdict.message, kept: true };
}

export async function removePromoCode(db: Database, owner: CartOwner): Promise<void> {
  const cart = await findCart(db, owner);
  if (cart) await setCartPromo(db, cart.id, null);
}
