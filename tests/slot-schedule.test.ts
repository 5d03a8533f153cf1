import { describe, expect, test } from "bun:test";
import type { SlotTemplate } from "../src/db/fulfilment-tables";
import { bookableDates, cutoffOf, planWindows, withinHorizon } from "../src/fulfilment/schedule";
import { addDays, isoWeekday, localDate, localInstant, localMinute, offsetAt } from "../src/fulfilment/store-time";

/*
 * Store time in Europe/Dublin, with controlled instants: the spring change (Sunday 29 March 2026,
 * 01:00 GMT -> 02:00 IST) and the autumn change (Sunday 25 October 2026, 02:00 IST -> 01:00 GMT).
 */

const DUBLIN = "Europe/Dublin";
const HOUR = 3_600_000;
const iso = (instant: number) => new Date(instant).toISOString();

const template = (values: Partial<SlotTemplate>): SlotTemplate => ({
  id: 1,
  fulfilment: "delivery",
  pointId: null,
  weekday: 7,
  startMinute: 8 * 60,
  endMinute: 10 * 60,
  capacity: 5,
  feeCents: 399,
  ...values,
});
const dayBefore22 = new Map([["delivery" as const, { cutoffKind: "day_before" as const, cutoffValue: 22 * 60 }]]);
const fourHours = new Map([["delivery" as const, { cutoffKind: "hours_before" as const, cutoffValue: 4 }]]);

describe("store time in Europe/Dublin", () => {
  test("offsets in winter and summer", () => {
    expect(offsetAt(Date.parse("2026-01-15T12:00:00Z"), DUBLIN)).toBe(0);
    expect(offsetAt(Date.parse("2026-07-15T12:00:00Z"), DUBLIN)).toBe(HOUR);
  });

  test("a local time becomes the right instant on both sides of each change", () => {
    expect(iso(localInstant("2026-03-28", 8 * 60, DUBLIN))).toBe("2026-03-28T08:00:00.000Z");
    expect(iso(localInstant("2026-03-29", 8 * 60, DUBLIN))).toBe("2026-03-29T07:00:00.000Z");
    expect(iso(localInstant("2026-10-24", 8 * 60, DUBLIN))).toBe("2026-10-24T07:00:00.000Z");
    expect(iso(localInstant("2026-10-25", 8 * 60, DUBLIN))).toBe("2026-10-25T08:00:00.000Z");
  });

  test("a skipped spring time moves an hour on; a repeated autumn time is its first occurrence", () => {
    expect(iso(localInstant("2026-03-29", 90, DUBLIN))).toBe("2026-03-29T01:30:00.000Z");
    expect(localMinute(localInstant("2026-03-29", 90, DUBLIN), DUBLIN)).toBe(150);
    expect(iso(localInstant("2026-10-25", 90, DUBLIN))).toBe("2026-10-25T00:30:00.000Z");
  });

  test("local dates and weekdays", () => {
    expect(localDate(Date.parse("2026-07-15T23:30:00Z"), DUBLIN)).toBe("2026-07-16");
    expect(localDate(Date.parse("2026-01-15T23:30:00Z"), DUBLIN)).toBe("2026-01-15");
    expect(isoWeekday("2026-03-29")).toBe(7);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("windows across the daylight-saving changes", () => {
  for (const [name, date, start, end, cutoff] of [
    ["spring (clocks go forward overnight)", "2026-03-29", "2026-03-29T07:00:00.000Z", "2026-03-29T09:00:00.000Z", "2026-03-28T22:00:00.000Z"],
    ["autumn (clocks go back overnight)", "2026-10-25", "2026-10-25T08:00:00.000Z", "2026-10-25T10:00:00.000Z", "2026-10-24T21:00:00.000Z"],
  ] as const) {
    test(`${name}: 08:00-10:00 on the Sunday, cut off 22:00 the evening before`, () => {
      const [window] = planWindows({ templates: [template({})], exceptions: [], rules: dayBefore22, dates: [date], timeZone: DUBLIN });
      expect(iso(window!.startsAt)).toBe(start);
      expect(iso(window!.endsAt)).toBe(end);
      expect(window!.endsAt - window!.startsAt).toBe(2 * HOUR);
      expect(iso(window!.cutoffAt)).toBe(cutoff);
      expect(localMinute(window!.cutoffAt, DUBLIN)).toBe(22 * 60);
    });
  }

  test("a window spanning the autumn change lasts the real hours it covers", () => {
    const [window] = planWindows({ templates: [template({ startMinute: 0, endMinute: 4 * 60 })], exceptions: [], rules: dayBefore22, dates: ["2026-10-25"], timeZone: DUBLIN });
    expect(window!.endsAt - window!.startsAt).toBe(5 * HOUR);
  });

  test("an hours-before cut-off counts real hours across the spring change", () => {
    const startsAt = localInstant("2026-03-29", 3 * 60, DUBLIN);
    const cutoff = cutoffOf({ cutoffKind: "hours_before", cutoffValue: 4 }, "2026-03-29", startsAt, DUBLIN);
    expect(startsAt - cutoff).toBe(4 * HOUR);
    expect(iso(cutoff)).toBe("2026-03-28T22:00:00.000Z");
    const [window] = planWindows({ templates: [template({ startMinute: 3 * 60, endMinute: 5 * 60 })], exceptions: [], rules: fourHours, dates: ["2026-03-29"], timeZone: DUBLIN });
    expect(window!.cutoffAt).toBe(cutoff);
  });

  test("exceptions: a closed day and a day with other capacity", () => {
    const templates = [template({ weekday: 6 }), template({ weekday: 7 })];
    const exceptions = [
      { fulfilment: "delivery" as const, date: "2026-03-28", kind: "closed" as const, capacity: null },
      { fulfilment: "delivery" as const, date: "2026-03-29", kind: "capacity" as const, capacity: 12 },
    ];
    const [saturday, sunday] = planWindows({ templates, exceptions, rules: dayBefore22, dates: ["2026-03-28", "2026-03-29"], timeZone: DUBLIN });
    expect(saturday!.closed).toBe(true);
    expect(sunday!.closed).toBe(false);
    expect(sunday!.capacity).toBe(12);
  });
});

describe("the booking horizon in store days", () => {
  test("today and the next 7 days, counted in Dublin dates even late in the evening in summer", () => {
    const now = Date.parse("2026-07-15T23:30:00Z"); // 00:30 on the 16th in Dublin
    const dates = bookableDates(now, 7, DUBLIN);
    expect(dates[0]).toBe("2026-07-16");
    expect(dates.at(-1)).toBe("2026-07-23");
    expect(withinHorizon(localInstant("2026-07-23", 20 * 60, DUBLIN), now, 7, DUBLIN)).toBe(true);
    expect(withinHorizon(localInstant("2026-07-24", 8 * 60, DUBLIN), now, 7, DUBLIN)).toBe(false);
  });

  test("the horizon spans the spring change without losing or gaining a day", () => {
    const now = Date.parse("2026-03-25T12:00:00Z");
    expect(bookableDates(now, 7, DUBLIN)).toEqual(["2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-01"]);
  });
});
