import { eq } from "drizzle-orm";
import { categories, products, users, type Product } from "../../src/db/schema";
import { orderItems, orders } from "../../src/db/shop-tables";
import { addToCart, checkout, newShopper, openShop, type Shelves } from "./shop";
import type { Agent, TestStore } from "./store";

/** The small shop plus what picking needs: a chicken priced by weight, a dearer and a cheaper milk, a picker. */
export async function openPickingShop(env: Record<string, string> = {}) {
  const { store, shelves } = await openShop(env);
  const [meat] = await store.db.insert(categories).values({ name: "Meat", slug: "meat", status: "active", walkOrder: 3 }).returning();
  const dairy = shelves.milk.categoryId;
  const add = async (values: typeof products.$inferInsert) => (await store.db.insert(products).values(values).returning())[0]!;
  const more = {
    // €7.49 a kg, about 1.2 kg a piece: €8.99 a piece.
    chicken: await add({ name: "Whole Chicken", slug: "whole-chicken", categoryId: meat!.id, priceCents: 899, pricePerKgCents: 749, estimatedWeightGrams: 1200, unit: "each", step: 1000, stock: 10_000, gtin: "5391234567890" }),
    oatDrink: await add({ name: "Oat Drink", slug: "oat-drink", categoryId: dairy, priceCents: 219, unit: "l", step: 1000, stock: 10_000, vatClass: "zero" }),
    organicMilk: await add({ name: "Organic Milk", slug: "organic-milk", categoryId: dairy, priceCents: 179, unit: "l", step: 1000, stock: 10_000 }),
    skimmedMilk: await add({ name: "Skimmed Milk", slug: "skimmed-milk", categoryId: dairy, priceCents: 99, unit: "l", step: 1000, stock: 10_000 }),
  };
  const [picker] = await store.db.insert(users).values({ email: `picker-${Date.now()}@example.com`, name: "Pat Picker", role: "manager", approvedAt: new Date() }).returning();
  return { store, shelves: { ...shelves, ...more } as Shelves & typeof more, picker: picker! };
}

export type PickingShelves = Awaited<ReturnType<typeof openPickingShop>>["shelves"];

/** A shopper's order of `lines` (product, quantity typed in its unit), placed through the real checkout. */
export async function placeOrderOf(store: TestStore, lines: [Product, string][], form: Record<string, string> = {}, before?: (agent: Agent) => Promise<void>) {
  const { agent, user } = await newShopper(store);
  for (const [product, quantity] of lines) {
    const response = await addToCart(agent, product, quantity);
    if (response.status >= 400) throw new Error(`could not add ${product.name}: ${response.status}`);
  }
  if (before) await before(agent);
  const { response } = await checkout(agent, form);
  if (response.status !== 303) throw new Error(`checkout failed: ${response.status} ${await response.text()}`);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
  const items = await store.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id)).orderBy(orderItems.id);
  const line = (product: Product) => items.find((item) => item.productId === product.id)!;
  return { agent, user, order: order!, items, line };
}
