import { z } from "zod";
import type { Order } from "../db/shop-tables";
import { FULFILMENTS } from "../db/shop-tables";
import { PAYMENT_METHODS } from "../db/payment-tables";

/**
 * What a shopper asks for at checkout, one schema whichever way it arrives: the checkout page's
 * form (src/checkout/form.ts) and the API's JSON body (src/checkout/api.ts) both derive from it,
 * so they can't disagree. Slot and payment join here when checkout offers them.
 */
export const checkoutFields = {
  fulfilment: z.enum(FULFILMENTS, { message: "Choose delivery or click & collect." }),
  delivery_address: z.string().trim().max(300, "Keep the address under 300 characters.").optional(),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
  /** The delivery or collection window (GET /slots); absent: the one the shopper reserved, if any. */
  slot_id: z.coerce.number({ message: "Choose a slot." }).int("Choose a slot.").positive("Choose a slot.").optional(),
  /** An address from the shopper's address book, instead of typing one. */
  address_id: z.coerce.number({ message: "Choose one of your addresses." }).int("Choose one of your addresses.").positive("Choose one of your addresses.").optional(),
  /** The typed address's postcode or Eircode: it decides the delivery zone and fee. */
  /** How the shopper pays (ADR 030): the store's first offered method when absent. */
  payment_method: z.enum(PAYMENT_METHODS, { message: "Choose how to pay." }).optional(),
  postcode: z.string().trim().min(3, "Enter the postcode or Eircode.").max(10, "A postcode or Eircode is at most 10 characters.").regex(/^[A-Za-z0-9 ]+$/, "Use letters, digits and spaces only.").optional(),
};

type CheckoutFields = { fulfilment: (typeof FULFILMENTS)[number]; delivery_address?: string; note?: string; slot_id?: number; address_id?: number; postcode?: string };

/**
 * The address rule, on page and API alike: delivery needs an address-book entry or an address of at least 5 characters;
 * for click & collect whatever is in the address box is ignored (not checked, not stored).
 */
export function addressRule(input: CheckoutFields, ctx: z.RefinementCtx): void {
  if (input.fulfilment === "delivery" && !input.address_id && (input.delivery_address ?? "").length < 5) {
    ctx.addIssue({ code: "custom", path: ["delivery_address"], message: "Enter the delivery address." });
  }
}

export const checkoutInput = z.object(checkoutFields).superRefine(addressRule);
export type CheckoutInput = z.infer<typeof checkoutInput>;

/** What the order records of the request: the address only for delivery, empty text as none. */
export type OrderRequest = Pick<Order, "fulfilment" | "deliveryAddress" | "note">;

export function orderRequestOf(input: CheckoutFields): OrderRequest {
  return {
    fulfilment: input.fulfilment,
    deliveryAddress: input.fulfilment === "delivery" ? input.delivery_address || null : null,
    note: input.note || null,
  };
}

/**
 * A retried checkout (the same idempotency key) asks for the same order when it carries the same
 * request; the cart is empty by then, so the request is what is compared. Pages and API alike.
 */
export const sameRequest = (order: OrderRequest, request: OrderRequest) =>
  order.fulfilment === request.fulfilment && (order.deliveryAddress ?? null) === request.deliveryAddress && (order.note ?? null) === request.note;

/** The slot and address the request asks for (src/fulfilment/order-charges.ts decides them). */
export const fulfilmentRequestOf = (input: CheckoutFields) => ({
  slotId: input.slot_id ?? null,
  addressId: input.fulfilment === "delivery" ? (input.address_id ?? null) : null,
  postcode: input.fulfilment === "delivery" ? (input.postcode || null) : null,
});
