import type { JobRegistry } from "../jobs/registry";
import type { ScheduledJob } from "../jobs/schedule";
import { catalogImportJob } from "./food-info/import-job";
import { queueSalesTally, tallySalesJob } from "./popularity";

/** The catalog's job types, for the store's registry (src/store-jobs.ts). */
export const registerCatalogJobs = (registry: JobRegistry) => registry.register(tallySalesJob).register(catalogImportJob);

export const catalogSchedules: ScheduledJob[] = [
  {
    name: "tally-sales",
    // "Most popular" follows the orders within five minutes (checkout leaves popularity to this).
    cron: "*/5 * * * *",
    run: async ({ database, clock }, slot) => void (await queueSalesTally(database.db, slot, clock.now())),
  },
];
