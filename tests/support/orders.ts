import { expect } from "bun:test";
import { moveOrder, nextStatus } from "../../src/orders/board";
import { orderWithItems } from "../../src/orders/queries";
import { eq } from "drizzle-orm";
import { orders } from "../../src/db/shop-tables";
import { addToCart, checkout, newShopper, type Shelves } from "./shop";
import type { TestStore } from "./store";

/** Moves the order step by step to completed, as staff do on the board (the invoice is issued then). */
export async function completeOrder(store: TestStore, orderId: number) {
  for (;;) {
    const order = (await orderWithItems(store.db, orderId))!;
    const next = nextStatus(order);
    if (!next) return;
    const moved = await moveOrder(store.database, orderId, next, { actorId: order.userId, now: store.clock.now(), config: store.config });
    expect(moved).toEqual({ ok: true });
  }
}

/** A new shopper's order of these lines through the shop's own checkout, at the store clock's current time. */
export async function sell(store: TestStore, shelves: Shelves, lines: [keyof Shelves, string][]) {
  const { agent, user } = await newShopper(store);
  for (const [shelf, quantity] of lines) await addToCart(agent, shelves[shelf], quantity);
  const { response } = await checkout(agent);
  expect(response.status).toBe(303);
  return (await store.db.select().from(orders).where(eq(orders.userId, user.id)))[0]!;
}
