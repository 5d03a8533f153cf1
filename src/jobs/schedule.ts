import { sweepExpiredSessions } from "../accounts/session-sweep";
import { queueSalesTally } from "../catalog/popularity";
import type { AppDeps } from "../http/env";
import { enqueue } from "./queue";
import { queueBackInStock } from "../notifications/back-in-stock";
import { queueCartReminder } from "../notifications/cart-reminder";
import { HOUSEKEEPING } from "../notifications/housekeeping";
import { queueLowStockDigest } from "../notifications/low-stock";
import { queueWeMissYou } from "../notifications/we-miss-you";
import { queueMonthlyReport } from "../reports/monthly-job";

/**
 * The one list of scheduled jobs. Bun registers each with croner; Workers get the same crons
 * in wrangler.toml `[triggers] crons` (written by `npm run wrangler:crons`) and dispatch them in `scheduled()`.
 * `cron` is 5-field, UTC. `slot` is the scheduled time being served (not the wall clock),
 * so a slot can be claimed once across instances and caught up after downtime.
 */
export interface ScheduledJob {
  name: string;
  cron: string;
  /** Resolves to a short summary for the log. */
  run(deps: AppDeps, slot: Date): Promise<void | Record<string, unknown>>;
}

/* Each schedule only queues a job: the work itself runs in the job queue, with retries. */
export const schedules: ScheduledJob[] = [
  {
    name: "low-stock-digest",
    cron: "0 * * * *",
    run: async ({ database, clock }, slot) => void (await queueLowStockDigest(database.db, slot, clock.now())),
  },
  {
    name: "monthly-report",
    cron: "0 7 1 * *",
    run: async ({ database, clock }, slot) => void (await queueMonthlyReport(database.db, slot, clock.now())),
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
    name: "tally-sales",
    // "Most popular" follows the orders within five minutes (checkout leaves popularity to this).
    cron: "*/5 * * * *",
    run: async ({ database, clock }, slot) => void (await queueSalesTally(database.db, slot, clock.now())),
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
  {
    name: "sweep-expired-sessions",
    cron: "17 3 * * *",
    run: async (deps, slot) => ({ removed: await sweepExpiredSessions(deps.database.db, slot) }),
  },
];
