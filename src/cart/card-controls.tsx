import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { CardStepper } from "../../views/catalog/card-stepper";
import { cartLines, findCart } from "./carts";
import { currentCartOwner } from "./owner";

/**
 * The −/+ control of each card whose product is in this visitor's cart, as HTML by product id,
 * for the products asked (the cards on a page); products no longer on sale keep "Add to cart".
 */
export async function cardControls(c: Context<AppEnv>, productIds: ReadonlySet<number>): Promise<Map<number, string>> {
  const { db } = c.get("deps").database;
  const owner = await currentCartOwner(c);
  const cart = owner ? await findCart(db, owner) : null;
  if (!cart) return new Map();
  const lines = (await cartLines(db, cart.id)).filter((line) => line.onSale && productIds.has(line.productId));
  const controls = await Promise.all(
    lines.map(async (line) => {
      const product = { id: line.productId, name: line.name, unit: line.unit, step: line.step, stock: line.stock, lowStockThreshold: line.lowStockThreshold };
      return [line.productId, String(await (<CardStepper product={product} quantity={line.quantity} />))] as const;
    }),
  );
  return new Map(controls);
}
