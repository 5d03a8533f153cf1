import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { categories, products } from "../db/schema";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";
import { queueEmail } from "../mail/send";
import { staffRecipients } from "../notifications/recipients";
import { buildMonthlyReport, monthlyReportCsv, previousMonth } from "./monthly";
import type { SalesSource } from "./sales-source";

export const MONTHLY_REPORT = "monthly-report";

export const queueMonthlyReport = (db: Database, slot: Date, now: Date) => enqueue(db, MONTHLY_REPORT, { slot: slot.toISOString() }, now);

/** Builds last month's report (relative to the slot) and queues it, with its CSV, to the admin and managers. */
export function monthlyReportJob(salesSource: SalesSource) {
  return defineJob(MONTHLY_REPORT, z.object({ slot: z.iso.datetime() }), async ({ payload, context, progress }) => {
    const { database, clock } = context.deps;
    const period = previousMonth(new Date(payload.slot));
    const rows = await salesSource(context.deps, period);
    await progress(40);
    const catalog = await database.db
      .select({ name: products.name, categoryName: categories.name })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(eq(products.active, true));
    const report = buildMonthlyReport(rows, period, catalog);
    const csv = monthlyReportCsv(report);
    await progress(70);
    const attachment = { filename: `monthly-report-${report.month}.csv`, contentType: "text/csv", content: csv };
    for (const person of await staffRecipients(database.db)) {
      await queueEmail(database.db, clock.now(), { to: person.email, template: "monthly-report", props: { report }, attachments: [attachment] });
    }
    return { payload: { slot: payload.slot, month: report.month, revenueCents: report.revenueCents, orders: report.orderCount } };
  });
}
