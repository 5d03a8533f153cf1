import { and, eq, sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { randomToken } from "../accounts/tokens";
import type { BoundStatement, Database, DatabaseHandle } from "../db/client";
import { documentCounters, invoiceLines, invoices, type DocumentKind } from "../db/invoice-tables";
import { orders } from "../db/shop-tables";
import { customerOf } from "../orders/emails";
import { orderWithItems, type OrderWithItems } from "../orders/queries";
import { billableLines, type Billable } from "./billable";
import { netOfRefunds, refundsBeforeInvoice } from "./refunds-before-invoice";
import type { InvoiceContext } from "./seller";

/*
 * Issuing an invoice (ADR 026): statements for the caller's own atomic unit, so the invoice exists
 * if and only if what it records happened (the order completed, the payment recorded). The number
 * is the kind's counter plus one, and a trigger moves the counter with the document: a unit that
 * fails rolls both back, so numbers never have gaps nor repeats.
 */

const dialect = new SQLiteSyncDialect();
const bound = (query: SQL): BoundStatement => dialect.sqlToQuery(query);

/** A document about to be issued: what it bills and to whom, read before the unit. */
export type DocumentDraft = {
  kind: DocumentKind;
  order: OrderWithItems;
  customer: { name: string; email: string };
  billable: Billable;
  /** For a credit note: the invoice it credits, and the refund (payments-ledger row) it records. */
  creditsInvoiceId?: number | null;
  refundLedgerId?: number | null;
};

/** Lines per statement: D1 binds at most 100 parameters, a line takes 12. */
const LINES_PER_STATEMENT = 8;

type LineRow = [kind: string, productId: number | null, description: string, unit: string | null, quantity: number, unitPrice: number, lineTotal: number, discount: number, gross: number, rateBp: number, vat: number];

function lineRows(billable: Billable): LineRow[] {
  const rows: LineRow[] = billable.goods.map((line) => [
    "goods",
    line.productId,
    line.description,
    line.unit,
    line.quantity,
    line.unitPriceCents,
    line.lineTotalCents,
    line.discountCents,
    line.lineTotalCents - line.discountCents,
    line.vatRateBp,
    line.vatCents,
  ]);
  const { fee } = billable;
  if (fee) rows.push(["delivery_fee", null, fee.description, null, 1000, fee.grossCents, fee.grossCents, 0, fee.grossCents, fee.vatRateBp, fee.vatCents]);
  return rows;
}

/** The document's totals from its lines: goods before and after discount, the fee, VAT (nothing rounded again). */
export function documentTotals(billable: Billable) {
  const subtotalCents = billable.goods.reduce((sum, line) => sum + line.lineTotalCents, 0);
  const discountCents = billable.goods.reduce((sum, line) => sum + line.discountCents, 0);
  const deliveryFeeCents = billable.fee?.grossCents ?? 0;
  const vatCents = billable.goods.reduce((sum, line) => sum + line.vatCents, 0) + (billable.fee?.vatCents ?? 0);
  const totalCents = subtotalCents - discountCents + deliveryFeeCents;
  return { subtotalCents, discountCents, deliveryFeeCents, totalCents, vatCents, netCents: totalCents - vatCents };
}

/**
 * The statements that issue `draft` as the next document of its kind, only where `onlyIf` holds
 * inside the unit (and, for an invoice, only if the order has none yet: idempotent per order).
 */
export function documentStatements(draft: DocumentDraft, context: InvoiceContext, onlyIf: SQL = sql`1`): BoundStatement[] {
  const { order, customer } = draft;
  const token = randomToken(16);
  const totals = documentTotals(draft.billable);
  const firstForOrder =
    draft.kind === "invoice" ? sql`not exists (select 1 from ${invoices} where ${invoices.kind} = 'invoice' and ${invoices.orderId} = ${order.id})` : sql`1`;
  const nextNumber = sql`(select ${documentCounters.lastNumber} + 1 from ${documentCounters} where ${documentCounters.kind} = ${draft.kind})`;
  const header = bound(sql`insert into ${invoices} (
      "kind", "number", "order_id", "credits_invoice_id", "refund_ledger_id", "issued_at", "issue_token",
      "seller_name", "seller_address", "seller_vat_number", "customer_name", "customer_email",
      "fulfilment", "delivery_address", "collection_point", "slot_starts_at", "slot_ends_at",
      "subtotal_cents", "discount_cents", "delivery_fee_cents", "total_cents", "vat_cents", "net_cents")
    select ${draft.kind}, ${nextNumber}, ${order.id}, ${draft.creditsInvoiceId ?? null}, ${draft.refundLedgerId ?? null}, ${context.now.getTime()}, ${token},
      ${context.seller.name}, ${context.seller.address}, ${context.seller.vatNumber}, ${customer.name}, ${customer.email},
      ${order.fulfilment}, ${order.deliveryAddress}, ${order.slot?.pointName ?? null}, ${order.slot?.startsAt.getTime() ?? null}, ${order.slot?.endsAt.getTime() ?? null},
      ${totals.subtotalCents}, ${totals.discountCents}, ${totals.deliveryFeeCents}, ${totals.totalCents}, ${totals.vatCents}, ${totals.netCents}
    where ${onlyIf} and ${firstForOrder}`);
  const statements = [header];
  const rows = lineRows(draft.billable);
  for (let start = 0; start < rows.length; start += LINES_PER_STATEMENT) {
    const chunk = rows.slice(start, start + LINES_PER_STATEMENT);
    const values = sql.join(
      chunk.map((row, i) => sql`(${start + i + 1}, ${sql.join(row.map((cell) => sql`${cell}`), sql`, `)})`),
      sql`, `,
    );
    statements.push(
      bound(sql`insert into ${invoiceLines} ("invoice_id", "position", "kind", "product_id", "description", "unit", "quantity", "unit_price_cents", "line_total_cents", "discount_cents", "gross_cents", "vat_rate_bp", "vat_cents")
        select i."id", v.* from ${invoices} i, (values ${values}) v where i."issue_token" = ${token}`),
    );
  }
  return statements;
}

/** The order's invoice if it has one. */
export async function invoiceIdOfOrder(db: Database, orderId: number): Promise<number | null> {
  const [row] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.kind, "invoice"), eq(invoices.orderId, orderId)));
  return row?.id ?? null;
}

