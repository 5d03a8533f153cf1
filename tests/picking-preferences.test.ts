import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { categories, products } from "../src/db/schema";
import { cartItems, carts, orderItems, orders } from "../src/db/shop-tables";
import { heaviestPick, maxChargeCents, weighedChargeCents, type EstimatedLine } from "../src/picking/max-charge";
import { setLinePreference, setShopperSubstituteDefault, substitutionPreference } from "../src/picking/substitution-preferences";
import { addToCart, checkout, newShopper, openShop, type Shelves } from "./support/shop";
import type { TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop({ WEIGHT_TOLERANCE_PERCENT: "10" }));
});
afterEach(() => store.close());

const chicken = async () => {
  const [meat] = await store.db.insert(categories).values({ name: "Meat", slug: "meat", status: "active" }).returning();
  // €7.49 a kg, about 1.2 kg a piece: €8.988 -> €8.99 a piece.
  const [row] = await store.db
    .insert(products)
    .values({ name: "Whole Chicken", slug: "whole-chicken", categoryId: meat!.id, priceCents: 899, pricePerKgCents: 749, estimatedWeightGrams: 1200, unit: "each", step: 1000, stock: 10_000 })
    .returning();
  return row!;
};

describe("the most an order may be charged", () => {
  const piece: EstimatedLine = { quantity: 2000, unit: "each", priceCents: 899, lineTotalCents: 1798, pricePerKgCents: 749, estimatedWeightGrams: 1200 };

  test("adds each weighed line's charge at its tolerance to the estimate and fee", () => {
    // Two chickens of about 1.2 kg: at most 2.64 kg, 2.64 x €7.49 = €19.7736 -> €19.77, €1.79 above €17.98.
    expect(heaviestPick(piece, 1000)).toBe(2640);
    expect(weighedChargeCents(piece, 2640)).toBe(1977);
    const bananas: EstimatedLine = { quantity: 1250, unit: "kg", priceCents: 189, lineTotalCents: 236, pricePerKgCents: null, estimatedWeightGrams: null };
    const milk: EstimatedLine = { quantity: 3000, unit: "l", priceCents: 129, lineTotalCents: 387, pricePerKgCents: null, estimatedWeightGrams: null };
    // Bananas at 1.375 kg: €2.59875 -> €2.60, 24 cents above; milk is not weighed.
    expect(maxChargeCents({ totalCents: 1798 + 236 + 387, deliveryFeeCents: 499, lines: [piece, bananas, milk] }, 1000)).toBe(2421 + 499 + 179 + 24);
    expect(maxChargeCents({ totalCents: 387, deliveryFeeCents: 0, lines: [milk] }, 1000)).toBe(387);
    expect(maxChargeCents({ totalCents: 1798, deliveryFeeCents: 0, lines: [piece] }, 0)).toBe(1798);
  });

  test("never less than the estimate, and every weight up to the tolerance costs no more than it (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 50, max: 5000 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3000 }), (perKg, grams, pieces, toleranceBp) => {
        const priceCents = Math.floor((perKg * grams + 500) / 1000);
        fc.pre(priceCents > 0);
        const line: EstimatedLine = { quantity: pieces * 1000, unit: "each", priceCents, lineTotalCents: priceCents * pieces, pricePerKgCents: perKg, estimatedWeightGrams: grams };
        const most = maxChargeCents({ totalCents: line.lineTotalCents, deliveryFeeCents: 0, lines: [line] }, toleranceBp);
        expect(most).toBeGreaterThanOrEqual(line.lineTotalCents);
        expect(weighedChargeCents(line, heaviestPick(line, toleranceBp))).toBeLessThanOrEqual(most);
      }),
    );
  });
});

describe("substitution preferences", () => {
  test("the contract reads a form's checkbox and the API's boolean, and refuses a long note", () => {
    expect(substitutionPreference.parse({ allow_substitute: "on", substitute_note: " a green one, please " })).toEqual({ allow_substitute: true, substitute_note: "a green one, please" });
    expect(substitutionPreference.parse({ allow_substitute: false })).toEqual({ allow_substitute: false, substitute_note: null });
    expect(substitutionPreference.safeParse({ allow_substitute: "maybe" }).success).toBe(false);
    expect(substitutionPreference.safeParse({ allow_substitute: true, substitute_note: "x".repeat(201) }).success).toBe(false);
  });

  test("checkout keeps each line's choice (the line's, else the shopper's, else the store's), the note and the weight pricing, and stores the most it may charge", async () => {
    const bird = await chicken();
    const { agent, user } = await newShopper(store);
    await addToCart(agent, bird, "2");
    await addToCart(agent, shelves.milk, "3");
    await addToCart(agent, shelves.bananas, "1.25");
    const [cart] = await store.db.select().from(carts).where(eq(carts.userId, user.id));
    expect(await setLinePreference(store.db, cart!.id, bird.id, { allow_substitute: false, substitute_note: "a big one, please" })).toBe(true);
    expect(await setLinePreference(store.db, cart!.id, shelves.apples.id, { allow_substitute: true, substitute_note: null })).toBe(false);
    await setShopperSubstituteDefault(store.db, user.id, null);
    const [line] = await store.db.select().from(cartItems).where(and(eq(cartItems.cartId, cart!.id), eq(cartItems.productId, bird.id)));
    expect(line).toMatchObject({ allowSubstitute: false, substituteNote: "a big one, please" });

    const { response } = await checkout(agent);
    expect(response.status).toBe(303);
    const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
    const items = await store.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id)).orderBy(orderItems.id);
    expect(items.map((item) => [item.name, item.allowSubstitute, item.substituteNote, item.pricePerKgCents, item.estimatedWeightGrams, item.lineTotalCents])).toEqual([
      ["Whole Chicken", false, "a big one, please", 749, 1200, 1798],
      ["Whole Milk", true, null, null, null, 387],
      ["Bananas", true, null, null, null, 236],
    ]);
    expect(order).toMatchObject({ totalCents: 2421, weightToleranceBp: 1000, maxChargeCents: 2421 + 179 + 24 });
  });

  test("a shopper who turned substitutes off gets lines without them unless a line says otherwise", async () => {
    const { agent, user } = await newShopper(store);
    await setShopperSubstituteDefault(store.db, user.id, false);
    await addToCart(agent, shelves.milk, "1");
    await addToCart(agent, shelves.eggs, "1");
    const [cart] = await store.db.select().from(carts).where(eq(carts.userId, user.id));
    await setLinePreference(store.db, cart!.id, shelves.eggs.id, { allow_substitute: true, substitute_note: null });
    await checkout(agent);
    const items = await store.db.select({ name: orderItems.name, allow: orderItems.allowSubstitute }).from(orderItems).orderBy(orderItems.id);
    expect(items).toEqual([
      { name: "Whole Milk", allow: false },
      { name: "Free-range Eggs", allow: true },
    ]);
  });

  test("the database refuses a piece priced by weight whose price is not its estimate, or one not sold by the piece", async () => {
    const bird = await chicken();
    const change = async (values: Partial<typeof products.$inferInsert>) => {
      await store.db.update(products).set(values).where(eq(products.id, bird.id));
    };
    await expect(change({ priceCents: 900 })).rejects.toThrow();
    await expect(change({ unit: "kg" })).rejects.toThrow();
    await change({ pricePerKgCents: 800, priceCents: 960 });
  });
});
