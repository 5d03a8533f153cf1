import { z } from "@hono/zod-openapi";
import { FULFILMENTS, ORDER_STATUSES } from "../db/shop-tables";
import { orderNumber, type OrderWithItems } from "./queries";
import { Cents, Quantity, quantityOut } from "../api/schemas";

export const OrderSchema = z
  .object({
    id: z.number().int().openapi({ example: 42 }),
    number: z.string().openapi({ example: "GR-000042" }),
    status: z.enum(ORDER_STATUSES).openapi({ example: "placed" }),
    fulfilment: z.enum(FULFILMENTS).openapi({ example: "pickup" }),
    created_at: z.string().openapi({ format: "date-time", example: "2026-11-20T10:00:00.000Z" }),
    items: z.array(
      z.object({
        product_id: z.number().int(),
        name: z.string(),
        unit: z.string(),
        quantity: Quantity,
        price_at_purchase_cents: Cents,
        line_total_cents: Cents,
      }),
    ),
    subtotal_cents: Cents,
    discount_cents: Cents,
    total_cents: Cents,
    promo_code: z.string().nullable(),
  })
  .openapi("Order");

export const CustomerSchema = z
  .object({ id: z.number().int().openapi({ example: 12 }), name: z.string().openapi({ example: "Olive Grove" }), email: z.string().openapi({ example: "olive@example.com" }) })
  .openapi("OrderCustomer");

/** An order with who placed it: what order listings and reads answer (staff see everyone's). */
export const OrderWithCustomerSchema = OrderSchema.extend({ customer: CustomerSchema }).openapi("OrderWithCustomer");

export function orderWithCustomerJson(order: OrderWithItems, customer: z.infer<typeof CustomerSchema>): z.infer<typeof OrderWithCustomerSchema> {
  return { ...orderJson(order), customer };
}

export function orderJson(order: OrderWithItems): z.infer<typeof OrderSchema> {
  return {
    id: order.id,
    number: orderNumber(order),
    status: order.status,
    fulfilment: order.fulfilment,
    created_at: order.placedAt.toISOString(),
    items: order.items.map((item) => ({
      product_id: item.productId,
      name: item.name,
      unit: item.unit,
      quantity: quantityOut(item.quantity),
      price_at_purchase_cents: item.priceCents,
      line_total_cents: item.lineTotalCents,
    })),
    subtotal_cents: order.subtotalCents,
    discount_cents: order.discountCents,
    total_cents: order.totalCents,
    promo_code: order.promoCode,
  };
}
