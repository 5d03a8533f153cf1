import { expect } from "bun:test";
import { eq } from "drizzle-orm";
import { deliveryZones, slotWindows } from "../../src/db/fulfilment-tables";
import { addTemplateWindow } from "../../src/fulfilment/manage-schedule";
import { newShopper } from "./shop";
import type { TestStore } from "./store";

/*
 * A store with delivery slots, for the slot, checkout and order-change tests: the Dublin city zone
 * (D02), Saturday windows in the weekly template, and a shopper at 12 Grafton Street holding one.
 * Store clock: Friday 20 November 2026, 10:00 Dublin; Saturday's windows cut off at 22:00 tonight.
 */

export const GRAFTON_STREET = { postcode: "D02 X285", line1: "12 Grafton Street", town: "Dublin 2" };

/** A Saturday window of the template: minutes from midnight (store time), its capacity and fee. */
export type SaturdayWindow = { fulfilment?: "delivery" | "collection"; starts: number; ends: number; capacity: number; feeCents: number };

/** The Dublin city zone with these charges, and these Saturday windows (delivery unless said). */
export async function openSlots(
  store: TestStore,
  zone: { feeCents: number; freeFromCents: number | null; minimumBasketCents: number },
  windows: SaturdayWindow[],
): Promise<void> {
  await store.db.insert(deliveryZones).values({ name: "Dublin city", prefixes: "D02", ...zone });
  await addSaturdayWindows(store, windows);
}

export async function addSaturdayWindows(store: TestStore, windows: SaturdayWindow[]): Promise<void> {
  const context = { now: store.clock.now().getTime(), timeZone: "Europe/Dublin" };
  for (const window of windows) {
    const { fulfilment = "delivery", starts, ends, capacity, feeCents } = window;
    await addTemplateWindow(store.database, { fulfilment, weekday: 6, starts, ends, capacity, fee_cents: feeCents }, context);
  }
}

/** The window that starts at this instant (ISO, UTC). */
export async function windowAt(store: TestStore, iso: string) {
  const [window] = await store.db.select().from(slotWindows).where(eq(slotWindows.startsAt, new Date(iso)));
  if (!window) throw new Error(`no slot window starts at ${iso}`);
  return window;
}

/** A new shopper whose address is 12 Grafton Street, holding the window that starts at `startsAt`. */
export async function shopperHoldingWindow(store: TestStore, startsAt: string) {
  const { agent, user } = await newShopper(store);
  expect((await agent.post("/slots/address", GRAFTON_STREET)).status).toBe(303);
  const window = await windowAt(store, startsAt);
  expect((await agent.post("/slots/reserve", { slot_id: String(window.id) })).status).toBe(303);
  return { agent, user, window };
}

export { hiddenValue } from "./checkout-page";
