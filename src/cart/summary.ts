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
  /** The cart's version when it was read (before its lines): checkout orders this version or nothing. */
  cartVersion: number | null;
  promoCode: string | null;
  /** The promo that applies, or null; `promoProblem` says why a code on the cart does not apply. */
  promo: PromoCode | null;
  promoProblem: string | null;
  lines: SummaryLine[];
};

const EMPTY: CartSummary = { cartId: null, cartVersion: null, promoCode: null, promo: null, promoProblem: null, lines: [], subtotalCents: 0, discountCents: 0, totalCents: 0 };

function lineProblem(line: CartLine): string | null {
  if (!line.onSale) return "No longer sold";
  if (line.stock === 0) return "Out of stock";
  if (line.quantity > line.stock) return "Not enough in stock";
  return null;
}

export type CodeVerdict = { ok: true; promo: PromoCode } | { ok: false; message: string };

/** Whether a code applies to a cart with this subtotal now, for this shopper, and if not why. */
export async function judgeCode(db: Database, code: string, subtotalCents: number, context: SummaryContext): Promise<CodeVerdict> {
  const found = await findPromo(db, code);
  if (!found) return { ok: false, message: `We don't know the code ${code}.` };
  const uses = context.userId === null ? null : await customerUses(db, found.id, context.userId);
  const verdict = judgePromo(found, { subtotalCents, customerUses: uses, now: context.now, money: context.money });
  return verdict.ok ? { ok: true, promo: found } : verdict;
}

export type SummaryContext = { userId: number | null; now: Date; money: (cents: number) => string };

/**
 * Everything the cart page, checkout and the API show about a cart, priced on the server from
 * the database. Lines that cannot be bought are listed but not counted in the totals.
 */
export async function summarizeCart(
  db: Database,
  owner: CartOwner | null,
  context: SummaryContext,
): Promise<CartSummary> {
  const cart = owner ? await findCart(db, owner) : null;
  if (!cart) return EMPTY;
  const lines = (await cartLines(db, cart.id)).map((line) => ({ ...line, lineTotalCents: lineTotalCents(line), problem: lineProblem(line) }));
  const buyable = lines.filter((line) => !line.problem);
  const before = totals(buyable, null);

  const judged = cart.promoCode ? await judgeCode(db, cart.promoCode, before.subtotalCents, context) : null;
  const promo = judged?.ok ? judged.promo : null;
  const promoProblem = judged && !judged.ok ? judged.message : null;
  return { cartId: cart.id, cartVersion: cart.version, promoCode: cart.promoCode, promo, promoProblem, lines, ...totals(buyable, promo) };
}
