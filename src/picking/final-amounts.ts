import { discountCents, lineTotalCents } from "../cart/pricing";
import { taxBasket } from "../tax/vat";
import { heaviestPick, isWeighedLine, weighedChargeCents } from "./max-charge";
import type { OrderLine } from "../orders/line";

/*
 * The final amount of a picked order, as ADR 029 defines it, with no database in sight: each
 * line's charge from what was picked, substitutes charged at most what the line they replace
 * would have cost, the promo re-applied on the final subtotal, VAT per ADR 015, and the stock
 * each line gives back or takes. completePick (complete.ts) writes exactly this in one unit.
 */

/** An ordered line as checkout stored it. */
export type OrderedLine = OrderLine & { id: number; vatRateBp: number };

/** The product picked instead, as it is on the shelf now. */
export type SubstituteProduct = {
  productId: number;
  name: string;
  unit: string;
  priceCents: number;
  pricePerKgCents: number | null;
  estimatedWeightGrams: number | null;
  vatRateBp: number;
};

/** What the picker recorded for a line (absent: picked in full as ordered, at its estimate). */
export type LinePick = {
  pickedQuantity: number;
  pickedWeightGrams: number | null;
  substitute: (SubstituteProduct & { quantity: number; weightGrams: number | null }) | null;
};

export type PickProblem = { lineId: number; field: "picked_quantity" | "picked_weight" | "substitute" | "substitute_quantity" | "substitute_weight" | "barcode"; message: string };

const WHOLE_UNITS = new Set(["each", "dozen"]);
const grams = (value: number) => `${(value / 1000).toLocaleString("en-IE", { maximumFractionDigits: 3 })} kg`;

/** Whether a record is possible for a line: within what was ordered, within the weight tolerance, a substitute only where allowed. */
export function pickProblems(line: OrderedLine, pick: LinePick, toleranceBp: number): PickProblem[] {
  const problems: PickProblem[] = [];
  const problem = (field: PickProblem["field"], message: string) => problems.push({ lineId: line.id, field, message });
  const kgLine = isWeighedLine(line) && line.pricePerKgCents === null;
  const most = kgLine ? heaviestPick(line, toleranceBp) : line.quantity;
  if (!Number.isInteger(pick.pickedQuantity) || pick.pickedQuantity < 0) problem("picked_quantity", "Enter how many were picked (0 or more).");
  else if (pick.pickedQuantity > most) {
    problem("picked_quantity", kgLine ? `At most ${grams(most)} of ${line.name} may be picked (${toleranceBp / 100} % over the ${grams(line.quantity)} ordered): pick less.` : `Only ${line.quantity / 1000} ${line.name} were ordered.`);
  } else if (WHOLE_UNITS.has(line.unit) && pick.pickedQuantity % 1000 !== 0) problem("picked_quantity", "Pick whole items.");
  if (line.pricePerKgCents !== null && pick.pickedQuantity > 0) {
    const heaviest = heaviestPick({ ...line, quantity: pick.pickedQuantity }, toleranceBp);
    if (pick.pickedWeightGrams === null || !Number.isInteger(pick.pickedWeightGrams) || pick.pickedWeightGrams <= 0) problem("picked_weight", `Weigh ${line.name} and enter its weight.`);
    else if (pick.pickedWeightGrams > heaviest) problem("picked_weight", `${grams(pick.pickedWeightGrams)} is more than ${toleranceBp / 100} % over the estimate (at most ${grams(heaviest)}): pick a lighter one.`);
  }
  if (pick.substitute) problems.push(...substituteProblems(line, pick, pick.substitute));
  return problems;
}

function substituteProblems(line: OrderedLine, pick: LinePick, substitute: NonNullable<LinePick["substitute"]>): PickProblem[] {
  const problem = (field: PickProblem["field"], message: string): PickProblem => ({ lineId: line.id, field, message });
  if (!line.allowSubstitute) return [problem("substitute", "The shopper asked for no substitute for this line.")];
  if (substitute.productId === line.productId) return [problem("substitute", "A substitute must be another product.")];
  if (pick.pickedQuantity >= line.quantity) return [problem("substitute", "Everything ordered was picked: there is nothing to substitute.")];
  if (!Number.isInteger(substitute.quantity) || substitute.quantity <= 0) return [problem("substitute_quantity", "Enter how many of the substitute were picked.")];
  if (WHOLE_UNITS.has(substitute.unit) && substitute.quantity % 1000 !== 0) return [problem("substitute_quantity", "Pick whole items of the substitute.")];
  if (substitute.pricePerKgCents !== null && (substitute.weightGrams === null || substitute.weightGrams <= 0)) return [problem("substitute_weight", `Weigh ${substitute.name} and enter its weight.`)];
  return [];
}

/** What the picked part of an ordered line costs. */
export function pickedChargeCents(line: OrderedLine, pick: LinePick): number {
  if (line.pricePerKgCents !== null) return pick.pickedQuantity === 0 ? 0 : weighedChargeCents(line, pick.pickedWeightGrams ?? 0);
  return lineTotalCents({ priceCents: line.priceCents, quantity: pick.pickedQuantity });
}

/**
 * What the part of a line not picked would have cost: the line's estimate less the picked part's,
 * so the two never add up to more than the line (rounding each part alone could add a cent).
 */
