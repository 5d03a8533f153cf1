import type { AppDeps } from "../http/env";

/**
 * The one list of scheduled jobs. Bun registers each with croner; Workers get the same crons
 * in wrangler.toml `[triggers] crons` and dispatch them in `scheduled()`.
 * `cron` is 5-field, UTC. `slot` is the scheduled time being served (not the wall clock),
 * so a slot can be claimed once across instances and caught up after downtime.
 */
export interface ScheduledJob {
  name: string;
  cron: string;
  run(deps: AppDeps, slot: Date): Promise<void>;
}

export const schedules: ScheduledJob[] = [];
