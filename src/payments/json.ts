import { z } from "@hono/zod-openapi";
import { PAYMENT_METHODS } from "../db/payment-tables";
import { Cents } from "../api/schemas";
import { PAYMENT_STATUSES, type PaymentState } from "./state";

export const PaymentSchema = z
  .object({
    method: z.enum(PAYMENT_METHODS).openapi({ description: "on_delivery: paid at the door or counter; card: authorised online, charged after picking.", example: "card" }),
    status: z.enum(PAYMENT_STATUSES).openapi({ description: "Derived from the payments ledger.", example: "authorised" }),
    authorised_cents: Cents.openapi({ description: "The card hold in force (the most the order may be charged); 0 without one." }),
    captured_cents: Cents.openapi({ description: "Money taken: captured on the card or collected at handover." }),
    refunded_cents: Cents,
  })
  .openapi("OrderPayment");

export const paymentJson = (state: PaymentState): z.infer<typeof PaymentSchema> => ({
  method: state.method,
  status: state.status,
  authorised_cents: state.authorisedCents,
  captured_cents: state.capturedCents,
  refunded_cents: state.refundedCents,
});
