import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { invoiceLines, invoices, type DocumentKind, type Invoice, type InvoiceLine } from "../db/invoice-tables";
import { sumByRate, type RateTotal } from "../tax/vat";

/** Shoppers, staff and accountants read document numbers: INV-000001, CN-000001. */
export const documentNumber = (document: Pick<Invoice, "kind" | "number">) => `${document.kind === "invoice" ? "INV" : "CN"}-${String(document.number).padStart(6, "0")}`;

export const DOCUMENT_TITLES: Record<DocumentKind, string> = { invoice: "Invoice", credit_note: "Credit note" };

/** A document as issued, with its lines and its VAT per rate summed from them (ADR 015: nothing rounded again); a credit note with the number of the invoice it credits. */
export type InvoiceDocument = Invoice & { lines: InvoiceLine[]; rates: RateTotal[]; creditsNumber: string | null };

const documentOf = (invoice: Invoice, lines: InvoiceLine[], credited: Pick<Invoice, "kind" | "number"> | undefined): InvoiceDocument => ({
  ...invoice,
  lines,
  creditsNumber: credited ? documentNumber(credited) : null,
  rates: sumByRate(lines.map((line) => ({ grossCents: line.grossCents, rateBp: line.vatRateBp, vatCents: line.vatCents }))).rates,
});

export async function documentById(db: Database, id: number): Promise<InvoiceDocument | null> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, id));
  if (!invoice) return null;
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).orderBy(asc(invoiceLines.position));
  const [credited] = invoice.creditsInvoiceId ? await db.select({ kind: invoices.kind, number: invoices.number }).from(invoices).where(eq(invoices.id, invoice.creditsInvoiceId)) : [];
  return documentOf(invoice, lines, credited);
}

/** Every invoice and credit note of these orders (invoices first, by number), in two reads. */
export async function documentsOfOrders(db: Database, orderIds: number[]): Promise<InvoiceDocument[]> {
  if (orderIds.length === 0) return [];
  const documents = await db.select().from(invoices).where(inArray(invoices.orderId, orderIds)).orderBy(asc(invoices.kind), asc(invoices.number));
  if (documents.length === 0) return [];
  const lines = await db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, documents.map((document) => document.id))).orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position));
  const byId = new Map(documents.map((document) => [document.id, document]));
  // A credit note credits its own order's invoice, which is among these.
  return documents.map((document) => documentOf(document, lines.filter((line) => line.invoiceId === document.id), document.creditsInvoiceId ? byId.get(document.creditsInvoiceId) : undefined));
}

/** The order's invoice, or null while none has been issued. */
export async function invoiceOfOrder(db: Database, orderId: number): Promise<InvoiceDocument | null> {
  const [row] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.kind, "invoice"), eq(invoices.orderId, orderId)));
  return row ? documentById(db, row.id) : null;
}
