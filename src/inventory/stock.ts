import { and, asc, desc, eq, like, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { parseQuantity } from "../cart/quantity";
import { quantityLabel } from "../catalog/units";
import type { DatabaseHandle, Database } from "../db/client";
import { categories, products, stockAdjustments, STOCK_REASONS, users, type StockReason, type Unit } from "../db/schema";

export const REASON_LABELS: Record<StockReason, string> = {
  delivery: "Delivery received",
  count_correction: "Count correction",
  spoilage: "Spoilage",
  other: "Other",
};

/** Reads a signed amount typed in the product's unit ("+12", "-1.5", "2,25") into exact thousandths. */
export function parseStockChange(input: string): { ok: true; milli: number } | { ok: false; message: string } {
  const text = input.trim();
  const negative = text.startsWith("-");
  const parsed = parseQuantity(text.replace(/^[+-]/, ""));
  if (!parsed.ok) return { ok: false, message: "Enter the change as a number in the product's unit, like 12 or -1.5." };
  if (parsed.milli === 0) return { ok: false, message: "Enter a change other than zero." };
  return { ok: true, milli: negative ? -parsed.milli : parsed.milli };
}

export const stockForm = z
  .object({
    change: z.string().trim().min(1, "Enter how much stock changes, like 12 or -1.5."),
    reason: z.enum(STOCK_REASONS, { message: "Pick a reason for the change." }),
    note: z.string().trim().max(200, "Keep the note under 200 characters.").optional().default(""),
  })
  .superRefine((form, ctx) => {
    const change = parseStockChange(form.change);
    if (!change.ok) return ctx.addIssue({ code: "custom", path: ["change"], message: change.message });
    if (form.reason === "delivery" && change.milli < 0) ctx.addIssue({ code: "custom", path: ["change"], message: "A delivery adds stock: enter a positive amount." });
    if (form.reason === "spoilage" && change.milli > 0) ctx.addIssue({ code: "custom", path: ["change"], message: "Spoilage removes stock: enter a negative amount, like -1.5." });
    if (form.reason === "other" && !form.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say what happened when the reason is Other." });
  });

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
