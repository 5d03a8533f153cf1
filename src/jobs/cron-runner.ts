import { Cron } from "croner";
import type { AppDeps } from "../http/env";
import { catchUpSlot, runSlot } from "./run-slot";
import type { ScheduledJob } from "./schedule";
import { latestSlot } from "./slots";

export interface CronRunner {
  stop(): Promise<void>;
}

/**
 * Bun: one croner timer per schedule, all in UTC. Each tick claims its slot in the database, so
 * any number of instances can run this and each slot still runs once.
 */
export async function startCronRunner(deps: AppDeps, list: readonly ScheduledJob[], instanceId: string): Promise<CronRunner> {
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  for (const job of list) track(catchUpSlot(deps, job, instanceId));
  const timers = list.map(
    (job) =>
      new Cron(job.cron, { timezone: "UTC", name: job.name, protect: true }, () => {
        const slot = latestSlot(job.cron, deps.clock.now());
        if (slot) track(runSlot(deps, job, slot, instanceId));
      }),
  );
  return {
    async stop() {
      for (const timer of timers) timer.stop();
      await Promise.allSettled([...running]);
    },
  };
}
