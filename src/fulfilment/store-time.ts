/**
 * Calendar arithmetic in the store's time zone (STORE_TIMEZONE) with Intl only: local dates are
 * ISO strings (YYYY-MM-DD), times of day are minutes after local midnight, instants are epoch ms.
 * Correct across daylight-saving changes: a local time is turned into an instant with the offset
 * in force at that instant, not the offset of "now".
 */

import { isDay } from "../values/day";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall-clock reading in `timeZone` at `instant`. */
export function localParts(instant: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms (Dublin: 0 in winter, 3600000 in summer). */
export function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local date (YYYY-MM-DD) at `instant`. */
export function localDate(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes after local midnight at `instant`. */
export function localMinute(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return p.hour * 60 + p.minute;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (the values module's rule). */
export const isIsoDate = isDay;

function dateParts(date: string): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`not an ISO date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = dateParts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day) + days * DAY);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** Days from `from` to `to` (both local dates). */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [dateParts(from), dateParts(to)];
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / DAY);
}

/** ISO weekday of a date: 1 Monday .. 7 Sunday. */
export function isoWeekday(date: string): number {
  const [year, month, day] = dateParts(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/**
 * The instant at which the clocks in `timeZone` show `minute` minutes past midnight on `date`.
 * A time skipped by the spring change (01:30 in Dublin) is read with the offset before the change,
 * so it lands an hour later (02:30 summer time); a time that happens twice in autumn is the first.
 */
export function localInstant(date: string, minute: number, timeZone: string): number {
  const [year, month, day] = dateParts(date);
  const wall = Date.UTC(year, month - 1, day) + minute * MINUTE;
  const before = offsetAt(wall - DAY / 2, timeZone);
  const after = offsetAt(wall + DAY / 2, timeZone);
  // Try the earlier offset first (the first of two repeated times); keep it if the clocks agree.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const instant = wall - offset;
    if (offsetAt(instant, timeZone) === offset) return instant;
  }
  return wall - before;
}

/** "08:00" for 480. */
export function clockTime(minute: number): string {
  return `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;
}

/** 480 for "08:00" or "8:00"; null when it is not a time of day (24:00 only with `allowMidnightEnd`). */
export function parseClockTime(value: string, allowMidnightEnd = false): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59) return null;
  if (hours === 24 && minutes === 0 && allowMidnightEnd) return 1440;
  return hours <= 23 ? hours * 60 + minutes : null;
}
