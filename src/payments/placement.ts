import { eq, sql } from "drizzle-orm";
import { placedOrderId } from "../checkout/order-statements";
import type { BoundStatement, Database } from "../db/client";
import { paymentLedger } from "../db/payment-tables";
import { jobs } from "../db/schema";
import { orders } from "../db/shop-tables";
import { oncePerDatabase, StatementTemplate } from "../db/templates";
import type { PaymentMethod } from "./methods";

export const ABANDONED_PAYMENT_JOB = "payments.cancel-unpaid";

const value = sql.placeholder;

/**
 * What a card order adds to checkout's atomic unit (ADR 030): the order waits as awaiting_payment
 * (its stock and slot held by the same unit), the authorisation it waits for is a pending ledger
 * row for the most it may be charged, and the job that cancels it if no authorisation comes in time.
 */
const cardTemplates = oncePerDatabase((db: Database) => {
  const orderId = placedOrderId;
  return {
    awaiting: new StatementTemplate<{ userId: number; key: string }>(db.update(orders).set({ status: "awaiting_payment" }).where(eq(orders.id, orderId))),
    authorisation: new StatementTemplate<{ userId: number; key: string; amountCents: number; now: Date }>(
      db.insert(paymentLedger).values({
        orderId,
        method: "card",
        kind: "authorisation",
        status: "pending",
        amountCents: value("amountCents"),
        createdAt: value("now"),
        updatedAt: value("now"),
      }),
    ),
    cancelIfUnpaid: new StatementTemplate<{ userId: number; key: string; runAt: Date; now: Date }>(
      db.insert(jobs).values({ type: ABANDONED_PAYMENT_JOB, payload: sql`json_object('orderId', ${orderId})`, runAt: value("runAt"), maxAttempts: 10, createdAt: value("now") }),
    ),
  };
});

export function placementStatements(
  db: Database,
  method: PaymentMethod,
  placed: { userId: number; key: string; authorisationCents: number; now: Date; timeoutMinutes: number },
): BoundStatement[] {
  if (method.name !== "card") return [];
  const templates = cardTemplates(db);
  const who = { userId: placed.userId, key: placed.key };
  return [
    templates.awaiting.bind(who),
    templates.authorisation.bind({ ...who, amountCents: placed.authorisationCents, now: placed.now }),
    templates.cancelIfUnpaid.bind({ ...who, runAt: new Date(placed.now.getTime() + placed.timeoutMinutes * 60_000), now: placed.now }),
  ];
}
