import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import type { Unit } from "../db/schema";

/*
 * Sales reports. "Revenue" is the sum of order lines (what the goods sold for, before any
 * order-level promo discount), so product, category and time reports add up to the same total.
 * Cancelled orders are not sales. Time buckets are UTC days, ISO weeks (starting Monday) and months.
 */

export const BUCKETS = ["day", "week", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];

export type ReportFilter = { from?: Date; to?: Date; categoryId?: number };

export type ProductSales = { productId: number; name: string; category: string; unit: Unit; quantity: number; revenueCents: number; orders: number };
export type CategorySales = { categoryId: number; name: string; quantity: number; revenueCents: number; orders: number };
export type PeriodSales = { period: string; orders: number; revenueCents: number };

/** The order lines that count as sales for this filter (joined to orders o and order_items oi). */
function salesWhere(filter: ReportFilter): SQL {
  const parts: SQL[] = [sql`o.state <> 'cancelled'`];
  if (filter.from) parts.push(sql`o.placed_at >= ${filter.from.getTime()}`);
  if (filter.to) parts.push(sql`o.placed_at < ${filter.to.getTime()}`);
  return sql.join(parts, sql` and `);
}

const soldPerProduct = (filter: ReportFilter) => sql`
  select oi.product_id as product_id, sum(oi.quantity) as quantity, sum(oi.line_total_cents) as revenue, count(distinct oi.order_id) as orders
  from order_items oi join orders o on o.id = oi.order_id
  where ${salesWhere(filter)}
  group by oi.product_id`;

/** Every product on sale (and any other that sold), unsold ones as 0; most sold first by revenue. */
export async function salesByProduct(db: Database, filter: ReportFilter = {}): Promise<ProductSales[]> {
  const category = filter.categoryId ? sql`and p.category_id = ${filter.categoryId}` : sql``;
  const rows = await db.all<{ product_id: number; name: string; category: string; unit: Unit; quantity: number; revenue: number; orders: number }>(sql`
    select p.id as product_id, p.name as name, c.name as category, p.unit as unit,
           coalesce(s.quantity, 0) as quantity, coalesce(s.revenue, 0) as revenue, coalesce(s.orders, 0) as orders
    from products p
    join categories c on c.id = p.category_id
    left join (${soldPerProduct(filter)}) s on s.product_id = p.id
    where (p.active = 1 or s.product_id is not null) ${category}
    order by revenue desc, quantity desc, p.name asc`);
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

/** The same rows least sold first: lowest revenue, then lowest quantity, then by name. */
export function leastSoldFirst(rows: ProductSales[]): ProductSales[] {
  return [...rows].sort((a, b) => a.revenueCents - b.revenueCents || a.quantity - b.quantity || a.name.localeCompare(b.name));
}

export async function salesByCategory(db: Database, filter: ReportFilter = {}): Promise<CategorySales[]> {
  const category = filter.categoryId ? sql`and c.id = ${filter.categoryId}` : sql``;
  const rows = await db.all<{ category_id: number; name: string; quantity: number; revenue: number; orders: number }>(sql`
    select c.id as category_id, c.name as name,
           coalesce(sum(s.quantity), 0) as quantity, coalesce(sum(s.revenue), 0) as revenue,
           (select count(distinct oi.order_id) from order_items oi join orders o on o.id = oi.order_id join products p2 on p2.id = oi.product_id
             where p2.category_id = c.id and ${salesWhere(filter)}) as orders
    from categories c
    left join products p on p.category_id = c.id
    left join (${soldPerProduct(filter)}) s on s.product_id = p.id
    where c.status = 'active' ${category}
    group by c.id
    order by revenue desc, c.name asc`);
  return rows.map((row) => ({
    categoryId: Number(row.category_id),
    name: row.name,
    quantity: Number(row.quantity),
    revenueCents: Number(row.revenue),
    orders: Number(row.orders),
  }));
}

function bucketOf(bucket: Bucket): SQL {
  switch (bucket) {
    case "day":
      return sql`strftime('%Y-%m-%d', o.placed_at / 1000, 'unixepoch')`;
    case "week":
      // Monday of the ISO week: the next Sunday (or today if Sunday), minus six days.
      return sql`date(o.placed_at / 1000, 'unixepoch', 'weekday 0', '-6 days')`;
    case "month":
      return sql`strftime('%Y-%m', o.placed_at / 1000, 'unixepoch')`;
  }
}

/** Revenue and orders per UTC day, week (by its Monday) or month, with empty periods as 0. */
export async function salesOverTime(db: Database, bucket: Bucket, filter: ReportFilter = {}): Promise<PeriodSales[]> {
  const category = filter.categoryId ? sql`and p.category_id = ${filter.categoryId}` : sql``;
  const rows = await db.all<{ period: string; orders: number; revenue: number }>(sql`
    select ${bucketOf(bucket)} as period, count(distinct o.id) as orders, sum(oi.line_total_cents) as revenue
    from orders o
    join order_items oi on oi.order_id = o.id
    join products p on p.id = oi.product_id
    where ${salesWhere(filter)} ${category}
    group by period
    order by period`);
  const found = new Map(rows.map((row) => [row.period, { period: row.period, orders: Number(row.orders), revenueCents: Number(row.revenue) }]));
  const first = filter.from ? periodOf(filter.from, bucket) : rows[0]?.period;
  const last = filter.to ? periodOf(new Date(filter.to.getTime() - 1), bucket) : rows.at(-1)?.period;
  if (!first || !last) return [...found.values()];
  const periods: PeriodSales[] = [];
  for (let period = first, guard = 0; period <= last && guard < 1000; period = nextPeriod(period, bucket), guard += 1) {
    periods.push(found.get(period) ?? { period, orders: 0, revenueCents: 0 });
  }
  return periods;
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
