import type { Database } from "../db/client";
import type { PromoCode } from "../db/shop-tables";
import { customerUses, findPromo } from "../promotions/queries";
import { judgePromo } from "../promotions/rules";
import { cartLines, findCart, type CartLine, type CartOwner } from "./carts";
import { lineTotalCents, totals, type Totals } from "./pricing";

export type SummaryLine = CartLine & {
  lineTotalCents: number;
  /** Why this line cannot be bought as it stands, if it cannot. */
  problem: string | null;
};

export type CartSummary = Totals & {
  cartId: number | null;
  promoCode: string | null;
  /** The promo that applies, or null; `promoProblem` says why a code on the cart does not apply. */
  promo: PromoCode | null;
  promoProblem: string | null;
  lines: SummaryLine[];
};

const EMPTY: CartSummary = { cartId: null, promoCode: null, promo: null, promoProblem: null, lines: [], subtotalCents: 0, discountCents: 0, totalCents: 0 };

function lineProblem(line: CartLine): string | null {
  if (!line.onSale) return "No longer sold";
  if (line.stock === 0) return "Out of stock";
  if (line.quantity > line.stock) return "Not enough in stock";
  return null;
}

/**
 * Everything the cart page, checkout and the API show about a cart, priced on the server from
 * the database. Lines that cannot be bought are listed but not counted in the totals.
 */
export async function summarizeCart(
  db: Database,
  owner: CartOwner | null,
  context: { userId: number | null; now: Date; money: (cents: number) => string },
): Promise<CartSummary> {
  const cart = owner ? await findCart(db, owner) : null;
  if (!cart) return EMPTY;
  const lines = (await cartLines(db, cart.id)).map((line) => ({ ...line, lineTotalCents: lineTotalCents(line), problem: lineProblem(line) }));
  const buyable = lines.filter((line) => !line.problem);
  const before = totals(buyable, null);

  let promo: PromoCode | null = null;
  let promoProblem: string | null = null;
  if (cart.promoCode) {
    const found = await findPromo(db, cart.promoCode);
    if (!found) promoProblem = `We don't know the code ${cart.promoCode}.`;
    else {
      const uses = context.userId === null ? null : await customerUses(db, found.id, context.userId);
      const verdict = judgePromo(found, { subtotalCents: before.subtotalCents, customerUses: uses, now: context.now, money: context.money });
      if (verdict.ok) promo = found;
      else promoProblem = verdict.message;
    }
  }
  return { cartId: cart.id, promoCode: cart.promoCode, promo, promoProblem, lines, ...totals(buyable, promo) };
}
