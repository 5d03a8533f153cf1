import { z } from "zod";
import { FULFILMENTS } from "../db/shop-tables";

export const checkoutForm = z
  .object({
    fulfilment: z.enum(FULFILMENTS, { message: "Choose delivery or click & collect." }),
    delivery_address: z.string().trim().max(300, "Keep the address under 300 characters.").optional().default(""),
    note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().default(""),
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
  .superRefine((form, ctx) => {
    if (form.fulfilment === "delivery" && form.delivery_address.length < 5) {
      ctx.addIssue({ code: "custom", path: ["delivery_address"], message: "Enter the delivery address." });
    }
  });

export type CheckoutForm = z.infer<typeof checkoutForm>;
