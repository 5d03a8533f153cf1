import type { Database } from "../db/client";
import type { Cart, PromoCode } from "../db/shop-tables";
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

export const EMPTY_CART: CartSummary = { cartId: null, cartVersion: null, promoCode: null, promo: null, promoProblem: null, lines: [], subtotalCents: 0, discountCents: 0, totalCents: 0 };

function lineProblem(line: CartLine): string | null {
  if (!line.onSale) return "No longer sold";
  if (line.stock === 0) return "Out of stock";
  if (line.quantity > line.stock) return "Not enough in stock";
  return null;
}

export type CodeVerdict = { ok: true; promo: PromoCode } | { ok: false; message: string };

/** The verdict on a code once its row (null: no such code) and the shopper's uses of it are known. */
export function verdictOn(code: string, found: PromoCode | null, uses: number | null, subtotalCents: number, context: SummaryContext): CodeVerdict {
  if (!found) return { ok: false, message: `We don't know the code ${code}.` };
  const verdict = judgePromo(found, { subtotalCents, customerUses: uses, now: context.now, money: context.money });
  return verdict.ok ? { ok: true, promo: found } : verdict;
}

/** Whether a code applies to a cart with this subtotal now, for this shopper, and if not why. */
export async function judgeCode(db: Database, code: string, subtotalCents: number, context: SummaryContext): Promise<CodeVerdict> {
  const found = await findPromo(db, code);
  const uses = found && context.userId !== null ? await customerUses(db, found.id, context.userId) : null;
  return verdictOn(code, found, uses, subtotalCents, context);
}

export type SummaryContext = { userId: number | null; now: Date; money: (cents: number) => string };

/** A cart's lines priced, with why each one can't be bought (if it can't). */
export const pricedLines = (lines: CartLine[]): SummaryLine[] => lines.map((line) => ({ ...line, lineTotalCents: lineTotalCents(line), problem: lineProblem(line) }));

/** What a promo code is judged on: the subtotal of the lines that can be bought, before any discount. */
export const subtotalBeforePromo = (lines: SummaryLine[]): number => totals(lines.filter((line) => !line.problem), null).subtotalCents;

/** The summary of a cart whose lines are priced and whose code (if any) was judged on subtotalBeforePromo(). */
export function summaryOf(cart: Pick<Cart, "id" | "version" | "promoCode">, lines: SummaryLine[], judged: CodeVerdict | null): CartSummary {
  const promo = judged?.ok ? judged.promo : null;
  const promoProblem = judged && !judged.ok ? judged.message : null;
  const buyable = lines.filter((line) => !line.problem);
  return { cartId: cart.id, cartVersion: cart.version, promoCode: cart.promoCode, promo, promoProblem, lines, ...totals(buyable, promo) };
}

/**
 * Everything the cart page, checkout and the API show about a cart, priced on the server from
 * the database. Lines that cannot be bought are listed but not counted in the totals. (Checkout
 * reads the same facts in one statement, src/checkout/checkout-read.ts, and sums them with summaryOf.)
 */
export async function summarizeCart(
  db: Database,
  owner: CartOwner | null,
  context: SummaryContext,
): Promise<CartSummary> {
  const cart = owner ? await findCart(db, owner) : null;
  if (!cart) return EMPTY_CART;
  const lines = pricedLines(await cartLines(db, cart.id));
  const judged = cart.promoCode ? await judgeCode(db, cart.promoCode, subtotalBeforePromo(lines), context) : null;
  return summaryOf(cart, lines, judged);
}
