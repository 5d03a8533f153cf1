import { desc, inArray } from "drizzle-orm";
import { auditEntry } from "../db/audit-entry";
import type { Database } from "../db/client";
import { scheduleRuns, type User } from "../db/schema";
import type { AppDeps } from "../http/env";
import type { ScheduledJob } from "./schedule";

export type ScheduleView = { name: string; cron: string; lastSlot: Date | null; lastBy: string | null };

/** Each schedule with the last slot it served (by the clock or by hand), for the jobs page. */
export async function schedulesWithLastRun(db: Database, list: readonly ScheduledJob[]): Promise<ScheduleView[]> {
  const names = list.map((job) => job.name);
  const rows = names.length
    ? await db
        .select({ schedule: scheduleRuns.schedule, slot: scheduleRuns.slot, claimedBy: scheduleRuns.claimedBy })
        .from(scheduleRuns)
        .where(inArray(scheduleRuns.schedule, names))
        .orderBy(desc(scheduleRuns.slot))
    : [];
  return list.map((job) => {
    const last = rows.find((row) => row.schedule === job.name);
    return { name: job.name, cron: job.cron, lastSlot: last?.slot ?? null, lastBy: last?.claimedBy ?? null };
  });
}

export type RunNowOutcome = { ok: true; slot: Date } | { ok: false; reason: "unknown" | "busy" | "failed" };

const isSlotTaken = (error: unknown) => {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (/UNIQUE constraint failed: schedule_runs\.schedule, schedule_runs\.slot/.test(current.message)) return true;
  }
  return false;
};

/**
 * The admin's "run now": serves a slot at this instant, as the clock would. The slot's claim and its
 * audit entry are one atomic unit (a second click in the same millisecond, or another instance
 * serving that slot, loses the claim and records nothing); then the schedule runs, which only queues
 * its job, so the request stays short. A later catch-up sees this slot as the most recent one.
 */
export async function runScheduleNow(deps: AppDeps, list: readonly ScheduledJob[], name: string, actor: User): Promise<RunNowOutcome> {
  const job = list.find((candidate) => candidate.name === name);
  if (!job) return { ok: false, reason: "unknown" };
  const { database, clock } = deps;
  const slot = clock.now();
  try {
    await database.atomic([
      database.db.insert(scheduleRuns).values({ schedule: job.name, slot, claimedBy: `admin:${actor.id}`, claimedAt: slot, outcome: "run" }),
      auditEntry(database.db, { actor, action: "schedule.run_now", subjectType: "schedule", subjectId: null, details: { schedule: job.name, slot: slot.toISOString() }, at: slot }),
    ]);
  } catch (error) {
    if (isSlotTaken(error)) return { ok: false, reason: "busy" };
    throw error;
  }
  try {
    await job.run(deps, slot);
    return { ok: true, slot };
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "schedule failed", schedule: job.name, slot: slot.toISOString(), error: String(error) }));
    return { ok: false, reason: "failed" };
  }
}

