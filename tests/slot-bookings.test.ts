import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { slotBookings, slotWindows } from "../src/db/fulfilment-tables";
import { users } from "../src/db/schema";
import { addOneOffWindow, addTemplateWindow, removeTemplateWindow, ruleCutoff, setException, setRules } from "../src/fulfilment/manage-schedule";
import { bookForOrderStatements, heldReservation, reserveSlot } from "../src/fulfilment/reservations";
import { shopperWindows } from "../src/fulfilment/windows";
import { createTestStore, type TestStore } from "./support/store";

/*
 * Capacity held by the database on a real file: reservations and bookings refused inside the unit
 * when full, closed or past the cut-off; expired reservations stop counting with no job run.
 * The store's clock is controlled (Friday 20 November 2026, 10:00 in Dublin).
 */

const ZONE = "Europe/Dublin";
let store: TestStore;
const shoppers: number[] = [];
const now = () => store.clock.now().getTime();
const context = () => ({ now: now(), timeZone: ZONE });

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  for (let i = 0; i < 60; i++) {
    const [user] = await store.db.insert(users).values({ email: `booker${i}@example.com`, name: `Booker ${i}` }).returning();
    shoppers.push(user!.id);
  }
  // Eight days ahead, so the Saturday after next is bookable too.
  await setRules(store.database, { fulfilment: "delivery", horizonDays: 8, cutoffKind: "day_before", cutoffValue: 22 * 60 }, context());
  // Saturday 08:00-10:00 (5 places) and 10:00-12:00 (2 places) delivery, cut-off 22:00 the evening before.
  expect(await addTemplateWindow(store.database, { fulfilment: "delivery", weekday: 6, starts: 480, ends: 600, capacity: 5, fee_cents: 499 }, context())).toEqual({ ok: true });
  expect(await addTemplateWindow(store.database, { fulfilment: "delivery", weekday: 6, starts: 600, ends: 720, capacity: 2, fee_cents: 299 }, context())).toEqual({ ok: true });
});
afterAll(() => store.close());

const saturdayEight = async () => (await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE })).find((w) => w.startsAt.toISOString() === "2026-11-21T08:00:00.000Z")!;

describe("windows from the template", () => {
  test("the next Saturday's windows are listed with their fee, capacity and cut-off", async () => {
    const windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    expect(windows.map((w) => [w.startsAt.toISOString(), w.capacityLeft, w.feeCents, w.cutoffAt.toISOString()])).toEqual([
      ["2026-11-21T08:00:00.000Z", 5, 499, "2026-11-20T22:00:00.000Z"],
      ["2026-11-21T10:00:00.000Z", 2, 299, "2026-11-20T22:00:00.000Z"],
      ["2026-11-28T08:00:00.000Z", 5, 499, "2026-11-27T22:00:00.000Z"],
      ["2026-11-28T10:00:00.000Z", 2, 299, "2026-11-27T22:00:00.000Z"],
    ]);
  });
});

describe("reservations", () => {
  test(`50 shoppers reserve 5 places at once: exactly 5 hold one, 45 are told it is full`, async () => {
    const window = await saturdayEight();
    const results = await Promise.all(shoppers.slice(0, 50).map((userId) => reserveSlot(store.database, { userId, windowId: window.id, now: now(), minutes: 60, timeZone: ZONE })));
    expect(results.filter((r) => r.ok).length).toBe(5);
    expect(results.filter((r) => !r.ok && r.refusal === "full").length).toBe(45);
    expect((await saturdayEight()).capacityLeft).toBe(0);
  });

  test("an expired reservation gives its place back without any job", async () => {
    const window = await saturdayEight();
    const late = shoppers[55]!;
    expect((await reserveSlot(store.database, { userId: late, windowId: window.id, now: now(), minutes: 60, timeZone: ZONE })).ok).toBe(false);
    store.clock.advance(61 * 60_000);
    expect((await saturdayEight()).capacityLeft).toBe(5);
    const taken = await reserveSlot(store.database, { userId: late, windowId: window.id, now: now(), minutes: 60, timeZone: ZONE });
    expect(taken.ok).toBe(true);
    expect(await heldReservation(store.db, late, now())).toMatchObject({ window: { id: window.id } });
    expect(await heldReservation(store.db, shoppers[0]!, now())).toBeNull();
  });

  test("moving a reservation holds one place, and a full window keeps the old one", async () => {
    const windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    const ten = windows.find((w) => w.startsAt.toISOString() === "2026-11-21T10:00:00.000Z")!;
    const mover = shoppers[56]!;
    expect((await reserveSlot(store.database, { userId: mover, windowId: ten.id, now: now(), minutes: 60, timeZone: ZONE })).ok).toBe(true);
    const eight = await saturdayEight();
    expect((await reserveSlot(store.database, { userId: mover, windowId: eight.id, now: now(), minutes: 60, timeZone: ZONE })).ok).toBe(true);
    const rows = await store.db.select().from(slotBookings).where(eq(slotBookings.userId, mover));
    expect(rows.map((row) => row.windowId)).toEqual([eight.id]);
  });

  test("an order's booking counts for good; a booking past the cut-off is refused by the database", async () => {
    const window = await saturdayEight();
    const buyer = shoppers[57]!;
    const [first, ...rest] = bookForOrderStatements(store.db, { userId: buyer, windowId: window.id, orderId: 9001, now: now() });
    await store.database.atomic([first!, ...rest]);
    store.clock.advance(2 * 60 * 60_000); // Friday 13:01 ... still before 22:00
    expect((await saturdayEight()).taken).toBe(1);
    store.clock.set(new Date("2026-11-20T22:00:00Z"));
    const refused = await reserveSlot(store.database, { userId: shoppers[58]!, windowId: window.id, now: now(), minutes: 60, timeZone: ZONE });
    expect(refused).toMatchObject({ ok: false, refusal: "past_cutoff" });
    // The database refuses it too, whatever the caller checked first.
    const [again, ...others] = bookForOrderStatements(store.db, { userId: shoppers[58]!, windowId: window.id, orderId: 9002, now: now() });
    await expect(store.database.atomic([again!, ...others])).rejects.toThrow(/slot_past_cutoff/);
    expect((await saturdayEight()).reason).toBe("past_cutoff");
    store.clock.set(new Date("2026-11-20T11:01:00Z"));
  });
});

