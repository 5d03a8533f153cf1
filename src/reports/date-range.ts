import { addDays, localDate, localInstant } from "../fulfilment/store-time";
import { dayText, parseDay } from "../values/day";

export { dayText, parseDay };
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An inclusive range of UTC days as [from, to) instants; an unreadable end is left open. `read` turns
 * what a page's filter sends (the store's day format, src/values/day-format.ts) into YYYY-MM-DD; the
 * API sends YYYY-MM-DD only. The texts returned are YYYY-MM-DD (for links; the page shows them in the format).
 */
export function dayRange(fromText: string | undefined, toText: string | undefined, read: (text: string) => string | null = (text) => text): { from?: Date; to?: Date; fromText: string; toText: string } {
  const from = parseDay(fromText === undefined ? undefined : (read(fromText) ?? undefined));
  const to = parseDay(toText === undefined ? undefined : (read(toText) ?? undefined));
  return {
    from: from ?? undefined,
    to: to ? new Date(to.getTime() + DAY_MS) : undefined,
    fromText: from ? dayText(from) : "",
    toText: to ? dayText(to) : "",
  };
}

/** The UTC day containing `now`, as [start, end). */
export function dayOf(now: Date): { from: Date; to: Date } {
  const from = new Date(`${dayText(now)}T00:00:00Z`);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/**
 * The store's day `day` (YYYY-MM-DD) as the [from, to) instants from its midnight to the next on
 * the store's clock (STORE_TIMEZONE): 1 July in Dublin is 30 June 23:00 UTC to 1 July 23:00 UTC,
 * and a day the clocks change is 23 or 25 hours long. The days the sales reports count (ADR 059).
 */
export function storeDayBounds(day: string, timeZone: string): { from: Date; to: Date } {
  return { from: storeMidnight(day, timeZone), to: storeMidnight(addDays(day, 1), timeZone) };
}

/** The instant a store's day (YYYY-MM-DD) starts on the store's clock. */
const storeMidnight = (day: string, timeZone: string) => new Date(localInstant(day, 0, timeZone));

/** The store's day containing `now`, as [from, to) (storeDayBounds). */
export const storeDayOf = (now: Date, timeZone: string) => storeDayBounds(localDate(now.getTime(), timeZone), timeZone);

/** dayRange's [from, to) (UTC midnights of the days named) as the instants of those days on the store's clock. */
export function inStoreDays(range: { from?: Date; to?: Date }, timeZone: string): { from?: Date; to?: Date } {
  return {
    from: range.from ? storeMidnight(dayText(range.from), timeZone) : undefined,
    to: range.to ? storeMidnight(dayText(range.to), timeZone) : undefined,
  };
}
