import type { JobRegistry } from "../jobs/registry";
import type { ScheduledJob } from "../jobs/schedule";
import { monthlyReportJob, queueMonthlyReport } from "./monthly-job";
import { reportExportJob } from "./exports";
import { expireOldExports } from "./export-expiry";
import { noSalesYet, type SalesSource } from "./sales-source";

/** The reports' job types, for the store's registry (src/store-jobs.ts). */
export const registerReportJobs = (registry: JobRegistry, salesSource: SalesSource = noSalesYet) => registry.register(monthlyReportJob(salesSource)).register(reportExportJob());

export const reportSchedules: ScheduledJob[] = [
  {
    name: "monthly-report",
    cron: "0 7 1 * *",
    run: async ({ database, clock }, slot) => void (await queueMonthlyReport(database.db, slot, clock.now())),
  },
  {
    // Prepared CSV exports past REPORT_EXPORT_KEEP_HOURS: their files deleted, the exports shown as expired (ADR 062).
    name: "report-export-expiry",
    cron: "0 * * * *",
    run: async ({ database, clock, config }) => ({ expired: await expireOldExports(database, clock.now(), config.REPORT_EXPORT_KEEP_HOURS) }),
  },
];
