import { expect } from "bun:test";
import { moveOrder, nextStatus } from "../../src/orders/board";
import { orderWithItems } from "../../src/orders/queries";
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
