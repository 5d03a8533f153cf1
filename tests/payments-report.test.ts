import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { paymentLedger } from "../src/db/payment-tables";
import { enqueue } from "../src/jobs/queue";
import { CAPTURE_JOB } from "../src/payments/capture";
import { outstandingCsvStream, outstandingOnDelivery, paymentsReport } from "../src/payments/report";
import { OWED_FROM_ORDERS, PAYMENT_DAYS_FROM_LEDGER } from "../src/payments/rollup-sql";
import { openCardShop, type CardShop } from "./support/card-shop";
import { textOf } from "./support/store";

/*
 * The payments report (issue 20, "reports count money, not intentions"): money captured and taken at
 * the door, net of refunds, per day and method, and pay-on-delivery still owed; every figure adds up
 * with the ledger to the cent. Card payments run against the Stripe TEST DOUBLE (ADR 030).
 * 2 kg of bananas at 1.89 plus the 1.00 collection fee: 4.78 an order.
 */

let shop: CardShop;
const ids = { captured: 0, held: 0, cash: 0, unpaid: 0, part: 0, placed: 0 };

async function moveTo(orderId: number, ...steps: string[]) {
  for (const to of steps) expect((await shop.manager.post(`/manage/orders/${orderId}/status`, { to })).status).toBe(303);
}

beforeAll(async () => {
  shop = await openCardShop();
  const { manager, store, work } = shop;
  // A card order captured (4.78) and partly refunded the next day (1.89).
  const captured = await shop.authorisedCardOrder();
  await enqueue(store.db, CAPTURE_JOB, { orderId: captured.order.id }, store.clock.now());
  await work.drain();
  // A card order authorised only (5.16 held): an intention, not money.
  const held = await shop.authorisedCardOrder();
  // Pay on delivery: one paid in cash (4.78) and 1.00 refunded; one picked, nothing recorded; one
  // handed over with 3.00 taken on the terminal; one placed, not picked yet.
  const cash = await shop.placeOrder("on_delivery");
  await moveTo(cash.order.id, "picked", "ready_for_pickup");
  expect((await manager.post(`/manage/orders/${cash.order.id}/payment`, { instrument: "cash", amount: "4.78" })).status).toBe(303);
  expect((await manager.post(`/manage/orders/${cash.order.id}/refunds`, { amount: "1.00", reason: "Bruised bananas" })).status).toBe(303);
  const unpaid = await shop.placeOrder("on_delivery");
  await moveTo(unpaid.order.id, "picked");
  const part = await shop.placeOrder("on_delivery");
  await moveTo(part.order.id, "picked", "ready_for_pickup");
  expect((await manager.post(`/manage/orders/${part.order.id}/payment`, { instrument: "card_terminal", amount: "3.00" })).status).toBe(303);
  await moveTo(part.order.id, "completed");
  const placed = await shop.placeOrder("on_delivery");
  store.clock.advance(24 * 60 * 60_000);
  try {
    expect((await manager.post(`/manage/orders/${captured.order.id}/refunds`, { amount: "1.89", reason: "Refused substitute at the door" })).status).toBe(303);
  } finally {
    store.clock.advance(-24 * 60 * 60_000);
  }
  Object.assign(ids, { captured: captured.order.id, held: held.order.id, cash: cash.order.id, unpaid: unpaid.order.id, part: part.order.id, placed: placed.order.id });
}, 120_000);
afterAll(() => shop.close());

