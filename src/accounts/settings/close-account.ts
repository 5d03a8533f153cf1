import { and, eq, inArray, isNull, lt, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { dataExports, emailChanges, reauthCodes, signIns } from "../../db/account-tables";
import type { Database, Statement } from "../../db/client";
import {
  apiRefreshTokens,
  auditLog,
  authThrottle,
  emailOptOuts,
  jobs,
  linkedIdentities,
  noticesSent,
  notificationReads,
  notifications,
  oneTimeCodes,
  outboxMessages,
  pendingSignIns,
  recoveryCodes,
  sessions,
  totpSecrets,
  unsubscribeLinks,
  users,
  type User,
} from "../../db/schema";
import { cartItems, carts, orders, stockAlerts, wishlistItems } from "../../db/shop-tables";
import { addresses as addressBook, slotBookings } from "../../db/fulfilment-tables";
import type { AppDeps } from "../../http/env";
import { checkProof, proofFields, type ProofCheck } from "../reauth";
import { keyOf } from "../throttle";

/*
 * Closing an account (GDPR article 17). Refused while an order is still open, and for the last
 * admin. Otherwise, in one atomic unit, the person is erased: the users row stays only as an
 * anonymous stand-in for the orders and invoices tax law makes the shop keep (ORDER_RETENTION_YEARS),
 * and everything else that names them (sessions, tokens, sign-in providers, wishlist, cart, codes,
 * notices, queued emails, the dev outbox, audit details) is deleted or scrubbed. The audit row
 * records the closing without personal data.
 */

export const closeAccountRequest = z.object({ ...proofFields });
export type CloseAccountRequest = z.infer<typeof closeAccountRequest>;

export const CLOSED_ORDER_STATUSES = ["completed", "cancelled"] as const;
const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

export type CloseRefusal = { ok: false; reason: "open-orders"; message: string; status: 409; openOrders: number[] } | { ok: false; reason: "last-admin"; message: string; status: 409 };
export type CloseResult = { ok: true; ordersKept: number; keepUntil: Date } | CloseRefusal | Extract<ProofCheck, { ok: false }>;

/** Why the account cannot be closed right now, or null when it can (shown before asking for the password). */
export async function closeBlocker(db: Database, user: User): Promise<CloseRefusal | null> {
  if (user.role === "admin") {
    const [other] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), ne(users.id, user.id), isNull(users.deactivatedAt)))
      .limit(1);
    if (!other) {
      return { ok: false, reason: "last-admin", status: 409, message: "You are the store's only admin: make someone else admin before closing this account." };
    }
  }
  const open = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.userId, user.id), notInArray(orders.status, [...CLOSED_ORDER_STATUSES])))
    .orderBy(orders.id);
  if (open.length) {
    const numbers = open.map((order) => order.id);
    return {
      ok: false,
      reason: "open-orders",
      status: 409,
      openOrders: numbers,
      message: `Your order${numbers.length === 1 ? "" : "s"} ${numbers.map((id) => `#${id}`).join(", ")} ${numbers.length === 1 ? "is" : "are"} still open. Close the account once ${numbers.length === 1 ? "it is" : "they are"} delivered, collected or cancelled.`,
    };
  }
  return null;
}

export async function closeAccount(deps: AppDeps, user: User, request: CloseAccountRequest): Promise<CloseResult> {
  const { database, clock, config } = deps;
  const { db } = database;
  const now = clock.now();
  const blocker = await closeBlocker(db, user);
  if (blocker) return blocker;
  const proof = await checkProof(deps, user, request, now);
  if (!proof.ok) return proof;
  const kept = await db.select({ placedAt: orders.placedAt }).from(orders).where(eq(orders.userId, user.id));
  const newest = Math.max(now.getTime() - 1, ...kept.map((order) => order.placedAt.getTime()));
  const keepUntil = new Date(newest + config.ORDER_RETENTION_YEARS * YEAR_MS);
  const changes = await db.select({ oldEmail: emailChanges.oldEmail, newEmail: emailChanges.newEmail }).from(emailChanges).where(eq(emailChanges.userId, user.id));
  // Addresses they once asked for but someone else uses now are that person's, not theirs to erase.
  const asked = [...new Set(changes.flatMap((change) => [change.oldEmail, change.newEmail]))].filter((address) => address !== user.email);
  const others = asked.length ? new Set((await db.select({ email: users.email }).from(users).where(inArray(users.email, asked))).map((row) => row.email)) : new Set<string>();
  const addresses = [user.email, ...asked.filter((address) => !others.has(address))];
  const details = JSON.stringify({ orders_kept: kept.length, keep_until: keepUntil.toISOString().slice(0, 10) });
  try {
    await database.atomic([
      closingGuard(user.id, details, now),
      db
        .update(users)
        .set({
          email: `closed-${user.id}@closed.invalid`,
          name: "Closed account",
          passwordHash: null,
          role: "customer",
          approvedAt: null,
          emailVerifiedAt: null,
          lastLoginAt: null,
          deactivatedAt: now,
          deletedAt: now,
        })
        .where(eq(users.id, user.id)),
      db.update(orders).set({ deliveryAddress: null, note: null }).where(eq(orders.userId, user.id)),
      ...eraseTraces(db, user, addresses),
    ]);
  } catch (error) {
    if (!String(error).includes("NOT NULL")) throw error;
    return (await closeBlocker(db, user)) ?? { ok: false, field: "current_password", message: "This account is already closed.", status: 400 };
  }
  return { ok: true, ordersKept: kept.length, keepUntil };
}

