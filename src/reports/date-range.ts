const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-11-20" as UTC midnight, or null when empty or not a real day. */
export function parseDay(input: string | undefined): Date | null {
  if (!input || !/^\d{4}-\d{2}-\d{2}$/.test(input)) return null;
  const date = new Date(`${input}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input ? null : date;
}

export const dayText = (date: Date) => date.toISOString().slice(0, 10);

/** An inclusive range of UTC days as [from, to) instants; an unreadable end is left open. */
export function dayRange(fromText: string | undefined, toText: string | undefined): { from?: Date; to?: Date; fromText: string; toText: string } {
  const from = parseDay(fromText);
  const to = parseDay(toText);
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
