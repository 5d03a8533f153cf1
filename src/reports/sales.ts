import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import type { Unit } from "../db/schema";
import { dayText } from "../values/day";
import { EVERY_AISLE } from "../db/sales-rollup-tables";
import { daysWhere, type DayRange } from "./sale";

const DAY_MS = 24 * 60 * 60 * 1000;

/*
 * Sales reports, read from the daily rollups (src/reports/sale.ts says what a sale is): time
 * proportional to the days asked and the products listed, not to the order history. "Revenue" is
 * the sum of order lines (what the goods sold for, before any order-level promo discount), so
 * product, category and time reports add up to the same total. Time buckets are the store's days (STORE_TIMEZONE, ADR 059), ISO
 * weeks (starting Monday) and months. A product is reported under the aisle it was in when sold.
 */

export const BUCKETS = ["day", "week", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];

export type ReportFilter = { from?: Date; to?: Date; categoryId?: number };
/** A page of a long report, in SQL. */
export type ReportPage = { limit: number; offset: number };

export type ProductSales = { productId: number; name: string; category: string; unit: Unit; quantity: number; revenueCents: number; orders: number };
/** An aisle's orders and revenue (no quantity: an aisle sells by the kilo, the litre and the piece at once). */
export type CategorySales = { categoryId: number; name: string; revenueCents: number; orders: number };
/**
 * A period's orders and sales. Net sales (ADR 059) = revenue - the promo's share - refunds not for
 * one line: what the period's orders' invoices bill for goods less their credit notes. Refunds are
 * the order's, not an aisle's: with an aisle, `refundedCents` is 0 and net is after the promo only.
 */
export type PeriodSales = { period: string; orders: number; revenueCents: number; discountCents: number; refundedCents: number; netCents: number };
export type NetSales = { revenueCents: number; discountCents: number; refundedCents: number; netCents: number };

/** The filter's [from, to) instants as rollup days (whole days of the store, written as YYYY-MM-DD at UTC midnight). */
export function daysOf(filter: ReportFilter): DayRange {
  return { fromDay: filter.from ? dayText(filter.from) : undefined, toDay: filter.to ? dayText(new Date(filter.to.getTime() + DAY_MS - 1)) : undefined };
}

type ProductRow = { product_id: number; name: string; category: string; unit: Unit; quantity: number; revenue: number; orders: number };

/**
 * Every product on sale (and any other that sold), unsold ones as 0; most sold first by revenue (or
 * least), then by name. All time reads the per-product totals (`sales_products`) in the order of an
 * index; a period reads the day × product rollup of its days only (ADR 059).
 */
export async function salesByProduct(db: Database, filter: ReportFilter = {}, order: "most" | "least" = "most", page?: ReportPage): Promise<ProductSales[]> {
  const rows = !filter.from && !filter.to ? await allTimeByProduct(db, filter, order, page) : await periodByProduct(db, filter, order, page);
  return rows.map((row) => ({
    productId: Number(row.product_id),
    name: row.name,
    category: row.category,
    unit: row.unit,
    quantity: Number(row.quantity),
    revenueCents: Number(row.revenue),
    orders: Number(row.orders),
  }));
}

const limitOf = (page?: ReportPage) => (page ? sql`limit ${page.limit} offset ${page.offset}` : sql``);
/** Listed: on the shelf (active, in this aisle now), or sold. */
const listed = sql`(s.on_shelf = 1 or s.quantity <> 0 or s.revenue_cents <> 0)`;

