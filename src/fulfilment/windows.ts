import { and, asc, eq, gte, inArray, sql, type Placeholder } from "drizzle-orm";
import type { Database, DatabaseHandle, UnitStatement } from "../db/client";
import {
  collectionPoints,
  slotBookings,
  slotExceptions,
  slotRules,
  slotTemplates,
  slotWindows,
  type SlotException,
  type SlotFulfilment,
  type SlotRule,
  type SlotTemplate,
  type SlotWindow,
} from "../db/fulfilment-tables";
import { bookableDates, planWindows, withinHorizon, type PlannedWindow } from "./schedule";
import { localDate, localInstant } from "./store-time";

/*
 * The windows table kept in step with the template: every change to the template, its exceptions or
 * the rules rewrites the planned windows of the horizon in the same atomic unit, and the first
 * listing of a new day adds the day that came into the horizon. Windows keep their id (and so their
 * bookings) when the template changes: they are updated in place, or closed if no longer planned.
 */

export type ScheduleState = { templates: SlotTemplate[]; exceptions: SlotException[]; rules: SlotRule[] };

export async function loadSchedule(db: Database, fromDate: string): Promise<ScheduleState> {
  const [templates, exceptions, rules] = await Promise.all([
    db.select().from(slotTemplates).orderBy(asc(slotTemplates.weekday), asc(slotTemplates.startMinute)),
    db.select().from(slotExceptions).where(gte(slotExceptions.date, fromDate)).orderBy(asc(slotExceptions.date)),
    db.select().from(slotRules),
  ]);
  return { templates, exceptions, rules };
}

const longestHorizon = (rules: SlotRule[]) => Math.max(7, ...rules.map((rule) => rule.horizonDays));

/** Windows per statement: D1 binds at most 100 parameters and a window takes 10. */
const WINDOWS_PER_STATEMENT = 9;

/** The statements that make the horizon's template windows match `state`, as seen at `now`. */
export function syncStatements(db: Database, state: ScheduleState, now: number, timeZone: string): [UnitStatement, ...UnitStatement[]] {
  const dates = bookableDates(now, longestHorizon(state.rules), timeZone);
  const rules = new Map(state.rules.map((rule) => [rule.fulfilment, rule]));
  const planned = planWindows({ templates: state.templates, exceptions: state.exceptions, rules, dates, timeZone });
  const from = new Date(localInstant(dates[0]!, 0, timeZone));
  const statements: [UnitStatement, ...UnitStatement[]] = [
    db.update(slotWindows).set({ closed: true }).where(and(eq(slotWindows.source, "template"), gte(slotWindows.startsAt, from))),
  ];
  for (let start = 0; start < planned.length; start += WINDOWS_PER_STATEMENT) {
    statements.push(upsertWindows(db, planned.slice(start, start + WINDOWS_PER_STATEMENT)));
  }
  return statements;
}

function upsertWindows(db: Database, planned: PlannedWindow[]) {
  return db
    .insert(slotWindows)
    .values(
      planned.map((window) => ({
        fulfilment: window.fulfilment,
        pointId: window.pointId,
        place: window.place,
        source: "template" as const,
        startsAt: new Date(window.startsAt),
        endsAt: new Date(window.endsAt),
        cutoffAt: new Date(window.cutoffAt),
        capacity: window.capacity,
        feeCents: window.feeCents,
        closed: window.closed,
      })),
    )
    .onConflictDoUpdate({
      target: [slotWindows.place, slotWindows.startsAt],
      set: {
        endsAt: sql`excluded.ends_at`,
        cutoffAt: sql`excluded.cutoff_at`,
        capacity: sql`excluded.capacity`,
        feeCents: sql`excluded.fee_cents`,
        closed: sql`excluded.closed`,
      },
      setWhere: sql`${slotWindows.source} = 'template'`,
    });
}

/** The local date each database's windows were last brought up to, so a listing writes once a day. */
const syncedThrough = new WeakMap<Database, string>();

/** Adds the days that came into the horizon since the last listing (once per day per process). */
export async function ensureWindows(handle: DatabaseHandle, now: number, timeZone: string): Promise<void> {
  const today = localDate(now, timeZone);
  if (syncedThrough.get(handle.db) === today) return;
  const state = await loadSchedule(handle.db, today);
  await handle.atomic(syncStatements(handle.db, state, now, timeZone));
  syncedThrough.set(handle.db, today);
}

