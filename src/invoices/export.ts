import { asc, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { invoiceLines, invoices } from "../db/invoice-tables";
import { sumByRate } from "../tax/vat";
import { documentNumber } from "./queries";

/*
 * A shopper's invoices (and credit notes) for "take your data with you": each document as issued,
 * with its lines and VAT per rate, in the same units as the rest of the export (cents, basis points).
 */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function invoicesForExport(db: Database, orderIds: number[]) {
  if (orderIds.length === 0) return [];
  const documents = await db.select().from(invoices).where(inArray(invoices.orderId, orderIds)).orderBy(asc(invoices.kind), asc(invoices.number));
  const lines = documents.length
    ? await db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, documents.map((document) => document.id))).orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position))
    : [];
  return documents.map((document) => {
    const own = lines.filter((line) => line.invoiceId === document.id);
    return {
      number: documentNumber(document),
      kind: document.kind,
      order_id: document.orderId,
      issued_at: iso(document.issuedAt),
      seller: { name: document.sellerName, address: document.sellerAddress, vat_number: document.sellerVatNumber },
      customer: { name: document.customerName, email: document.customerEmail },
      fulfilment: document.fulfilment,
      delivery_address: document.deliveryAddress,
      collection_point: document.collectionPoint,
      slot: document.slotStartsAt ? { starts_at: iso(document.slotStartsAt), ends_at: iso(document.slotEndsAt) } : null,
      subtotal_cents: document.subtotalCents,
      discount_cents: document.discountCents,
      delivery_fee_cents: document.deliveryFeeCents,
      total_cents: document.totalCents,
      vat_cents: document.vatCents,
      net_cents: document.netCents,
      lines: own.map((line) => ({
        kind: line.kind,
        description: line.description,
        quantity: line.quantity / 1000,
        unit: line.unit,
        unit_price_cents: line.unitPriceCents,
        discount_cents: line.discountCents,
        gross_cents: line.grossCents,
        vat_rate_bp: line.vatRateBp,
        vat_cents: line.vatCents,
      })),
      vat: sumByRate(own.map((line) => ({ grossCents: line.grossCents, rateBp: line.vatRateBp, vatCents: line.vatCents }))).rates.map((rate) => ({
        rate_bp: rate.rateBp,
        gross_cents: rate.grossCents,
        vat_cents: rate.vatCents,
        net_cents: rate.netCents,
      })),
    };
  });
}
