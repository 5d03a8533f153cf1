import { eq, type SQL } from "drizzle-orm";
import { quantityLabel } from "../catalog/units";
import type { Database } from "../db/client";
import { users, type Unit } from "../db/schema";
import { orders, type Order, type OrderStatus } from "../db/shop-tables";
import { emailJobTemplate, queueEmail, type QueuedEmail } from "../mail/send";
import { orderNumber, orderNumberSql, STATUS_LABELS } from "../orders/queries";

const logFailure = (msg: string, orderId: number, error: unknown) =>
  console.error(JSON.stringify({ level: "error", msg, orderId, error: String(error) }));

export async function customerOf(db: Database, order: Pick<Order, "userId">) {
  const [person] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, order.userId));
  return person ?? null;
}

export type PlacedOrder = {
  customer: { name: string; email: string };
  placedAt: Date;
  fulfilment: Order["fulfilment"];
  deliveryAddress: string | null;
  lines: { name: string; unit: Unit; quantity: number; priceCents: number; lineTotalCents: number }[];
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
};

/** The order confirmation with its invoice; `orderNumber` is filled in by the template below. */
export function orderConfirmationEmail(order: PlacedOrder): QueuedEmail<"order-confirmation"> {
  const address = order.fulfilment === "delivery" && order.deliveryAddress ? order.deliveryAddress.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : [];
  return {
    to: order.customer.email,
    template: "order-confirmation",
    props: {
      name: order.customer.name,
      orderNumber: "",
      placedAt: order.placedAt.toISOString().slice(0, 10),
      lines: order.lines.map((line) => ({
        name: line.name,
        quantityLabel: quantityLabel(line.quantity, line.unit),
        unitPriceCents: line.priceCents,
        lineTotalCents: line.lineTotalCents,
      })),
      subtotalCents: order.subtotalCents,
      discountCents: order.discountCents,
      // Prices include tax and the store charges nothing for delivery.
      deliveryCents: 0,
      taxCents: 0,
      totalCents: order.totalCents,
      billingAddress: [order.customer.name, ...address],
    },
  };
}

/**
 * Queues the confirmation inside checkout's atomic unit, so it exists if and only if the order does;
 * the order's number is SQL there, as its id is not known yet.
 */
export const orderConfirmationTemplate = (db: Database, orderId: SQL) => emailJobTemplate(db, { orderNumber: orderNumberSql(orderId) });

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
