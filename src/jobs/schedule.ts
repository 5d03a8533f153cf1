import type { AppDeps } from "../http/env";

/**
 * A scheduled job. The one list of them is src/store-jobs.ts, gathered from each domain's jobs.ts. Bun registers each with croner; Workers get the same crons
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
