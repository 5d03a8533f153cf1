import { and, desc, eq, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { auditLog, notifications, users, type User } from "../db/schema";
import { queueEmail } from "../mail/send";
import { noticeRow } from "../notifications/notify";
import { endSignInsStatements } from "./sign-ins";
import { findUserById } from "./users";

export const PEOPLE_ACTIONS = ["approve", "deactivate", "reactivate", "promote", "demote"] as const;
export type PeopleAction = (typeof PEOPLE_ACTIONS)[number];

export type PeopleActionResult = { ok: true; user: User; message: string } | { ok: false; status: 404 | 409; message: string };

const notAdmin = ne(users.role, "admin");

/**
 * Actions after which no earlier session or token may be used: a promoted customer's were issued
 * without a second factor, a demoted or deactivated account's grant what it no longer has. Approval
 * keeps them: a manager signs in with the second factor even while waiting (twoFactorRequired), and
 * the back office checks approval on every request.
 */
const ENDS_SIGN_INS = new Set<PeopleAction>(["promote", "demote", "deactivate"]);

/** The update each action makes, guarded so a stale or repeated click changes nothing. */
function plan(action: PeopleAction, now: Date) {
  switch (action) {
    case "approve":
      return { set: { approvedAt: now }, when: and(eq(users.role, "manager"), isNull(users.approvedAt)), done: "approved as a manager" };
    case "deactivate":
      return { set: { deactivatedAt: now }, when: and(notAdmin, isNull(users.deactivatedAt)), done: "deactivated; their sessions have ended" };
    case "reactivate":
      return { set: { deactivatedAt: null }, when: isNotNull(users.deactivatedAt), done: "reactivated" };
    case "promote":
      return { set: { role: "manager" as const, approvedAt: now }, when: eq(users.role, "customer"), done: "promoted to manager" };
    case "demote":
      return { set: { role: "customer" as const, approvedAt: null }, when: eq(users.role, "manager"), done: "is a customer again" };
  }
}

const refusals: Record<PeopleAction, string> = {
  approve: "Only a manager awaiting approval can be approved.",
  deactivate: "This account is already deactivated, or is the admin.",
  reactivate: "This account is already active.",
  promote: "Only a customer can be promoted to manager.",
  demote: "Only a manager can be demoted to customer.",
};

/** Applies an admin action to an account, with its audit entry, in one atomic unit. */
export async function applyPeopleAction(
  handle: DatabaseHandle,
  actor: User,
  userId: number,
  action: PeopleAction,
  now: Date,
): Promise<PeopleActionResult> {
  const target = await findUserById(handle.db, userId);
  if (!target) return { ok: false, status: 404, message: "No such account." };
  const step = plan(action, now);
  const guarded = and(eq(users.id, userId), step.when);
  const [match] = await handle.db.select({ id: users.id }).from(users).where(guarded);
  if (!match) return { ok: false, status: 409, message: refusals[action] };

  const { db } = handle;
  await handle.atomic([
    db.update(users).set(step.set).where(guarded),
    db.insert(auditLog).values({
      actorId: actor.id,
      action: `user.${action}`,
      subjectType: "user",
      subjectId: userId,
      details: JSON.stringify({ email: target.email }),
      createdAt: now,
    }),
    // What the account may do changes: every session and API token issued before ends with it (ADR 018).
    ...(ENDS_SIGN_INS.has(action) ? endSignInsStatements(db, userId, now) : []),
    ...(action === "approve"
      ? [
          db.insert(notifications).values(
            noticeRow({ to: { userId }, kind: "decision", title: "Your manager account is approved", body: "The back office is open to you.", link: "/manage", now }),
          ),
        ]
      : []),
  ]);
  const user = (await findUserById(db, userId))!;
  const decision = action === "approve" ? true : action === "demote" && !target.approvedAt ? false : null;
  if (decision !== null) {
    await queueEmail(db, now, { to: user.email, template: "manager-decision", props: { name: user.name, approved: decision } });
  }
  return { ok: true, user, message: `${user.name} ${step.done}.` };
}


export const PEOPLE_ROLE_FILTERS = ["all", "customer", "manager", "admin"] as const;
export const PEOPLE_STATUS_FILTERS = ["all", "active", "pending", "deactivated"] as const;
export type PeopleFilter = { role?: (typeof PEOPLE_ROLE_FILTERS)[number]; status?: (typeof PEOPLE_STATUS_FILTERS)[number] };
export type Person = User & { orderCount: number };

// Written out in full: drizzle leaves columns unqualified in a one-table select.
const orderCount = sql<number>`(select count(*) from "orders" o where o."user_id" = "users"."id")`;

export async function listPeople(handle: DatabaseHandle, filter: PeopleFilter = {}): Promise<Person[]> {
  const { db } = handle;
  const pending = and(eq(users.role, "manager"), isNull(users.approvedAt), isNull(users.deactivatedAt));
  const status =
    filter.status === "pending"
      ? pending
      : filter.status === "deactivated"
        ? isNotNull(users.deactivatedAt)
        : filter.status === "active"
          ? and(isNull(users.deactivatedAt), sql`not (${users.role} = 'manager' and ${users.approvedAt} is null)`)
          : undefined;
  const role = filter.role && filter.role !== "all" ? eq(users.role, filter.role) : undefined;
  const rows = await db
    .select({ user: users, orderCount })
    .from(users)
    .where(and(status, role))
    .orderBy(desc(sql`${users.role} = 'manager' and ${users.approvedAt} is null`), users.name);
  return rows.map((row) => ({ ...row.user, orderCount: Number(row.orderCount) }));
}

export async function findPerson(handle: DatabaseHandle, userId: number): Promise<Person | null> {
  const [row] = await handle.db.select({ user: users, orderCount }).from(users).where(eq(users.id, userId));
  return row ? { ...row.user, orderCount: Number(row.orderCount) } : null;
}
