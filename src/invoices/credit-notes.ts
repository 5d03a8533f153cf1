import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Config } from "../config";
import type { BoundStatement, Database } from "../db/client";
import { invoices } from "../db/invoice-tables";
import { queueEmail } from "../mail/send";
import { customerOf } from "../orders/emails";
import { orderNumber, orderWithItems } from "../orders/queries";
import { ratePercent, shareOut, vatInGross } from "../tax/vat";
import type { BillableGoods } from "./billable";
import { invoiceAttachment } from "./html";
import { documentStatements } from "./issue";
import { documentById, documentNumber, invoiceOfOrder, type InvoiceDocument } from "./queries";
import type { InvoiceContext } from "./seller";

/*
 * Credit notes (ADR 043): a refund of an invoiced order is documented by a credit note that names the
 * invoice and the refund (its payments-ledger row), numbered in its own gap-free CN series (ADR 026),
 * issued in the same unit that records the refund as done. One per refund (a unique index), and an
 * invoice's credit notes never add up to more than it billed (a trigger).
 */

export type RefundToCredit = { refundLedgerId: number; amountCents: number; reason: string; lines?: BillableGoods[] };

/**
 * The refunded amount as credit-note lines: shared over the invoice's VAT rates in proportion to
 * what each rate billed (largest remainder, so the lines add up to the refund to the cent), each
 * line's VAT worked out of its gross at its rate.
 */
export function creditLines(invoice: Pick<InvoiceDocument, "rates">, amountCents: number, reason: string): BillableGoods[] {
  const rates = invoice.rates.filter((rate) => rate.grossCents > 0);
  const parts = shareOut(amountCents, rates.map((rate) => rate.grossCents));
  return rates
    .map((rate, i) => ({ rate, cents: parts[i]! }))
    .filter(({ cents }) => cents > 0)
    .map(({ rate, cents }) => ({
      productId: null,
      description: rates.length > 1 ? `Refund: ${reason} (part at ${ratePercent(rate.rateBp)} VAT)` : `Refund: ${reason}`,
      unit: "each" as const,
      quantity: 1000,
      unitPriceCents: cents,
      lineTotalCents: cents,
      discountCents: 0,
      vatRateBp: rate.rateBp,
      vatCents: vatInGross(cents, rate.rateBp),
    }));
}

/**
 * THE entry point for a refund's credit note, for the caller's unit (the one that records the
 * refund as done): [] when the order has no invoice (a refund before invoicing changes what the
 * invoice will bill instead). The header is inserted only where `onlyIf` holds inside the unit, the
 * refund has no credit note yet, and the invoice has room for it.
 */
export async function creditNoteStatements(db: Database, orderId: number, refund: RefundToCredit, context: InvoiceContext, onlyIf: SQL): Promise<BoundStatement[]> {
  const invoice = await invoiceOfOrder(db, orderId);
  const order = invoice ? await orderWithItems(db, orderId) : null;
  if (!invoice || !order) return [];
  const goods = refund.lines ?? creditLines(invoice, refund.amountCents, refund.reason);
  if (goods.length === 0) return [];
  const total = goods.reduce((sum, line) => sum + line.lineTotalCents - line.discountCents, 0);
  const guard = sql`${onlyIf}
    and not exists (select 1 from ${invoices} where ${invoices.refundLedgerId} = ${refund.refundLedgerId})
    and ${total} + coalesce((select sum(c."total_cents") from ${invoices} c where c."kind" = 'credit_note' and c."credits_invoice_id" = ${invoice.id}), 0) <= ${invoice.totalCents}`;
  return documentStatements(
    { kind: "credit_note", order, customer: { name: invoice.customerName, email: invoice.customerEmail }, billable: { goods, fee: null }, creditsInvoiceId: invoice.id, refundLedgerId: refund.refundLedgerId },
    context,
    guard,
  );
}

/** An order's credit notes, oldest first. */
export async function creditNotesOfOrder(db: Database, orderId: number): Promise<InvoiceDocument[]> {
  const rows = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.orderId, orderId), eq(invoices.kind, "credit_note"))).orderBy(asc(invoices.number));
  const documents = await Promise.all(rows.map((row) => documentById(db, row.id)));
  return documents.filter((document): document is InvoiceDocument => document !== null);
}

/** The credit note issued for a refund, if any. */
export async function creditNoteOfRefund(db: Database, refundLedgerId: number): Promise<InvoiceDocument | null> {
  const [row] = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.refundLedgerId, refundLedgerId));
  return row ? documentById(db, row.id) : null;
}

/** One of an order's credit notes by its number (CN-000007 or 7). */
export async function creditNoteOfOrder(db: Database, orderId: number, number: string): Promise<InvoiceDocument | null> {
  const digits = /^(?:CN-)?(\d{1,9})$/i.exec(number)?.[1];
  if (!digits) return null;
  const [row] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.orderId, orderId), eq(invoices.kind, "credit_note"), eq(invoices.number, Number(digits))));
  return row ? documentById(db, row.id) : null;
}

/** Emails the credit note to the shopper, attached as the same HTML sheet the pages show. */
export async function queueCreditNoteEmail(db: Database, config: Pick<Config, "CURRENCY" | "LOCALE" | "STORE_TIMEZONE">, now: Date, document: InvoiceDocument): Promise<boolean> {
  const order = await orderWithItems(db, document.orderId);
  const person = order ? await customerOf(db, order) : null;
  if (!person) return false;
  await queueEmail(db, now, {
    to: person.email,
    template: "credit-note",
    props: { name: person.name, orderNumber: orderNumber({ id: document.orderId }), creditNoteNumber: documentNumber(document), invoiceNumber: document.creditsNumber ?? "", totalCents: document.totalCents },
    attachments: [await invoiceAttachment(document, config)],
  });
  return true;
}
