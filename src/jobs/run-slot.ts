import type { AppDeps } from "../http/env";
import type { ScheduledJob } from "./schedule";
import { claimSlot, lastRecordedSlot, latestSlot } from "./slots";

export type SlotOutcome = "ran" | "taken" | "failed";

/** Claims the slot for this instance and runs the schedule once; another instance's claim wins silently. */
export async function runSlot(deps: AppDeps, job: ScheduledJob, slot: Date, instanceId: string): Promise<SlotOutcome> {
  const db = deps.database.db;
  if (!(await claimSlot(db, job.name, slot, instanceId, deps.clock.now()))) return "taken";
  try {
    await job.run(deps, slot);
    return "ran";
  } catch (error) {
    // The slot stays claimed: schedules only queue jobs, and the queue owns retries.
    console.error(JSON.stringify({ level: "error", msg: "schedule failed", schedule: job.name, slot: slot.toISOString(), error: String(error) }));
    return "failed";
  }
}

/**
 * After downtime, runs the latest missed slot once (never a backlog). A store that has never
 * run a schedule only records where it starts, so a first start does not send last month's report.
 */
export async function catchUpSlot(deps: AppDeps, job: ScheduledJob, instanceId: string): Promise<SlotOutcome | "baseline" | "none"> {
  const now = deps.clock.now();
  const slot = latestSlot(job.cron, now);
  if (!slot) return "none";
  const db = deps.database.db;
  const last = await lastRecordedSlot(db, job.name);
  if (!last) {
    await claimSlot(db, job.name, slot, instanceId, now, "baseline");
    return "baseline";
  }
  if (last.getTime() >= slot.getTime()) return "none";
  return runSlot(deps, job, slot, instanceId);
}

/** Serves the current slot of every schedule (what each croner tick does for its own schedule). */
export async function runDueSlots(deps: AppDeps, list: readonly ScheduledJob[], instanceId: string): Promise<Record<string, SlotOutcome | "none">> {
  const now = deps.clock.now();
  const outcomes: Record<string, SlotOutcome | "none"> = {};
  for (const job of list) {
    const slot = latestSlot(job.cron, now);
    outcomes[job.name] = slot ? await runSlot(deps, job, slot, instanceId) : "none";
  }
  return outcomes;
}
