import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { pickRecords, type PickRecord } from "../db/picking-tables";
import { products } from "../db/schema";
import { orderItems, orders, promoCodes, type Order, type OrderItem } from "../db/shop-tables";
import type { VatRates } from "../tax/vat";
import type { LinePick, OrderedLine, OrderForFinal, PromoRule, SubstituteProduct } from "./final-amounts";

/*
 * Reading an order for picking: its ordered lines (substitutes are lines of their own, linked to
 * the line they replace), what the picker recorded, and the products picked instead as they are now.
 */

export const orderedLineOf = (item: OrderItem, vatRates: VatRates): OrderedLine => ({
  id: item.id,
  productId: item.productId,
  name: item.name,
  unit: item.unit,
  quantity: item.quantity,
  priceCents: item.priceCents,
  lineTotalCents: item.lineTotalCents,
  pricePerKgCents: item.pricePerKgCents,
  estimatedWeightGrams: item.estimatedWeightGrams,
  vatRateBp: item.vatRateBp ?? vatRates.standard,
  allowSubstitute: item.allowSubstitute,
});

export async function orderedItems(db: Database, orderId: number): Promise<OrderItem[]> {
  return db.select().from(orderItems).where(and(eq(orderItems.orderId, orderId), isNull(orderItems.substituteForItemId))).orderBy(orderItems.id);
}

export async function substituteItems(db: Database, orderId: number): Promise<OrderItem[]> {
  return (await db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(orderItems.id)).filter((item) => item.substituteForItemId !== null);
}

export async function pickRecordsOf(db: Database, orderId: number): Promise<PickRecord[]> {
  return db.select().from(pickRecords).where(eq(pickRecords.orderId, orderId));
}

/** Products as a substitute is charged: the shelf price now, the VAT rate of its class. */
export async function substituteProducts(db: Database, ids: number[], vatRates: VatRates): Promise<Map<number, SubstituteProduct & { active: boolean; stock: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(products).where(inArray(products.id, ids));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        productId: row.id,
        name: row.name,
        unit: row.unit,
        priceCents: row.priceCents,
        pricePerKgCents: row.pricePerKgCents,
        estimatedWeightGrams: row.estimatedWeightGrams,
        vatRateBp: vatRates[row.vatClass],
        active: row.active,
        stock: row.stock,
      },
    ]),
  );
}

/** A record as the final-amount rules read it; null when its substitute product is gone. */
export function linePickOf(record: PickRecord, shelf: Map<number, SubstituteProduct>): LinePick | null {
  if (record.substituteProductId === null) return { pickedQuantity: record.pickedQuantity, pickedWeightGrams: record.pickedWeightGrams, substitute: null };
  const product = shelf.get(record.substituteProductId);
  if (!product) return null;
  return {
    pickedQuantity: record.pickedQuantity,
    pickedWeightGrams: record.pickedWeightGrams,
    substitute: { ...product, quantity: record.substituteQuantity ?? 0, weightGrams: record.substituteWeightGrams },
  };
}

/** The order's promo rule as it was at checkout (null when none, or when the code was deleted since). */
export async function promoRuleOf(db: Database, order: Pick<Order, "promoCodeId">): Promise<PromoRule> {
  if (order.promoCodeId === null) return null;
  const [promo] = await db.select({ kind: promoCodes.kind, value: promoCodes.value }).from(promoCodes).where(eq(promoCodes.id, order.promoCodeId));
  return promo ?? null;
}

export async function orderForFinal(db: Database, order: Order, items: OrderItem[], vatRates: VatRates): Promise<OrderForFinal> {
  return {
    lines: items.map((item) => orderedLineOf(item, vatRates)),
    promo: await promoRuleOf(db, order),
    checkoutDiscountCents: order.discountCents,
    feeCents: order.deliveryFeeCents,
    feeVatRateBp: order.deliveryFeeVatRateBp ?? vatRates.standard,
  };
}

export async function findOrder(db: Database, orderId: number): Promise<Order | null> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  return order ?? null;
}
