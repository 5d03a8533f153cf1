import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { pickRecords } from "../db/picking-tables";
import { users } from "../db/schema";
import { orderItems } from "../db/shop-tables";
import { storeDay } from "../reports/rollup-sql";

/*
 * Picking reports, from what pickers recorded (pick_records), per store day of the record (STORE_TIMEZONE,
 * counted as the sales reports count theirs, ADR 059; a range is its store days' instants, date-range.ts):
 * substitution rate (lines given a substitute), short-pick rate (lines picked short or not at all;
 * a line sold by weight counts only when none was picked, as its weight is meant to vary), and
 * lines picked per hour per picker (lines over the clock hours in which they recorded any).
 */

export type PickCounts = { lines: number; substituted: number; short: number };
export type PickDay = PickCounts & { day: string };
export type PickProduct = PickCounts & { productId: number; name: string };
export type PickerDay = { day: string; pickerId: number | null; picker: string; lines: number; hours: number };

export const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

const day = sql<string>`${sql.raw(storeDay("pick_records.recorded_at"))}`;
const substituted = sql<number>`sum(case when ${pickRecords.substituteProductId} is not null then 1 else 0 end)`;
const short = sql<number>`sum(case when ${pickRecords.pickedQuantity} = 0 or (${pickRecords.pickedQuantity} < ${orderItems.quantity} and ${orderItems.unit} not in ('kg', 'g')) then 1 else 0 end)`;

const inRange = (range: { from?: Date; to?: Date }): SQL | undefined =>
  and(range.from ? gte(pickRecords.recordedAt, range.from) : undefined, range.to ? lt(pickRecords.recordedAt, range.to) : undefined);

const counts = (row: { lines: number; substituted: number | null; short: number | null }): PickCounts => ({ lines: Number(row.lines), substituted: Number(row.substituted ?? 0), short: Number(row.short ?? 0) });

export async function pickingByDay(db: Database, range: { from?: Date; to?: Date }): Promise<PickDay[]> {
  const rows = await db
    .select({ day, lines: sql<number>`count(*)`, substituted, short })
    .from(pickRecords)
    .innerJoin(orderItems, eq(orderItems.id, pickRecords.orderItemId))
    .where(inRange(range))
    .groupBy(day)
    .orderBy(asc(day));
  return rows.map((row) => ({ day: row.day, ...counts(row) }));
}

/** The products most often substituted or short, first. */
export async function pickingByProduct(db: Database, range: { from?: Date; to?: Date }, limit = 20): Promise<PickProduct[]> {
  const rows = await db
    .select({ productId: orderItems.productId, name: sql<string>`max(${orderItems.name})`, lines: sql<number>`count(*)`, substituted, short })
    .from(pickRecords)
    .innerJoin(orderItems, eq(orderItems.id, pickRecords.orderItemId))
    .where(inRange(range))
    .groupBy(orderItems.productId)
    .orderBy(desc(sql`${substituted} + ${short}`), desc(sql`count(*)`), asc(sql`max(${orderItems.name})`))
    .limit(limit);
  return rows.map((row) => ({ productId: row.productId, name: row.name, ...counts(row) }));
}

/** Lines recorded per picker per day, and in how many clock hours they recorded them. */
export async function pickersByDay(db: Database, range: { from?: Date; to?: Date }): Promise<PickerDay[]> {
  const rows = await db
    .select({
      day,
      pickerId: pickRecords.pickerId,
      picker: sql<string | null>`max(${users.name})`,
      lines: sql<number>`count(*)`,
      hours: sql<number>`count(distinct ${pickRecords.recordedAt} / 3600000)`,
    })
    .from(pickRecords)
    .leftJoin(users, eq(users.id, pickRecords.pickerId))
    .where(inRange(range))
    .groupBy(day, pickRecords.pickerId)
    .orderBy(asc(day), asc(sql`max(${users.name})`));
  return rows.map((row) => ({ day: row.day, pickerId: row.pickerId, picker: row.picker ?? "Someone no longer here", lines: Number(row.lines), hours: Number(row.hours) }));
}
