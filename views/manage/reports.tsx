import { DataTable } from "../components/data-table";
import { inTurns } from "../components/in-turns";
import type { Child } from "hono/jsx";
import { quantityLabel } from "../../src/catalog/units";
import type { Bucket, CategorySales, PeriodSales, ProductSales } from "../../src/reports/sales";
import type { DayFormat } from "../../src/values/day-format";
import { BucketFilter, DayRangeFields, FilterSelect } from "../components/form";
import { HorizontalBarChart, OverTimeChart } from "./chart";
import { PrepareCsv, type ExportFilters } from "./report-exports";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2026-11-20" -> "20 Nov", "2026-11" -> "Nov 2026": short enough to label an axis. */
export function periodLabel(period: string): string {
  const [year, month, day] = period.split("-").map(Number);
  if (!year || !month || month > 12) return period;
  return day ? `${day} ${MONTHS[month - 1]}` : `${MONTHS[month - 1]} ${year}`;
}

type Money = (cents: number) => string;

/** `page` is the page of the product table (in SQL, so a report never holds the whole catalog). */
export type ReportQuery = { fromText: string; toText: string; categoryId: number | null; bucket: Bucket; page: number };

function queryString(query: ReportQuery, page?: number): string {
  const params = new URLSearchParams();
  if (query.fromText) params.set("from", query.fromText);
  if (query.toText) params.set("to", query.toText);
  if (query.categoryId) params.set("category", String(query.categoryId));
  params.set("bucket", query.bucket);
  if (page && page > 1) params.set("page", String(page));
  return params.toString();
}

/** The report's filters, as each "Prepare … CSV" form carries them. */
export const exportFilters = (query: ReportQuery): ExportFilters => ({ from: query.fromText, to: query.toText, category: query.categoryId, bucket: query.bucket });

/** A chart's figures as a table, folded under it (screen readers and anyone who wants the numbers). */
function TableView<T>(props: { columns: Child[]; rows: readonly T[]; row: (item: T) => Child }) {
  return (
    <details class="table-view">
      <summary>Table view</summary>
      <DataTable wrap={false} columns={props.columns} rows={props.rows} row={props.row} />
    </details>
  );
}

/** One page of the product table: its rows, the position of its first row, and whether more follow. */
export type ProductTablePage = { rows: ProductSales[]; first: number; hasNext: boolean };

function rangeText(query: ReportQuery, day: DayFormat) {
  if (query.fromText && query.toText) return `from ${day.long(query.fromText)} to ${day.long(query.toText)}`;
  if (query.fromText) return `since ${day.long(query.fromText)}`;
  if (query.toText) return `up to ${day.long(query.toText)}`;
  return "for all time";
}

