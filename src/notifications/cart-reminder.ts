import { and, eq, exists, isNotNull, isNull, lt, notExists, sql } from "drizzle-orm";
import { z } from "zod";
import { summarizeCart } from "../cart/summary";
import { quantityLabel } from "../catalog/units";
import type { Database } from "../db/client";
import { emailOptOuts, noticesSent, users } from "../db/schema";
import { cartItems, carts } from "../db/shop-tables";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";
import { queueEmail } from "../mail/send";
import { brandOf } from "../mail/render";
import { formatMoney } from "../values/money";
import { unsubscribeUrl } from "./unsubscribe";

export const CART_REMINDER = "cart-reminder";
const DAY_MS = 24 * 60 * 60 * 1000;
export const AT_MOST_EVERY_DAYS = 7;
/** The reminder goes out at 19:00 in the store's time zone. */
export const REMINDER_HOUR = 19;

/** The hour (0-23) it is at `at` in the time zone `timeZone`. */
export function hourIn(timeZone: string, at: Date): number {
  const text = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(at);
  return Number(text) % 24;
}

/**
 * Shoppers whose cart has items and was last touched over a day ago, who did not opt out of
 * cart reminders and got none this week (the same opt-out and notices_sent as "we miss you").
 */
export async function forgottenCarts(db: Database, now: Date, limit = 500) {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const weekAgo = new Date(now.getTime() - AT_MOST_EVERY_DAYS * DAY_MS);
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(carts)
    .innerJoin(users, eq(users.id, carts.userId))
    .where(
      and(
        isNotNull(carts.userId),
        lt(carts.updatedAt, dayAgo),
        exists(db.select({ one: sql`1` }).from(cartItems).where(eq(cartItems.cartId, carts.id))),
        eq(users.role, "customer"),
        isNull(users.deactivatedAt),
        notExists(db.select({ one: sql`1` }).from(emailOptOuts).where(and(eq(emailOptOuts.userId, users.id), eq(emailOptOuts.kind, CART_REMINDER)))),
        notExists(
          db
            .select({ one: sql`1` })
            .from(noticesSent)
            .where(and(eq(noticesSent.userId, users.id), eq(noticesSent.kind, CART_REMINDER), sql`${noticesSent.sentAt} >= ${weekAgo.getTime()}`)),
        ),
      ),
    )
    .limit(limit);
}

export const cartReminderJob = defineJob(CART_REMINDER, z.object({ slot: z.string() }), async ({ payload, context }) => {
  const { database, clock, config } = context.deps;
  const db = database.db;
  const now = clock.now();
  const baseUrl = brandOf(config).baseUrl;
  const money = (cents: number) => formatMoney(cents, config.CURRENCY, config.LOCALE);
  let sent = 0;
  for (const person of await forgottenCarts(db, now)) {
    const summary = await summarizeCart(db, { userId: person.id }, { userId: person.id, now, money });
    const items = summary.lines
      .filter((line) => !line.problem)
      .map((line) => ({ name: line.name, quantityLabel: quantityLabel(line.quantity, line.unit), lineTotalCents: line.lineTotalCents }));
    if (items.length === 0) continue; // nothing in it can be bought today
    const link = await unsubscribeUrl(db, baseUrl, person.id, CART_REMINDER, now);
    await queueEmail(db, now, { to: person.email, template: "cart-reminder", props: { name: person.name, items, totalCents: summary.totalCents, unsubscribeUrl: link } });
    await db
      .insert(noticesSent)
      .values({ userId: person.id, kind: CART_REMINDER, sentAt: now })
      .onConflictDoUpdate({ target: [noticesSent.userId, noticesSent.kind], set: { sentAt: now } });
    sent += 1;
  }
  return { payload: { slot: payload.slot, sent } };
});

/**
 * The schedule fires every hour (cron is UTC, and 19:00 store time moves with daylight saving);
 * only the slot that is 19:00 in STORE_TIMEZONE queues the reminder job.
 */
export async function queueCartReminder(db: Database, slot: Date, now: Date, timeZone: string) {
  if (hourIn(timeZone, slot) !== REMINDER_HOUR) return { skipped: "not 19:00 store time" };
  await enqueue(db, CART_REMINDER, { slot: slot.toISOString() }, now);
  return { queued: true };
}
