import type { AppDeps } from "../http/env";
import type { ScheduledJob } from "./schedule";

export type SlotOutcome = { job: string; ok: boolean };

/**
 * Runs every job of the list whose cron fired (Workers' scheduled() hands over the cron string
 * and the slot time). Each job is logged as one JSON line; one failing job does not stop the others.
 */
export async function runCronSlot(deps: AppDeps, cron: string, slot: Date, list: readonly ScheduledJob[]): Promise<SlotOutcome[]> {
  const due = list.filter((job) => job.cron === cron);
  if (due.length === 0) {
    console.warn(JSON.stringify({ level: "warn", msg: "no scheduled job has this cron", cron }));
  }
  const outcomes: SlotOutcome[] = [];
  for (const job of due) {
    const started = performance.now();
    try {
      const summary = await job.run(deps, slot);
      log("info", "scheduled job finished", job, slot, started, summary ?? {});
      outcomes.push({ job: job.name, ok: true });
    } catch (error) {
      log("error", "scheduled job failed", job, slot, started, { error: String(error) });
      outcomes.push({ job: job.name, ok: false });
    }
  }
  return outcomes;
}

function log(level: string, msg: string, job: ScheduledJob, slot: Date, started: number, extra: Record<string, unknown>) {
  const line = JSON.stringify({ level, msg, job: job.name, cron: job.cron, slot: slot.toISOString(), ms: Math.round(performance.now() - started), ...extra });
  if (level === "error") console.error(line);
  else console.log(line);
}
