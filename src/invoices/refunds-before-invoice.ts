import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { paymentLedger } from "../db/payment-tables";
import { ratePercent, shareOut, vatInGross } from "../tax/vat";
import type { Billable, BillableGoods } from "./billable";

/*
 * Refunds recorded before an order's invoice is issued come off that invoice (ADR 053): the invoice
 * bills what the shopper finally paid for, as a refused substitute already leaves it. After the
 * invoice, a refund is documented by a credit note instead (ADR 043), so a refund is on one document
 * only. A refund for one line (a refused substitute) is not netted again here: its line is not billed.
 */

export type RefundBeforeInvoice = { id: number; amountCents: number; reason: string };

/** The order's refunds settled so far that are not for a line. */
export async function refundsBeforeInvoice(db: Database, orderId: number): Promise<RefundBeforeInvoice[]> {
  const rows = await db
    .select({ id: paymentLedger.id, amountCents: paymentLedger.amountCents, reason: paymentLedger.reason })
    .from(paymentLedger)
    .where(and(eq(paymentLedger.orderId, orderId), eq(paymentLedger.kind, "refund"), eq(paymentLedger.status, "succeeded"), isNull(paymentLedger.orderItemId)))
    .orderBy(asc(paymentLedger.id));
  return rows.map((row) => ({ id: row.id, amountCents: row.amountCents, reason: row.reason ?? "refund" }));
}

/**
 * `billable` with each refund as a negative line per VAT rate, shared over the rates in proportion
 * to what each bills (goods after discount and the fee; largest remainder, so the lines add up to
 * the refund to the cent), each line's VAT worked out of its gross: the VAT falls with the price.
 */
export function netOfRefunds(billable: Billable, refunds: RefundBeforeInvoice[]): Billable {
  if (refunds.length === 0) return billable;
  const byRate = new Map<number, number>();
  for (const line of billable.goods) byRate.set(line.vatRateBp, (byRate.get(line.vatRateBp) ?? 0) + line.lineTotalCents - line.discountCents);
  if (billable.fee) byRate.set(billable.fee.vatRateBp, (byRate.get(billable.fee.vatRateBp) ?? 0) + billable.fee.grossCents);
  const rates = [...byRate].filter(([, gross]) => gross > 0).sort(([a], [b]) => b - a);
  const lines: BillableGoods[] = [];
  for (const refund of refunds) {
    const parts = shareOut(refund.amountCents, rates.map(([, gross]) => gross));
    rates.forEach(([rateBp], i) => {
      const cents = parts[i]!;
      if (cents <= 0) return;
      lines.push({
        productId: null,
        description: rates.length > 1 ? `Refunded before this invoice: ${refund.reason} (part at ${ratePercent(rateBp)} VAT)` : `Refunded before this invoice: ${refund.reason}`,
        unit: "each",
        quantity: 1000,
        unitPriceCents: -cents,
        lineTotalCents: -cents,
        discountCents: 0,
        vatRateBp: rateBp,
        vatCents: vatInGross(-cents, rateBp),
      });
    });
  }
  return { goods: [...billable.goods, ...lines], fee: billable.fee };
}
