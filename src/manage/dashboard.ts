import { and, count, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { categories, products, users } from "../db/schema";

export type DashboardFigures = {
  activeProducts: number;
  lowStock: number;
  outOfStock: number;
  pendingCategories: number;
  pendingManagers: number;
};

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
  return {
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
