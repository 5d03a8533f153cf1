import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { bucketForRange, periodOf, salesByCategory, salesByProduct, salesOverTime } from "../src/reports/sales";
import type { Shelves } from "./support/shop";
import { sell as sellIn } from "./support/orders";
import { textOf, type Agent, type TestStore } from "./support/store";
import { openBackOffice } from "./support/staff";
import { preparedCsv } from "./support/report-exports";


let store: TestStore;
let shelves: Shelves;
let manager: Agent;
const DAY = 24 * 60 * 60 * 1000;

const sell = (lines: [keyof Shelves, string][]) => sellIn(store, shelves, lines);

beforeEach(async () => {
  ({ store, shelves, manager } = await openBackOffice());
  // Fri 2026-11-20: bananas 1.5 kg (2.84) + milk 2 l (2.58)
  await sell([["bananas", "1.5"], ["milk", "2"]]);
  // Mon 2026-11-23: milk 1 l (1.29)
  store.clock.set(new Date("2026-11-23T08:00:00Z"));
  await sell([["milk", "1"]]);
  // Tue 2026-12-01: eggs 2 (7.98), then a cancelled order of apples that must not count
  store.clock.set(new Date("2026-12-01T23:59:00Z"));
  await sell([["eggs", "2"]]);
  const cancelled = await sell([["apples", "1"]]);
  expect((await manager.post(`/manage/orders/${cancelled.id}/status`, { to: "cancelled" })).status).toBe(303);
});
afterEach(() => store.close());

describe("sales by product", () => {
  test("every product is listed, unsold ones (and the cancelled sale) as 0, best first", async () => {
    const rows = await salesByProduct(store.db);
    expect(rows.map((row) => [row.name, row.quantity, row.revenueCents, row.orders])).toEqual([
      ["Free-range Eggs", 2000, 798, 1],
      ["Whole Milk", 3000, 387, 2],
      ["Bananas", 1500, 284, 1],
      ["Apples", 0, 0, 0],
      ["Greek Yoghurt", 0, 0, 0],
    ]);
  });

  test("a period's pages are windows of its whole list, ties across a page's edge included, short and long periods", async () => {
    // Level figures (the same revenue and quantity) straddle every page edge, and one product is below nothing.
    const level = [shelves.apples, shelves.yoghurt, shelves.bananas];
    for (const product of level) {
      await store.db.run(sql`insert into sales_daily (day, category_id, product_id, quantity, revenue_cents, orders) values ('2026-11-25', ${product.categoryId}, ${product.id}, 1000, 500, 1)
        on conflict do update set quantity = quantity + 1000, revenue_cents = revenue_cents + 500`);
    }
    await store.db.run(sql`insert into sales_daily (day, category_id, product_id, quantity, revenue_cents, orders) values ('2026-11-26', ${shelves.eggs.categoryId}, ${shelves.eggs.id}, -5000, -2000, 1)`);
    for (const range of [{ from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z") }, { from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z") }]) {
      for (const order of ["most", "least"] as const) {
        const whole = await salesByProduct(store.db, range, order);
        expect(whole.length).toBe(5);
        for (let limit = 1; limit <= 4; limit++) {
          for (let offset = 0; offset <= 5; offset++) {
            expect(await salesByProduct(store.db, range, order, { limit, offset })).toEqual(whole.slice(offset, offset + limit));
          }
        }
      }
    }
  });

  test("date range (inclusive store days) and category filters", async () => {
    const range = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
    const firstDay = await salesByProduct(store.db, range);
    expect(firstDay.filter((row) => row.quantity > 0).map((row) => row.name)).toEqual(["Bananas", "Whole Milk"]);
    const dairyId = (await salesByCategory(store.db)).find((row) => row.name === "Dairy")!.categoryId;
    const dairy = await salesByProduct(store.db, { categoryId: dairyId });
    expect(dairy.map((row) => row.name)).toEqual(["Free-range Eggs", "Whole Milk", "Greek Yoghurt"]);

    const page = await textOf(await manager.get(`/manage/reports?from=2026-11-20&to=2026-11-23&category=${dairyId}`));
    expect(page).toContain("Sales from 20 Nov 2026 to 23 Nov 2026, Dairy only: <strong>€3.87</strong>");
    expect(page).not.toContain("(UTC)");
    // The filter shows the days as the store writes them, and reads them back the same way.
    expect(page).toContain('value="20/11/2026"');
    expect(page).toContain('placeholder="dd/mm/yyyy"');
    const typed = await textOf(await manager.get(`/manage/reports?from=20%2F11%2F2026&to=23%2F11%2F2026&category=${dairyId}`));
    expect(typed).toContain("Sales from 20 Nov 2026 to 23 Nov 2026, Dairy only: <strong>€3.87</strong>");
  });
});

