import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deliveryZones } from "../src/db/fulfilment-tables";
import { addTemplateWindow } from "../src/fulfilment/manage-schedule";
import { newShopper } from "./support/shop";
import { createTestStore, textOf, type Agent, type TestStore } from "./support/store";

/* The shopper's slot page without JavaScript: address in a zone first, then reserve a window (store clock: Fri 20 Nov 2026, 10:00 Dublin). */

let store: TestStore;
let shopper: Agent;

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  await store.db.insert(deliveryZones).values({ name: "Dublin city", prefixes: "D01 D02", feeCents: 200, freeFromCents: 6000, minimumBasketCents: 2500 });
  const context = { now: store.clock.now().getTime(), timeZone: "Europe/Dublin" };
  await addTemplateWindow(store.database, { fulfilment: "delivery", weekday: 6, starts: 480, ends: 600, capacity: 1, fee_cents: 499 }, context);
  await addTemplateWindow(store.database, { fulfilment: "delivery", weekday: 6, starts: 600, ends: 720, capacity: 3, fee_cents: 199 }, context);
  await addTemplateWindow(store.database, { fulfilment: "collection", weekday: 6, starts: 540, ends: 600, capacity: 5, fee_cents: 0 }, context);
  shopper = (await newShopper(store)).agent;
});
afterAll(() => store.close());

describe("booking a slot", () => {
  test("anyone can see the slots; reserving needs an account", async () => {
    const visitor = store.agent();
    const page = await textOf(await visitor.get("/slots?fulfilment=collection"));
    expect(page).toContain("Sat, 21 Nov");
    expect(page).toContain("09:00–10:00");
    expect(page).toContain("Log in");
    expect((await visitor.post("/slots/reserve", { slot_id: "1" })).status).toBe(303);
  });

  test("an address outside every zone is refused at the first step", async () => {
    const refused = await shopper.post("/slots/address", { postcode: "T12 AB34", line1: "1 Main Street", town: "Cork" });
    expect(refused.status).toBe(422);
    expect(await textOf(refused)).toContain("We don't deliver to T12 AB34 yet. Choose click & collect, or another address.");
    const before = await textOf(await shopper.get("/slots?fulfilment=delivery"));
    expect(before).toContain("Add an address we deliver to, then choose a slot.");
  });

  test("an address in a zone: slots show the slot's fee plus the zone's", async () => {
    const saved = await shopper.post("/slots/address", { postcode: "d02x285", line1: "12 Grafton Street", town: "Dublin 2" });
    expect(saved.status).toBe(303);
    const page = await textOf(await shopper.get("/slots?fulfilment=delivery"));
    expect(page).toContain("Dublin city: delivery €2.00 on top of the slot's fee, free on baskets from €60.00; minimum basket €25.00.");
    expect(page).toMatch(/08:00–10:00<\/span><span class="slot-fee">€6.99<\/span><span class="slot-left muted">1 left/);
  });

  test("reserve: held until 11:00 (60 minutes), shown on the page; a full slot says so", async () => {
    const page = await textOf(await shopper.get("/slots?fulfilment=delivery"));
    const id = /name="slot_id" value="(\d+)"[^>]*><span class="slot-time">08:00–10:00/.exec(page)![1]!;
    const reserved = await shopper.post("/slots/reserve?fulfilment=delivery", { slot_id: id });
    expect(reserved.status).toBe(303);
    const after = await textOf(await shopper.get("/slots?fulfilment=delivery"));
    expect(after).toContain("Delivery: Sat, 21 Nov, 08:00–10:00");
    expect(after).toContain("Reserved until 11:00.");
    expect(after).toContain("Reserved for you");
    const other = (await newShopper(store)).agent;
    await other.post("/slots/address", { postcode: "D01 F5P2", line1: "3 O'Connell Street", town: "Dublin 1" });
    const full = await other.post("/slots/reserve?fulfilment=delivery", { slot_id: id });
    expect(full.status).toBe(303);
    const told = await textOf(await other.get(full.headers.get("location")!));
    expect(told).toContain("Sorry, that slot has just filled up; choose another.");
    expect(told).toContain(`value="${id}" class="slot-option" disabled=""><span class="slot-time">08:00–10:00</span><span class="slot-fee">€6.99</span><span class="slot-left muted">Full</span>`);
  });

  test("giving the slot back frees it", async () => {
    expect((await shopper.post("/slots/release")).status).toBe(303);
    const page = await textOf(await shopper.get("/slots?fulfilment=delivery"));
    expect(page).not.toContain("Reserved until");
    expect(page).toContain("1 left");
  });
});
