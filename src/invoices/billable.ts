import { inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { products, type Unit } from "../db/schema";
import type { OrderWithItems } from "../orders/queries";
import { vatInGross, type VatRates } from "../tax/vat";

/*
 * What an invoice bills for an order: read through this ONE function, so the amounts picked and
 * finally charged (weights, short picks, substitutes) replace the amounts ordered in one place.
 */

export type BillableGoods = {
  /** Null on a credit note's line for an amount refunded rather than a product. */
  productId: number | null;
  description: string;
  unit: Unit;
  /** Thousandths of the unit. */
  quantity: number;
  unitPriceCents: number;
  /** Before the line's share of the order discount. */
  lineTotalCents: number;
  discountCents: number;
  vatRateBp: number;
  vatCents: number;
};

export type BillableFee = { description: string; grossCents: number; vatRateBp: number; vatCents: number };

export type Billable = { goods: BillableGoods[]; fee: BillableFee | null };

/**
 * The goods and the fee to bill for `order`, with the VAT each was sold with (ADR 015). Lines from
 * before VAT was recorded are taxed at their product's class now (the only rate there is to use).
 */
export async function billableLines(db: Database, order: OrderWithItems, vatRates: VatRates): Promise<Billable> {
  const untaxed = order.items.filter((item) => item.vatRateBp === null || item.vatCents === null).map((item) => item.productId);
  const classes = untaxed.length ? await db.select({ id: products.id, vatClass: products.vatClass }).from(products).where(inArray(products.id, untaxed)) : [];
  const classOf = new Map(classes.map((row) => [row.id, row.vatClass]));
  if (order.finalTotalCents !== null) return { goods: pickedGoods(order), fee: feeOf(order, vatRates) };
  const goods = order.items.map((item): BillableGoods => {
    const discountCents = item.discountCents ?? 0;
    const rateBp = item.vatRateBp ?? vatRates[classOf.get(item.productId) ?? "standard"];
    const vatCents = item.vatRateBp !== null && item.vatCents !== null ? item.vatCents : vatInGross(item.lineTotalCents - discountCents, rateBp);
    return {
      productId: item.productId,
      description: item.name,
      unit: item.unit,
      quantity: item.quantity,
      unitPriceCents: item.priceCents,
      lineTotalCents: item.lineTotalCents,
      discountCents,
      vatRateBp: rateBp,
      vatCents,
    };
  });
  return { goods, fee: feeOf(order, vatRates) };
}

/**
 * A picked order bills what was picked and charged (ADR 029): picked quantities, weighed lines at
 * their weight, substitutes at what they were charged; unavailable lines and refused substitutes
 * are not billed. Discount shares and VAT are the ones the completion of the pick stored.
 */
function pickedGoods(order: OrderWithItems): BillableGoods[] {
  const names = new Map(order.items.map((item) => [item.id, item.name]));
  return order.items
    .filter((item) => item.refusedAt === null && (item.pickedQuantity ?? 0) > 0 && item.chargedCents !== null)
    .map((item) => {
      const weight = item.pickedWeightGrams !== null ? `, ${Number((item.pickedWeightGrams / 1000).toFixed(3))} kg` : "";
      const instead = item.substituteForItemId !== null ? ` (instead of ${names.get(item.substituteForItemId) ?? "an item"})` : "";
      return {
        productId: item.productId,
        description: `${item.name}${weight}${instead}`,
        unit: item.unit,
        quantity: item.pickedQuantity!,
        unitPriceCents: item.pricePerKgCents ?? item.priceCents,
        lineTotalCents: item.chargedCents!,
        discountCents: item.finalDiscountCents ?? 0,
        vatRateBp: item.vatRateBp ?? 0,
        vatCents: item.finalVatCents ?? 0,
      };
    });
}

function feeOf(order: OrderWithItems, vatRates: VatRates): BillableFee | null {
  return order.deliveryFeeCents > 0
      ? {
          description: order.fulfilment === "delivery" ? "Delivery" : "Collection",
          grossCents: order.deliveryFeeCents,
          vatRateBp: order.deliveryFeeVatRateBp ?? vatRates.standard,
          vatCents: order.deliveryFeeVatCents ?? vatInGross(order.deliveryFeeCents, order.deliveryFeeVatRateBp ?? vatRates.standard),
        }
      : null;
}
