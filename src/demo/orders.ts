import { sql } from "drizzle-orm";
import { lineTotalCents } from "../cart/pricing";
import { tallyAllSales } from "../catalog/popularity";
import type { DatabaseHandle, Statement } from "../db/client";
import { products } from "../db/schema";
import { orderItems, orders, type OrderStatus } from "../db/shop-tables";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A small deterministic generator, so every demo store has the same history. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/**
 * Four weeks of past orders by the demo shopper, so the dashboard, reports, popularity sort and
 * order history have something to show. Lines are at today's prices (the database insists);
 * stock is left as seeded, as if the shelves had been refilled since.
 */
export async function seedDemoOrders(handle: DatabaseHandle, shopperId: number, now: Date, count = 48): Promise<void> {
  const { db } = handle;
  const shelf = await db
    .select({ id: products.id, name: products.name, unit: products.unit, step: products.step, priceCents: products.priceCents })
    .from(products)
    .where(sql`${products.stock} > 0`);
  if (shelf.length === 0) return;
  const random = generator(42);
  const statements: Statement[] = [];
  for (let n = 0; n < count; n++) {
    const placedAt = new Date(now.getTime() - Math.floor(random() * 28 * DAY_MS) - DAY_MS / 2);
    const ageDays = (now.getTime() - placedAt.getTime()) / DAY_MS;
    const status: OrderStatus = ageDays > 2 ? "completed" : ageDays > 1 ? "picked" : "placed";
    const picked = new Map<number, (typeof shelf)[number]>();
    const lineCount = Math.min(1 + Math.floor(random() * 5), shelf.length, 60);
    while (picked.size < lineCount) {
      const product = shelf[Math.floor(random() * Math.min(shelf.length, 60))]!;
      picked.set(product.id, product);
    }
    const lines = [...picked.values()].map((product) => {
      const quantity = product.step * (1 + Math.floor(random() * 3));
      return { ...product, quantity, lineTotalCents: lineTotalCents({ priceCents: product.priceCents, quantity }) };
    });
    const subtotal = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
    const key = `demo-order-${n}`;
    statements.push(
      db.insert(orders).values({
        userId: shopperId,
        status,
        fulfilment: n % 3 === 0 ? "delivery" : "pickup",
        deliveryAddress: n % 3 === 0 ? "12 Orchard Lane, Cork" : null,
        subtotalCents: subtotal,
        totalCents: subtotal,
        idempotencyKey: key,
        requestHash: key,
        placedAt,
        updatedAt: placedAt,
      }),
      ...lines.map((line) =>
        db.insert(orderItems).values({
          orderId: sql`(select ${orders.id} from ${orders} where ${orders.userId} = ${shopperId} and ${orders.idempotencyKey} = ${key})`,
          productId: line.id,
          name: line.name,
          unit: line.unit,
          quantity: line.quantity,
          priceCents: line.priceCents,
          lineTotalCents: line.lineTotalCents,
        }),
      ),
    );
  }
  const [first, ...rest] = statements;
  if (first) await handle.atomic([first, ...rest]);
  await tallyAllSales(handle);
}
