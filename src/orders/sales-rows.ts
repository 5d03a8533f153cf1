import { and, eq, gte, lt, ne } from "drizzle-orm";
import { categories, products } from "../db/schema";
import { orderItems, orders } from "../db/shop-tables";
import type { SalesSource } from "../reports/sales-source";

/**
 * Order lines placed in a period, for reports: cancelled orders don't count, and each line's
 * revenue carries its share of the order's discount (so lines add up to what was charged).
 */
export const orderSales: SalesSource = async (deps, period) => {
  const rows = await deps.database.db
    .select({
      orderId: orders.id,
      placedAt: orders.placedAt,
      productName: orderItems.name,
      categoryName: categories.name,
      quantityMilli: orderItems.quantity,
      lineTotalCents: orderItems.lineTotalCents,
      subtotalCents: orders.subtotalCents,
      discountCents: orders.discountCents,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(gte(orders.placedAt, period.start), lt(orders.placedAt, period.end), ne(orders.status, "cancelled")));
  return rows.map(({ lineTotalCents, subtotalCents, discountCents, ...row }) => ({
    ...row,
    revenueCents: lineTotalCents - (subtotalCents > 0 ? Math.round((discountCents * lineTotalCents) / subtotalCents) : 0),
  }));
};
