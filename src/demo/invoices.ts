import { and, asc, eq, like, notExists, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { BoundStatement, DatabaseHandle } from "../db/client";
import { invoices } from "../db/invoice-tables";
import { orders } from "../db/shop-tables";
import { invoiceStatements } from "../invoices/issue";
import { invoiceContext } from "../invoices/seller";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Demo orders are completed two days after they were placed (src/demo/orders.ts). */
const COMPLETED_AFTER_MS = 2 * DAY_MS;

/**
 * The demo's completed orders get the invoice a completed order has (ADR 026), issued through the
 * invoice domain's one entry point, oldest first so numbers follow the days, all in one unit. Also
 * run on every start of a demo store, so a demo database seeded before invoices existed gets them.
 */
export async function issueDemoInvoices(handle: DatabaseHandle, config: Config, now: Date): Promise<number> {
  const { db } = handle;
  const owed = await db
    .select({ id: orders.id, placedAt: orders.placedAt })
    .from(orders)
    .where(
      and(
        eq(orders.status, "completed"),
        like(orders.idempotencyKey, "demo-order-%"),
        notExists(db.select({ one: sql`1` }).from(invoices).where(and(eq(invoices.orderId, orders.id), eq(invoices.kind, "invoice")))),
      ),
    )
    .orderBy(asc(orders.placedAt), asc(orders.id));
  const statements: BoundStatement[] = [];
  for (const order of owed) {
    const completedAt = new Date(Math.min(order.placedAt.getTime() + COMPLETED_AFTER_MS, now.getTime()));
    statements.push(...(await invoiceStatements(db, order.id, invoiceContext(config, completedAt))));
  }
  const [first, ...rest] = statements;
  if (first) await handle.atomic([first, ...rest]);
  return owed.length;
}
