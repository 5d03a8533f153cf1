import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { cartItems, carts, wishlistItems } from "../src/db/shop-tables";
import { addToCart, newShopper, openShop, type Shelves } from "./support/shop";
import { textOf, type Agent, type TestStore } from "./support/store";

// Log-in joins the visitor's cart to the account's: the visitor's quantities win for products in
// both, the account's other lines are added, and the next page says so with an Undo.
let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop());
});
afterEach(() => store.close());

async function linesOf(userId: number) {
  const [cart] = await store.db.select().from(carts).where(eq(carts.userId, userId));
  const lines = await store.db.select().from(cartItems).where(eq(cartItems.cartId, cart!.id));
  return Object.fromEntries(lines.map((line) => [line.productId, line.quantity]));
}

/** An account whose earlier cart holds 1 l milk and 2 kg apples, and a visitor with 1 kg apples and 2 dozen eggs. */
async function overlappingCarts() {
  const { agent: earlier, user } = await newShopper(store);
  await addToCart(earlier, shelves.milk, "1");
  await addToCart(earlier, shelves.apples, "2");
  await earlier.post("/logout");
  const visitor = store.agent();
  await addToCart(visitor, shelves.apples, "1");
  await addToCart(visitor, shelves.eggs, "2");
  return { user, visitor };
}

async function followWelcome(agent: Agent, login: Response) {
  const location = login.headers.get("location") ?? login.headers.get("hx-redirect");
  expect(location).toBeTruthy();
  return textOf(await agent.get(location!));
}

describe("the cart merge at log in", () => {
  for (const mode of ["without JavaScript", "with htmx"] as const) {
    test(`keeps the visitor's quantity, adds the account's other items and says so (${mode})`, async () => {
      const { user, visitor } = await overlappingCarts();
      const login = await visitor.post("/login", { email: user.email, password: "fresh-produce-123" }, mode === "with htmx" ? { "hx-request": "true" } : {});
      expect(login.status).toBe(mode === "with htmx" ? 204 : 303);
      expect(await linesOf(user.id)).toEqual({ [shelves.apples.id]: 1000, [shelves.eggs.id]: 2000, [shelves.milk.id]: 1000 });

      const page = await followWelcome(visitor, login);
      expect(page).toContain("We added 1 item saved in your account to your cart (Whole Milk).");
      expect(page).toContain("For the product in both carts we kept the quantity you just chose.");
      expect(page).toContain('action="/cart/merge/undo"');
      // The cart page totals what is in the cart: apples 1 kg (3.20) + eggs 2 (7.98) + milk 1 l (1.29).
      expect(await textOf(await visitor.get("/cart"))).toContain("€12.47");
    });
  }

  test("Undo moves the account's earlier items to Saved for later, and leaves the visitor's lines", async () => {
    const { user, visitor } = await overlappingCarts();
    const login = await visitor.logIn(user.email, "fresh-produce-123");
    const page = await followWelcome(visitor, login);
    const items = page.match(/name="items" value="([\d,]+)"/)![1]!;
    expect(items).toBe(String(shelves.milk.id));
    const undo = await visitor.post("/cart/merge/undo", { items });
    expect(undo.status).toBe(303);
    expect(await linesOf(user.id)).toEqual({ [shelves.apples.id]: 1000, [shelves.eggs.id]: 2000 });
    const saved = await store.db.select().from(wishlistItems).where(eq(wishlistItems.userId, user.id));
    expect(saved.map((row) => row.productId)).toEqual([shelves.milk.id]);
    expect(await textOf(await visitor.get(undo.headers.get("location")!))).toContain("Moved 1 item from your account's earlier cart to Saved for later.");
    // Undo again: nothing left to move, nothing changes.
    await visitor.post("/cart/merge/undo", { items });
    expect(await linesOf(user.id)).toEqual({ [shelves.apples.id]: 1000, [shelves.eggs.id]: 2000 });
  });

  test("Undo touches only the signed-in shopper's own cart, and needs a session", async () => {
    const { user, visitor } = await overlappingCarts();
    expect((await store.agent().post("/cart/merge/undo", { items: String(shelves.milk.id) })).headers.get("location")).toBe("/login");
    const { agent: other } = await newShopper(store);
    await other.post("/cart/merge/undo", { items: `${shelves.milk.id},${shelves.apples.id}` });
    await visitor.logIn(user.email, "fresh-produce-123");
    expect(await linesOf(user.id)).toEqual({ [shelves.apples.id]: 1000, [shelves.eggs.id]: 2000, [shelves.milk.id]: 1000 });
  });

  test("with an empty account cart the welcome says nothing about merging", async () => {
    const { agent: earlier, user } = await newShopper(store);
    await earlier.post("/logout");
    const visitor = store.agent();
    await addToCart(visitor, shelves.eggs, "1");
    const page = await followWelcome(visitor, await visitor.logIn(user.email, "fresh-produce-123"));
    expect(page).toContain("Welcome back");
    expect(page).not.toContain("We added");
    expect(page).not.toContain("/cart/merge/undo");
    expect(await linesOf(user.id)).toEqual({ [shelves.eggs.id]: 1000 });
  });
});
