import { stringify } from "csv-stringify/sync";
import type { CategorySales, PeriodSales, ProductSales } from "./sales";

/** Cents as a plain decimal ("12.34"), exact, for spreadsheets. */
export const centsText = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
/** Thousandths as a plain decimal ("1.25"). */
export const milliText = (milli: number) => {
  const whole = Math.floor(milli / 1000);
  const rest = String(milli % 1000).padStart(3, "0").replace(/0+$/, "");
  return rest ? `${whole}.${rest}` : String(whole);
};

export function productSalesCsv(rows: ProductSales[]): string {
  return stringify(
    rows.map((row) => [row.name, row.category, milliText(row.quantity), row.unit, row.orders, centsText(row.revenueCents)]),
    { header: true, columns: ["product", "category", "quantity", "unit", "orders", "revenue"] },
  );
}

export function categorySalesCsv(rows: CategorySales[]): string {
  return stringify(
    rows.map((row) => [row.name, row.orders, centsText(row.revenueCents)]),
    { header: true, columns: ["category", "orders", "revenue"] },
  );
}

export function periodSalesCsv(rows: PeriodSales[]): string {
  return stringify(
    rows.map((row) => [row.period, row.orders, centsText(row.revenueCents)]),
    { header: true, columns: ["period", "orders", "revenue"] },
  );
}