/**
 * THE entry point for issuing an order's invoice inside a caller's atomic unit (completing the
 * order, recording its payment): the statements to add to that unit, [] when the order already has
 * an invoice or does not exist. `onlyIf` is SQL that must hold inside the unit, e.g. that the order
 * reached the state the unit moves it to; by default the order must not be cancelled.
 */
export async function invoiceStatements(db: Database, orderId: number, context: InvoiceContext, onlyIf?: SQL): Promise<BoundStatement[]> {
  if ((await invoiceIdOfOrder(db, orderId)) !== null) return [];
  const order = await orderWithItems(db, orderId);
  if (!order) return [];
  const customer = (await customerOf(db, order)) ?? { name: "", email: "" };
  // Refunds already made come off the invoice (ADR 053); later ones get a credit note (ADR 043).
  const billable = netOfRefunds(await billableLines(db, order, context.vatRates), await refundsBeforeInvoice(db, orderId));
  const notCancelled = sql`exists (select 1 from ${orders} where ${orders.id} = ${orderId} and ${orders.status} <> 'cancelled')`;
  return documentStatements({ kind: "invoice", order, customer, billable }, context, onlyIf ?? notCancelled);
}

/** Issues the order's invoice on its own (a unit of its own); returns its id, or null if the order can't have one. */
export async function issueInvoice(handle: DatabaseHandle, orderId: number, context: InvoiceContext): Promise<number | null> {
  const statements = await invoiceStatements(handle.db, orderId, context);
  if (statements.length) await handle.atomic([statements[0]!, ...statements.slice(1)]);
  return invoiceIdOfOrder(handle.db, orderId);
}
