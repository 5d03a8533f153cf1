import { accountSchedules, registerAccountJobs } from "./accounts/jobs";
import { catalogSchedules, registerCatalogJobs } from "./catalog/jobs";
import { JobRegistry } from "./jobs/registry";
import type { ScheduledJob } from "./jobs/schedule";
import { sendEmailJob } from "./mail/send";
import { notificationSchedules, registerNotificationJobs } from "./notifications/jobs";
import { registerOrderJobs } from "./orders/jobs";
import { paymentSchedules, registerPaymentJobs } from "./payments/jobs";
import { registerPickingJobs } from "./picking/jobs";
import { registerReportJobs, reportSchedules } from "./reports/jobs";
import type { SalesSource } from "./reports/sales-source";

/**
 * Every job type the store runs, each domain's own list (its jobs.ts). The sales source is
 * swappable for tests.
 */
export function storeJobs(options: { salesSource?: SalesSource } = {}): JobRegistry {
  const registry = new JobRegistry().register(sendEmailJob);
  registerOrderJobs(registry);
  registerPickingJobs(registry);
  registerNotificationJobs(registry);
  registerCatalogJobs(registry);
  registerAccountJobs(registry);
  registerPaymentJobs(registry);
  return registerReportJobs(registry, options.salesSource);
}

/**
 * The one list of scheduled jobs, each domain's own. Bun registers each with croner; Workers get
 * the same crons in wrangler.toml `[triggers] crons` (written by `npm run wrangler:crons`) and
 * dispatch them in `scheduled()`. `cron` is 5-field, UTC. `slot` is the scheduled time being served
 * (not the wall clock), so a slot can be claimed once across instances and caught up after downtime.
 */
export const schedules: ScheduledJob[] = [...notificationSchedules, ...reportSchedules, ...catalogSchedules, ...accountSchedules, ...paymentSchedules];
