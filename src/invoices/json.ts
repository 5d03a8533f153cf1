import { z } from "@hono/zod-openapi";
import { Cents, Quantity, quantityOut } from "../api/schemas";
import { orderNumber } from "../orders/queries";
import { documentNumber, type InvoiceDocument } from "./queries";

/** An invoice or credit note as JSON: the one shape for the API and the shopper's data export. */
export const InvoiceSchema = z
  .object({
    number: z.string().openapi({ example: "INV-000042" }),
    kind: z.enum(["invoice", "credit_note"]),
    credits_invoice_number: z.string().nullable().openapi({ description: "A credit note: the invoice it credits (a refund after invoicing). Null on invoices.", example: null }),
    order_number: z.string().openapi({ example: "GR-000042" }),
    issued_at: z.string().openapi({ format: "date-time" }),
    seller: z.object({ name: z.string(), address: z.string(), vat_number: z.string() }),
    customer: z.object({ name: z.string(), email: z.string() }),
    fulfilment: z.string().openapi({ example: "delivery" }),
    delivery_address: z.string().nullable(),
    collection_point: z.string().nullable(),
    slot: z.object({ starts_at: z.string().openapi({ format: "date-time" }), ends_at: z.string().openapi({ format: "date-time" }) }).nullable(),
    lines: z.array(
      z.object({
        kind: z.enum(["goods", "delivery_fee"]),
        product_id: z.number().int().nullable(),
        description: z.string(),
        unit: z.string().nullable(),
        quantity: Quantity,
        unit_price_cents: Cents,
        discount_cents: Cents,
        amount_cents: Cents.openapi({ description: "What the line bills, VAT included (after its share of the discount)." }),
        vat_rate_percent: z.number(),
        vat_cents: Cents,
      }),
    ),
    vat: z.array(z.object({ rate_percent: z.number(), net_cents: Cents, vat_cents: Cents, gross_cents: Cents })).openapi({ description: "VAT per rate, summed from the lines (ADR 015)." }),
    subtotal_cents: Cents,
    discount_cents: Cents,
    delivery_fee_cents: Cents,
    total_cents: Cents.openapi({ description: "Goods after discount plus the fee, VAT included: the sum of the lines' amounts and of the rates' gross." }),
    vat_cents: Cents,
    net_cents: Cents,
  })
  .openapi("Invoice");

export function invoiceJson(document: InvoiceDocument): z.infer<typeof InvoiceSchema> {
  return {
    number: documentNumber(document),
    kind: document.kind,
    credits_invoice_number: document.creditsNumber,
    order_number: orderNumber({ id: document.orderId }),
    issued_at: document.issuedAt.toISOString(),
    seller: { name: document.sellerName, address: document.sellerAddress, vat_number: document.sellerVatNumber },
    customer: { name: document.customerName, email: document.customerEmail },
    fulfilment: document.fulfilment,
    delivery_address: document.deliveryAddress,
    collection_point: document.collectionPoint,
    slot: document.slotStartsAt && document.slotEndsAt ? { starts_at: document.slotStartsAt.toISOString(), ends_at: document.slotEndsAt.toISOString() } : null,
    lines: document.lines.map((line) => ({
      kind: line.kind,
      product_id: line.productId,
      description: line.description,
      unit: line.unit,
      quantity: quantityOut(line.quantity),
      unit_price_cents: line.unitPriceCents,
      discount_cents: line.discountCents,
      amount_cents: line.grossCents,
      vat_rate_percent: line.vatRateBp / 100,
      vat_cents: line.vatCents,
    })),
    vat: document.rates.map((rate) => ({ rate_percent: rate.rateBp / 100, net_cents: rate.netCents, vat_cents: rate.vatCents, gross_cents: rate.grossCents })),
    subtotal_cents: document.subtotalCents,
    discount_cents: document.discountCents,
    delivery_fee_cents: document.deliveryFeeCents,
    total_cents: document.totalCents,
    vat_cents: document.vatCents,
    net_cents: document.netCents,
  };
}
