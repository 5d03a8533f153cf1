import { and, eq, isNull, lt, notExists, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { emailOptOuts, noticesSent, users } from "../db/schema";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";
import { queueEmail } from "../mail/send";
import { brandOf } from "../mail/render";
import { unsubscribeUrl } from "./unsubscribe";

export const WE_MISS_YOU = "we-miss-you";
const DAY_MS = 24 * 60 * 60 * 1000;
export const INACTIVE_DAYS = 30;
export const AT_MOST_EVERY_DAYS = 7;

/** Shoppers who have not logged in for 30 days, did not opt out and got no such note this week. */
export async function inactiveShoppers(db: Database, now: Date, limit = 500) {
  const inactiveSince = new Date(now.getTime() - INACTIVE_DAYS * DAY_MS);
  const weekAgo = new Date(now.getTime() - AT_MOST_EVERY_DAYS * DAY_MS);
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.role, "customer"),
        isNull(users.deactivatedAt),
        or(lt(users.lastLoginAt, inactiveSince), and(isNull(users.lastLoginAt), lt(users.createdAt, inactiveSince))),
        notExists(db.select({ one: sql`1` }).from(emailOptOuts).where(and(eq(emailOptOuts.userId, users.id), eq(emailOptOuts.kind, WE_MISS_YOU)))),
        notExists(
          db
            .select({ one: sql`1` })
            .from(noticesSent)
            .where(and(eq(noticesSent.userId, users.id), eq(noticesSent.kind, WE_MISS_YOU), sql`${noticesSent.sentAt} >= ${weekAgo.getTime()}`)),
        ),
      ),
    )
    .limit(limit);
}

export const weMissYouJob = defineJob(WE_MISS_YOU, z.object({ slot: z.string() }), async ({ context }) => {
  const { database, clock, config } = context.deps;
  const db = database.db;
  const now = clock.now();
  const baseUrl = brandOf(config).baseUrl;
  for (const person of await inactiveShoppers(db, now)) {
    const link = await unsubscribeUrl(db, baseUrl, person.id, WE_MISS_YOU, now);
    await queueEmail(db, now, { to: person.email, template: "we-miss-you", props: { name: person.name, unsubscribeUrl: link } });
    await db
      .insert(noticesSent)
      .values({ userId: person.id, kind: WE_MISS_YOU, sentAt: now })
      .onConflictDoUpdate({ target: [noticesSent.userId, noticesSent.kind], set: { sentAt: now } });
  }
});

export const queueWeMissYou = (db: Database, slot: Date, now: Date) => enqueue(db, WE_MISS_YOU, { slot: slot.toISOString() }, now);
