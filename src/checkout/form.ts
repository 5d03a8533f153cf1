import { z } from "zod";
import { addressRule, checkoutFields } from "./contract";

/** The checkout page's form: the checkout contract (contract.ts) plus what only the page carries. */
export const checkoutForm = z
  .object({
    ...checkoutFields,
    idempotency_key: z
      .string({ message: "This checkout form has expired. Please review your order and try again." })
      .regex(/^[A-Za-z0-9_-]{16,100}$/, "This checkout form has expired. Please review your order and try again."),
    /** The version of the cart the page showed: the order is placed from exactly that cart or refused. */
    cart_version: z
      .string()
      .regex(/^\d{1,15}$/, "This checkout form has expired. Please review your order and try again.")
      .transform(Number)
      .optional(),
  })
  .superRefine(addressRule);

export type CheckoutForm = z.infer<typeof checkoutForm>;