export const replacedCents = (line: OrderedLine, pick: LinePick): number =>
  Math.max(0, line.lineTotalCents - lineTotalCents({ priceCents: line.priceCents, quantity: pick.pickedQuantity }));

/** A substitute costs its own price, but never more than the part of the line it replaces would have ("you never pay more"). */
export function substituteChargeCents(line: OrderedLine, pick: LinePick, substitute: NonNullable<LinePick["substitute"]>): number {
  const own = substitute.pricePerKgCents !== null ? weighedChargeCents(substitute, substitute.weightGrams ?? 0) : lineTotalCents(substitute);
  return Math.min(own, replacedCents(line, pick));
}

export type ChargedLine = { lineId: number; pickedQuantity: number; pickedWeightGrams: number | null; chargedCents: number; discountCents: number; vatCents: number };
export type ChargedSubstitute = SubstituteProduct & {
  substituteFor: number;
  quantity: number;
  weightGrams: number | null;
  lineTotalCents: number;
  chargedCents: number;
  discountCents: number;
  vatCents: number;
};

export type PromoRule = { kind: "percent" | "fixed"; value: number } | null;

export type FinalAmounts = {
  lines: ChargedLine[];
  substitutes: ChargedSubstitute[];
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  feeCents: number;
  /** What the shopper pays: total plus the fee. */
  amountDueCents: number;
  vatCents: number;
  /** Stock to give back (positive) or take (negative), per product. */
  stock: Map<number, number>;
};

export type OrderForFinal = {
  lines: OrderedLine[];
  /** The promo at checkout (null: none); `checkoutDiscountCents` stands in if the code is gone. */
  promo: PromoRule;
  checkoutDiscountCents: number;
  feeCents: number;
  feeVatRateBp: number;
};

/** The discount on the final subtotal (ADR 029): the code's rule re-applied; a code met at checkout stays met. */
export function finalDiscountCents(order: Pick<OrderForFinal, "promo" | "checkoutDiscountCents">, subtotal: number): number {
  return order.promo ? discountCents(order.promo, subtotal) : Math.min(order.checkoutDiscountCents, subtotal);
}

const asOrdered = (line: OrderedLine): LinePick => ({
  pickedQuantity: line.quantity,
  pickedWeightGrams: line.pricePerKgCents !== null ? Math.round(((line.estimatedWeightGrams ?? 0) * line.quantity) / 1000) : null,
  substitute: null,
});

/** The final amounts of an order from its picks (lines without one: picked as ordered, at the estimate). */
export function finalAmounts(order: OrderForFinal, picks: Map<number, LinePick>): FinalAmounts {
  const stock = new Map<number, number>();
  const move = (productId: number, delta: number) => stock.set(productId, (stock.get(productId) ?? 0) + delta);
  const charged: { lineId: number | null; gross: number; rateBp: number }[] = [];
  const lines: Omit<ChargedLine, "discountCents" | "vatCents">[] = [];
  const substitutes: Omit<ChargedSubstitute, "discountCents" | "vatCents">[] = [];
  for (const line of order.lines) {
    const pick = picks.get(line.id) ?? asOrdered(line);
    const chargedCents = pickedChargeCents(line, pick);
    lines.push({ lineId: line.id, pickedQuantity: pick.pickedQuantity, pickedWeightGrams: line.pricePerKgCents !== null && pick.pickedQuantity > 0 ? pick.pickedWeightGrams : null, chargedCents });
    charged.push({ lineId: line.id, gross: chargedCents, rateBp: line.vatRateBp });
    move(line.productId, line.quantity - pick.pickedQuantity);
    if (pick.substitute) {
      const substitute = pick.substitute;
      const subCharge = substituteChargeCents(line, pick, substitute);
      substitutes.push({ ...substitute, substituteFor: line.id, lineTotalCents: lineTotalCents(substitute), chargedCents: subCharge });
      charged.push({ lineId: null, gross: subCharge, rateBp: substitute.vatRateBp });
      move(substitute.productId, -substitute.quantity);
    }
  }
  const subtotalCents = charged.reduce((sum, line) => sum + line.gross, 0);
  const discount = finalDiscountCents(order, subtotalCents);
  const taxed = taxBasket(charged.map((line) => ({ grossCents: line.gross, rateBp: line.rateBp })), discount, { grossCents: order.feeCents, rateBp: order.feeVatRateBp });
  const lineTax = taxed.lines.slice(0, charged.length);
  const chargedLines = lines.map((line) => {
    const at = charged.findIndex((entry) => entry.lineId === line.lineId);
    return { ...line, discountCents: lineTax[at]!.discountCents, vatCents: lineTax[at]!.vatCents };
  });
  const substituteTax = lineTax.filter((_, i) => charged[i]!.lineId === null);
  const chargedSubstitutes = substitutes.map((substitute, i) => ({ ...substitute, discountCents: substituteTax[i]!.discountCents, vatCents: substituteTax[i]!.vatCents }));
  const totalCents = subtotalCents - discount;
  return {
    lines: chargedLines,
    substitutes: chargedSubstitutes,
    subtotalCents,
    discountCents: discount,
    totalCents,
    feeCents: order.feeCents,
    amountDueCents: totalCents + order.feeCents,
    vatCents: taxed.vatCents,
    stock,
  };
}
