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
