import type { SlotException, SlotFulfilment, SlotRule, SlotTemplate } from "../db/fulfilment-tables";
import { addDays, isoWeekday, localDate, localInstant } from "./store-time";

/*
 * The weekly template and its date exceptions made into windows on real dates: pure rules, no
 * database. Everything is in the store's time zone; the cut-off and horizon are defined here once.
 */

const HOUR = 3_600_000;

export type PlannedWindow = {
  fulfilment: SlotFulfilment;
  pointId: number | null;
  place: string;
  date: string;
  startsAt: number;
  endsAt: number;
  cutoffAt: number;
  capacity: number;
  feeCents: number;
  closed: boolean;
};

/** "delivery" or "point:<id>": the key a window's start is unique within. */
export const placeOf = (fulfilment: SlotFulfilment, pointId: number | null) => (fulfilment === "delivery" ? "delivery" : `point:${pointId}`);

export type CutoffRule = Pick<SlotRule, "cutoffKind" | "cutoffValue">;

/**
 * When a window stops taking orders: `day_before` at a local time of the previous day (22:00 the
 * evening before, whatever the clocks did overnight), or `hours_before` its start in real hours.
 * Never after the window starts.
 */
export function cutoffOf(rule: CutoffRule, date: string, startsAt: number, timeZone: string): number {
  const cutoff = rule.cutoffKind === "day_before" ? localInstant(addDays(date, -1), rule.cutoffValue, timeZone) : startsAt - rule.cutoffValue * HOUR;
  return Math.min(cutoff, startsAt);
}

/** The local dates shoppers may book: today and the next `horizonDays` days. */
export function bookableDates(now: number, horizonDays: number, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  return Array.from({ length: horizonDays + 1 }, (_, i) => addDays(today, i));
}

/** True when a window starting at `startsAt` lies within the booking horizon seen at `now`. */
export function withinHorizon(startsAt: number, now: number, horizonDays: number, timeZone: string): boolean {
  const last = addDays(localDate(now, timeZone), horizonDays);
  return localDate(startsAt, timeZone) <= last;
}

/** The template's windows on `dates`, with each date's exception applied. */
export function planWindows(input: {
  templates: SlotTemplate[];
  exceptions: Pick<SlotException, "fulfilment" | "date" | "kind" | "capacity">[];
  rules: Map<SlotFulfilment, CutoffRule>;
  dates: string[];
  timeZone: string;
}): PlannedWindow[] {
  const exceptionOn = new Map(input.exceptions.map((exception) => [`${exception.fulfilment} ${exception.date}`, exception]));
  const planned: PlannedWindow[] = [];
  for (const date of input.dates) {
    const weekday = isoWeekday(date);
    for (const template of input.templates) {
      if (template.weekday !== weekday) continue;
      const rule = input.rules.get(template.fulfilment);
      if (!rule) continue;
      const exception = exceptionOn.get(`${template.fulfilment} ${date}`);
      const startsAt = localInstant(date, template.startMinute, input.timeZone);
      const endsAt = template.endMinute === 1440 ? localInstant(addDays(date, 1), 0, input.timeZone) : localInstant(date, template.endMinute, input.timeZone);
      planned.push({
        fulfilment: template.fulfilment,
        pointId: template.pointId,
        place: placeOf(template.fulfilment, template.pointId),
        date,
        startsAt,
        endsAt,
        cutoffAt: cutoffOf(rule, date, startsAt, input.timeZone),
        capacity: exception?.kind === "capacity" ? exception.capacity! : template.capacity,
        feeCents: template.feeCents,
        closed: exception?.kind === "closed",
      });
    }
  }
  return planned;
}
