import type { JobContext, JobRegistry } from "./registry";
import { runSlot, type SlotOutcome } from "./run-slot";
import { schedulesForTrigger } from "./dispatch";
import type { ScheduledJob } from "./schedule";
import { drainJobs } from "./worker";

/**
 * What a Workers `scheduled(event)` does: serve the slot of every schedule on that cron, then work
 * through due jobs (bounded), since Workers have no long-running job loop.
 */
export async function handleCronTrigger(
  context: JobContext,
  registry: JobRegistry,
  trigger: { cron: string; scheduledTime: number },
  list: readonly ScheduledJob[],
  instanceId: string,
  jobLimit = 50,
): Promise<{ slots: Record<string, SlotOutcome>; jobsRun: number }> {
  const slots: Record<string, SlotOutcome> = {};
  for (const { job, slot } of schedulesForTrigger(trigger.cron, trigger.scheduledTime, list)) {
    slots[job.name] = await runSlot(context.deps, job, slot, instanceId);
  }
  return { slots, jobsRun: await drainJobs(context, registry, instanceId, jobLimit) };
}
