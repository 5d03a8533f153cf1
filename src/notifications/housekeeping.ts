import { and, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { auditLog, authThrottle, jobs, oneTimeCodes, sessions } from "../db/schema";
import { promoCodes } from "../db/shop-tables";
import { defineJob } from "../jobs/registry";
import { WINDOW_MS } from "../accounts/throttle";

export const HOUSEKEEPING = "housekeeping";
const DAY_MS = 24 * 60 * 60 * 1000;
/** Finished jobs stay visible on the jobs page for a month. */
const KEEP_DONE_JOBS_MS = 30 * DAY_MS;

export type HousekeepingCounts = { sessions: number; codes: number; throttle: number; jobs: number; promos: number };

/**
 * Switches off promo codes whose expiry passed, so the promo list shows them as inactive; each is
 * audited as a deactivation by the system (no actor).
 */
export async function deactivateExpiredPromos(db: Database, now: Date): Promise<number> {
  const expired = await db
    .update(promoCodes)
    .set({ active: false })
    .where(and(eq(promoCodes.active, true), isNotNull(promoCodes.expiresAt), lt(promoCodes.expiresAt, now)))
    .returning({ id: promoCodes.id, code: promoCodes.code });
  if (expired.length) {
    await db.insert(auditLog).values(
      expired.map((promo) => ({
        actorId: null,
        action: "promo.deactivate",
        subjectType: "promo_code",
        subjectId: promo.id,
        details: JSON.stringify({ code: promo.code, reason: "expired" }),
        createdAt: now,
      })),
    );
  }
  return expired.length;
}

/*
 * No "cancel abandoned checkouts" step: checkout never holds stock before the order is placed
 * (placing is one atomic unit, see docs/decisions/010), so an abandoned checkout leaves nothing
 * to release or cancel.
 */

/** Deletes expired sessions, used or expired one-time codes, stale throttle rows and old finished jobs; deactivates expired promo codes. */
export async function sweep(db: Database, now: Date): Promise<HousekeepingCounts> {
  const at = now.getTime();
  const gone = async (query: Promise<unknown[]>) => (await query).length;
  return {
    sessions: await gone(db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.tokenHash })),
    codes: await gone(
      db.delete(oneTimeCodes).where(or(isNotNull(oneTimeCodes.usedAt), lt(oneTimeCodes.expiresAt, now))).returning({ id: oneTimeCodes.id }),
    ),
    throttle: await gone(
      db
        .delete(authThrottle)
        .where(and(lt(authThrottle.windowStartedAt, new Date(at - WINDOW_MS)), or(isNull(authThrottle.lockedUntil), lt(authThrottle.lockedUntil, now))))
        .returning({ key: authThrottle.key }),
    ),
    jobs: await gone(
      db
        .delete(jobs)
        .where(and(inArray(jobs.status, ["done", "failed"]), lt(jobs.finishedAt, new Date(at - KEEP_DONE_JOBS_MS))))
        .returning({ id: jobs.id }),
    ),
    promos: await deactivateExpiredPromos(db, now),
  };
}

export const housekeepingJob = defineJob(HOUSEKEEPING, z.object({ slot: z.string() }), async ({ context }) => {
  const counts = await sweep(context.deps.database.db, context.deps.clock.now());
  return { payload: { counts } };
});
