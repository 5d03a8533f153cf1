import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { products } from "../src/db/schema";
import { reportExports } from "../src/db/report-export-tables";
import { categorySalesCsv, periodSalesCsv, productSalesCsv } from "../src/reports/csv";
import { dayRange } from "../src/reports/date-range";
import { feesAndVat, feesAndVatCsv } from "../src/reports/fees-vat";
import { salesByCategory, salesByProduct, salesOverTime } from "../src/reports/sales";
import type { Shelves } from "./support/shop";
import { sell as sellIn } from "./support/orders";
import { textOf, type Agent, type TestStore } from "./support/store";
import { openBackOffice } from "./support/staff";
import { backgroundWork } from "./support/jobs";
import { nextTurn, runNextJob } from "../src/jobs/worker";
import { jobs } from "../src/db/schema";
import { firstCursor } from "../src/reports/export-steps";

/*
 * CSV exports prepared in the job queue (ADR 046), in process: started from the reports page,
 * progress on their own page (polled by htmx, a link without JavaScript), downloaded when done,
 * byte for byte the CSV the one-shot download gives. tests/report-export-resume.test.ts stops a
 * real server in the middle of one.
 */

let store: TestStore;
let shelves: Shelves;
let manager: Agent;
let work: ReturnType<typeof backgroundWork>;

const sell = (lines: [keyof Shelves, string][]) => sellIn(store, shelves, lines);

beforeEach(async () => {
  // Two rows a chunk: the product report is staged and written over several steps and jobs.
  ({ store, shelves, manager } = await openBackOffice({ REPORT_EXPORT_CHUNK_ROWS: "2" }));
  work = backgroundWork(store);
  await sell([["bananas", "1.5"], ["milk", "2"]]);
  store.clock.set(new Date("2026-11-23T08:00:00Z"));
  await sell([["milk", "1"], ["eggs", "1"]]);
  await work.drain();
});
afterEach(() => store.close());

/** Starts an export from the reports page's form; returns its page's path. */
async function prepare(kind: string, filters: Record<string, string> = {}) {
  const response = await manager.post("/manage/reports/exports", { kind, from: "", to: "", category: "", bucket: "day", ...filters });
  expect(response.status).toBe(303);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/^\/manage\/reports\/exports\/\d+$/);
  return location;
}

describe("report exports", () => {
  test("a product export: started on the page, progress while preparing, then the same file as the one-shot CSV", async () => {
    // A product whose name a spreadsheet would run as a formula stays text.
    await store.db.update(products).set({ name: "=HYPERLINK(1)" }).where(eq(products.id, shelves.apples.id));
    const reports = await textOf(await manager.get("/manage/reports"));
    expect(reports).toContain("Prepare sales by product CSV");

    const page = await prepare("products");
    const preparing = await textOf(await manager.get(page));
    expect(preparing).toContain("Preparing, 0%");
    expect(preparing).toContain('hx-trigger="every 1s"');
    expect(preparing).toContain(`<a href="${page}">Check again</a>`);
    expect((await manager.get(`${page}/download`)).status).toBe(409);

    await work.drain();
    const ready = await textOf(await manager.get(page));
    expect(ready).toContain("Ready");
    expect(ready).not.toContain("hx-trigger");
    const download = await manager.get(`${page}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="sales-by-product.csv"');
    const file = await download.text();
    expect(file).toBe(productSalesCsv(await salesByProduct(store.db)));
    expect(file).toContain("'=HYPERLINK(1),Fruit,0,kg,0,0.00");
    expect(file.split("\n").length).toBe(7); // header, five products, the final newline

    const [row] = await store.db.select().from(reportExports).where(eq(reportExports.id, Number(page.split("/").at(-1))));
    expect(row!.state).toBe("done");
    expect(row!.rowsWritten).toBe(5);
    expect(row!.chunks).toBe(3);
    const staged = await store.db.all<{ n: number }>(sql`select count(*) as n from report_export_rows`);
    expect(Number(staged[0]!.n)).toBe(0);
    expect(await textOf(await manager.get("/manage/reports"))).toContain(`<a href="${page}/download" download="">Download CSV</a>`);
  });

  test("every report exports with its filters to the bytes of the report's CSV", async () => {
    const day = (text: string) => dayRange(text, text);
    const cases: [string, Record<string, string>, () => Promise<string>][] = [
      ["products", { from: "2026-11-23", to: "2026-11-23" }, async () => productSalesCsv(await salesByProduct(store.db, { from: day("2026-11-23").from, to: day("2026-11-23").to }))],
      ["categories", { to: "2026-11-20" }, async () => categorySalesCsv(await salesByCategory(store.db, { to: day("2026-11-20").to }))],
      ["over-time", { bucket: "week" }, async () => periodSalesCsv(await salesOverTime(store.db, "week", {}))],
      ["fees-vat", { bucket: "month" }, async () => feesAndVatCsv(await feesAndVat(store.db, "month", {}))],
    ];
    const pages = [];
    for (const [kind, filters] of cases) pages.push(await prepare(kind, filters));
    await work.drain();
    for (const [i, [, , expected]] of cases.entries()) {
      const download = await manager.get(`${pages[i]}/download`);
      expect(download.status).toBe(200);
      expect(await download.text()).toBe(await expected());
    }
  });

  test("a category filter keeps the aisle's products (and whatever sold in it)", async () => {
    const dairy = shelves.milk.categoryId;
    const page = await prepare("products", { category: String(dairy) });
    await work.drain();
    expect(await (await manager.get(`${page}/download`)).text()).toBe(productSalesCsv(await salesByProduct(store.db, { categoryId: dairy })));
  });

  test("a stopping worker ends an export's slice after one step and queues its continuation", async () => {
    const page = await prepare("products");
    const id = Number(page.split("/").at(-1));
    const stopping = { pause: nextTurn, stopping: () => true };
    const job = await runNextJob(work.context, work.registry, "stopping-worker", stopping);
    expect(job!.type).toBe("report-export");
    const [row] = await store.db.select().from(reportExports).where(eq(reportExports.id, id));
    // One step (two products staged of five), not the whole export in one slice.
    expect(row!.state).toBe("preparing");
    expect(row!.progress).toBeLessThan(100);
    expect(JSON.parse(row!.cursor)).not.toEqual(firstCursor("products"));
    const queued = await store.db.select().from(jobs).where(sql`${jobs.type} = 'report-export' and ${jobs.status} = 'queued'`);
    expect(queued.length).toBe(1);

    await work.drain();
    const [done] = await store.db.select().from(reportExports).where(eq(reportExports.id, id));
    expect(done!.state).toBe("done");
    expect(await (await manager.get(`${page}/download`)).text()).toBe(productSalesCsv(await salesByProduct(store.db)));
  });

  test("an unknown report is refused and starts nothing; an unknown export is not found", async () => {
    const response = await manager.post("/manage/reports/exports", { kind: "customers" });
    expect(response.status).toBe(400);
    expect(await store.db.select().from(reportExports)).toEqual([]);
    expect((await manager.get("/manage/reports/exports/999")).status).toBe(404);
    expect((await manager.get("/manage/reports/exports/999/download")).status).toBe(404);
  });
});
