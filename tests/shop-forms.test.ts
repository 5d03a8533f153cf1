import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { products } from "../src/db/schema";
import { cartItems, carts, orders, stockAlerts, wishlistItems } from "../src/db/shop-tables";
import { completeOrder } from "./support/orders";
import { addPromo, addToCart, checkout, newShopper, openShop, type Shelves } from "./support/shop";
import { ORIGIN, textOf, type TestStore } from "./support/store";

// The storefront's forms as a shopper (or a hand-made request) sends them: what comes back, and what changes.
let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop({ MIN_ORDER_CENTS: "500" }));
});
afterEach(() => store.close());

const cartState = async () => ({ lines: await store.db.select().from(cartItems), carts: await store.db.select().from(carts) });

describe("bodies and headers that are not what a browser sends", () => {
  test("a broken multipart body answers 400 and changes nothing (it was a 500)", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    const before = { ...(await cartState()), wishlist: await store.db.select().from(wishlistItems), alerts: await store.db.select().from(stockAlerts) };
    for (const path of ["/cart/items", `/cart/items/${shelves.eggs.id}`, "/cart/promo", "/wishlist/items", "/stock-alerts", "/checkout/promo"]) {
      const response = await agent.send(path, { method: "POST", headers: { origin: ORIGIN, "content-type": "multipart/form-data; boundary=x" }, body: "garbage" });
      expect(`${path} ${response.status}`).toBe(`${path} 400`);
      expect(await textOf(response)).toContain("The form could not be read, so nothing was changed.");
    }
    expect({ ...(await cartState()), wishlist: await store.db.select().from(wishlistItems), alerts: await store.db.select().from(stockAlerts) }).toEqual(before);
  });

  test("a Referer that is not a URL does not break Add to cart (it was a 500)", async () => {
    const agent = store.agent();
    const added = await agent.post("/cart/items", { product_id: String(shelves.eggs.id), quantity: "1" }, { referer: "::::" });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/cart");
    const refused = await agent.post("/cart/items", { product_id: String(shelves.eggs.id), quantity: "abc" }, { referer: "::::" });
    expect(refused.status).toBe(422);
    expect(await textOf(refused)).toContain("Enter a quantity as a number");
  });
});

describe("Apply a promo code", () => {
  test("a code that does not apply never replaces one that does, and says why", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    await addPromo(store, { code: "OLD", kind: "percent", value: 50, expiresAt: new Date("2026-11-01T00:00:00Z") });
    expect((await agent.post("/cart/promo", { code: "fresh10" })).status).toBe(303);

    const refused = await agent.post("/cart/promo", { code: "old" });
    expect(refused.status).toBe(422);
    const html = await textOf(refused);
    expect(html).toContain("The code OLD expired on 1 Nov 2026. Your code FRESH10 still applies.");
    expect(html).toContain("Code <strong>FRESH10</strong> applied");
    expect((await store.db.select().from(carts))[0]!.promoCode).toBe("FRESH10");
    expect(await textOf(await agent.get("/cart"))).toContain("Discount (FRESH10)");
  });

  test("a known code that does not apply yet answers 422 with the reason, not a green 'added'", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "1");
    await addPromo(store, { code: "BIGSHOP", kind: "fixed", value: 500, minSubtotalCents: 2000 });
    const response = await agent.post("/cart/promo", { code: "bigshop" });
    expect(response.status).toBe(422);
    const html = await textOf(response);
    expect(html).toContain("Spend at least €20.00 to use BIGSHOP (€16.01 to go).");
    expect(html).not.toContain("added");
    // It stays on the cart, with Remove code, and applies once the cart qualifies.
    expect(html).toContain("Remove code");
    await addToCart(agent, shelves.eggs, "5");
    expect(await textOf(await agent.get("/cart"))).toContain("Discount (BIGSHOP)");
  });
});

