import type { ScheduledJob } from "../jobs/schedule";
import { sweepExpiredSessions } from "./session-sweep";

export const accountSchedules: ScheduledJob[] = [
  {
    name: "sweep-expired-sessions",
    cron: "17 3 * * *",
    run: async (deps, slot) => ({ removed: await sweepExpiredSessions(deps.database.db, slot) }),
  },
];
