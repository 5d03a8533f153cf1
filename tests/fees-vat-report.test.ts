import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { desc, eq } from "drizzle-orm";
import { reportExports } from "../src/db/report-export-tables";
import { invoiceLines, invoices } from "../src/db/invoice-tables";
import { products } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { feesAndVat } from "../src/reports/fees-vat";
import { ensureStoreZone } from "../src/reports/store-zone";
import { completeOrder } from "./support/orders";
import { addToCart, newShopper, type Shelves } from "./support/shop";
import { placeFromCheckoutPage } from "./support/checkout-page";
import { openSlots, shopperHoldingWindow } from "./support/slot-store";
import { textOf, type Agent, type TestStore } from "./support/store";
import { openBackOffice } from "./support/staff";
import { preparedCsv } from "./support/report-exports";

/*
 * Fees and VAT collected per period and rate: read from the invoices, so every figure adds up with
 * them to the cent. Orders with a delivery fee, goods at two VAT rates, completed (invoiced).
 */

let store: TestStore;
let shelves: Shelves;
let manager: Agent;

async function deliveredOrder(items: [keyof Shelves, string][]) {
  const { agent, user } = await shopperHoldingWindow(store, "2026-11-21T08:00:00Z");
  for (const [shelf, quantity] of items) await addToCart(agent, shelves[shelf], quantity);
  const placed = await placeFromCheckoutPage(agent, { fulfilment: "delivery" });
  expect(placed.status).toBe(303);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
  await completeOrder(store, order!.id);
  return order!;
}

beforeAll(async () => {
  ({ store, shelves, manager } = await openBackOffice());
  await store.db.update(products).set({ vatClass: "zero" }).where(eq(products.id, shelves.milk.id));
  await store.db.update(products).set({ vatClass: "second_reduced" }).where(eq(products.id, shelves.eggs.id));
  await openSlots(store, { feeCents: 201, freeFromCents: null, minimumBasketCents: 0 }, [{ starts: 480, ends: 600, capacity: 20, feeCents: 298 }]);
  await deliveredOrder([["milk", "3"], ["eggs", "1"], ["bananas", "1.25"]]);
  await deliveredOrder([["eggs", "2"], ["apples", "1.5"]]);
  // A third order is placed but not completed: no invoice, not in the report.
  const { agent } = await newShopper(store);
  await addToCart(agent, shelves.milk, "1");
}, 60_000);
afterAll(() => store.close());

describe("fees and VAT report", () => {
  test("per rate, the figures are the invoices' own lines summed; the totals equal the invoices' totals to the cent", async () => {
    const report = await feesAndVat(store.db, "day");
    const documents = await store.db.select().from(invoices);
    expect(documents).toHaveLength(2);
    expect(report.totals.grossCents).toBe(documents.reduce((sum, row) => sum + row.totalCents, 0));
    expect(report.totals.vatCents).toBe(documents.reduce((sum, row) => sum + row.vatCents, 0));
    expect(report.totals.netCents).toBe(documents.reduce((sum, row) => sum + row.netCents, 0));
    expect(report.totals.feeGrossCents).toBe(documents.reduce((sum, row) => sum + row.deliveryFeeCents, 0));
    expect(report.totals.feeGrossCents).toBe(2 * (201 + 298));
    expect(report.totals.documents).toBe(2);
    const lines = await store.db.select().from(invoiceLines);
    const rates = [...new Set(lines.map((line) => line.vatRateBp))].sort((a, b) => b - a);
    expect(report.rows.map((row) => row.rateBp)).toEqual(rates);
    expect(rates).toEqual([2300, 900, 0]);
    for (const row of report.rows) {
      const own = lines.filter((line) => line.vatRateBp === row.rateBp);
      expect(row.grossCents).toBe(own.reduce((sum, line) => sum + line.grossCents, 0));
      expect(row.vatCents).toBe(own.reduce((sum, line) => sum + line.vatCents, 0));
      expect(row.netCents).toBe(row.grossCents - row.vatCents);
    }
    expect(report.rows.find((row) => row.rateBp === 0)!.vatCents).toBe(0);
    expect(new Set(report.rows.map((row) => row.period))).toEqual(new Set(["2026-11-20"]));
  });

  test("a period with no invoices is empty; weeks and months group by their start", async () => {
    expect((await feesAndVat(store.db, "day", { from: new Date("2026-11-21T00:00:00Z") })).rows).toEqual([]);
    expect((await feesAndVat(store.db, "week")).rows.every((row) => row.period === "2026-11-16")).toBe(true);
    expect((await feesAndVat(store.db, "month")).rows.every((row) => row.period === "2026-11")).toBe(true);
  });

  test("periods are the store's days: with the store in Kiritimati (UTC+14), the invoices' day there", async () => {
    const documents = await store.db.select().from(invoices);
    const zone = "Pacific/Kiritimati";
    const dayThere = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
    // Issued after 10:00 UTC on 20 November: already the 21st there.
    expect(documents.every((document) => dayThere(document.issuedAt) === "2026-11-21")).toBe(true);
    await ensureStoreZone(store.database, zone);
    try {
      expect(new Set((await feesAndVat(store.db, "day")).rows.map((row) => row.period))).toEqual(new Set(["2026-11-21"]));
      const day = (text: string) => new Date(`${text}T00:00:00Z`);
      const on21st = await feesAndVat(store.db, "day", { from: day("2026-11-21"), to: day("2026-11-22") });
      expect(on21st.totals.documents).toBe(documents.length);
      expect(on21st.totals.grossCents).toBe(documents.reduce((sum, row) => sum + row.totalCents, 0));
      const on20th = await feesAndVat(store.db, "day", { from: day("2026-11-20"), to: day("2026-11-21") });
      expect(on20th.rows).toEqual([]);
      expect(on20th.totals.documents).toBe(0);
    } finally {
      await ensureStoreZone(store.database, store.config.STORE_TIMEZONE);
    }
    expect(new Set((await feesAndVat(store.db, "day")).rows.map((row) => row.period))).toEqual(new Set(["2026-11-20"]));
  });

  test("the reports page shows the section and its CSV adds up the same", async () => {
    const html = await textOf(await manager.get("/manage/reports?from=2026-11-20&to=2026-11-20"));
    expect(html).toContain(`<h2 id="fees-vat">Fees and VAT collected</h2>`);
    expect(html).toContain("<td>23%</td>");
    expect(html).toContain("€9.98"); // the two orders' fees: 2 × (2.01 + 2.98)
    expect(html).toContain("Prepare fees and VAT CSV");
    const csv = await preparedCsv(store, manager, "fees-vat", { from: "2026-11-20", to: "2026-11-20", bucket: "day" });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = (await csv.text()).trim().split("\n");
    expect(rows[0]).toBe("period,vat_rate_percent,goods_gross,fees_gross,gross,vat,net,documents");
    expect(rows.slice(1).map((row) => row.split(",").slice(0, 2).join(","))).toEqual(["2026-11-20,23", "2026-11-20,9", "2026-11-20,0"]);
    const documents = await store.db.select().from(invoices);
    const grossCents = rows.slice(1).reduce((sum, row) => sum + Math.round(Number(row.split(",")[4]) * 100), 0);
    expect(grossCents).toBe(documents.reduce((sum, row) => sum + row.totalCents, 0));
    const [prepared] = await store.db.select({ id: reportExports.id }).from(reportExports).orderBy(desc(reportExports.id)).limit(1);
    expect((await store.agent().get(`/manage/reports/exports/${prepared!.id}/download`)).status).not.toBe(200);
  });
});