describe("the checkout page", () => {
  test("says what is short of stock before the shopper fills in the form, and marks those lines", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.apples, "2.5");
    await addToCart(agent, shelves.eggs, "2");
    await store.db.update(products).set({ stock: 1000 }).where(eq(products.id, shelves.apples.id));
    const html = await textOf(await agent.get("/checkout"));
    expect(html).toContain("Apples: you asked for 2.5 kg, only 1 kg left.");
    // The line's name sits beside its thumbnail (with-thumb), and the problem is said right after the name.
    expect(html).toMatch(/Apples<span class="field-error">Only 1 kg left<\/span><\/span><\/span><span class="money">—<\/span>/);
    expect(html).not.toContain("€8.00"); // 2.5 kg × €3.20: not counted, so not shown as if it were
  });

  test("says the minimum order before the shopper fills in the form", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.milk, "1");
    const html = await textOf(await agent.get("/checkout"));
    expect(html).toContain("The minimum order is €5.00: <a href=\"/cart\">add €3.71 more</a> to place this order.");
  });

  test("has Promo code and Apply, which come back to checkout with the new total or the reason", async () => {
    const { agent } = await newShopper(store);
    await addToCart(agent, shelves.eggs, "2");
    await addPromo(store, { code: "FRESH10", kind: "percent", value: 10 });
    const page = await textOf(await agent.get("/checkout"));
    expect(page).toContain('<form method="post" action="/checkout/promo" class="promo-form"><div class="field"><label for="promo-code">Promo code</label>');
    expect(page).toContain(">Apply</button>");

    const unknown = await agent.post("/checkout/promo", { code: "nope" });
    expect(unknown.status).toBe(422);
    expect(await textOf(unknown)).toContain("We don't know the code NOPE.");

    const applied = await agent.post("/checkout/promo", { code: "fresh10" });
    expect(applied.status).toBe(303);
    expect(applied.headers.get("location")).toBe("/checkout");
    const after = await textOf(await agent.get("/checkout"));
    expect(after).toContain("Code FRESH10 applied.");
    expect(after).toContain("Place order · €7.18"); // €7.98 less 10%

    expect((await agent.post("/checkout/promo/remove")).headers.get("location")).toBe("/checkout");
    expect(await textOf(await agent.get("/checkout"))).toContain("Place order · €7.98");
  });
});

test("a visitor's Save for later and Notify me ask them to log in and come back to the product", async () => {
  const visitor = store.agent();
  const page = `${ORIGIN}/products/${shelves.yoghurt.slug}`;
  for (const [path, text] of [
    ["/wishlist/items", "Log in to save products for later."],
    ["/stock-alerts", "Log in and we'll email you when it is back in stock."],
  ] as const) {
    const response = await visitor.post(path, { product_id: String(shelves.yoghurt.id) }, { referer: page });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/products/${shelves.yoghurt.slug}`)}`);
    expect(await textOf(await visitor.get("/login"))).toContain(text);
  }
  // From another site, or with no Referer, they come back to the home page.
  const elsewhere = await visitor.post("/wishlist/items", { product_id: "1" }, { referer: "https://elsewhere.example/x" });
  expect(elsewhere.headers.get("location")).toBe("/login?next=%2F");
});

/** The order page a checkout redirected to, once the order is completed and so invoiced. */
async function completedOrderPage(location: string) {
  const orderPage = location.split("?")[0]!;
  await completeOrder(store, Number(orderPage.split("/").pop()));
  return orderPage;
}

test("the invoice says where the order goes: the delivery address, or click & collect", async () => {
  const { agent } = await newShopper(store);
  await addToCart(agent, shelves.eggs, "2");
  const delivered = await checkout(agent, { fulfilment: "delivery", delivery_address: "12 Orchard Lane\nCork" });
  const invoice = await textOf(await agent.get(`${await completedOrderPage(delivered.response.headers.get("location")!)}/invoice`));
  expect(invoice).toContain('<dt>Delivered to</dt><dd class="address">12 Orchard Lane\nCork</dd>');

  await addToCart(agent, shelves.eggs, "2");
  const collected = await checkout(agent, { fulfilment: "pickup" });
  const pickup = await textOf(await agent.get(`${await completedOrderPage(collected.response.headers.get("location")!)}/invoice`));
  expect(pickup).toContain("<dt>Collected at</dt><dd>the store</dd>");
});

