import { centsText, csvDocument } from "./csv";

/**
 * The monthly report, built from sales rows. The orders tables arrive with the storefront; until
 * then the report job is given its rows by `SalesSource` (see src/reports/sales-source.ts).
 */
export type SalesRow = {
  orderId: number;
  placedAt: Date;
  productName: string;
  categoryName: string;
  /** Thousandths of the unit. */
  quantityMilli: number;
  /** Line revenue after discounts, in cents. */
  revenueCents: number;
};

export type ProductFigure = { name: string; categoryName: string; quantityMilli: number; revenueCents: number };

export type MonthlyReport = {
  /** "2026-10" */
  month: string;
  monthLabel: string;
  revenueCents: number;
  orderCount: number;
  averageOrderCents: number;
  bestSellers: ProductFigure[];
  worstSellers: ProductFigure[];
  categories: { name: string; revenueCents: number; sharePercent: number }[];
  products: ProductFigure[];
};

/** The calendar month (UTC) before the one containing `slot`. */
export function previousMonth(slot: Date): { start: Date; end: Date; month: string } {
  const end = new Date(Date.UTC(slot.getUTCFullYear(), slot.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { start, end, month: start.toISOString().slice(0, 7) };
}

/**
 * Sums the rows that fall in [start, end). `catalog` lists every product on sale so products
 * that sold nothing still appear among the slowest sellers.
 */
export function buildMonthlyReport(
  rows: SalesRow[],
  period: { start: Date; end: Date; month: string },
  catalog: { name: string; categoryName: string }[] = [],
  topCount = 5,
): MonthlyReport {
  const inMonth = rows.filter((row) => row.placedAt >= period.start && row.placedAt < period.end);
  const byProduct = new Map<string, ProductFigure>();
  for (const item of catalog) byProduct.set(item.name, { ...item, quantityMilli: 0, revenueCents: 0 });
  for (const row of inMonth) {
    const figure = byProduct.get(row.productName) ?? { name: row.productName, categoryName: row.categoryName, quantityMilli: 0, revenueCents: 0 };
    figure.quantityMilli += row.quantityMilli;
    figure.revenueCents += row.revenueCents;
    byProduct.set(row.productName, figure);
  }
  const products = [...byProduct.values()].sort((a, b) => b.revenueCents - a.revenueCents || a.name.localeCompare(b.name));
  const revenueCents = inMonth.reduce((sum, row) => sum + row.revenueCents, 0);
  const orderCount = new Set(inMonth.map((row) => row.orderId)).size;

  const byCategory = new Map<string, number>();
  for (const row of inMonth) byCategory.set(row.categoryName, (byCategory.get(row.categoryName) ?? 0) + row.revenueCents);
  const categories = [...byCategory.entries()]
    .map(([name, cents]) => ({ name, revenueCents: cents, sharePercent: revenueCents ? Math.round((cents / revenueCents) * 100) : 0 }))
    .sort((a, b) => b.revenueCents - a.revenueCents || a.name.localeCompare(b.name));

  const best = products.filter((product) => product.revenueCents > 0).slice(0, topCount);
  const worst = [...products]
    .sort((a, b) => a.revenueCents - b.revenueCents || a.name.localeCompare(b.name))
    .filter((product) => !best.includes(product))
    .slice(0, topCount);
  return {
    month: period.month,
    monthLabel: new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(period.start),
    revenueCents,
    orderCount,
    averageOrderCents: orderCount ? Math.round(revenueCents / orderCount) : 0,
    bestSellers: best,
    worstSellers: worst,
    categories,
    products,
  };
}

const quantityText = (milli: number) => `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, "0")}`;

/** One line per product: money in decimal units with two places, quantities in units with three (the report writer neutralises text). */
export function monthlyReportCsv(report: MonthlyReport): string {
  return csvDocument(
    ["month", "product", "category", "quantity", "revenue"],
    report.products.map((product) => [report.month, product.name, product.categoryName, quantityText(product.quantityMilli), centsText(product.revenueCents)]),
    { recordDelimiter: "windows" },
  );
}
