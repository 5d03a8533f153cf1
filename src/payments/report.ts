import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { paymentLedger, type PaymentMethodName } from "../db/payment-tables";
import { orders } from "../db/shop-tables";
import { orderNumber } from "../orders/queries";
import { centsText, csvDocument, csvRows } from "../reports/csv";
import { daysWhere } from "../reports/sale";
import { daysOf, type Bucket, type ReportFilter } from "../reports/sales";
import { amountDueCents, owedCents } from "./amounts";
import { OUTSTANDING_STATES } from "./rollup-sql";

export { OUTSTANDING_STATES };

/*
 * Money, not intentions (issue 20): what was actually taken, per period and payment method, less
 * what was given back, from the ledger's settled rows (succeeded captures and payments taken at the
 * door, succeeded refunds), so every figure adds up with the ledger to the cent. A row counts on the
 * store's day it settled (a settled row never changes, so its updated_at is when the money moved).
 * Beside it, the pay-on-delivery orders picked or handed over whose payment is not yet recorded.
 * Both read rollups kept by triggers in the payment's own atomic unit (ADR 067,
 * src/payments/rollup-sql.ts): a period costs its days, the amount owed one row per order owing.
 */

export type PaymentPeriodRow = {
  period: string;
  method: PaymentMethodName;
  /** Captured on the card, or taken at the door (card terminal or cash). */
  takenCents: number;
  refundedCents: number;
  netCents: number;
  payments: number;
  refunds: number;
};

export type PaymentTotals = Omit<PaymentPeriodRow, "period" | "method">;
export type PaymentsReport = { rows: PaymentPeriodRow[]; byMethod: Record<PaymentMethodName, PaymentTotals>; totals: PaymentTotals };

function periodExpression(bucket: Bucket) {
  switch (bucket) {
    case "day":
      return sql`day`;
    case "week":
      return sql`date(day, 'weekday 0', '-6 days')`;
    case "month":
      return sql`substr(day, 1, 7)`;
  }
}

const zero = (): PaymentTotals => ({ takenCents: 0, refundedCents: 0, netCents: 0, payments: 0, refunds: 0 });
const add = (sum: PaymentTotals, row: PaymentTotals): PaymentTotals => ({
  takenCents: sum.takenCents + row.takenCents,
  refundedCents: sum.refundedCents + row.refundedCents,
  netCents: sum.netCents + row.netCents,
  payments: sum.payments + row.payments,
  refunds: sum.refunds + row.refunds,
});

/** Money taken and refunded per period and method, net, from the days' rollup (`payments_days`). */
export async function paymentsReport(db: Database, bucket: Bucket, filter: Pick<ReportFilter, "from" | "to"> = {}): Promise<PaymentsReport> {
  const period = periodExpression(bucket);
  const found = await db.all<{ period: string; method: PaymentMethodName; takenCents: number; refundedCents: number; payments: number; refunds: number }>(sql`
    select ${period} as period, method, sum(taken_cents) as takenCents, sum(refunded_cents) as refundedCents, sum(payments) as payments, sum(refunds) as refunds
    from payments_days where ${daysWhere(daysOf(filter))}
    group by 1, 2 having sum(payments) <> 0 or sum(refunds) <> 0
    order by 1, 2`);
  const rows = found.map((row): PaymentPeriodRow => {
    const takenCents = Number(row.takenCents);
    const refundedCents = Number(row.refundedCents);
    return { period: row.period, method: row.method, takenCents, refundedCents, netCents: takenCents - refundedCents, payments: Number(row.payments), refunds: Number(row.refunds) };
  });
  const byMethod: Record<PaymentMethodName, PaymentTotals> = { card: zero(), on_delivery: zero() };
  for (const row of rows) byMethod[row.method] = add(byMethod[row.method], row);
  return { rows, byMethod, totals: add(byMethod.card, byMethod.on_delivery) };
}

export type OutstandingOrder = { id: number; number: string; status: (typeof OUTSTANDING_STATES)[number]; fulfilment: string; dueCents: number; paidCents: number; outstandingCents: number };
/** `orders`: the oldest `listed` (all without a limit); `count` and `totalCents`: every order outstanding. */
export type OutstandingReport = { orders: OutstandingOrder[]; count: number; totalCents: number };

const succeeded = sql`${paymentLedger.status} = 'succeeded'`;
const capturedSum = sql<number>`coalesce(sum(case when ${succeeded} and ${paymentLedger.kind} in ('capture', 'collection') then ${paymentLedger.amountCents} else 0 end), 0)`;

