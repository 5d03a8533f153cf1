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
import { ReportsPage, type ReportQuery } from "../../views/manage/reports";
import { categorySalesCsv, periodSalesCsv, productSalesCsv } from "./csv";
import { feesAndVat, feesAndVatCsv } from "./fees-vat";
import { FeesVatSection } from "../../views/manage/fees-vat-report";
import { BUCKETS, salesByCategory, salesByProduct, salesOverTime, salesTotal, type Bucket, type ReportFilter } from "./sales";

/** Products per page of the report's product table (paged in SQL: a report page never holds the whole catalog). */
export const PRODUCT_TABLE_ROWS = 50;
const MAX_TABLE_PAGE = 100_000;

export const reportRoutes = new Hono<AppEnv>();
reportRoutes.route("/picking", pickingReportRoutes);
reportRoutes.route("/payments", paymentReportRoutes);
reportRoutes.route("/exports", exportRoutes);

function readQuery(c: Context<AppEnv>): { query: ReportQuery; filter: ReportFilter } {
  const range = dayRange(c.req.query("from"), c.req.query("to"), dayFormatter(c).read);
  const categoryText = c.req.query("category") ?? "";
  const categoryId = /^\d{1,9}$/.test(categoryText) ? Number(categoryText) : null;
  const bucketText = c.req.query("bucket") ?? "day";
  const bucket: Bucket = (BUCKETS as readonly string[]).includes(bucketText) ? (bucketText as Bucket) : "day";
  const pageText = c.req.query("page") ?? "";
  const page = /^\d{1,6}$/.test(pageText) ? Math.min(MAX_TABLE_PAGE, Math.max(1, Number(pageText))) : 1;
  return {
    query: { fromText: range.fromText, toText: range.toText, categoryId, bucket, page },
    filter: { from: range.from, to: range.to, categoryId: categoryId ?? undefined },
  };
}

reportRoutes.get("/", async (c) => {
  const { db } = c.var.deps.database;
  const { query, filter } = readQuery(c);
  const offset = (query.page - 1) * PRODUCT_TABLE_ROWS;
  const [tableRows, top, least, total, byCategory, overTime, categoryList, feesVat, exports] = await Promise.all([
    salesByProduct(db, filter, "most", { limit: PRODUCT_TABLE_ROWS + 1, offset }),
    query.page === 1 ? null : salesByProduct(db, filter, "most", { limit: 10, offset: 0 }),
    salesByProduct(db, filter, "least", { limit: 5, offset: 0 }),
    salesTotal(db, filter),
    salesByCategory(db, filter),
    salesOverTime(db, query.bucket, filter),
    db.select({ id: categories.id, name: categories.name }).from(categories).where(categoryOnShelf).orderBy(asc(categories.name)),
    feesAndVat(db, query.bucket, filter),
    recentExports(db),
  ]);
  const money = moneyFormatter(c);
  const csvQuery = new URL(c.req.url).search.slice(1);
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
      <FeesVatSection report={feesVat} bucket={query.bucket} csvQuery={csvQuery} money={money} />
      <ExportsSection filters={{ from: query.fromText, to: query.toText, category: query.categoryId, bucket: query.bucket }} recent={exports} />
    </ReportsPage>,
  );
});

function csvFile(c: Context<AppEnv>, name: string, body: string) {
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="${name}"`);
  c.header("Cache-Control", "no-store");
  return c.body(body);
}

reportRoutes.get("/products.csv", async (c) => {
  const { filter } = readQuery(c);
  return csvFile(c, "sales-by-product.csv", productSalesCsv(await salesByProduct(c.var.deps.database.db, filter)));
});

reportRoutes.get("/categories.csv", async (c) => {
  const { filter } = readQuery(c);
  return csvFile(c, "sales-by-category.csv", categorySalesCsv(await salesByCategory(c.var.deps.database.db, filter)));
});

reportRoutes.get("/over-time.csv", async (c) => {
  const { query, filter } = readQuery(c);
  return csvFile(c, `sales-by-${query.bucket}.csv`, periodSalesCsv(await salesOverTime(c.var.deps.database.db, query.bucket, filter)));
});

reportRoutes.get("/fees-vat.csv", async (c) => {
  const { query, filter } = readQuery(c);
  return csvFile(c, `fees-and-vat-by-${query.bucket}.csv`, feesAndVatCsv(await feesAndVat(c.var.deps.database.db, query.bucket, filter)));
});