describe("exceptions, rules and one-off windows", () => {
  test("a closed day hides its windows and refuses bookings; capacity exceptions change every window that day", async () => {
    await setException(store.database, { fulfilment: "delivery", date: "2026-11-28", kind: "closed", note: "Stocktake" }, context());
    let windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    expect(windows.some((w) => w.startsAt.toISOString().startsWith("2026-11-28"))).toBe(false);
    const [closed] = await store.db.select().from(slotWindows).where(eq(slotWindows.startsAt, new Date("2026-11-28T08:00:00Z")));
    expect((await reserveSlot(store.database, { userId: shoppers[59]!, windowId: closed!.id, now: now(), minutes: 60, timeZone: ZONE })).ok).toBe(false);
    await setException(store.database, { fulfilment: "delivery", date: "2026-11-28", kind: "capacity", capacity: 9, note: "" }, context());
    windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    expect(windows.filter((w) => w.startsAt.toISOString().startsWith("2026-11-28")).map((w) => w.capacity)).toEqual([9, 9]);
    // The window kept its id (and so any booking) through both changes.
    expect(windows.find((w) => w.startsAt.toISOString() === "2026-11-28T08:00:00.000Z")!.id).toBe(closed!.id);
  });

  test("a shorter horizon hides the later week; a removed template window is closed", async () => {
    await setRules(store.database, { fulfilment: "delivery", horizonDays: 3, cutoffKind: "hours_before", cutoffValue: 2 }, context());
    let windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    expect(windows.map((w) => w.startsAt.toISOString())).toEqual(["2026-11-21T08:00:00.000Z", "2026-11-21T10:00:00.000Z"]);
    expect(windows[0]!.cutoffAt.toISOString()).toBe("2026-11-21T06:00:00.000Z");
    const { slotTemplates } = await import("../src/db/fulfilment-tables");
    const [ten] = await store.db.select().from(slotTemplates).where(eq(slotTemplates.startMinute, 600));
    expect(await removeTemplateWindow(store.database, ten!.id, context())).toBe(true);
    windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    expect(windows.map((w) => w.startsAt.toISOString())).toEqual(["2026-11-21T08:00:00.000Z"]);
    await setRules(store.database, { fulfilment: "delivery", horizonDays: 8, cutoffKind: "day_before", cutoffValue: 22 * 60 }, context());
  });

  test("a one-off window takes the rule's cut-off, and can't clash with another window", async () => {
    const input = { fulfilment: "delivery" as const, starts_at: "2026-11-24T18:00:00Z", ends_at: "2026-11-24T20:00:00Z", capacity: 3, fee_cents: 0 };
    const cutoffFor = (startsAt: number) => ruleCutoff(store.database, "delivery", startsAt, ZONE);
    const added = await addOneOffWindow(store.database, input, { ...context(), cutoffFor });
    expect(added.ok).toBe(true);
    const windows = await shopperWindows(store.database, { fulfilment: "delivery", now: now(), timeZone: ZONE });
    const oneOff = windows.find((w) => w.source === "one_off")!;
    expect(oneOff.cutoffAt.toISOString()).toBe("2026-11-23T22:00:00.000Z");
    expect(await addOneOffWindow(store.database, input, { ...context(), cutoffFor })).toMatchObject({ ok: false, status: 409 });
  });

  test("collection windows belong to the store's collection point", async () => {
    expect(await addTemplateWindow(store.database, { fulfilment: "collection", weekday: 6, starts: 540, ends: 600, capacity: 10, fee_cents: 0 }, context())).toEqual({ ok: true });
    const windows = await shopperWindows(store.database, { fulfilment: "collection", now: now(), timeZone: ZONE });
    expect(windows[0]).toMatchObject({ place: "point:1", pointName: "The store", capacityLeft: 10 });
    // Collection's rule: 2 hours before.
    expect(windows[0]!.cutoffAt.toISOString()).toBe("2026-11-21T07:00:00.000Z");
  });
});
