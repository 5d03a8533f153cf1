import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { CardStepper } from "../../views/catalog/card-stepper";
import { cardLines, type CardLine } from "./carts";
import { currentCartOwner } from "./owner";

/**
 * The −/+ control of each card whose product is in this visitor's cart, as HTML by product id,
 * for the products asked (the cards on a page); products no longer on sale keep "Add to cart".
 */
export async function cardControls(c: Context<AppEnv>, productIds: ReadonlySet<number>): Promise<Map<number, string>> {
  const owner = await currentCartOwner(c);
  if (!owner) return new Map();
  const lines = (await cardLines(c.get("deps").database.db, owner)).filter((line) => line.onSale && productIds.has(line.productId));
  return new Map(await Promise.all(lines.map(async (line) => [line.productId, await controlHtml(line)] as const)));
}

/*
 * A control is the same HTML for the same line, and a shopper's every shelf page shows the ones of
 * the cart's products on it: rendered once, not on every page (8 controls were a third of a page).
 */
const rendered = new Map<string, Promise<string>>();
const RENDERED_AT_MOST = 10_000;

function controlHtml(line: CardLine): Promise<string> {
  const key = `${line.productId}\u0000${line.name}\u0000${line.unit}\u0000${line.step}\u0000${line.stock}\u0000${line.lowStockThreshold}\u0000${line.quantity}`;
  let control = rendered.get(key);
  if (!control) {
    if (rendered.size >= RENDERED_AT_MOST) rendered.clear();
    const product = { id: line.productId, name: line.name, unit: line.unit, step: line.step, stock: line.stock, lowStockThreshold: line.lowStockThreshold };
    control = Promise.resolve(<CardStepper product={product} quantity={line.quantity} />).then(String);
    rendered.set(key, control);
    control.catch(() => rendered.delete(key));
  }
  return control;
}
