import { clockTime, localMinute } from "./store-time";

/** How a window reads to people, in store time: "Sat 21 Nov", "08:00–10:00", "14:32". */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function dayLabel(instant: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-IE", { timeZone, weekday: "short", day: "numeric", month: "short" })));
  return format.format(new Date(instant));
}

export const timeOfDay = (instant: number, timeZone: string) => clockTime(localMinute(instant, timeZone));

export const windowTime = (window: { startsAt: Date; endsAt: Date }, timeZone: string) =>
  `${timeOfDay(window.startsAt.getTime(), timeZone)}–${timeOfDay(window.endsAt.getTime(), timeZone)}`;

/** "Sat 21 Nov, 08:00–10:00". */
export const slotText = (window: { startsAt: Date; endsAt: Date }, timeZone: string) => `${dayLabel(window.startsAt.getTime(), timeZone)}, ${windowTime(window, timeZone)}`;
