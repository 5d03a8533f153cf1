import { eq } from "drizzle-orm";
import { quantityLabel } from "../catalog/units";
import type { Database } from "../db/client";
import { users, type Unit } from "../db/schema";
import { orderItems, orders, type Order, type OrderStatus } from "../db/shop-tables";
import { queueEmail } from "../mail/send";
import { orderNumber, STATUS_LABELS } from "../orders/queries";

const logFailure = (msg: string, orderId: number, error: unknown) =>
  console.error(JSON.stringify({ level: "error", msg, orderId, error: String(error) }));

async function customerOf(db: Database, order: Pick<Order, "userId">) {
  const [person] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, order.userId));
  return person ?? null;
}

/**
 * Queues the order confirmation with its invoice for the shopper. The order is already placed,
 * so a failure is logged and never reaches the shopper.
 */
export async function queueOrderConfirmation(db: Database, now: Date, order: Order): Promise<void> {
  try {
    const person = await customerOf(db, order);
    if (!person) return;
    const items = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(orderItems.id);
    const address = order.fulfilment === "delivery" && order.deliveryAddress ? order.deliveryAddress.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : [];
    await queueEmail(db, now, {
      to: person.email,
      template: "order-confirmation",
      props: {
        name: person.name,
        orderNumber: orderNumber(order),
        placedAt: order.placedAt.toISOString().slice(0, 10),
        lines: items.map((item) => ({
          name: item.name,
          quantityLabel: quantityLabel(item.quantity, item.unit as Unit),
          unitPriceCents: item.priceCents,
          lineTotalCents: item.lineTotalCents,
        })),
        subtotalCents: order.subtotalCents,
        discountCents: order.discountCents,
        // Prices include tax and the store charges nothing for delivery.
        deliveryCents: 0,
        taxCents: 0,
        totalCents: order.totalCents,
        billingAddress: [person.name, ...address],
      },
    });
  } catch (error) {
    logFailure("order confirmation email not queued", order.id, error);
  }
}

/**
 * Queues "your order is now …" for the shopper after a status change (a move on the board or a
 * cancel). The change is already made, so a failure is logged, never shown.
 */
export async function queueOrderStatusEmail(db: Database, now: Date, orderId: number, status: OrderStatus): Promise<void> {
  try {
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    if (!order) return;
    const person = await customerOf(db, order);
    if (!person) return;
    const note = status === "cancelled" ? "Any stock you ordered is back on the shelf and you will not be charged." : undefined;
    await queueEmail(db, now, {
      to: person.email,
      template: "order-status",
      props: { name: person.name, orderNumber: orderNumber(order), statusLabel: STATUS_LABELS[status], ...(note ? { note } : {}) },
    });
  } catch (error) {
    logFailure("order status email not queued", orderId, error);
  }
}