async function allTimeByProduct(db: Database, filter: ReportFilter, order: "most" | "least", page?: ReportPage): Promise<ProductRow[]> {
  // The ORDER BY is a partial index's order, every aisle's (sales_products_most_idx, _least_idx) or
  // one aisle's (sales_products_aisle_most_idx, _least_idx; ADR 067), so a page costs its rows.
  const direction = order === "most" ? sql`desc` : sql`asc`;
  const index = `sales_products_${filter.categoryId ? "aisle_" : ""}${order}_idx`;
  const source = sql.raw(`sales_products s indexed by ${index}`);
  // `<> 0` is written out: the aisle indexes' own condition, which lets SQLite use them.
  const aisle = filter.categoryId ? sql`s.category_id = ${filter.categoryId} and s.category_id <> 0` : sql`s.category_id = 0`;
  return db.all<ProductRow>(sql`
    select s.product_id, s.name, c.name as category, p.unit, s.quantity, s.revenue_cents as revenue, s.orders
    from ${source}
    join products p on p.id = s.product_id
    join categories c on c.id = p.category_id
    where ${aisle} and ${listed}
    order by s.revenue_cents ${direction}, s.quantity ${direction}, s.name, s.product_id
    ${limitOf(page)}`);
}

/**
 * Up to this many days, a period's sales are summed from its own days (the rollup's key starts with
 * the day) and sorted; beyond, grouped in the order of the product index, which costs the whole
 * history but no sort. At 1M products: 7 days 734 → 68 ms, 30 days 911 → 328 ms, 90 days even,
 * 365 days 1.5 s against 3.6 s (ADR 075).
 */
const DAY_FIRST_MAX_DAYS = 62;
const daysSpanned = (filter: ReportFilter) => (filter.from && filter.to ? (filter.to.getTime() - filter.from.getTime()) / DAY_MS : Infinity);

/**
 * A period in three parts, each read in its own order: what sold (more than nothing), the products on
 * the shelf that sold nothing in it (by name, from an index), what came to less than nothing (refunded
 * or taken off). Only the parts the page reaches are read, so a page costs the period's rollup rows.
 */
async function periodByProduct(db: Database, filter: ReportFilter, order: "most" | "least", page?: ReportPage): Promise<ProductRow[]> {
  const aisle = filter.categoryId ?? EVERY_AISLE;
  const days = daysWhere(daysOf(filter), sql.raw("d.day"));
  const inAisle = filter.categoryId ? sql`and d.category_id = ${filter.categoryId}` : sql``;
  const soldSomething = sql`sum(d.quantity) <> 0 or sum(d.revenue_cents) <> 0`;
  // A short period reads its own days by the day-first key and sorts what it found; `+` stops SQLite
  // from grouping in the order of the product index instead, which reads every day ever sold.
  const byProduct = daysSpanned(filter) <= DAY_FIRST_MAX_DAYS ? sql`+d.product_id` : sql`d.product_id`;
  // Below nothing needs a day below nothing: only those products are summed for that part.
  const sold = (below: boolean) => sql`select d.product_id, sum(d.quantity) as quantity, sum(d.revenue_cents) as revenue, sum(d.orders) as orders
    from sales_daily d where ${days} ${inAisle}
    ${below ? sql`and d.product_id in (select d.product_id from sales_daily d where ${days} ${inAisle} and (d.revenue_cents < 0 or d.quantity < 0))` : sql``}
    group by ${byProduct} having ${soldSomething}`;
  type Window = { want: number; skip: number };
  const limited = (window?: Window) => (window ? sql`limit ${window.want} offset ${window.skip}` : sql``);
  // A page of what sold: only the rows up to the page's last are joined and sorted by name. The cut
  // is that row's (revenue, quantity); rows level with it stay in, so ties are ordered as before.
  const soldPart = (below: boolean, descending: boolean) => (window?: Window) => {
    const beyond = below ? sql`<` : sql`>`;
    const direction = descending ? sql`desc` : sql`asc`;
    const cut = window && window.want > 0;
    return sql`
    with s as materialized (${sold(below)})
    ${cut ? sql`, cut as (select revenue, quantity from s where (revenue, quantity) ${beyond} (0, 0) order by revenue ${direction}, quantity ${direction} limit 1 offset ${window.skip + window.want - 1})` : sql``}
    select s.product_id, p.name, c.name as category, p.unit, s.quantity, s.revenue, s.orders
    from s join products p on p.id = s.product_id join categories c on c.id = p.category_id
    where (s.revenue, s.quantity) ${beyond} (0, 0)
      ${cut ? sql`and (not exists (select 1 from cut) or (s.revenue, s.quantity) ${descending ? sql`>=` : sql`<=`} (select revenue, quantity from cut))` : sql``}
    order by s.revenue ${direction}, s.quantity ${direction}, p.name, p.id ${limited(window)}`;
  };
  // On the shelf, by name, each checked against its own days of the period (index on product, day).
  const unsold = (window?: Window) => sql`
    select s.product_id, s.name, c.name as category, p.unit, 0 as quantity, 0 as revenue, 0 as orders
    from sales_products s indexed by sales_products_name_idx
    join products p on p.id = s.product_id join categories c on c.id = p.category_id
    where s.category_id = ${aisle} and s.on_shelf = 1
      and not exists (select sum(d.quantity) from sales_daily d where d.product_id = s.product_id and ${days} ${inAisle} having ${soldSomething})
    order by s.category_id, s.on_shelf, s.name, s.product_id ${limited(window)}`;
  const parts = order === "most" ? [soldPart(false, true), unsold, soldPart(true, true)] : [soldPart(true, false), unsold, soldPart(false, false)];
  const rows: ProductRow[] = [];
  let skip = page?.offset ?? 0;
  let want = page?.limit ?? -1;
  for (const part of parts) {
    if (want === 0) break;
    const got = await db.all<ProductRow>(part({ want, skip }));
    rows.push(...got);
    if (want > 0) want -= got.length;
    if (got.length > 0 || skip === 0) skip = 0;
    else skip = Math.max(0, skip - Number((await db.all<{ n: number }>(sql`select count(*) as n from (${part()})`))[0]?.n ?? 0));
  }
  return rows;
}