/** The orders owing at the door among `ids` (from `payments_owed`), one row each with what was paid. */
function outstandingOrders(db: Database, ids: SQL) {
  return (
    db
      .select({
        id: orders.id,
        status: orders.status,
        fulfilment: orders.fulfilment,
        totalCents: orders.totalCents,
        finalTotalCents: orders.finalTotalCents,
        deliveryFeeCents: orders.deliveryFeeCents,
        capturedCents: capturedSum.as("captured_cents"),
      })
      .from(orders)
      .leftJoin(paymentLedger, eq(paymentLedger.orderId, orders.id))
      .where(and(inArray(orders.id, ids), inArray(orders.status, [...OUTSTANDING_STATES])))
      .groupBy(orders.id)
      // A card order (any card row, as the payment state reads it) owes nothing at the door.
      .having(sql`sum(case when ${paymentLedger.method} = 'card' then 1 else 0 end) = 0 and coalesce(${orders.finalTotalCents}, ${orders.totalCents}) + ${orders.deliveryFeeCents} > ${capturedSum}`)
  );
}

/**
 * Pay-on-delivery orders picked, on their way, waiting at the counter or handed over, with money
 * still owed (no payment recorded at handover, or less than the order came to). As it stands now:
 * not limited to the report's period. The page lists the oldest `listed` (a store with years of
 * unrecorded handovers would otherwise put every one on the page); the count and total cover all,
 * from the rollup of what each order owes.
 */
export async function outstandingOnDelivery(db: Database, listed?: number): Promise<OutstandingReport> {
  const ids = listed === undefined ? sql`(select order_id from payments_owed)` : sql`(select order_id from payments_owed order by order_id limit ${listed})`;
  const list = await outstandingAmong(db, ids);
  if (listed === undefined || list.length < listed) return { orders: list, count: list.length, totalCents: list.reduce((sum, order) => sum + order.outstandingCents, 0) };
  const [summary] = await db.all<{ count: number; owed: number | null }>(sql`select count(*) as count, sum(owed_cents) as owed from payments_owed`);
  return { orders: list, count: Number(summary?.count ?? 0), totalCents: Number(summary?.owed ?? 0) };
}

async function outstandingAmong(db: Database, ids: SQL): Promise<OutstandingOrder[]> {
  const found = await outstandingOrders(db, ids).orderBy(orders.id);
  return found.map((order): OutstandingOrder => {
    const state = { capturedCents: Number(order.capturedCents) };
    const outstandingCents = owedCents(order, state);
    return { id: order.id, number: orderNumber(order), status: order.status as OutstandingOrder["status"], fulfilment: order.fulfilment, dueCents: amountDueCents(order), paidCents: state.capturedCents, outstandingCents };
  });
}

export const METHOD_LABELS: Record<PaymentMethodName, string> = { card: "Card online", on_delivery: "On delivery or collection" };

export function paymentsReportCsv(report: PaymentsReport): string {
  return csvDocument(
    ["period", "method", "taken", "refunded", "net", "payments", "refunds"],
    report.rows.map((row) => [row.period, row.method, centsText(row.takenCents), centsText(row.refundedCents), centsText(row.netCents), row.payments, row.refunds]),
  );
}

const OUTSTANDING_COLUMNS = ["order", "state", "fulfilment", "due", "paid", "outstanding"];
const outstandingCells = (order: OutstandingOrder) => [order.number, order.status, order.fulfilment, centsText(order.dueCents), centsText(order.paidCents), centsText(order.outstandingCents)];

/** Orders owing read per page of the CSV: its memory and each hold on the thread are one page's. */
export const OUTSTANDING_CSV_PAGE = 1000;

/**
 * Every order owing at the door as CSV, oldest first, read and written a page at a time as it is
 * sent (a store with years of unrecorded handovers owes on millions). A page is the next
 * `pageSize` orders of the rollup by id, so an order that stops owing mid-download is left out
 * and none is listed twice.
 */
export function outstandingCsvStream(db: Database, pageSize = OUTSTANDING_CSV_PAGE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: number | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (after === null) {
        after = 0;
        return controller.enqueue(encoder.encode(csvDocument(OUTSTANDING_COLUMNS, [])));
      }
      const [page] = await db.all<{ last: number | null }>(sql`select max(order_id) as last from (select order_id from payments_owed where order_id > ${after} order by order_id limit ${pageSize})`);
      const last = page?.last === null || page?.last === undefined ? null : Number(page.last);
      if (last === null) return controller.close();
      const owing = await outstandingAmong(db, sql`(select order_id from payments_owed where order_id > ${after} and order_id <= ${last})`);
      after = last;
      // A page whose orders all stopped owing meanwhile writes nothing and reads the next.
      controller.enqueue(encoder.encode(owing.length ? csvRows(owing.map(outstandingCells)) : ""));
    },
  });
}
