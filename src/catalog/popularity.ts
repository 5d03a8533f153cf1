import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseHandle } from "../db/client";
import { products, salesTally } from "../db/schema";
import { orderItems, orders } from "../db/shop-tables";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";

/**
 * "Most popular" shelves sort by products.sold. Checkout does not count it: every line would
 * move three index entries of random products, most of what an order wrote to the database
 * (ADR 013). A tally folds the lines of new orders into it instead, a batch of orders per atomic
 * unit, each product once per batch. sales_tally holds the last order id counted.
 */
export const TALLY_BATCH_ORDERS = 50;

/** The last order id counted, as SQL, so a unit reads it inside its own transaction. */
export const talliedThrough = sql`(select ${salesTally.throughOrderId} from ${salesTally} where ${salesTally.id} = 1)`;

/**
 * Counts the next `batch` orders after the mark, cancelled ones excepted (a cancel before the
 * tally leaves nothing to take back; one after it takes its lines back, src/orders/cancel.ts).
 * Returns true while orders beyond the mark remain.
 */
export async function tallyNextOrders(handle: DatabaseHandle, batch = TALLY_BATCH_ORDERS): Promise<boolean> {
  const { db } = handle;
  const counted = db
    .select({ productId: orderItems.productId, units: sql<number>`sum(${orderItems.quantity})`.as("units") })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(gt(orderItems.orderId, talliedThrough), lte(orderItems.orderId, sql`${talliedThrough} + ${batch}`), ne(orders.status, "cancelled")))
    .groupBy(orderItems.productId)
    .as("counted");
  await handle.atomic([
    db
      .update(products)
      .set({ sold: sql`${products.sold} + ${counted.units}` })
      .from(counted)
      .where(eq(products.id, counted.productId)),
    db
      .update(salesTally)
      .set({ throughOrderId: sql`min(${salesTally.throughOrderId} + ${batch}, (select coalesce(max(${orders.id}), 0) from ${orders}))` })
      .where(eq(salesTally.id, 1)),
  ]);
  return (await untalliedOrders(db)) > 0;
}

/** Orders placed since the last tally. */
export async function untalliedOrders(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(orders).where(gt(orders.id, talliedThrough));
  return row?.n ?? 0;
}

/** Tallies until caught up, letting requests in between batches. */
export async function tallyAllSales(handle: DatabaseHandle, batch = TALLY_BATCH_ORDERS): Promise<void> {
  while (await tallyNextOrders(handle, batch)) await new Promise((resolve) => setImmediate(resolve));
}

export const TALLY_SALES = "tally-sales";

export const tallySalesJob = defineJob(TALLY_SALES, z.object({ slot: z.string() }), async ({ payload, context }) => {
  const before = await untalliedOrders(context.deps.database.db);
  await tallyAllSales(context.deps.database);
  return { payload: { slot: payload.slot, orders: before } };
});

export const queueSalesTally = (db: Database, slot: Date, now: Date) => enqueue(db, TALLY_SALES, { slot: slot.toISOString() }, now);