/** What the period's sales came to (the aisle's, with a category): one rollup row per day read. */
export async function salesTotal(db: Database, filter: ReportFilter = {}): Promise<number> {
  const source = filter.categoryId ? sql`sales_daily_categories where category_id = ${filter.categoryId} and` : sql`sales_days where`;
  const [row] = await db.all<{ revenue: number | null }>(sql`select sum(revenue_cents) as revenue from ${source} ${daysWhere(daysOf(filter))}`);
  return Number(row?.revenue ?? 0);
}

function netOf(row: { revenue: number | null; discount: number | null; refunded: number | null }): NetSales {
  const revenueCents = Number(row.revenue ?? 0);
  const discountCents = Number(row.discount ?? 0);
  const refundedCents = Number(row.refunded ?? 0);
  return { revenueCents, discountCents, refundedCents, netCents: revenueCents - discountCents - refundedCents };
}

/** The period's net sales (ADR 059), from one rollup row per day. */
export async function netSales(db: Database, filter: ReportFilter = {}): Promise<NetSales> {
  const source = filter.categoryId ? sql`sales_daily_categories where category_id = ${filter.categoryId} and` : sql`sales_days where`;
  const refunded = filter.categoryId ? sql`0` : sql`sum(refunded_cents)`;
  const [row] = await db.all<{ revenue: number | null; discount: number | null; refunded: number | null }>(
    sql`select sum(revenue_cents) as revenue, sum(discount_cents) as discount, ${refunded} as refunded from ${source} ${daysWhere(daysOf(filter))}`,
  );
  return netOf(row ?? { revenue: 0, discount: 0, refunded: 0 });
}

export async function salesByCategory(db: Database, filter: ReportFilter = {}): Promise<CategorySales[]> {
  const category = filter.categoryId ? sql`and c.id = ${filter.categoryId}` : sql``;
  const days = daysWhere(daysOf(filter));
  // Read from the day × aisle rollup alone: one row per day and aisle, whatever the catalog's size.
  const rows = await db.all<{ category_id: number; name: string; revenue: number; orders: number }>(sql`
    select c.id as category_id, c.name as name, coalesce(k.revenue, 0) as revenue, coalesce(k.orders, 0) as orders
    from categories c
    left join (select category_id, sum(revenue_cents) as revenue, sum(orders) as orders from sales_daily_categories where ${days} group by category_id) k on k.category_id = c.id
    where c.status = 'active' ${category}
    order by revenue desc, c.name asc`);
  return rows.map((row) => ({
    categoryId: Number(row.category_id),
    name: row.name,
    revenueCents: Number(row.revenue),
    orders: Number(row.orders),
  }));
}

