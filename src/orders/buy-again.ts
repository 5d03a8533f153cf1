import type { Database } from "../db/client";
import { ensureCart, lineQuantity, setLine } from "../cart/carts";
import { findSellableProduct } from "../cart/sellable";
import type { OrderWithItems } from "./queries";

export type BuyAgainResult = { added: string[]; reduced: string[]; unavailable: string[] };

/**
 * Refills the cart from a past order with what can be bought now: the same quantities where
 * stock allows, less where it doesn't (rounded down to the step), and a list of what is gone.
 */
export async function buyAgain(db: Database, userId: number, order: OrderWithItems, now: Date): Promise<BuyAgainResult> {
  const result: BuyAgainResult = { added: [], reduced: [], unavailable: [] };
  const cart = await ensureCart(db, { userId }, now);
  for (const item of order.items) {
    const product = await findSellableProduct(db, item.productId);
    const inCart = product ? await lineQuantity(db, cart.id, product.id) : 0;
    const room = product ? product.stock - inCart : 0;
    const possible = product ? Math.min(item.quantity, room - (room % product.step)) : 0;
    if (!product || possible <= 0) {
      result.unavailable.push(item.name);
      continue;
    }
    await setLine(db, cart.id, product.id, inCart + possible, now);
    (possible < item.quantity ? result.reduced : result.added).push(product.name);
  }
  return result;
}
