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

/** A plain decimal number as the store writes figures: a spreadsheet reads it as a number, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading apostrophe, as OWASP's CSV injection sheet recommends; figures stay numbers.
 */
export function neutralisedCell(value: string | number | null): string | number {
  if (value === null) return "";
  if (typeof value === "number" || PLAIN_NUMBER.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Every CSV the store writes (report downloads, the monthly email's attachment) goes through here:
 * quoted by csv-stringify, every text cell neutralised.
 */
export function csvDocument(columns: string[], rows: (string | number | null)[][], options: { recordDelimiter?: "unix" | "windows" } = {}): string {
  return stringify(
    rows.map((row) => row.map(neutralisedCell)),
    { header: true, columns, record_delimiter: options.recordDelimiter ?? "unix" },
  );
}

/** More rows of a CSV document, without its header: a document is its csvDocument() and these, one after the other. */
export function csvRows(rows: (string | number | null)[][]): string {
  return stringify(rows.map((row) => row.map(neutralisedCell)), { record_delimiter: "unix" });
}

export const PRODUCT_SALES_COLUMNS = ["product", "category", "quantity", "unit", "orders", "revenue"];
export const productSalesCells = (row: ProductSales) => [row.name, row.category, milliText(row.quantity), row.unit, row.orders, centsText(row.revenueCents)];

export function productSalesCsv(rows: ProductSales[]): string {
  return csvDocument(PRODUCT_SALES_COLUMNS, rows.map(productSalesCells));
}

export function categorySalesCsv(rows: CategorySales[]): string {
  return csvDocument(["category", "orders", "revenue"], rows.map((row) => [row.name, row.orders, centsText(row.revenueCents)]));
}

export function periodSalesCsv(rows: PeriodSales[]): string {
  return csvDocument(
    ["period", "orders", "revenue", "discount", "refunded", "net_sales"],
    rows.map((row) => [row.period, row.orders, centsText(row.revenueCents), centsText(row.discountCents), centsText(row.refundedCents), centsText(row.netCents)]),
  );
}
