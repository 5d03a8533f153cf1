import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orders } from "./shop-tables";

/*
 * Invoices and credit notes a business can keep (ADR 026): immutable snapshots of what was billed,
 * numbered without gaps per kind. Invariants the database holds itself (drizzle/*_invoices.sql):
 * - a document's number is its kind's counter plus one, and the counter moves only with it, so
 *   numbers have no gaps and no repeats, whatever races or failures happen (a failed unit rolls both back);
 * - an order has at most one invoice;
 * - documents and their lines are never updated, nor deleted while their order is kept.
 * Units as elsewhere: cents, epoch milliseconds, VAT rates in basis points (2300 = 23 %).
 */

export const DOCUMENT_KINDS = ["invoice", "credit_note"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The last number issued per kind; a row per kind, created by the migration at 0. */
export const documentCounters = sqliteTable(
  "document_counters",
  {
    kind: text("kind", { enum: DOCUMENT_KINDS }).primaryKey(),
    lastNumber: integer("last_number").notNull().default(0),
  },
  (t) => [check("document_counters_kind_valid", sql`${t.kind} in ('invoice', 'credit_note')`), check("document_counters_not_negative", sql`${t.lastNumber} >= 0`)],
);

export const invoices = sqliteTable(
  "invoices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull().default("invoice"),
    /** Gap-free per kind: 1, 2, 3... (shown as INV-000001 / CN-000001). */
    number: integer("number").notNull(),
    orderId: integer("order_id")
      .notNull()
      // Orders go only when their retention period ends (closed accounts); their documents go with them.
      .references(() => orders.id, { onDelete: "cascade" }),
    /** A credit note names the invoice it credits; null on invoices. */
    creditsInvoiceId: integer("credits_invoice_id"),
    /** A credit note issued for a refund names its payments-ledger row: one credit note per refund (ADR 043). */
    refundLedgerId: integer("refund_ledger_id"),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    /** Random, set by the unit that issues the document: its lines are added to this document only. */
    issueToken: text("issue_token").notNull(),
    /** The seller as configured when issued. */
    sellerName: text("seller_name").notNull(),
    sellerAddress: text("seller_address").notNull(),
    sellerVatNumber: text("seller_vat_number").notNull(),
    /** The buyer and where the goods went, as they were when issued. */
    customerName: text("customer_name").notNull(),
    customerEmail: text("customer_email").notNull(),
    fulfilment: text("fulfilment").notNull(),
    deliveryAddress: text("delivery_address"),
    collectionPoint: text("collection_point"),
    slotStartsAt: integer("slot_starts_at", { mode: "timestamp_ms" }),
    slotEndsAt: integer("slot_ends_at", { mode: "timestamp_ms" }),
    /** Goods before and after the order discount, the fee, and what is billed in all (goods + fee). */
    subtotalCents: integer("subtotal_cents").notNull(),
    discountCents: integer("discount_cents").notNull(),
    deliveryFeeCents: integer("delivery_fee_cents").notNull(),
    totalCents: integer("total_cents").notNull(),
    vatCents: integer("vat_cents").notNull(),
    netCents: integer("net_cents").notNull(),
  },
  (t) => [
    uniqueIndex("invoices_kind_number_unique").on(t.kind, t.number),
    uniqueIndex("invoices_issue_token_unique").on(t.issueToken),
    uniqueIndex("invoices_one_per_order").on(t.orderId).where(sql`${t.kind} = 'invoice'`),
    uniqueIndex("invoices_one_credit_note_per_refund").on(t.refundLedgerId).where(sql`${t.refundLedgerId} is not null`),
    index("invoices_order_idx").on(t.orderId),
    index("invoices_issued_idx").on(t.issuedAt),
    check("invoices_kind_valid", sql`${t.kind} in ('invoice', 'credit_note')`),
    check("invoices_number_positive", sql`${t.number} > 0`),
    check("invoices_credit_names_invoice", sql`(${t.kind} = 'credit_note') = (${t.creditsInvoiceId} is not null)`),
    check("invoices_totals_consistent", sql`${t.totalCents} = ${t.subtotalCents} - ${t.discountCents} + ${t.deliveryFeeCents} and ${t.netCents} = ${t.totalCents} - ${t.vatCents}`),
  ],
);

export const INVOICE_LINE_KINDS = ["goods", "delivery_fee"] as const;

/** A billed line: goods (after their share of the discount) or the delivery fee, with its VAT. */
export const invoiceLines = sqliteTable(
  "invoice_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: integer("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: INVOICE_LINE_KINDS }).notNull(),
    productId: integer("product_id"),
    description: text("description").notNull(),
    unit: text("unit"),
    /** Thousandths of the unit, as order lines. */
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    /** Before the discount share; the share; and what is billed (gross - discount), VAT included. */
    lineTotalCents: integer("line_total_cents").notNull(),
    discountCents: integer("discount_cents").notNull(),
    grossCents: integer("gross_cents").notNull(),
    vatRateBp: integer("vat_rate_bp").notNull(),
    vatCents: integer("vat_cents").notNull(),
  },
  (t) => [
    uniqueIndex("invoice_lines_position_unique").on(t.invoiceId, t.position),
    check("invoice_lines_kind_valid", sql`${t.kind} in ('goods', 'delivery_fee')`),
    check("invoice_lines_amounts_consistent", sql`${t.grossCents} = ${t.lineTotalCents} - ${t.discountCents} and ${t.vatRateBp} >= 0`),
  ],
);

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;
