import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import type { CachedView } from "./fragment-cache";

const cardsOnPage = new WeakMap<CachedView, ReadonlySet<number>>();
/** The products whose cards are on a cached page, found once per cached copy. */
function cardsOn(page: CachedView): ReadonlySet<number> {
  let ids = cardsOnPage.get(page);
  if (!ids) cardsOnPage.set(page, (ids = new Set(cardForms(page.html).map((form) => form.productId))));
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

// A card's "Add to cart" form carries this id (views/catalog/add-to-cart.tsx); text put in a page
// is escaped, so its quotes can never spell one.
const CARD_MARK = 'id="card-cart-';
const FORM_END = "</form>";

/** A card's "Add to cart" form in a page: its product and where it starts and ends. */
export type CardForm = { productId: number; start: number; end: number };

/** Every card's "Add to cart" form in `html`, in order (a product on two shelves has two). */
export function cardForms(html: string): CardForm[] {
  const forms: CardForm[] = [];
  let from = 0;
  for (let at = html.indexOf(CARD_MARK); at >= 0; at = html.indexOf(CARD_MARK, Math.max(from, at + CARD_MARK.length))) {
    const idStart = at + CARD_MARK.length;
    const start = html.lastIndexOf("<form", at);
    const end = html.indexOf(FORM_END, at);
    if (start < from || end < 0) continue;
    forms.push({ productId: Number(html.slice(idStart, html.indexOf('"', idStart))), start, end: end + FORM_END.length });
    from = end + FORM_END.length;
  }
  return forms;
}

/** The page with each in-cart card's "Add to cart" form replaced by its −/+ control. */
export function withCardControls(html: string, controls: ReadonlyMap<number, string>): string {
  if (controls.size === 0) return html;
  const pieces: string[] = [];
  let from = 0;
  for (const form of cardForms(html)) {
    const control = controls.get(form.productId);
    if (control === undefined) continue;
    pieces.push(html.slice(from, form.start), control);
    from = form.end;
  }
  if (pieces.length === 0) return html;
  pieces.push(html.slice(from));
  return pieces.join("");
}
