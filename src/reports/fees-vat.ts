import { and, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { invoiceLines, invoices } from "../db/invoice-tables";
import { centsText, csvDocument } from "./csv";
import { dayText } from "./date-range";
import { storeDay } from "./rollup-sql";
import type { Bucket, ReportFilter } from "./sales";

/*
 * Fees and VAT collected, per period and per VAT rate (ADR 038), read from the invoices and credit
 * notes as issued (ADR 026): the report and the documents agree to the cent because it only sums
 * their stored lines. Periods are the store's days (STORE_TIMEZONE, counted as the sales rollups
 * count theirs, ADR 083), weeks (by their Monday) or months of the issue date, as the other reports.
 * A credit note counts negatively, so a refund lowers what was collected.
 */

export type FeeVatRow = {
  period: string;
  rateBp: number;
  /** Goods lines after their discount share, VAT included. */
  goodsGrossCents: number;
  /** Delivery and collection fee lines, VAT included. */
  feeGrossCents: number;
  grossCents: number;
  vatCents: number;
  netCents: number;
  documents: number;
};

export type FeeVatReport = { rows: FeeVatRow[]; totals: Omit<FeeVatRow, "period" | "rateBp"> };

const issuedDay = sql.raw(storeDay(`"invoices"."issued_at"`));
/** No time zone is further than 14 hours from UTC. */
const WIDEST_OFFSET_MS = 14 * 3_600_000;

/**
 * The invoices issued on the store's days of the filter ([from, to) as UTC midnights of the days
 * named): the issue time within 14 hours of them (the index on it), then the store's day exact.
 */
function issuedIn(filter: Pick<ReportFilter, "from" | "to">): SQL | undefined {
  return and(
    filter.from ? and(gte(invoices.issuedAt, new Date(filter.from.getTime() - WIDEST_OFFSET_MS)), sql`${issuedDay} >= ${dayText(filter.from)}`) : undefined,
    filter.to ? and(lt(invoices.issuedAt, new Date(filter.to.getTime() + WIDEST_OFFSET_MS)), sql`${issuedDay} < ${dayText(filter.to)}`) : undefined,
  );
}

function periodExpression(bucket: Bucket) {
  switch (bucket) {
    case "day":
      return issuedDay;
    case "week":
      return sql`date(${issuedDay}, 'weekday 0', '-6 days')`;
    case "month":
      return sql`substr(${issuedDay}, 1, 7)`;
  }
}

export async function feesAndVat(db: Database, bucket: Bucket, filter: Pick<ReportFilter, "from" | "to"> = {}): Promise<FeeVatReport> {
  const period = periodExpression(bucket);
  const sign = sql`(case when ${invoices.kind} = 'credit_note' then -1 else 1 end)`;
  const rows = await db
    .select({
      period: sql<string>`${period}`,
      rateBp: invoiceLines.vatRateBp,
      goodsGrossCents: sql<number>`coalesce(sum(case when ${invoiceLines.kind} = 'goods' then ${invoiceLines.grossCents} else 0 end * ${sign}), 0)`,
      feeGrossCents: sql<number>`coalesce(sum(case when ${invoiceLines.kind} = 'delivery_fee' then ${invoiceLines.grossCents} else 0 end * ${sign}), 0)`,
      vatCents: sql<number>`coalesce(sum(${invoiceLines.vatCents} * ${sign}), 0)`,
      documents: sql<number>`count(distinct ${invoices.id})`,
    })
    .from(invoiceLines)
    .innerJoin(invoices, sql`${invoices.id} = ${invoiceLines.invoiceId}`)
    .where(issuedIn(filter))
    .groupBy(period, invoiceLines.vatRateBp)
    .orderBy(period, sql`${invoiceLines.vatRateBp} desc`);
  const full = rows.map((row): FeeVatRow => {
    const grossCents = Number(row.goodsGrossCents) + Number(row.feeGrossCents);
    const vatCents = Number(row.vatCents);
    return { period: row.period, rateBp: row.rateBp, goodsGrossCents: Number(row.goodsGrossCents), feeGrossCents: Number(row.feeGrossCents), grossCents, vatCents, netCents: grossCents - vatCents, documents: Number(row.documents) };
  });
  const [counted] = await db
    .select({ documents: sql<number>`count(*)` })
    .from(invoices)
    .where(issuedIn(filter));
  const totals = full.reduce(
    (sum, row) => ({
      goodsGrossCents: sum.goodsGrossCents + row.goodsGrossCents,
      feeGrossCents: sum.feeGrossCents + row.feeGrossCents,
      grossCents: sum.grossCents + row.grossCents,
      vatCents: sum.vatCents + row.vatCents,
      netCents: sum.netCents + row.netCents,
      documents: sum.documents,
    }),
    { goodsGrossCents: 0, feeGrossCents: 0, grossCents: 0, vatCents: 0, netCents: 0, documents: Number(counted?.documents ?? 0) },
  );
  return { rows: full, totals };
}

/** "2300" -> "23", "1350" -> "13.5": the rate as a plain number of percent for spreadsheets. */
const percentText = (rateBp: number) => String(rateBp / 100);

export function feesAndVatCsv(report: FeeVatReport): string {
  return csvDocument(
    ["period", "vat_rate_percent", "goods_gross", "fees_gross", "gross", "vat", "net", "documents"],
    report.rows.map((row) => [row.period, percentText(row.rateBp), centsText(row.goodsGrossCents), centsText(row.feeGrossCents), centsText(row.grossCents), centsText(row.vatCents), centsText(row.netCents), row.documents]),
  );
}
