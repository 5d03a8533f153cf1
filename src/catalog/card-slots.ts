import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import type { CachedView } from "./fragment-cache";

// A card's "Add to cart" form carries this id (views/catalog/add-to-cart.tsx); text put in a page
// is escaped, so its quotes can never spell one.
const CARD_FORM_ID = /id="card-cart-(\d+)"/g;

const cardsOnPage = new WeakMap<CachedView, ReadonlySet<number>>();
/** The products whose cards are on a cached page, found once per cached copy. */
function cardsOn(page: CachedView): ReadonlySet<number> {
  let ids = cardsOnPage.get(page);
  if (!ids) cardsOnPage.set(page, (ids = new Set([...page.html.matchAll(CARD_FORM_ID)].map((match) => Number(match[1])))));
  return ids;
}

const NONE: ReadonlyMap<number, string> = new Map();

/**
 * The shelves are cached for everyone, so a card shows "Add to cart" even for a product in this
 * visitor's cart: these are the −/+ controls that take its place, by product id. Nothing is asked
 * of the database when the cart is empty (its count is already known) or no card is on the page.
 */
export async function cardControlsFor(c: Context<AppEnv>, page: CachedView, cartCount?: number): Promise<ReadonlyMap<number, string>> {
  const ids = cardsOn(page);
  if (ids.size === 0) return NONE;
  if ((cartCount ?? (await c.get("shell").cartCount(c))) === 0) return NONE;
  return c.get("shell").cardControls(c, ids);
}

/** The page with each in-cart card's "Add to cart" form replaced by its −/+ control. */
export function withCardControls(html: string, controls: ReadonlyMap<number, string>): string {
  let page = html;
  for (const [productId, control] of controls) {
    const id = `id="card-cart-${productId}"`;
    // A product can be on a page twice (two shelves); every card gets the control.
    for (let at = page.indexOf(id); at >= 0; at = page.indexOf(id, at)) {
      const start = page.lastIndexOf("<form", at);
      const end = page.indexOf("</form>", at);
      if (start < 0 || end < 0) break;
      page = page.slice(0, start) + control + page.slice(end + "</form>".length);
      at = start + control.length;
    }
  }
  return page;
}
