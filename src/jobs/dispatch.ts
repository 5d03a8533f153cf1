import type { ScheduledJob } from "./schedule";

/**
 * For the Workers `scheduled()` handler: which schedules a Cron Trigger fired, and for which
 * slot. Pure: the caller then runs each with runSlot(deps, job, slot, instanceId).
 */
export function schedulesForTrigger(cron: string, scheduledTime: number | Date, list: readonly ScheduledJob[]): { job: ScheduledJob; slot: Date }[] {
  const wanted = normalizeCron(cron);
  const at = typeof scheduledTime === "number" ? scheduledTime : scheduledTime.getTime();
  const slot = new Date(Math.floor(at / 60_000) * 60_000);
  return list.filter((job) => normalizeCron(job.cron) === wanted).map((job) => ({ job, slot }));
}

const normalizeCron = (cron: string) => cron.trim().split(/\s+/).join(" ");

/** The distinct cron strings to list in wrangler.toml `[triggers] crons`. */
export function triggerCrons(list: readonly ScheduledJob[]): string[] {
  return [...new Set(list.map((job) => normalizeCron(job.cron)))];
}