/**
 * A change to the template, exceptions or rules: `write` changes the table, `edit` the same change
 * on the loaded state, and the windows are rewritten from the edited state in the same unit.
 */
export async function changeSchedule(
  handle: DatabaseHandle,
  now: number,
  timeZone: string,
  write: UnitStatement,
  edit: (state: ScheduleState) => ScheduleState,
): Promise<void> {
  const today = localDate(now, timeZone);
  const state = edit(await loadSchedule(handle.db, today));
  await handle.atomic([write, ...syncStatements(handle.db, state, now, timeZone)]);
  syncedThrough.set(handle.db, today);
}

/** Places taken in a window at `now`: confirmed bookings and unexpired reservations (as the trigger counts them). */
export const takenPlaces = (now: number | Placeholder) =>
  sql<number>`(select count(*) from ${slotBookings} where ${slotBookings.windowId} = ${slotWindows.id} and (${slotBookings.orderId} is not null or ${slotBookings.expiresAt} > ${now}))`.mapWith(Number);

export type WindowView = SlotWindow & { taken: number; pointName: string | null };

/** A window as shoppers and checkout see it, with its places taken at `now` (a value or a prepared statement's placeholder). */
export const windowColumns = (now: number | Placeholder) => ({
  window: slotWindows,
  taken: takenPlaces(now),
  pointName: collectionPoints.name,
});

export const toView = (row: { window: SlotWindow; taken: number; pointName: string | null }): WindowView => ({ ...row.window, taken: row.taken, pointName: row.pointName });

/** Every window (open or closed) starting between `from` and `to`, for the manager's grid. */
export async function windowsBetween(db: Database, from: number, to: number, now: number): Promise<WindowView[]> {
  const rows = await db
    .select(windowColumns(now))
    .from(slotWindows)
    .leftJoin(collectionPoints, eq(collectionPoints.id, slotWindows.pointId))
    .where(and(gte(slotWindows.startsAt, new Date(from)), sql`${slotWindows.startsAt} < ${to}`))
    .orderBy(asc(slotWindows.startsAt), asc(slotWindows.place));
  return rows.map(toView);
}

export type Bookable = WindowView & { capacityLeft: number; bookable: boolean; reason: "open" | "full" | "past_cutoff" };

/**
 * Windows a shopper can see for `fulfilment` (one collection point, or every one): open, not yet
 * started, within the horizon. Full windows and those past their cut-off are listed as such.
 */
export async function shopperWindows(
  handle: DatabaseHandle,
  query: { fulfilment: SlotFulfilment; pointId?: number; now: number; timeZone: string },
): Promise<Bookable[]> {
  await ensureWindows(handle, query.now, query.timeZone);
  const [rule] = await handle.db.select().from(slotRules).where(eq(slotRules.fulfilment, query.fulfilment));
  const horizon = rule?.horizonDays ?? 7;
  const conditions = [eq(slotWindows.fulfilment, query.fulfilment), eq(slotWindows.closed, false), sql`${slotWindows.startsAt} > ${query.now}`];
  if (query.pointId !== undefined) conditions.push(eq(slotWindows.pointId, query.pointId));
  const rows = await handle.db
    .select(windowColumns(query.now))
    .from(slotWindows)
    .leftJoin(collectionPoints, eq(collectionPoints.id, slotWindows.pointId))
    .where(and(...conditions))
    .orderBy(asc(slotWindows.startsAt), asc(slotWindows.place));
  return rows
    .map(toView)
    .filter((window) => withinHorizon(window.startsAt.getTime(), query.now, horizon, query.timeZone))
    .map((window) => {
      const capacityLeft = Math.max(0, window.capacity - window.taken);
      const reason = window.cutoffAt.getTime() <= query.now ? "past_cutoff" : capacityLeft === 0 ? "full" : "open";
      return { ...window, capacityLeft, bookable: reason === "open", reason };
    });
}

export async function windowById(db: Database, id: number, now: number): Promise<WindowView | null> {
  const [row] = await db
    .select(windowColumns(now))
    .from(slotWindows)
    .leftJoin(collectionPoints, eq(collectionPoints.id, slotWindows.pointId))
    .where(eq(slotWindows.id, id));
  return row ? toView(row) : null;
}

export async function windowsByIds(db: Database, ids: number[], now: number): Promise<WindowView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(windowColumns(now))
    .from(slotWindows)
    .leftJoin(collectionPoints, eq(collectionPoints.id, slotWindows.pointId))
    .where(inArray(slotWindows.id, ids));
  return rows.map(toView);
}