export function ReportsPage(props: {
  query: ReportQuery;
  categories: { id: number; name: string }[];
  /** The period's revenue (every product, or the aisle's). */
  total: number;
  /** The ten best sellers and the five least sold, by revenue. */
  top: ProductSales[];
  least: ProductSales[];
  productTable: ProductTablePage;
  byCategory: CategorySales[];
  overTime: PeriodSales[];
  money: Money;
  day: DayFormat;
  /** More report sections, each from its own file, after the sales (fees and VAT, ...). */
  children?: Child;
}) {
  const { query, money } = props;
  const filters = exportFilters(query);
  const { total, top, least, productTable } = props;
  const last = productTable.first + productTable.rows.length - 1;
  // Each section in its own turn of the event loop: shoppers' requests are answered in between.
  const Turn = inTurns();
  const scope = `${rangeText(query, props.day)}${query.categoryId ? `, ${props.categories.find((c) => c.id === query.categoryId)?.name ?? "one category"} only` : ""}`;
  return (
    <section class="reports">
      <h1>Reports</h1>
      <p><a href="/manage/reports/picking">Picking: substitution and short-pick rates, lines per hour →</a></p>
      <p><a href="/manage/reports/payments">Payments: money taken net of refunds, and what is still owed on delivery →</a></p>
      <form class="filters" method="get" action="/manage/reports">
        <DayRangeFields prefix="report" fromText={query.fromText} toText={query.toText} format={props.day} />
        <FilterSelect label="Category" name="category" id="report-category" value={query.categoryId ? String(query.categoryId) : ""} blank="All categories" options={props.categories.map((category) => ({ value: String(category.id), label: category.name }))} />
        <BucketFilter id="report-bucket" value={query.bucket} />
        <button type="submit" class="button button-small">Show</button>
      </form>
      <p class="muted">Sales {scope}: <strong>{money(total)}</strong>. Revenue is what the goods sold for before order-level promo discounts; cancelled orders are not counted.</p>

      {total === 0 ? <p class="empty">No sales in this period yet.</p> : null}
      <Turn>
        <h2 id="over-time">Revenue and orders over time</h2>
        <OverTimeChart
          id="chart-over-time"
          title={`Revenue and orders per ${query.bucket}`}
          description={`${props.overTime.length} periods ${scope}; highest revenue ${money(Math.max(0, ...props.overTime.map((row) => row.revenueCents)))}, most orders ${Math.max(0, ...props.overTime.map((row) => row.orders))}.`}
          periods={props.overTime.map((row) => ({ label: periodLabel(row.period), revenue: row.revenueCents, revenueDisplay: money(row.revenueCents), orders: row.orders }))}
          axisMoney={(cents) => money(cents).replace(/[.,]00$/, "")}
        />
        <TableView
          columns={[query.bucket === "week" ? "Week starting" : query.bucket === "month" ? "Month" : "Day", "Orders", "Revenue", "Net sales"]}
          rows={props.overTime}
          row={(row) => <tr><td>{row.period}</td><td>{row.orders}</td><td class="money">{money(row.revenueCents)}</td><td class="money">{money(row.netCents)}</td></tr>}
        />
        <PrepareCsv kind="over-time" filters={filters} />
      </Turn>

      <Turn>
        <h2 id="by-category">Sales by category</h2>
        <HorizontalBarChart
          id="chart-categories"
          title="Revenue by category"
          description={props.byCategory.length ? `Best: ${props.byCategory[0]!.name} with ${money(props.byCategory[0]!.revenueCents)}.` : "No categories."}
          bars={props.byCategory.map((row) => ({ label: row.name, value: row.revenueCents, display: money(row.revenueCents) }))}
        />
        <TableView
          columns={["Category", "Orders", "Revenue"]}
          rows={props.byCategory}
          row={(row) => <tr><td>{row.name}</td><td>{row.orders}</td><td class="money">{money(row.revenueCents)}</td></tr>}
        />
        <PrepareCsv kind="categories" filters={filters} />
      </Turn>

      <Turn>
        <h2 id="by-product">Sales by product</h2>
        <HorizontalBarChart
          id="chart-products"
          title="Ten best-selling products by revenue"
          description={top.length ? `Best: ${top[0]!.name} with ${money(top[0]!.revenueCents)}.` : "No products."}
          bars={top.map((row) => ({ label: row.name, value: row.revenueCents, display: money(row.revenueCents) }))}
        />
        <h3>Least sold</h3>
        <ul>
          {least.map((row) => (
            <li>{row.name}: {row.quantity === 0 ? "not sold" : `${quantityLabel(row.quantity, row.unit)} for ${money(row.revenueCents)}`}</li>
          ))}
        </ul>
        <details class="table-view" id="product-table" open={query.page > 1}>
          <summary>Table view (products {productTable.rows.length ? `${productTable.first}–${last}` : "none"}, highest revenue first)</summary>
          <table class="data-table" id="product-sales">
            <thead><tr><th scope="col">Product</th><th scope="col">Category</th><th scope="col">Sold</th><th scope="col">Orders</th><th scope="col">Revenue</th></tr></thead>
            <tbody>
              {productTable.rows.map((row) => (
                <tr><td>{row.name}</td><td>{row.category}</td><td>{quantityLabel(row.quantity, row.unit)}</td><td>{row.orders}</td><td class="money">{money(row.revenueCents)}</td></tr>
              ))}
            </tbody>
          </table>
          {query.page > 1 || productTable.hasNext ? (
            <nav class="pager" aria-label="Product table pages">
              {query.page > 1 ? <a href={`/manage/reports?${queryString(query, query.page - 1)}#product-table`} rel="prev">Previous products</a> : null}
              {productTable.hasNext ? <a href={`/manage/reports?${queryString(query, query.page + 1)}#product-table`} rel="next">Next products</a> : null}
            </nav>
          ) : null}
        </details>
        <PrepareCsv kind="products" filters={filters} />
      </Turn>
      <Turn>{props.children}</Turn>
    </section>
  );
}
