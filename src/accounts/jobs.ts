import type { JobRegistry } from "../jobs/registry";
import type { ScheduledJob } from "../jobs/schedule";
import { sweepExpiredSessions } from "./session-sweep";
import { purgeExpiredClosedAccounts } from "./settings/close-account";
import { prepareDataExportJob, sweepExpiredExports } from "./settings/data-export";

export function registerAccountJobs(registry: JobRegistry): JobRegistry {
  return registry.register(prepareDataExportJob);
}

export const accountSchedules: ScheduledJob[] = [
  {
    // Nightly: sessions past their end, data exports past DATA_EXPORT_DAYS, and the orders of
    // closed accounts past ORDER_RETENTION_YEARS.
    name: "sweep-expired-sessions",
    cron: "17 3 * * *",
    run: async (deps, slot) => ({
      removed: await sweepExpiredSessions(deps.database.db, slot),
      exports: await sweepExpiredExports(deps.database.db, slot),
      closedAccountOrders: await purgeExpiredClosedAccounts(deps, slot),
    }),
  },
];
