import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deliveryZones } from "../src/db/fulfilment-tables";
import { users } from "../src/db/schema";
import { addressInput, listAddresses, saveAddress } from "../src/fulfilment/addresses";
import { deliveryCharge, normalizePostcode, normalizePrefixes, zoneFor } from "../src/fulfilment/zones";
import { createTestStore, type TestStore } from "./support/store";

const zone = (id: number, prefixes: string, feeCents = 300) => ({ id, name: `Zone ${id}`, prefixes, feeCents, freeFromCents: 6000, minimumBasketCents: 2000, active: true });

describe("zones by Eircode routing key or postcode prefix", () => {
  test("Eircodes are written with their space; prefixes are tidied", () => {
    expect(normalizePostcode("d02x285")).toBe("D02 X285");
    expect(normalizePostcode(" a94  f3c2 ")).toBe("A94 F3C2");
    expect(normalizePostcode("sw1a 1aa")).toBe("SW1A 1AA");
    expect(normalizePrefixes("d02, D04;a94  d02")).toBe("D02 D04 A94");
  });

  test("the longest matching prefix wins; no match is no zone", () => {
    const zones = [zone(1, "D02 D04"), zone(2, "D02X"), zone(3, "A94")];
    expect(zoneFor(zones, "D02 X285")?.id).toBe(2);
    expect(zoneFor(zones, "D02 Y285")?.id).toBe(1);
    expect(zoneFor(zones, "A94 F3C2")?.id).toBe(3);
    expect(zoneFor(zones, "T12 AB34")).toBeNull();
    expect(zoneFor([{ ...zone(4, "T12"), active: false }], "T12 AB34")).toBeNull();
  });

  test("the fee: window fee plus zone fee, both waived from the free-delivery threshold", () => {
    expect(deliveryCharge(zone(1, "D02"), 499, 3000)).toEqual({ feeCents: 799, free: false });
    expect(deliveryCharge(zone(1, "D02"), 499, 6000)).toEqual({ feeCents: 0, free: true });
    expect(deliveryCharge(null, 0, 100)).toEqual({ feeCents: 0, free: true });
  });
});

describe("the address book", () => {
  let store: TestStore;
  let userId: number;
  beforeAll(async () => {
    store = await createTestStore({ seed: false });
    await store.db.insert(deliveryZones).values({ name: "Dublin 2", prefixes: "D02", feeCents: 300 });
    userId = (await store.db.insert(users).values({ email: "addr@example.com", name: "Ada Address" }).returning())[0]!.id;
  });
  afterAll(() => store.close());

  test("an address outside every zone is refused when it is saved, with the reason", async () => {
    const input = addressInput.parse({ line1: "1 Main Street", town: "Cork", postcode: "t12ab34" });
    expect(await saveAddress(store.database, userId, input)).toEqual({ ok: false, field: "postcode", message: "We don't deliver to T12 AB34 yet. Choose click & collect, or another address." });
    expect(await listAddresses(store.db, userId)).toEqual([]);
  });

  test("the first address is the default; another can be made the default", async () => {
    const first = await saveAddress(store.database, userId, addressInput.parse({ line1: "1 Grafton Street", town: "Dublin", postcode: "d02x285" }));
    const second = await saveAddress(store.database, userId, addressInput.parse({ line1: "9 Dawson Street", town: "Dublin", postcode: "D02 Y123", make_default: "on" }));
    expect(first.ok && second.ok).toBe(true);
    const book = await listAddresses(store.db, userId);
    expect(book.map((a) => [a.line1, a.postcode, a.isDefault])).toEqual([
      ["9 Dawson Street", "D02 Y123", true],
      ["1 Grafton Street", "D02 X285", false],
    ]);
  });
});
