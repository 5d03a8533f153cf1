import { and, count, eq, gt, gte, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products, users } from "../db/schema";
import { orders } from "../db/shop-tables";
import { storeDayOf } from "./date-range";

export type DashboardFigures = {
  activeProducts: number;
  lowStock: number;
  outOfStock: number;
  pendingCategories: number;
  pendingManagers: number;
  ordersToPack: number;
};

export type TodayFigures = { orders: number; revenueCents: number; averageBasketCents: number };

/** Today, the store's day (STORE_TIMEZONE) containing `now`: orders placed and not cancelled, what they came to, the average basket. */
export async function todayFigures(db: Database, now: Date, timeZone: string): Promise<TodayFigures> {
  const day = storeDayOf(now, timeZone);
  const [row] = await db
    .select({ orders: count(), revenue: sql<number>`coalesce(sum(${orders.totalCents}), 0)` })
    .from(orders)
    .where(and(gte(orders.placedAt, day.from), lt(orders.placedAt, day.to), ne(orders.status, "cancelled")));
  const placed = row?.orders ?? 0;
  const revenueCents = Number(row?.revenue ?? 0);
  return { orders: placed, revenueCents, averageBasketCents: placed ? Math.round(revenueCents / placed) : 0 };
}

export async function dashboardFigures(db: Database): Promise<DashboardFigures> {
  const [stock] = await db
    .select({
      activeProducts: count(),
      lowStock: sql<number>`coalesce(sum(case when ${products.stock} > 0 and ${products.stock} <= ${products.lowStockThreshold} then 1 else 0 end), 0)`,
      outOfStock: sql<number>`coalesce(sum(case when ${products.stock} = 0 then 1 else 0 end), 0)`,
    })
    .from(products)
    .where(eq(products.active, true));
  const [pendingCategories] = await db.select({ n: count() }).from(categories).where(eq(categories.status, "pending"));
  const [pendingManagers] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "manager"), isNull(users.approvedAt), isNull(users.deactivatedAt)));
  const [toPack] = await db.select({ n: count() }).from(orders).where(eq(orders.status, "placed"));
  return {
    ordersToPack: toPack?.n ?? 0,
    activeProducts: stock?.activeProducts ?? 0,
    lowStock: Number(stock?.lowStock ?? 0),
    outOfStock: Number(stock?.outOfStock ?? 0),
    pendingCategories: pendingCategories?.n ?? 0,
    pendingManagers: pendingManagers?.n ?? 0,
  };
}

export async function lowStockProducts(db: Database, limit = 20) {
  return db
    .select({ id: products.id, name: products.name, stock: products.stock, unit: products.unit, threshold: products.lowStockThreshold })
    .from(products)
    .where(and(eq(products.active, true), lte(products.stock, products.lowStockThreshold), gt(products.lowStockThreshold, 0)))
    .orderBy(products.stock)
    .limit(limit);
}