/**
 * The audit row, written first: its action is NULL (refused by NOT NULL, which rolls the whole
 * unit back) when the account is already closed or an order was placed since the checks above.
 */
function closingGuard(userId: number, details: string, now: Date) {
  return {
    sql: `insert into audit_log (actor_id, action, subject_type, subject_id, details, created_at)
      select null, case when exists (select 1 from users where id = ? and deleted_at is null)
        and not exists (select 1 from orders where user_id = ? and state not in ('completed', 'cancelled'))
        then 'account.close' end, 'user', ?, ?, ?`,
    params: [userId, userId, userId, details, now.getTime()],
  };
}

type TextColumn = typeof jobs.payload | typeof jobs.lastError | typeof auditLog.details | typeof notifications.title | typeof notifications.body;

/**
 * Every other row that names the person: deleted, or (in shared logs) scrubbed of their name and
 * of every address they used (the account's, and those of email changes they asked for).
 */
function eraseTraces(db: Database, user: User, addresses: string[]): Statement[] {
  const id = user.id;
  const traces = [...new Set([...addresses, JSON.stringify(user.name).slice(1, -1)])];
  const scrub = (column: TextColumn) => traces.reduce<SQL>((text, trace) => sql`replace(${text}, ${trace}, '[erased]')`, sql`${column}`);
  const mentions = (column: TextColumn) => or(...traces.map((trace) => sql`instr(${column}, ${trace}) > 0`));
  const mentionsAddress = (column: typeof outboxMessages.html | typeof outboxMessages.text) => or(...addresses.map((address) => sql`instr(${column}, ${address}) > 0`));
  return [
    db.delete(cartItems).where(inArray(cartItems.cartId, db.select({ id: carts.id }).from(carts).where(eq(carts.userId, id)))),
    db.delete(carts).where(eq(carts.userId, id)),
    db.delete(wishlistItems).where(eq(wishlistItems.userId, id)),
    db.delete(addressBook).where(eq(addressBook.userId, id)),
    db.delete(slotBookings).where(and(eq(slotBookings.userId, id), isNull(slotBookings.orderId))),
    db.delete(stockAlerts).where(eq(stockAlerts.userId, id)),
    db.delete(sessions).where(eq(sessions.userId, id)),
    db.delete(apiRefreshTokens).where(eq(apiRefreshTokens.userId, id)),
    db.delete(signIns).where(eq(signIns.userId, id)),
    db.delete(pendingSignIns).where(eq(pendingSignIns.userId, id)),
    db.delete(linkedIdentities).where(eq(linkedIdentities.userId, id)),
    db.delete(totpSecrets).where(eq(totpSecrets.userId, id)),
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, id)),
    db.delete(oneTimeCodes).where(or(eq(oneTimeCodes.userId, id), inArray(oneTimeCodes.email, addresses))),
    db.delete(emailChanges).where(eq(emailChanges.userId, id)),
    db.delete(reauthCodes).where(eq(reauthCodes.userId, id)),
    db.delete(dataExports).where(eq(dataExports.userId, id)),
    db.delete(emailOptOuts).where(eq(emailOptOuts.userId, id)),
    db.delete(noticesSent).where(eq(noticesSent.userId, id)),
    db.delete(unsubscribeLinks).where(eq(unsubscribeLinks.userId, id)),
    db.delete(notificationReads).where(eq(notificationReads.userId, id)),
    db.delete(notifications).where(or(eq(notifications.recipientId, id), eq(notifications.dedupeKey, `manager_signup:${id}`))),
    db.update(notifications).set({ title: scrub(notifications.title), body: scrub(notifications.body) }).where(or(mentions(notifications.title), mentions(notifications.body))),
    db.delete(authThrottle).where(inArray(authThrottle.key, addresses.map((address) => keyOf({ kind: "account", value: address })))),
    // Emails to them not sent yet are not sent; the record of sent ones keeps no address or name.
    db.delete(jobs).where(and(eq(jobs.type, "send-email"), ne(jobs.status, "done"), inArray(sql`json_extract(${jobs.payload}, '$.to')`, addresses))),
    db.update(jobs).set({ payload: scrub(jobs.payload) }).where(mentions(jobs.payload)),
    db.update(jobs).set({ lastError: scrub(jobs.lastError) }).where(mentions(jobs.lastError)),
    db.delete(outboxMessages).where(or(inArray(outboxMessages.to, addresses), mentionsAddress(outboxMessages.html), mentionsAddress(outboxMessages.text))),
    db.update(auditLog).set({ details: null }).where(and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, id), ne(auditLog.action, "account.close"))),
    db.update(auditLog).set({ details: scrub(auditLog.details) }).where(mentions(auditLog.details)),
  ];
}

/**
 * After the retention period, a closed account's orders go (their lines and promo redemptions
 * with them), and so does the anonymous stand-in once it has no orders left. Run by housekeeping.
 */
export async function purgeExpiredClosedAccounts(deps: Pick<AppDeps, "database" | "config">, now: Date): Promise<number> {
  const { database, config } = deps;
  const { db } = database;
  const cutoff = new Date(now.getTime() - config.ORDER_RETENTION_YEARS * YEAR_MS);
  const closed = db.select({ id: users.id }).from(users).where(sql`${users.deletedAt} is not null`);
  const gone = await db.delete(orders).where(and(inArray(orders.userId, closed), lt(orders.placedAt, cutoff))).returning({ id: orders.id });
  await db.delete(users).where(and(inArray(users.id, closed), sql`not exists (select 1 from ${orders} where ${orders.userId} = ${users.id})`));
  return gone.length;
}
