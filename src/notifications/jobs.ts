import type { JobRegistry } from "../jobs/registry";
import type { ScheduledJob } from "../jobs/schedule";
import { enqueue } from "../jobs/queue";
import { backInStockJob, queueBackInStock } from "./back-in-stock";
import { cartReminderJob, queueCartReminder } from "./cart-reminder";
import { HOUSEKEEPING, housekeepingJob } from "./housekeeping";
import { lowStockDigestJob, queueLowStockDigest } from "./low-stock";
import { queueWeMissYou, weMissYouJob } from "./we-miss-you";

/** The notifications' job types, for the store's registry (src/store-jobs.ts). */
export const registerNotificationJobs = (registry: JobRegistry) =>
  registry.register(housekeepingJob).register(lowStockDigestJob).register(weMissYouJob).register(backInStockJob).register(cartReminderJob);

/* Each schedule only queues a job: the work itself runs in the job queue, with retries. */
export const notificationSchedules: ScheduledJob[] = [
  {
    name: "low-stock-digest",
    cron: "0 * * * *",
    run: async ({ database, clock }, slot) => void (await queueLowStockDigest(database.db, slot, clock.now())),
  },
  {
    name: "we-miss-you",
    cron: "0 10 * * *",
    run: async ({ database, clock }, slot) => void (await queueWeMissYou(database.db, slot, clock.now())),
  },
  {
    name: "back-in-stock",
    cron: "*/15 * * * *",
    run: async ({ database, clock }, slot) => void (await queueBackInStock(database.db, slot, clock.now())),
  },
  {
    name: "cart-reminder",
    // Cron is UTC and 19:00 in the store moves with daylight saving, so this fires every hour
    // and acts only in the hour that is 19:00 in STORE_TIMEZONE.
    cron: "0 * * * *",
    run: async ({ database, clock, config }, slot) => await queueCartReminder(database.db, slot, clock.now(), config.STORE_TIMEZONE),
  },
  {
    name: "housekeeping",
    cron: "30 3 * * *",
    run: async ({ database, clock }, slot) => void (await enqueue(database.db, HOUSEKEEPING, { slot: slot.toISOString() }, clock.now())),
  },
];
