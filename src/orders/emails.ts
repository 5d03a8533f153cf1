import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { quantityLabel } from "../catalog/units";
import type { Database } from "../db/client";
import { jobs, users, type Unit } from "../db/schema";
import { StatementTemplate } from "../db/templates";
import { defineJob } from "../jobs/registry";
import { orders, type Order, type OrderStatus } from "../db/shop-tables";
import type { MailAttachment } from "../mail/mailer";
import { deliverEmail, EMAIL_ATTEMPTS, queueEmail, type QueuedEmail } from "../mail/send";
import { orderNumber, orderWithItems, STATUS_LABELS } from "./queries";
import { orderVat } from "../tax/order-vat";
import { isPaid } from "../payments/state";

const logFailure = (msg: string, orderId: number, error: unknown) =>
  console.error(JSON.stringify({ level: "error", msg, orderId, error: String(error) }));

export async function customerOf(db: Database, order: Pick<Order, "userId">) {
  const [person] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, order.userId));
  return person ?? null;
}

export type PlacedOrder = {
  id: number;
  customer: { name: string; email: string };
  placedAt: Date;
  fulfilment: Order["fulfilment"];
  deliveryAddress: string | null;
  lines: { name: string; unit: Unit; quantity: number; priceCents: number; lineTotalCents: number; vatRateBp: number | null; discountCents: number | null; vatCents: number | null }[];
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  deliveryFeeCents: number;
  deliveryFeeVatRateBp: number | null;
  deliveryFeeVatCents: number | null;
  /** Money already taken (src/payments): only then does the email say "Total paid". */
  paid?: boolean;
};

/** The order confirmation with its invoice, from the order as it was stored. */
export function orderConfirmationEmail(order: PlacedOrder): QueuedEmail<"order-confirmation"> {
  const address = order.fulfilment === "delivery" && order.deliveryAddress ? order.deliveryAddress.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : [];
  return {
    to: order.customer.email,
    template: "order-confirmation",
    props: {
      name: order.customer.name,
      orderNumber: orderNumber(order),
      placedAt: order.placedAt.toISOString().slice(0, 10),
      lines: order.lines.map((line) => ({
        name: line.name,
        quantityLabel: quantityLabel(line.quantity, line.unit),
        unitPriceCents: line.priceCents,
        lineTotalCents: line.lineTotalCents,
      })),
      subtotalCents: order.subtotalCents,
      discountCents: order.discountCents,
      // Prices include VAT; the fee is charged on top of the goods (ADR 015).
      deliveryCents: order.deliveryFeeCents,
      taxCents: orderVat({ ...order, items: order.lines }).vatCents,
      totalCents: order.totalCents + order.deliveryFeeCents,
      paid: order.paid ?? false,
      billingAddress: [order.customer.name, ...address],
    },
  };
}

export const ORDER_CONFIRMATION = "order-confirmation";

/**
 * Queues the confirmation inside checkout's atomic unit, so it exists if and only if the order
 * does. It carries only the order's id (SQL there, as the id is not known yet): the email is built
 * from the stored order when it is sent, so it shows exactly what was charged.
 */
export const orderConfirmationTemplate = (db: Database, orderId: SQL) =>
  new StatementTemplate<{ now: Date }>(
    db.insert(jobs).values({
      type: ORDER_CONFIRMATION,
      payload: sql`json_object('orderId', ${orderId})`,
      runAt: sql.placeholder("now"),
      maxAttempts: EMAIL_ATTEMPTS,
      createdAt: sql.placeholder("now"),
    }),
  );

export const orderConfirmationJob = defineJob(ORDER_CONFIRMATION, z.object({ orderId: z.number().int().positive() }), async ({ payload, context }) => {
  const { db } = context.deps.database;
  const order = await orderWithItems(db, payload.orderId);
  if (!order) throw new Error(`Order ${payload.orderId} does not exist.`);
  const customer = await customerOf(db, order);
  if (!customer) throw new Error(`The customer of order ${orderNumber(order)} does not exist.`);
  const sent = await deliverEmail(context, orderConfirmationEmail({ ...order, customer, lines: order.items, paid: isPaid(order.payment) }));
  return { payload: { ...sent.payload, orderId: order.id } };
});

/**
 * Queues "your order is now …" for the shopper after a status change (a move on the board or a
 * cancel). The change is already made, so a failure is logged, never shown.
 */
export async function queueOrderStatusEmail(
  db: Database,
  now: Date,
  orderId: number,
  status: OrderStatus,
  extra: { note?: string; attachments?: MailAttachment[] } = {},
): Promise<void> {
  try {
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    if (!order) return;
    const person = await customerOf(db, order);
    if (!person) return;
    const note = status === "cancelled" ? "Any stock you ordered is back on the shelf and you will not be charged." : extra.note;
    await queueEmail(db, now, {
      to: person.email,
      template: "order-status",
      props: { name: person.name, orderNumber: orderNumber(order), statusLabel: STATUS_LABELS[status], ...(note ? { note } : {}) },
      ...(extra.attachments?.length ? { attachments: extra.attachments } : {}),
    });
  } catch (error) {
    logFailure("order status email not queued", orderId, error);
  }
}
