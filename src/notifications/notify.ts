import { and, desc, eq, inArray, isNull, notExists, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { notificationReads, notifications, type Notification, type NotificationAudience, type NotificationKind, type User } from "../db/schema";

export type NoticeRecipient = { userId: number } | { audience: NotificationAudience };

export type Notice = {
  to: NoticeRecipient;
  kind: NotificationKind;
  title: string;
  body?: string;
  link?: string | null;
  /** Same key, same notice: delivering it twice keeps one row. */
  dedupeKey?: string | null;
  now: Date;
};

/** The values of one notification row; `notify` writes it, other units can batch it. */
export function noticeRow(notice: Notice) {
  return {
    recipientId: "userId" in notice.to ? notice.to.userId : null,
    audience: "audience" in notice.to ? notice.to.audience : null,
    kind: notice.kind,
    title: notice.title.slice(0, 200),
    body: (notice.body ?? "").slice(0, 1000),
    link: notice.link ?? null,
    dedupeKey: notice.dedupeKey ?? null,
    createdAt: notice.now,
  };
}

/**
 * Records a notification; it shows in the bell of everyone it is for, now or at their next visit
 * (the SSE stream reads the database, so every instance sees it).
 */
export async function notify(db: Database, notice: Notice): Promise<void> {
  await db.insert(notifications).values(noticeRow(notice)).onConflictDoNothing();
}

type Reader = Pick<User, "id" | "role" | "approvedAt">;

/** Which notifications a person sees: their own, plus the audiences they belong to. */
export function visibleTo(user: Reader): SQL {
  const audiences: NotificationAudience[] = [];
  if (user.role === "admin") audiences.push("staff", "admin");
  else if (user.role === "manager" && user.approvedAt) audiences.push("staff");
  const own = eq(notifications.recipientId, user.id);
  return audiences.length ? or(own, inArray(notifications.audience, audiences))! : own;
}

const unread = (userId: number) =>
  notExists(
    sql`(select 1 from "notification_reads" r where r."notification_id" = "notifications"."id" and r."user_id" = ${userId})`,
  );

export async function unreadCount(db: Database, user: Reader): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(visibleTo(user), unread(user.id)));
  return Number(row?.n ?? 0);
}

export type NotificationView = Notification & { readAt: Date | null };

export async function notificationsFor(db: Database, user: Reader, options: { unreadOnly?: boolean; limit?: number; id?: number } = {}): Promise<NotificationView[]> {
  const rows = await db
    .select({ notification: notifications, readAt: notificationReads.readAt })
    .from(notifications)
    .leftJoin(notificationReads, and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, user.id)))
    .where(and(visibleTo(user), options.unreadOnly ? isNull(notificationReads.readAt) : undefined, options.id ? eq(notifications.id, options.id) : undefined))
    .orderBy(desc(notifications.id))
    .limit(options.limit ?? 100);
  return rows.map((row) => ({ ...row.notification, readAt: row.readAt }));
}

/** Marks one notification read for this person; false if they cannot see it. */
export async function markRead(db: Database, user: Reader, notificationId: number, now: Date): Promise<boolean> {
  const [visible] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, notificationId), visibleTo(user)));
  if (!visible) return false;
  await db.insert(notificationReads).values({ notificationId, userId: user.id, readAt: now }).onConflictDoNothing();
  return true;
}

export async function markAllRead(db: Database, user: Reader, now: Date): Promise<void> {
  await db.insert(notificationReads).select(
    db
      .select({ notificationId: notifications.id, userId: sql<number>`${user.id}`.as("user_id"), readAt: sql<Date>`${now.getTime()}`.as("read_at") })
      .from(notifications)
      .where(and(visibleTo(user), unread(user.id))),
  ).onConflictDoNothing();
}
