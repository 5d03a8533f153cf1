import { z } from "zod";
import { defineJob } from "../jobs/registry";
import { deliverEmail } from "../mail/send";
import { customerOf } from "../orders/emails";
import { orderNumber, orderWithItems } from "../orders/queries";
import { ORDER_PICKED_EMAIL } from "./complete";
import { CHANGE_LABELS, pickOutcome, type PickChange } from "./outcome";
import type { OrderPickedProps } from "../../views/emails/picking";

const describe = (change: PickChange): string => {
  switch (change.kind) {
    case "weighed":
      return `${change.name}, ordered ${change.ordered}, weighed ${change.picked}`;
    case "substituted":
      return `${change.name} → ${change.substitute} (${change.picked})${change.refused ? ", refused" : ""}`;
    case "short":
      return `${change.name}, ordered ${change.ordered}, picked ${change.picked}`;
    case "unavailable":
      return `${change.name} (${change.ordered}): we had none, you are not charged`;
  }
};

/** The email's lines from the one outcome rule (outcome.ts). */
export const pickedLines = (changes: PickChange[]): OrderPickedProps["changes"] =>
  changes.map((change) => ({ label: CHANGE_LABELS[change.kind], text: describe(change), oldCents: change.oldCents, newCents: change.newCents }));

/** Queued inside the completion's unit (complete.ts); built from the stored order when it runs, so it shows what is charged. */
export const orderPickedJob = defineJob(ORDER_PICKED_EMAIL, z.object({ orderId: z.number().int().positive() }), async ({ payload, context }) => {
  const { db } = context.deps.database;
  const order = await orderWithItems(db, payload.orderId);
  if (!order) throw new Error(`Order ${payload.orderId} does not exist.`);
  const outcome = pickOutcome(order, order.items);
  if (!outcome) throw new Error(`Order ${orderNumber(order)} is not picked.`);
  const customer = await customerOf(db, order);
  if (!customer) throw new Error(`The customer of order ${orderNumber(order)} does not exist.`);
  const sent = await deliverEmail(context, {
    to: customer.email,
    template: "order-picked",
    props: { name: customer.name, orderNumber: orderNumber(order), changes: pickedLines(outcome.changes), estimateCents: outcome.estimateCents, discountCents: outcome.discountCents, feeCents: outcome.feeCents, amountDueCents: outcome.amountDueCents },
  });
  return { payload: { ...sent.payload, orderId: order.id } };
});
