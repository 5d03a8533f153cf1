import { and, asc, desc, eq, like, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { stockChangeFields, stockChangeRule, stockDelta } from "./contract";
import { quantityLabel } from "../catalog/units";
import type { DatabaseHandle, Database } from "../db/client";
import { categories, products, stockAdjustments, users, type StockReason, type Unit } from "../db/schema";

export const REASON_LABELS: Record<StockReason, string> = {
  delivery: "Delivery received",
  count_correction: "Count correction",
  spoilage: "Spoilage",
  other: "Other",
};

/** The stock screen's form: the stock-change contract (contract.ts) with the change typed as text. */
export const stockForm = z
  .object({
    change: z.string().trim().min(1, "Enter how much stock changes, like 12 or -1.5.").pipe(stockDelta),
    ...stockChangeFields,
  })
  .superRefine(stockChangeRule("change"));

export type StockRow = { id: number; name: string; categoryName: string; unit: Unit; stock: number; threshold: number; active: boolean };

export type StockFilter = "all" | "low" | "out";

const stockColumns = {
  id: products.id,
  name: products.name,
  categoryName: categories.name,
  unit: products.unit,
  stock: products.stock,
  threshold: products.lowStockThreshold,
  active: products.active,
};

/** Stock levels; "low" is at or below each product's own threshold (out of stock included). */
export async function stockLevels(db: Database, options: { filter?: StockFilter; q?: string } = {}): Promise<StockRow[]> {
  const filter = options.filter ?? "all";
  const q = options.q?.trim();
  return db
    .select(stockColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(
      and(
        filter === "low" ? lte(products.stock, products.lowStockThreshold) : undefined,
        filter === "out" ? eq(products.stock, 0) : undefined,
        q ? like(sql`lower(${products.name})`, `%${q.toLowerCase().replace(/[%_]/g, "")}%`) : undefined,
      ),
    )
    .orderBy(filter === "all" ? asc(products.name) : asc(sql`${products.stock} - ${products.lowStockThreshold}`), asc(products.name))
    .limit(500);
}

export async function stockRow(db: Database, productId: number): Promise<StockRow | null> {
  const [row] = await db.select(stockColumns).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(eq(products.id, productId));
  return row ?? null;
}

export type AdjustResult = { ok: true; row: StockRow } | { ok: false; status: 404 | 422; message: string };

/**
 * Changes stock and writes its audit row in one atomic unit. The database refuses a result
 * below zero (CHECK stock >= 0), which rolls back the audit row too; the trigger on products
 * raises a low-stock event if the change crosses the threshold.
 */
export async function adjustStock(
  handle: DatabaseHandle,
  change: { productId: number; delta: number; reason: StockReason; note: string | null; actorId: number; now: Date },
): Promise<AdjustResult> {
  const { db } = handle;
  const before = await stockRow(db, change.productId);
  if (!before) return { ok: false, status: 404, message: "No such product." };
  try {
    await handle.atomic([
      db.update(products).set({ stock: sql`${products.stock} + ${change.delta}`, updatedAt: change.now }).where(eq(products.id, change.productId)),
      db.insert(stockAdjustments).values({
        productId: change.productId,
        delta: change.delta,
        reason: change.reason,
        note: change.note,
        stockAfter: sql`(select ${products.stock} from ${products} where ${products.id} = ${change.productId})`,
        actorId: change.actorId,
        createdAt: change.now,
      }),
    ]);
  } catch (error) {
    if (!/products_stock_not_negative|CHECK constraint failed/.test(errorText(error))) throw error;
    const current = (await stockRow(db, change.productId)) ?? before;
    return {
      ok: false,
      status: 422,
      message: `Stock can't go below zero: only ${quantityLabel(current.stock, current.unit)} of ${current.name} is in stock.`,
    };
  }
  return { ok: true, row: (await stockRow(db, change.productId))! };
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(" | ");
}

export async function stockHistory(db: Database, productId: number, limit = 100) {
  return db
    .select({
      id: stockAdjustments.id,
      delta: stockAdjustments.delta,
      reason: stockAdjustments.reason,
      note: stockAdjustments.note,
      stockAfter: stockAdjustments.stockAfter,
      createdAt: stockAdjustments.createdAt,
      actorName: users.name,
    })
    .from(stockAdjustments)
    .leftJoin(users, eq(users.id, stockAdjustments.actorId))
    .where(eq(stockAdjustments.productId, productId))
    .orderBy(desc(stockAdjustments.id))
    .limit(limit);
}

export type StockHistoryEntry = Awaited<ReturnType<typeof stockHistory>>[number];
