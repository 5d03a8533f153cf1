import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { addresses, deliveryZones } from "../src/db/fulfilment-tables";
import { newShopper } from "./support/shop";
import { createTestStore, textOf, type TestStore } from "./support/store";

/* The address book on the account page: add, edit, default, delete, with the address API's rules. */

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  await store.db.insert(deliveryZones).values({ name: "Dublin city", prefixes: "D02 D04", feeCents: 200 });
});
afterAll(() => store.close());

test("add, edit, make default and delete addresses; outside every zone and someone else's are refused", async () => {
  const { agent, user } = await newShopper(store);
  expect(await textOf(await agent.get("/account"))).toContain('href="/account/addresses"');
  const outside = await agent.post("/account/addresses", { line1: "1 Main Street", town: "Cork", postcode: "T12 X7Y8" });
  expect(outside.status).toBe(422);
  expect(await textOf(outside)).toContain("We don't deliver to T12 X7Y8 yet");
  expect((await agent.post("/account/addresses", { label: "Home", line1: "12 Grafton Street", town: "Dublin 2", postcode: "d02 x285" })).status).toBe(303);
  expect((await agent.post("/account/addresses", { label: "Work", line1: "5 Pembroke Road", town: "Dublin 4", postcode: "D04 N2E3" })).status).toBe(303);
  let book = await store.db.select().from(addresses).where(eq(addresses.userId, user.id)).orderBy(addresses.id);
  expect(book.map((a) => [a.label, a.postcode, a.isDefault])).toEqual([["Home", "D02 X285", true], ["Work", "D04 N2E3", false]]);
  const [home, work] = book;
  expect((await agent.post(`/account/addresses/${work!.id}`, { label: "Office", line1: "6 Pembroke Road", town: "Dublin 4", postcode: "D04 N2E3" })).status).toBe(303);
  expect((await agent.post(`/account/addresses/${work!.id}/default`)).status).toBe(303);
  book = await store.db.select().from(addresses).where(eq(addresses.userId, user.id)).orderBy(addresses.id);
  expect(book.map((a) => [a.label, a.line1, a.isDefault])).toEqual([["Home", "12 Grafton Street", false], ["Office", "6 Pembroke Road", true]]);
  const bad = await agent.post(`/account/addresses/${home!.id}`, { line1: "", town: "Dublin 2", postcode: "D02 X285" });
  expect(bad.status).toBe(422);
  expect(await textOf(bad)).toContain("Enter the street and number.");
  const stranger = (await newShopper(store)).agent;
  expect((await stranger.post(`/account/addresses/${home!.id}/delete`)).status).toBe(404);
  expect((await stranger.post(`/account/addresses/${home!.id}`, { line1: "1 Other Street", town: "Dublin 2", postcode: "D02 X285" })).status).toBe(404);
  expect((await agent.post(`/account/addresses/${home!.id}/delete`)).status).toBe(303);
  const page = await textOf(await agent.get("/account/addresses"));
  expect(page).toContain("6 Pembroke Road, Dublin 4, D04 N2E3");
  expect(page).not.toContain("12 Grafton Street");
  expect((await agent.post(`/account/addresses/${work!.id}/delete`, {}, { origin: "https://evil.example" })).status).toBe(403);
});
