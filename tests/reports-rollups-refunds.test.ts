import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { slotWindows } from "../src/db/fulfilment-tables";
import { invoiceLines, invoices } from "../src/db/invoice-tables";
import { orders } from "../src/db/shop-tables";
import { orderLineSales } from "../src/reports/sale";
import { netSales, salesByProduct, salesOverTime } from "../src/reports/sales";
import { ensureStoreZone } from "../src/reports/store-zone";
import { openCardShop, type CardShop } from "./support/card-shop";
import { placeFromCheckoutPage } from "./support/checkout-page";
import { addPromo, addToCart, newShopper } from "./support/shop";

/*
 * The sales reports read rollups kept by triggers (ADR 024, 059); net sales are what the goods were
 * charged, less the promo's share, less refunds. Here in a store whose day is not UTC's
 * (America/New_York), with orders placed at 23:30 and 00:30 there, a promo's discount shared over the
 * lines, refunds before the invoice (on it) and after it (a credit note), and a cancelled order: the
 * rollups equal the order lines they summarise, and each day's net sales equal the goods on that day's
 * orders' invoices less their credit notes, to the cent. Pay-at-the-counter orders (no Stripe call).
 */

let shop: CardShop;
beforeAll(async () => {
  shop = await openCardShop({ STORE_TIMEZONE: "America/New_York" });
  await addPromo(shop.store, { code: "TENOFF", kind: "percent", value: 10 });
});
afterAll(() => shop.close());

const move = async (orderId: number, ...steps: string[]) => {
  for (const to of steps) expect((await shop.manager.post(`/manage/orders/${orderId}/status`, { to })).status).toBe(303);
};

/** A shopper orders `kilos` of bananas for Saturday's collection at `at`, with the promo code if given, paying at the counter. */
async function placeAt(at: string, kilos: string, promo?: string) {
  shop.store.clock.set(new Date(at));
  const shopper = await newShopper(shop.store);
  const [window] = await shop.store.db.select().from(slotWindows).where(eq(slotWindows.fulfilment, "collection"));
  expect((await shopper.agent.post("/slots/reserve", { slot_id: String(window!.id) })).status).toBe(303);
  await addToCart(shopper.agent, shop.shelves.bananas, kilos);
  if (promo) expect((await shopper.agent.post("/cart/promo", { code: promo })).status).toBe(303);
  expect((await placeFromCheckoutPage(shopper.agent, { fulfilment: "pickup", payment_method: "on_delivery" })).status).toBe(303);
  return (await shop.store.db.select().from(orders).where(eq(orders.userId, shopper.user.id)))[0]!;
}

/** Picked, paid in cash at the counter for what is due. */
async function pickAndPay(orderId: number) {
  await move(orderId, "picked", "ready_for_pickup");
  const order = await shop.orderRow(orderId);
  const due = order.finalTotalCents! + order.deliveryFeeCents;
  expect((await shop.manager.post(`/manage/orders/${orderId}/payment`, { instrument: "cash", amount: (due / 100).toFixed(2) })).status).toBe(303);
}

const refund = async (orderId: number, amount: string, reason: string) => expect((await shop.manager.post(`/manage/orders/${orderId}/refunds`, { amount, reason })).status).toBe(303);

/** The goods on an order's invoice less its credit notes (the fee is not a sale). */
async function goodsOnDocuments(orderId: number): Promise<number> {
  const [row] = await shop.store.db
    .select({ cents: sql<number>`coalesce(sum(case when ${invoices.kind} = 'credit_note' then -${invoiceLines.grossCents} else ${invoiceLines.grossCents} end), 0)` })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(sql`${invoices.orderId} = ${orderId} and ${invoiceLines.kind} = 'goods'`);
  return Number(row?.cents ?? 0);
}