test("a refused quantity is said beside that line's Quantity box, not only in a passing message", async () => {
  const { agent } = await newShopper(store);
  await addToCart(agent, shelves.milk, "2");
  await addToCart(agent, shelves.eggs, "1");
  const plain: Record<string, string> = {};
  for (const headers of [plain, { "hx-request": "true", "hx-target": "section#cart" }]) {
    const response = await agent.post(`/cart/items/${shelves.milk.id}`, { quantity: "1.5" }, headers);
    expect(response.status).toBe(422);
    const html = await textOf(response);
    expect(html).toContain(`aria-invalid="true" aria-describedby="qty-error-${shelves.milk.id}"`);
    expect(html).toContain(`<p class="field-error" id="qty-error-${shelves.milk.id}">Whole Milk is sold in steps of 1 l.</p>`);
    expect(html).not.toContain(`id="qty-error-${shelves.eggs.id}"`);
  }
});

test("cancelling an order asks first, in plain HTML (the button opens the question, the question cancels)", async () => {
  const { agent } = await newShopper(store);
  await addToCart(agent, shelves.eggs, "2");
  const { response } = await checkout(agent);
  const html = await textOf(await agent.get(response.headers.get("location")!.split("?")[0]!));
  const number = /Order (GR-\d{6})/.exec(html)![1];
  expect(html).toMatch(/<details class="confirm-cancel"><summary class="button button-danger">Cancel order<\/summary><div class="confirm-box"[^>]*><p>Cancel order GR-\d{6}\? [^<]*<\/p><form method="post" action="\/orders\/\d+\/cancel"><button type="submit" class="button button-danger">Yes, cancel order GR-\d{6}<\/button><\/form><\/div><\/details>/);
  expect(html).toContain(`Yes, cancel order ${number}`);
});

test("the order history pages through every order, newest first (it stopped at the latest 50)", async () => {
  const { agent, user } = await newShopper(store);
  const placedAt = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000);
  await store.db.insert(orders).values(
    Array.from({ length: 55 }, (_, i) => ({
      userId: user.id, fulfilment: "pickup" as const, subtotalCents: 100 + i, totalCents: 100 + i,
      idempotencyKey: `history-${i}-${"k".repeat(16)}`, requestHash: "x", placedAt: placedAt(i), updatedAt: placedAt(i),
    })),
  );
  const numbers = (html: string) => [...html.matchAll(/<a href="\/orders\/(\d+)">GR-/g)].map((match) => Number(match[1]));
  const first = await textOf(await agent.get("/orders"));
  expect(numbers(first)).toHaveLength(20);
  expect(first).toContain('<a href="/orders?page=2" rel="next">Older orders →</a>');
  expect(first).not.toContain("Newer orders");
  const third = await textOf(await agent.get("/orders?page=3"));
  expect(numbers(third)).toHaveLength(15);
  expect(third).toContain('<a href="/orders?page=2" rel="prev">← Newer orders</a>');
  expect(third).not.toContain("Older orders");
  const all = [...numbers(first), ...numbers(await textOf(await agent.get("/orders?page=2"))), ...numbers(third)];
  expect(new Set(all).size).toBe(55);
  expect(all).toEqual([...all].sort((a, b) => b - a)); // newest first: the ids rise with the time placed
  for (const bad of ["0", "x", "2.5"]) expect((await agent.get(`/orders?page=${bad}`)).status).toBe(400);
  expect(await textOf(await agent.get("/orders?page=9"))).toContain("No orders on page 9.");
});
