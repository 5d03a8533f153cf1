import { Hono, type Context } from "hono";
import type { AppEnv } from "../http/env";
import { streamedBody } from "../http/compression";
import { moneyFormatter } from "../http/money";
import { renderPage } from "../http/render";
import { dayFormatter } from "../http/days";
import { dayRange } from "../reports/date-range";
import { reportBucket } from "../reports/sales";
import { PaymentsReportPage } from "../../views/manage/payments-report";
import { outstandingCsvStream, outstandingOnDelivery, paymentsReport, paymentsReportCsv } from "./report";

/** Orders the page lists as outstanding (the oldest); the count, the total and the CSV cover every one. */
const OUTSTANDING_LISTED = 50;

/** /manage/reports/payments: money taken net of refunds, and pay-on-delivery outstanding (report.ts). */
export const paymentReportRoutes = new Hono<AppEnv>();

/** The range and the periods asked for; with none chosen, the range picks them as the sales report does. */
async function readQuery(c: Context<AppEnv>) {
  const range = dayRange(c.req.query("from"), c.req.query("to"), dayFormatter(c).read);
  return { range, bucket: await reportBucket(c.var.deps.database.reports, c.req.query("bucket"), range) };
}

function csvFile(c: Context<AppEnv>, name: string, body: string | ReadableStream<Uint8Array>) {
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="${name}"`);
  c.header("Cache-Control", "no-store");
  return c.body(body);
}

paymentReportRoutes.get("/", async (c) => {
  const { reports } = c.var.deps.database;
  const { range, bucket } = await readQuery(c);
  const [report, outstanding] = await Promise.all([paymentsReport(reports, bucket, range), outstandingOnDelivery(reports, OUTSTANDING_LISTED)]);
  const csvQuery = new URL(c.req.url).search.slice(1);
  return renderPage(
    c,
    "Payments report",
    <PaymentsReportPage fromText={range.fromText} toText={range.toText} bucket={bucket} csvQuery={csvQuery} report={report} outstanding={outstanding} money={moneyFormatter(c)} day={dayFormatter(c)} />,
  );
});

paymentReportRoutes.get("/taken.csv", async (c) => {
  const { range, bucket } = await readQuery(c);
  return csvFile(c, `payments-by-${bucket}.csv`, paymentsReportCsv(await paymentsReport(c.var.deps.database.reports, bucket, range)));
});

// Streamed a page at a time (report.ts): the whole list can be millions of orders.
paymentReportRoutes.get("/outstanding.csv", (c) => {
  streamedBody(c);
  return csvFile(c, "outstanding-on-delivery.csv", outstandingCsvStream(c.var.deps.database.reports));
});