describe("payments report", () => {
  test("per day and method: captured and taken at the door, less refunds, equal to the ledger's settled rows to the cent", async () => {
    const report = await paymentsReport(shop.store.db, "day");
    expect(report.rows.map((row) => [row.period, row.method, row.takenCents, row.refundedCents, row.netCents, row.payments, row.refunds])).toEqual([
      ["2026-11-20", "card", 478, 0, 478, 1, 0],
      ["2026-11-20", "on_delivery", 778, 100, 678, 2, 1],
      ["2026-11-21", "card", 0, 189, -189, 0, 1],
    ]);
    expect(report.byMethod.card).toEqual({ takenCents: 478, refundedCents: 189, netCents: 289, payments: 1, refunds: 1 });
    expect(report.byMethod.on_delivery).toEqual({ takenCents: 778, refundedCents: 100, netCents: 678, payments: 2, refunds: 1 });
    expect(report.totals.netCents).toBe(967);
    // The same sums straight from the ledger: taken minus refunded over every settled row.
    const settled = await shop.store.db.select().from(paymentLedger).where(and(eq(paymentLedger.status, "succeeded"), inArray(paymentLedger.kind, ["capture", "collection", "refund"])));
    const ledgerNet = settled.reduce((sum, row) => sum + (row.kind === "refund" ? -row.amountCents : row.amountCents), 0);
    expect(report.totals.netCents).toBe(ledgerNet);
    // The authorised-only order's 5.16 hold counts nowhere.
    const held = await shop.ledger(ids.held);
    expect(held.map((row) => [row.kind, row.status, row.amountCents])).toEqual([["authorisation", "succeeded", 516]]);
    // A period: the 21st alone holds the card refund only; by month it is one row per method.
    expect((await paymentsReport(shop.store.db, "day", { from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") })).totals).toEqual({ takenCents: 0, refundedCents: 189, netCents: -189, payments: 0, refunds: 1 });
    expect((await paymentsReport(shop.store.db, "month")).rows.map((row) => [row.period, row.method, row.netCents])).toEqual([
      ["2026-11", "card", 289],
      ["2026-11", "on_delivery", 678],
    ]);
  });

  test("outstanding on delivery: picked or handed over with money still owed, not card orders, not orders still to pick", async () => {
    const outstanding = await outstandingOnDelivery(shop.store.db);
    expect(outstanding.orders.map((order) => [order.id, order.status, order.dueCents, order.paidCents, order.outstandingCents])).toEqual([
      [ids.unpaid, "picked", 478, 0, 478],
      [ids.part, "completed", 478, 300, 178],
    ]);
    expect(outstanding.totalCents).toBe(656);
    // The page lists the oldest few; the count and the amount owed still cover every order, summed in SQL.
    const oldest = await outstandingOnDelivery(shop.store.db, 1);
    expect(oldest.orders.map((order) => order.id)).toEqual([ids.unpaid]);
    expect([oldest.count, oldest.totalCents]).toEqual([2, 656]);
  });

  test("the rollups the report reads equal the ledger and the orders they summarise: each store day and method, each order owing", async () => {
    const { db } = shop.store;
    // Kept by triggers as each payment, refund and state change was written (ADR 067)...
    const kept = await db.all(sql`select day, method, taken_cents, refunded_cents, payments, refunds from payments_days
      where taken_cents <> 0 or refunded_cents <> 0 or payments <> 0 or refunds <> 0 order by day, method`);
    // ...and worked out again from every settled ledger row.
    expect(kept).toEqual(await db.all(sql.raw(`select * from (${PAYMENT_DAYS_FROM_LEDGER}) order by day, method`)));
    expect(kept).toEqual([
      { day: "2026-11-20", method: "card", taken_cents: 478, refunded_cents: 0, payments: 1, refunds: 0 },
      { day: "2026-11-20", method: "on_delivery", taken_cents: 778, refunded_cents: 100, payments: 2, refunds: 1 },
      { day: "2026-11-21", method: "card", taken_cents: 0, refunded_cents: 189, payments: 0, refunds: 1 },
    ]);
    const owed = await db.all(sql`select order_id, owed_cents as owed from payments_owed order by order_id`);
    expect(owed).toEqual(await db.all(sql.raw(`select * from (${OWED_FROM_ORDERS}) order by order_id`)));
    expect(owed).toEqual([
      { order_id: ids.unpaid, owed: 478 },
      { order_id: ids.part, owed: 178 },
    ]);
  });

  test("the page and its CSVs show the same figures; the reports page links to it", async () => {
    const { manager } = shop;
    expect(await textOf(await manager.get("/manage/reports"))).toContain('href="/manage/reports/payments"');
    const page = await textOf(await manager.get("/manage/reports/payments?bucket=day&from=20/11/2026&to=2026-11-21"));
    expect(page).toContain(`value="20/11/2026"`);
    expect(page).toContain("<strong>€9.67</strong>: €12.56 taken, €2.89 refunded.");
    expect(page).toContain("<strong>€6.56</strong> on 2 orders");
    expect(page).toContain(`href="/manage/orders/${ids.part}/payment"`);
    const csv = await manager.get("/manage/reports/payments/taken.csv?bucket=day");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe("period,method,taken,refunded,net,payments,refunds\n2026-11-20,card,4.78,0.00,4.78,1,0\n2026-11-20,on_delivery,7.78,1.00,6.78,2,1\n2026-11-21,card,0.00,1.89,-1.89,0,1\n");
    const owed = await (await manager.get("/manage/reports/payments/outstanding.csv")).text();
    expect(owed).toBe(`order,state,fulfilment,due,paid,outstanding\nGR-${String(ids.unpaid).padStart(6, "0")},picked,pickup,4.78,0.00,4.78\nGR-${String(ids.part).padStart(6, "0")},completed,pickup,4.78,3.00,1.78\n`);
    // Streamed a page at a time: pages of one order, and pages that hold orders not owing, write the same document.
    expect(await new Response(outstandingCsvStream(shop.store.db, 1)).text()).toBe(owed);
    expect(await new Response(outstandingCsvStream(shop.store.db, 2)).text()).toBe(owed);
    // With no periods chosen the range picks them, on the page and in its CSV alike (as the sales report does).
    expect(await textOf(await manager.get("/manage/reports/payments?from=2024-01-01&to=2026-11-30"))).toContain("<h3>Per month</h3>");
    expect(await textOf(await manager.get("/manage/reports/payments?from=2026-06-01&to=2026-11-30"))).toContain("<h3>Per week</h3>");
    expect(await textOf(await manager.get("/manage/reports/payments"))).toContain("<h3>Per day</h3>");
    const months = await manager.get("/manage/reports/payments/taken.csv?from=2024-01-01&to=2026-11-30");
    expect(months.headers.get("content-disposition")).toContain("payments-by-month.csv");
    expect(await months.text()).toStartWith("period,method,taken,refunded,net,payments,refunds\n2026-11,card,4.78,");
    // Shoppers cannot read it.
    const { agent } = await shop.placeOrder("on_delivery");
    expect((await agent.get("/manage/reports/payments")).status).not.toBe(200);
  });
});