describe("sales by category and over time", () => {
  test("categories add up to the same total as products", async () => {
    const rows = await salesByCategory(store.db);
    expect(rows.map((row) => [row.name, row.revenueCents, row.orders])).toEqual([
      ["Dairy", 1185, 3],
      ["Fruit", 284, 1],
    ]);
  });

  test("day buckets fill empty days with 0; weeks start on Monday; months", async () => {
    const days = await salesOverTime(store.db, "day", { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-24T00:00:00Z") });
    expect(days.map((row) => [row.period, row.orders, row.revenueCents])).toEqual([
      ["2026-11-20", 1, 542],
      ["2026-11-21", 0, 0],
      ["2026-11-22", 0, 0],
      ["2026-11-23", 1, 129],
    ]);
    const weeks = await salesOverTime(store.db, "week");
    expect(weeks.map((row) => [row.period, row.orders, row.revenueCents])).toEqual([
      ["2026-11-16", 1, 542],
      ["2026-11-23", 1, 129],
      ["2026-11-30", 1, 798],
    ]);
    const months = await salesOverTime(store.db, "month");
    expect(months.map((row) => [row.period, row.orders, row.revenueCents])).toEqual([
      ["2026-11", 2, 671],
      ["2026-12", 1, 798],
    ]);
    expect(periodOf(new Date("2026-11-22T23:00:00Z"), "week")).toBe("2026-11-16"); // a Sunday
    expect(periodOf(new Date("2026-11-23T00:00:00Z"), "week")).toBe("2026-11-23"); // a Monday
  });

  test("the category filter applies to the time series too", async () => {
    const fruitId = (await salesByCategory(store.db)).find((row) => row.name === "Fruit")!.categoryId;
    const months = await salesOverTime(store.db, "month", { categoryId: fruitId });
    expect(months.map((row) => [row.period, row.orders, row.revenueCents])).toEqual([["2026-11", 1, 284]]);
  });
});

describe("report page and CSV", () => {
  test("charts are accessible server-side SVG with a table view, and no inline styles", async () => {
    const html = await textOf(await manager.get("/manage/reports?bucket=week"));
    for (const id of ["chart-over-time", "chart-categories", "chart-products"]) {
      expect(html).toContain(`id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc"`);
      expect(html).toContain(`<title id="${id}-title">`);
      expect(html).toContain(`<desc id="${id}-desc">`);
    }
    expect(html).not.toContain("style=");
    expect(html).toContain("<summary>Table view</summary>");
    expect(html).toContain("<td>2026-11-30</td><td>1</td><td class=\"money\">€7.98</td>");
    expect(html).toContain("Greek Yoghurt: not sold");
  });

  test("CSV downloads, prepared in the background, hold exact figures, quoted by the CSV library", async () => {
    const products = await preparedCsv(store, manager, "products");
    expect(products.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(products.headers.get("content-disposition")).toBe('attachment; filename="sales-by-product.csv"');
    expect(await products.text()).toBe(
      [
        "product,category,quantity,unit,orders,revenue",
        "Free-range Eggs,Dairy,2,dozen,1,7.98",
        "Whole Milk,Dairy,3,l,2,3.87",
        "Bananas,Fruit,1.5,kg,1,2.84",
        "Apples,Fruit,0,kg,0,0.00",
        "Greek Yoghurt,Dairy,0,each,0,0.00",
        "",
      ].join("\n"),
    );
    const weeks = await preparedCsv(store, manager, "over-time", { bucket: "week", from: "2026-11-16", to: "2026-11-29" });
    expect(weeks.headers.get("content-disposition")).toBe('attachment; filename="sales-by-week.csv"');
    expect(await weeks.text()).toBe("period,orders,revenue,discount,refunded,net_sales\n2026-11-16,1,5.42,0.00,0.00,5.42\n2026-11-23,1,1.29,0.00,0.00,1.29\n");
    const categories = await preparedCsv(store, manager, "categories", { to: "2026-11-20" });
    expect(await categories.text()).toBe("category,orders,revenue\nFruit,1,2.84\nDairy,1,2.58\n");
  });

  test("a product name with a comma and quotes is escaped properly", async () => {
    const { products } = await import("../src/db/schema");
    await store.db.update(products).set({ name: 'Milk, "organic"' }).where(eq(products.id, shelves.milk.id));
    const text = await (await preparedCsv(store, manager, "products")).text();
    expect(text).toContain('"Milk, ""organic""",Dairy,3,l,2,3.87');
  });

  test("the product table is a page of products read in SQL, with links to the next and previous pages", async () => {
    const first = await textOf(await manager.get("/manage/reports?category=&bucket=day"));
    expect(first).toContain("Table view (products 1–5, highest revenue first)");
    expect(first).not.toContain('rel="next"');
    expect(first).toContain("Greek Yoghurt: not sold");
    const second = await textOf(await manager.get("/manage/reports?page=2"));
    expect(second).toContain("Table view (products none, highest revenue first)");
    expect(second).toContain('href="/manage/reports?bucket=day#product-table" rel="prev"');
    // The total and the ten best sellers stay those of the whole period on every page.
    expect(second).toContain("Sales for all time: <strong>€14.69</strong>");
    expect(second).toContain("Best: Free-range Eggs with €7.98.");
  });

  test("each report offers its CSV prepared with its filters; the old one-shot CSV links land there", async () => {
    const html = await textOf(await manager.get("/manage/reports?from=2026-11-16&to=2026-11-29&bucket=week"));
    for (const label of ["Prepare sales over time CSV", "Prepare sales by category CSV", "Prepare sales by product CSV", "Prepare fees and VAT CSV"]) expect(html).toContain(label);
    expect(html).toContain('<input type="hidden" name="from" value="2026-11-16"/>');
    expect(html).not.toContain(".csv");
    for (const [old, section] of [["products", "by-product"], ["categories", "by-category"], ["over-time", "over-time"], ["fees-vat", "fees-vat"]]) {
      const response = await manager.get(`/manage/reports/${old}.csv?from=2026-11-16&bucket=week`);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/manage/reports?from=2026-11-16&bucket=week#${section}`);
    }
  });

  test("without a chosen bucket the range decides: days up to two months, weeks up to a year, months beyond", async () => {
    // The store's sales span 20 November to early December: all time is a few weeks of days.
    expect(await bucketForRange(store.db, {})).toBe("day");
    const cases = [
      ["", "day"],
      ["?from=2026-10-01&to=2026-11-30", "day"],
      ["?from=2026-01-01&to=2026-11-30", "week"],
      ["?from=2024-01-01&to=2026-11-30", "month"],
      ["?from=2024-01-01", "month"],
      ["?from=2024-01-01&bucket=day", "day"],
    ] as const;
    for (const [search, bucket] of cases) {
      const html = await textOf(await manager.get(`/manage/reports${search}`));
      expect(html).toContain(`Revenue and orders per ${bucket}`);
      expect(html).toContain(`<input type="hidden" name="bucket" value="${bucket}"/>`);
    }
  });

  test("junk filters are ignored rather than failing", async () => {
    const response = await manager.get("/manage/reports?from=yesterday&to=2026-13-45&category=abc&bucket=fortnight");
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("Sales for all time: <strong>€14.69</strong>");
    expect(DAY).toBe(86_400_000);
  });
});
