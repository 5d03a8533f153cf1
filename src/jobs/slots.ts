import { Cron } from "croner";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { scheduleRuns } from "../db/schema";

/** A croner pattern used only for date arithmetic (no timer is started). */
const patternOf = (cron: string) => new Cron(cron, { timezone: "UTC", paused: true });

/** The latest slot at or before `now` for a 5-field UTC cron. */
export function latestSlot(cron: string, now: Date): Date | null {
  return patternOf(cron).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

export function isValidCron(cron: string): boolean {
  try {
    patternOf(cron);
    return cron.trim().split(/\s+/).length === 5;
  } catch {
    return false;
  }
}

/** Inserts the (schedule, slot) row; true only for the one instance whose insert won. */
export async function claimSlot(
  db: Database,
  schedule: string,
  slot: Date,
  claimedBy: string,
  now: Date,
  outcome: "run" | "baseline" = "run",
): Promise<boolean> {
  const rows = await db
    .insert(scheduleRuns)
    .values({ schedule, slot, claimedBy, claimedAt: now, outcome })
    .onConflictDoNothing({ target: [scheduleRuns.schedule, scheduleRuns.slot] })
    .returning({ slot: scheduleRuns.slot });
  return rows.length === 1;
}

export async function lastRecordedSlot(db: Database, schedule: string): Promise<Date | null> {
  const rows = await db
    .select({ slot: scheduleRuns.slot })
    .from(scheduleRuns)
    .where(and(eq(scheduleRuns.schedule, schedule)))
    .orderBy(desc(scheduleRuns.slot))
    .limit(1);
  return rows[0]?.slot ?? null;
}
