import { eq } from "drizzle-orm";
import { categories, products, users, type Product, type Unit } from "../../src/db/schema";
import { promoCodes, type PromoCode } from "../../src/db/shop-tables";
import { createTestStore, type Agent, type TestStore } from "./store";

/** A small, known shop for storefront tests (the demo catalog is too big to reason about). */
export async function stockShelves(store: TestStore) {
  const [fruit] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
  const [dairy] = await store.db.insert(categories).values({ name: "Dairy", slug: "dairy", status: "active" }).returning();
  const add = async (values: { name: string; slug: string; categoryId: number; priceCents: number; unit: Unit; step: number; stock: number; lowStockThreshold?: number }) =>
    (await store.db.insert(products).values(values).returning())[0]!;
  return {
    bananas: await add({ name: "Bananas", slug: "bananas", categoryId: fruit!.id, priceCents: 189, unit: "kg", step: 250, stock: 20_000, lowStockThreshold: 2_000 }),
    apples: await add({ name: "Apples", slug: "apples", categoryId: fruit!.id, priceCents: 320, unit: "kg", step: 500, stock: 3_000, lowStockThreshold: 1_000 }),
    milk: await add({ name: "Whole Milk", slug: "whole-milk", categoryId: dairy!.id, priceCents: 129, unit: "l", step: 1000, stock: 40_000 }),
    eggs: await add({ name: "Free-range Eggs", slug: "eggs", categoryId: dairy!.id, priceCents: 399, unit: "dozen", step: 1000, stock: 10_000 }),
    yoghurt: await add({ name: "Greek Yoghurt", slug: "greek-yoghurt", categoryId: dairy!.id, priceCents: 249, unit: "each", step: 1000, stock: 0 }),
  };
}

export type Shelves = Awaited<ReturnType<typeof stockShelves>>;

/** A fresh store of its own with the small known shelves (no minimum order unless `env` sets one). */
export async function openShop(env: Record<string, string> = {}) {
  const store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0", ...env } });
  return { store, shelves: await stockShelves(store) };
}

let shopperCount = 0;

/** A signed-in customer with their own agent. */
export async function newShopper(store: TestStore, agent: Agent = store.agent()) {
  shopperCount += 1;
  const email = `shopper${shopperCount}-${Date.now()}@example.com`;
  const response = await agent.signUp({ name: `Shopper ${shopperCount}`, email, password: "fresh-produce-123" });
  if (response.status !== 303) throw new Error(`sign-up failed: ${response.status}`);
  const [user] = await store.db.select().from(users).where(eq(users.email, email));
  return { agent, user: user! };
}

export async function addPromo(store: TestStore, values: Partial<PromoCode> & { code: string; kind: "percent" | "fixed"; value: number }) {
  return (await store.db.insert(promoCodes).values(values).returning())[0]!;
}

export async function productNow(store: TestStore, product: Product) {
  return (await store.db.select().from(products).where(eq(products.id, product.id)))[0]!;
}

/** Adds to the cart as the shop's forms do: quantity typed in the product's unit. */
export const addToCart = (agent: Agent, product: Product, quantity: string) =>
  agent.post("/cart/items", { product_id: String(product.id), quantity });

/** Opens checkout to get a fresh idempotency key, then places the order. */
export async function checkout(agent: Agent, form: Record<string, string> = {}) {
  const page = await agent.get("/checkout");
  const html = await page.text();
  const key = /name="idempotency_key" value="([^"]+)"/.exec(html)?.[1];
  if (!key) throw new Error(`no checkout form (status ${page.status})`);
  const response = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key, ...form });
  return { response, key };
}
