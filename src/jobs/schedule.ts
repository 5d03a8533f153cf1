import { sweepExpiredSessions } from "../accounts/session-sweep";
import type { AppDeps } from "../http/env";

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

export const schedules: ScheduledJob[] = [
  {
    name: "sweep-expired-sessions",
    cron: "17 3 * * *",
    run: async (deps, slot) => ({ removed: await sweepExpiredSessions(deps.database.db, slot) }),
  },
];
