import { orderVat } from "../tax/order-vat";
import { z } from "@hono/zod-openapi";
import { FULFILMENTS, ORDER_STATUSES } from "../db/shop-tables";
import { orderNumber, type OrderWithItems } from "./queries";
import { Cents, Quantity, quantityOut } from "../api/schemas";
import { PaymentSchema, paymentJson } from "../payments/json";

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
        vat_rate_percent: z.number().nullable().openapi({ description: "The line's VAT rate at purchase; null for orders placed before VAT was recorded.", example: 13.5 }),
        vat_cents: Cents.nullable().openapi({ description: "The VAT in the line (after its share of any discount)." }),
      }),
    ),
    subtotal_cents: Cents,
    discount_cents: Cents,
    total_cents: Cents.openapi({ description: "The goods: subtotal less discount." }),
    promo_code: z.string().nullable(),
    slot: z
      .union([
        z.object({
          id: z.number().int(),
          fulfilment: z.enum(["delivery", "collection"]),
          starts_at: z.string().openapi({ format: "date-time" }),
          ends_at: z.string().openapi({ format: "date-time" }),
          cutoff_at: z.string().openapi({ format: "date-time", description: "Until then the order can be moved or changed." }),
          collection_point: z.string().nullable(),
        }),
        z.null(),
      ])
      .openapi({ description: "The booked delivery or collection window; null when none was booked." }),
    delivery_fee_cents: Cents.openapi({ description: "Delivery (or collection) fee, on top of total_cents.", example: 499 }),
    amount_due_cents: Cents.openapi({ description: "What the shopper pays: total_cents plus delivery_fee_cents." }),
    payment: PaymentSchema,
    vat: z
      .array(z.object({ rate_percent: z.number(), gross_cents: Cents, vat_cents: Cents, net_cents: Cents }))
      .openapi({ description: "VAT per rate (lines and fee), adding up to amount_due_cents to the cent (ADR 015); empty for orders placed before VAT was recorded." }),
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
      vat_rate_percent: item.vatRateBp === null ? null : item.vatRateBp / 100,
      vat_cents: item.vatCents,
    })),
    subtotal_cents: order.subtotalCents,
    discount_cents: order.discountCents,
    total_cents: order.totalCents,
    promo_code: order.promoCode,
    slot: order.slot && {
      id: order.slot.id,
      fulfilment: order.slot.fulfilment,
      starts_at: order.slot.startsAt.toISOString(),
      ends_at: order.slot.endsAt.toISOString(),
      cutoff_at: order.slot.cutoffAt.toISOString(),
      collection_point: order.slot.pointName,
    },
    delivery_fee_cents: order.deliveryFeeCents,
    amount_due_cents: order.totalCents + order.deliveryFeeCents,
    payment: paymentJson(order.payment),
    vat: orderVat(order).rates.map((rate) => ({ rate_percent: rate.rateBp / 100, gross_cents: rate.grossCents, vat_cents: rate.vatCents, net_cents: rate.netCents })),
  };
}
