import { categoryOnShelf } from "../catalog/shelf";
import { Hono, type Context } from "hono";
import { asc, eq } from "drizzle-orm";
import { categories } from "../db/schema";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { renderPage } from "../http/render";
import { dayFormatter } from "../http/days";
import { dayRange } from "./date-range";
import { pickingReportRoutes } from "../picking/report-routes";
import { paymentReportRoutes } from "../payments/report-routes";
import { exportRoutes } from "./export-routes";
import { recentExports } from "./exports";
import { ExportsSection } from "../../views/manage/report-exports";
import { exportFilters, ReportsPage, type ReportQuery } from "../../views/manage/reports";
import { feesAndVat } from "./fees-vat";
import { FeesVatSection } from "../../views/manage/fees-vat-report";
import { reportBucket, salesByCategory, salesByProduct, salesOverTime, salesTotal, type ReportFilter } from "./sales";

/** Products per page of the report's product table (paged in SQL: a report page never holds the whole catalog). */
export const PRODUCT_TABLE_ROWS = 50;
const MAX_TABLE_PAGE = 100_000;

export const reportRoutes = new Hono<AppEnv>();
reportRoutes.route("/picking", pickingReportRoutes);
reportRoutes.route("/payments", paymentReportRoutes);
reportRoutes.route("/exports", exportRoutes);

/** The page's filters; with no bucket chosen (or not one of ours), the range picks it. */
async function readQuery(c: Context<AppEnv>): Promise<{ query: ReportQuery; filter: ReportFilter }> {
  const range = dayRange(c.req.query("from"), c.req.query("to"), dayFormatter(c).read);
  const categoryText = c.req.query("category") ?? "";
  const categoryId = /^\d{1,9}$/.test(categoryText) ? Number(categoryText) : null;
  const pageText = c.req.query("page") ?? "";
  const page = /^\d{1,6}$/.test(pageText) ? Math.min(MAX_TABLE_PAGE, Math.max(1, Number(pageText))) : 1;
  const filter: ReportFilter = { from: range.from, to: range.to, categoryId: categoryId ?? undefined };
  const bucket = await reportBucket(c.var.deps.database.reports, c.req.query("bucket"), filter);
  return { query: { fromText: range.fromText, toText: range.toText, categoryId, bucket, page }, filter };
}

reportRoutes.get("/", async (c) => {
  const { db, reports } = c.var.deps.database;
  const { query, filter } = await readQuery(c);
  const offset = (query.page - 1) * PRODUCT_TABLE_ROWS;
  const [tableRows, top, least, total, byCategory, overTime, categoryList, feesVat, exports] = await Promise.all([
    salesByProduct(reports, filter, "most", { limit: PRODUCT_TABLE_ROWS + 1, offset }),
    query.page === 1 ? null : salesByProduct(reports, filter, "most", { limit: 10, offset: 0 }),
    salesByProduct(reports, filter, "least", { limit: 5, offset: 0 }),
    salesTotal(reports, filter),
    salesByCategory(reports, filter),
    salesOverTime(reports, query.bucket, filter),
    db.select({ id: categories.id, name: categories.name }).from(categories).where(categoryOnShelf).orderBy(asc(categories.name)),
    feesAndVat(reports, query.bucket, filter),
    recentExports(db),
  ]);
  const money = moneyFormatter(c);
  return renderPage(
    c,
    "Reports",
    <ReportsPage
      query={query}
      categories={categoryList}
      total={total}
      top={top ?? tableRows.slice(0, 10)}
      least={least}
      productTable={{ rows: tableRows.slice(0, PRODUCT_TABLE_ROWS), first: offset + 1, hasNext: tableRows.length > PRODUCT_TABLE_ROWS }}
      byCategory={byCategory} overTime={overTime} money={money} day={dayFormatter(c)}>
      <FeesVatSection report={feesVat} bucket={query.bucket} filters={exportFilters(query)} money={money} />
      <ExportsSection recent={exports} />
    </ReportsPage>,
  );
});

/**
 * The one-shot CSV downloads built a whole report on the request thread; report CSVs are only
 * prepared in the background now (ADR 046, 062). An old link or bookmark lands on the report's
 * section of the reports page, with its filters, where its "Prepare … CSV" button is.
 */
const SECTIONS = { products: "by-product", categories: "by-category", "over-time": "over-time", "fees-vat": "fees-vat" } as const;
for (const [kind, section] of Object.entries(SECTIONS)) {
  reportRoutes.get(`/${kind}.csv`, (c) => c.redirect(`/manage/reports${new URL(c.req.url).search}#${section}`, 302));
}
