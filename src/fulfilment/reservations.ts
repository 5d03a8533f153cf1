import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Database, DatabaseHandle, UnitStatement } from "../db/client";
import { StatementTemplate } from "../db/templates";
import { slotBookings, slotRules } from "../db/fulfilment-tables";
import { withinHorizon } from "./schedule";
import { windowById, type WindowView } from "./windows";

/*
 * Reserving a place in a window before or while shopping, and booking it for an order. The
 * database decides (trigger slot_bookings_within_capacity): a place is refused inside the atomic
 * unit when the window is full, closed or past its cut-off, so concurrent shoppers never oversell.
 */

export type SlotRefusal = "not_found" | "closed" | "past_cutoff" | "full" | "beyond_horizon";

export type ReserveResult = { ok: true; window: WindowView; expiresAt: Date } | { ok: false; refusal: SlotRefusal; window: WindowView | null };

const failureText = (error: unknown): string => {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(" | ");
};

/** The database's refusal of a booking as a reason, or null for any other failure. */
export function slotRefusalOf(error: unknown): SlotRefusal | null {
  const text = failureText(error);
  if (/slot_full/.test(text)) return "full";
  if (/slot_past_cutoff/.test(text)) return "past_cutoff";
  if (/slot_window_closed/.test(text)) return "closed";
  if (/FOREIGN KEY constraint failed/.test(text) && /slot_bookings|window/.test(text)) return "not_found";
  return null;
}

/** What can be told before asking the database (which decides again, under concurrency). */
export type WindowPrecheck = { window: WindowView } | { refusal: SlotRefusal; window: WindowView | null };

export async function precheckWindow(db: Database, windowId: number, now: number, timeZone: string): Promise<WindowPrecheck> {
  const window = await windowById(db, windowId, now);
  if (!window) return { refusal: "not_found", window: null };
  return judgeWindow(window, async () => (await db.select().from(slotRules).where(eq(slotRules.fulfilment, window.fulfilment)))[0]?.horizonDays, now, timeZone);
}

/** The same precheck for a window already read, with its fulfilment's horizon in days (read only if needed; absent: 7). */
export async function judgeWindow(window: WindowView, horizonDays: () => Promise<number | undefined> | number | undefined, now: number, timeZone: string): Promise<WindowPrecheck> {
  if (window.closed) return { refusal: "closed", window };
  if (window.cutoffAt.getTime() <= now) return { refusal: "past_cutoff", window };
  if (!withinHorizon(window.startsAt.getTime(), now, (await horizonDays()) ?? 7, timeZone)) return { refusal: "beyond_horizon", window };
  return { window };
}

/** Drops the shopper's reservation (not their orders' bookings). */
export const releaseStatement = (db: Database, userId: number | SQL.Aliased | SQL) =>
  db.delete(slotBookings).where(and(eq(slotBookings.userId, userId), isNull(slotBookings.orderId)));

/**
 * Holds a place in `windowId` for `minutes`, replacing the shopper's earlier reservation in the
 * same unit (so moving a reservation never holds two places, nor loses the first if the second is full).
 */
export async function reserveSlot(
  handle: DatabaseHandle,
  request: { userId: number; windowId: number; now: number; minutes: number; timeZone: string },
): Promise<ReserveResult> {
  const checked = await precheckWindow(handle.db, request.windowId, request.now, request.timeZone);
  if ("refusal" in checked) return { ok: false, refusal: checked.refusal, window: checked.window };
  const expiresAt = new Date(request.now + request.minutes * 60_000);
  try {
    await handle.atomic([
      releaseStatement(handle.db, request.userId),
      handle.db.insert(slotBookings).values({ windowId: request.windowId, userId: request.userId, reservedAt: new Date(request.now), expiresAt }),
    ]);
  } catch (error) {
    const refusal = slotRefusalOf(error);
    if (!refusal) throw error;
    return { ok: false, refusal, window: checked.window };
  }
  return { ok: true, window: checked.window, expiresAt };
}

export async function releaseSlot(handle: DatabaseHandle, userId: number): Promise<void> {
  await handle.atomic([releaseStatement(handle.db, userId)]);
}

export type HeldReservation = { window: WindowView; expiresAt: Date };

/** A reservation as checkout reads it, with its window's booking horizon (slot_rules; null: none set). */
export type HeldForCheckout = HeldReservation & { horizonDays: number | null };

/** The shopper's unexpired reservation, if any. */
export async function heldReservation(db: Database, userId: number, now: number): Promise<HeldReservation | null> {
  const [row] = await db
    .select({ windowId: slotBookings.windowId, expiresAt: slotBookings.expiresAt })
    .from(slotBookings)
    .where(and(eq(slotBookings.userId, userId), isNull(slotBookings.orderId), sql`${slotBookings.expiresAt} > ${now}`));
  if (!row) return null;
  const window = await windowById(db, row.windowId, now);
  return window ? { window, expiresAt: row.expiresAt! } : null;
}

/**
 * For an order's atomic unit: the shopper's reservation is given up and the window booked for the
 * order, which the trigger checks again (full, closed, past cut-off roll the whole unit back).
 * `orderId` is SQL so the order placed earlier in the same unit can be found by its key.
 */
export function bookForOrderStatements(db: Database, booking: { userId: number; windowId: number; orderId: SQL | number; now: number }): UnitStatement[] {
  return [
    releaseStatement(db, booking.userId),
    db.insert(slotBookings).values({
      windowId: booking.windowId,
      userId: booking.userId,
      orderId: typeof booking.orderId === "number" ? booking.orderId : sql`${booking.orderId}`,
      reservedAt: new Date(booking.now),
      expiresAt: null,
    }),
  ];
}

/**
 * For moving an order: its booking is dropped and the new window booked, in one unit (the trigger
 * refuses a full, closed or past-cut-off window and the whole unit rolls back). `onlyIf` is SQL
 * that must hold inside the unit (e.g. that the unit's order update stamped the order).
 */
export function moveBookingStatements(db: Database, booking: { userId: number; windowId: number; orderId: number; now: number }, onlyIf: SQL = sql`1`): UnitStatement[] {
  return [
    db.delete(slotBookings).where(and(eq(slotBookings.orderId, booking.orderId), onlyIf)),
    db.insert(slotBookings).select(
      db
        .select({
          id: sql<number | null>`null`.as("id"),
          windowId: sql<number>`${booking.windowId}`.as("window_id"),
          userId: sql<number>`${booking.userId}`.as("user_id"),
          orderId: sql<number>`${booking.orderId}`.as("order_id"),
          reservedAt: sql<number>`${booking.now}`.as("reserved_at"),
          expiresAt: sql<number | null>`null`.as("expires_at"),
        })
        .from(sql`(select 1)`)
        .where(onlyIf),
    ),
  ];
}

/**
 * Checkout's booking, compiled once with the rest of its unit: the shopper's reservation given up
 * and the window booked for the order placed earlier in the unit (`placedOrderId`, found by its key).
 */
export function orderBookingTemplates(db: Database, placedOrderId: SQL) {
  return {
    releaseReservation: new StatementTemplate<{ userId: number }>(releaseStatement(db, sql.placeholder("userId") as unknown as number)),
    bookSlot: new StatementTemplate<{ userId: number; key: string; windowId: number; now: Date }>(
      db.insert(slotBookings).values({
        windowId: sql.placeholder("windowId"),
        userId: sql.placeholder("userId"),
        orderId: placedOrderId,
        reservedAt: sql.placeholder("now"),
        expiresAt: null,
      }),
    ),
  };
}