function bucketOf(bucket: Bucket): SQL {
  switch (bucket) {
    case "day":
      return sql`day`;
    case "week":
      // Monday of the ISO week: the next Sunday (or today if Sunday), minus six days.
      return sql`date(day, 'weekday 0', '-6 days')`;
    case "month":
      return sql`substr(day, 1, 7)`;
  }
}

/** Revenue and orders per store day, week (by its Monday) or month, with empty periods as 0. */
export async function salesOverTime(db: Database, bucket: Bucket, filter: ReportFilter = {}): Promise<PeriodSales[]> {
  const source = filter.categoryId ? sql`sales_daily_categories where category_id = ${filter.categoryId} and` : sql`sales_days where`;
  const refunded = filter.categoryId ? sql`0` : sql`sum(refunded_cents)`;
  const rows = await db.all<{ period: string; orders: number; revenue: number; discount: number; refunded: number }>(sql`
    select ${bucketOf(bucket)} as period, sum(orders) as orders, sum(revenue_cents) as revenue, sum(discount_cents) as discount, ${refunded} as refunded
    from ${source} ${daysWhere(daysOf(filter))}
    group by period
    having sum(orders) <> 0 or sum(revenue_cents) <> 0 or ${refunded} <> 0
    order by period`);
  const found = new Map(rows.map((row) => [row.period, { period: row.period, orders: Number(row.orders), ...netOf(row) }]));
  const first = filter.from ? periodOf(filter.from, bucket) : rows[0]?.period;
  const last = filter.to ? periodOf(new Date(filter.to.getTime() - 1), bucket) : rows.at(-1)?.period;
  if (!first || !last) return [...found.values()];
  const periods: PeriodSales[] = [];
  for (let period = first, guard = 0; period <= last && guard < 1000; period = nextPeriod(period, bucket), guard += 1) {
    periods.push(found.get(period) ?? { period, orders: 0, revenueCents: 0, discountCents: 0, refundedCents: 0, netCents: 0 });
  }
  return periods;
}

/**
 * The periods a report is shown in when the manager has not chosen (ADR 075): days up to two
 * months, weeks up to a year, months beyond, so the table and chart stay a readable 60 rows or
 * fewer. An open end of the range is the first or last day anything sold.
 */
export async function bucketForRange(db: Database, filter: ReportFilter): Promise<Bucket> {
  let { from, to } = filter;
  if (!from || !to) {
    const [sold] = await db.all<{ first: string | null; last: string | null }>(sql`select min(day) as first, max(day) as last from sales_days`);
    from ??= sold?.first ? new Date(`${sold.first}T00:00:00Z`) : undefined;
    to ??= sold?.last ? new Date(new Date(`${sold.last}T00:00:00Z`).getTime() + DAY_MS) : undefined;
  }
  const days = from && to ? (to.getTime() - from.getTime()) / DAY_MS : 0;
  return days <= 62 ? "day" : days <= 366 ? "week" : "month";
}

/** The periods a report page shows: the bucket asked for when it is one of ours, else the range's (above). */
export async function reportBucket(db: Database, asked: string | undefined, filter: ReportFilter): Promise<Bucket> {
  return (BUCKETS as readonly string[]).includes(asked ?? "") ? (asked as Bucket) : bucketForRange(db, filter);
}

/** The label of the period a moment falls in, matching the SQL above. */
export function periodOf(date: Date, bucket: Bucket): string {
  const day = date.toISOString().slice(0, 10);
  if (bucket === "day") return day;
  if (bucket === "month") return day.slice(0, 7);
  const midnight = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (midnight.getUTCDay() + 6) % 7;
  return new Date(midnight.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

function nextPeriod(period: string, bucket: Bucket): string {
  if (bucket === "month") {
    const [year, month] = period.split("-").map(Number) as [number, number];
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  }
  const days = bucket === "week" ? 7 : 1;
  return new Date(new Date(`${period}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