async function expectRollupsMatchLines() {
  const rows = await shop.store.db.all<{ day: string; product_id: number; category_id: number; quantity: number; revenue_cents: number; discount_cents: number; orders: number }>(
    sql`select * from sales_daily where quantity <> 0 or revenue_cents <> 0 or orders <> 0 order by day, product_id`,
  );
  const rollups = rows.map((row) => ({ day: row.day, productId: row.product_id, categoryId: row.category_id, quantity: row.quantity, revenueCents: row.revenue_cents, discountCents: row.discount_cents, orders: row.orders }));
  const lines = await orderLineSales(shop.store.db);
  expect(rollups).toEqual(lines);
  // All time per product: the sum of its days.
  const [total] = await salesByProduct(shop.store.db, {}, "most", { limit: 1, offset: 0 });
  const bananas = lines.filter((line) => line.productId === shop.shelves.bananas.id);
  expect(total).toMatchObject({ productId: shop.shelves.bananas.id, quantity: bananas.reduce((sum, line) => sum + line.quantity, 0), revenueCents: bananas.reduce((sum, line) => sum + line.revenueCents, 0) });
  return lines;
}

const day = (text: string) => ({ from: new Date(`${text}T00:00:00Z`), to: new Date(new Date(`${text}T00:00:00Z`).getTime() + 86_400_000) });

test("23:30 and 00:30 in New York are two store days; net sales equal invoices less credit notes, refunds of a discounted order included; a cancelled order is not a sale", async () => {
  // 23:30 on Wednesday 18 November in New York is 04:30 UTC on the 19th.
  const late = await placeAt("2026-11-19T04:30:00Z", "2", "TENOFF");
  const early = await placeAt("2026-11-19T05:30:00Z", "3");
  const cancelled = await placeAt("2026-11-19T04:45:00Z", "1", "TENOFF");
  await move(cancelled.id, "cancelled");

  await pickAndPay(late.id);
  await refund(late.id, "1.50", "Bruised bananas");
  await move(late.id, "completed");
  await refund(late.id, "0.25", "Late at the counter");
  await pickAndPay(early.id);
  await move(early.id, "completed");

  const lines = await expectRollupsMatchLines();
  expect([...new Set(lines.map((line) => line.day))]).toEqual(["2026-11-18", "2026-11-19"]);
  const lateOrder = await shop.orderRow(late.id);
  expect(lateOrder.finalDiscountCents).toBeGreaterThan(0);

  const wednesday = await netSales(shop.store.db, day("2026-11-18"));
  expect(wednesday).toEqual({
    revenueCents: lateOrder.finalSubtotalCents!,
    discountCents: lateOrder.finalDiscountCents!,
    refundedCents: 175,
    netCents: lateOrder.finalTotalCents! - 175,
  });
  expect(wednesday.netCents).toBe(await goodsOnDocuments(late.id));
  const thursday = await netSales(shop.store.db, day("2026-11-19"));
  expect(thursday.netCents).toBe(await goodsOnDocuments(early.id));
  expect(thursday.refundedCents).toBe(0);
  expect((await netSales(shop.store.db)).netCents).toBe((await goodsOnDocuments(late.id)) + (await goodsOnDocuments(early.id)));

  const byDay = await salesOverTime(shop.store.db, "day", { from: day("2026-11-18").from, to: day("2026-11-19").to });
  expect(byDay.map((row) => [row.period, row.orders, row.netCents])).toEqual([
    ["2026-11-18", 1, wednesday.netCents],
    ["2026-11-19", 1, thursday.netCents],
  ]);

  // The cancelled order, had it gone on, would have counted; cancelling it took its sale away.
  expect(lines.flatMap((line) => line.orders)).toEqual([1, 1]);
});

test("a change of STORE_TIMEZONE counts every rollup again in the new zone's days, in one unit", async () => {
  expect(await ensureStoreZone(shop.store.database, "America/New_York")).toEqual({ rebuilt: false });
  expect(await ensureStoreZone(shop.store.database, "UTC")).toEqual({ rebuilt: true });
  const lines = await expectRollupsMatchLines();
  expect([...new Set(lines.map((line) => line.day))]).toEqual(["2026-11-19"]);
  expect((await netSales(shop.store.db, day("2026-11-19"))).refundedCents).toBe(175);
  expect(await ensureStoreZone(shop.store.database, "America/New_York")).toEqual({ rebuilt: true });
  expect([...new Set((await expectRollupsMatchLines()).map((line) => line.day))]).toEqual(["2026-11-18", "2026-11-19"]);
});
