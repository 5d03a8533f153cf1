import { catchUpSlot, drainJobs, runDueSlots } from "../../src/jobs";
import { schedules, storeJobs } from "../../src/store-jobs";
import { pickMailer } from "../../src/mail/transport";
import type { SalesSource } from "../../src/reports/sales-source";
import type { TestStore } from "./store";

/** The store's real job handlers and mail transport (from the store's config) around a test store. */
export function backgroundWork(store: TestStore, options: { salesSource?: SalesSource; instanceId?: string } = {}) {
  const mailer = pickMailer(store.config, store.database, store.clock);
  const registry = storeJobs({ salesSource: options.salesSource });
  const context = { deps: store.deps, mailer };
  const instanceId = options.instanceId ?? "test-instance";
  return {
    mailer,
    registry,
    context,
    /** Runs every due job, including the emails queued by other jobs. */
    drain: () => drainJobs(context, registry, instanceId),
    /** What the cron runner does at start: record or catch up each schedule. */
    startSchedules: () => Promise.all(schedules.map((job) => catchUpSlot(store.deps, job, instanceId))),
    /** One croner tick for every schedule at the store's (frozen) clock. */
    tick: () => runDueSlots(store.deps, schedules, instanceId),
  };
}
