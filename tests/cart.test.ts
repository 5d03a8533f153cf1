import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { products } from "../src/db/schema";
import { cartItems, carts } from "../src/db/shop-tables";
import { addToCart, newShopper, openShop, type Shelves } from "./support/shop";
import { textOf, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop());
});
afterEach(() => store.close());

const allLines = () => store.db.select().from(cartItems);

describe("adding to the cart", () => {
  test("a visitor gets a cart cookie; the same product again merges into one line", async () => {
    const agent = store.agent();
    expect((await addToCart(agent, shelves.bananas, "0.5")).status).toBe(303);
    expect(agent.cookies.has("grocer_cart")).toBe(true);
    await addToCart(agent, shelves.bananas, "0.25");
    const lines = await allLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.quantity).toBe(750);
    const page = await (await agent.get("/cart")).text();
    expect(page).toContain("Bananas");
    expect(page).toContain("€1.42"); // 0.75 kg at €1.89/kg = 1.4175, rounded half up once
    expect(page).toMatch(/id="cart-count">1</);
  });

  test("lines stay in the order they were first added, adding more of one keeps its place", async () => {
    const { agent } = await newShopper(store);
    for (const [product, quantity] of [[shelves.milk, "1"], [shelves.bananas, "0.5"], [shelves.eggs, "1"], [shelves.milk, "2"]] as const) {
      expect((await addToCart(agent, product, quantity)).status).toBe(303);
    }
    const page = await (await agent.get("/cart")).text();
    const order = ["Whole Milk", "Bananas", "Free-range Eggs"].map((name) => page.indexOf(name));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((await store.db.select().from(cartItems).where(eq(cartItems.productId, shelves.milk.id)))[0]!.quantity).toBe(3000);
  });

  test("an htmx add from a card answers with the card's −/+ control, the header count and a message", async () => {
    const agent = store.agent();
    const response = await agent.post("/cart/items", { product_id: String(shelves.milk.id), quantity: "2" }, { "hx-request": "true" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toStartWith(`<div class="card-stepper" id="card-cart-${shelves.milk.id}">`);
    expect(html).toContain('aria-label="One more Whole Milk"');
    expect(html).toContain('value="3"'); // + sets the line to 3 l
    expect(html).toContain('id="cart-count" hx-swap-oob="true">1<');
    expect(html).toContain("Added 2 l Whole Milk to your cart.");
    expect(html).not.toContain("<html");
  });

  test("an aisle shows the −/+ control on the cards of products in this visitor's cart, in every way it is served, and only to them", async () => {
    const stepper = `<div class="card-stepper" id="card-cart-${shelves.milk.id}">`;
    const addForm = `id="card-cart-${shelves.milk.id}"`;
    const guest = store.agent();
    expect((await (await guest.get("/categories/dairy")).text())).not.toContain(stepper); // cached for everyone first
    await addToCart(guest, shelves.milk, "2");
    const withFlash = await (await guest.get("/categories/dairy")).text(); // the "Added" message: the page is rendered whole
    const shelf = await (await guest.get("/categories/dairy")).text(); // the cached shelf in the visitor's shell
    const fragment = await (await guest.get("/categories/dairy", { "hx-request": "true", "hx-target": "#main" })).text();
    for (const html of [withFlash, shelf, fragment]) {
      expect(html).toContain(stepper);
      expect(html).toContain('aria-label="One more Whole Milk"');
      expect(html.split(addForm)).toHaveLength(2); // the form made way for the control, once
    }
    const { agent: shopper } = await newShopper(store);
    for (const agent of [store.agent(), shopper]) {
      const page = await (await agent.get("/categories/dairy")).text();
      expect(page).not.toContain(stepper);
      expect(page).toContain(`<form method="post" action="/cart/items" ${addForm}`);
    }
  });

  test("each shopper's control shows their own quantity, and + stops at the stock left as it is now", async () => {
    const plus = (html: string) => html.match(/<button[^>]*aria-label="One more Whole Milk"[^>]*>/)?.[0] ?? "";
    const first = store.agent();
    const second = store.agent();
    await addToCart(first, shelves.milk, "2");
    await addToCart(second, shelves.milk, "39");
    const firstPage = await (await first.get("/categories/dairy")).text();
    const secondPage = await (await second.get("/categories/dairy")).text();
    expect(firstPage).toContain("2 l <span");
    expect(secondPage).toContain("39 l <span");
    expect(plus(secondPage)).not.toContain("disabled");
    // 39 l left: the second shopper's + (to 40 l) is off on their next page, the first's still on.
    await store.db.update(products).set({ stock: 39_000 }).where(eq(products.id, shelves.milk.id));
    expect(plus(await (await second.get("/categories/dairy")).text())).toContain("disabled");
    expect(plus(await (await first.get("/categories/dairy")).text())).not.toContain("disabled");
  });

  test("a card's − and + set the line, back on the shelf without JavaScript; − at the last step removes it", async () => {
    const agent = store.agent();
    await addToCart(agent, shelves.milk, "1");
    const more = await agent.post(`/cart/items/${shelves.milk.id}`, { quantity: "2", from: "card" }, { referer: "http://localhost/categories/dairy" });
    expect(more.status).toBe(303);
    expect(more.headers.get("location")).toBe("/categories/dairy");
    expect((await allLines())[0]!.quantity).toBe(2000);
    const gone = await agent.post(`/cart/items/${shelves.milk.id}`, { quantity: "0", from: "card" }, { "hx-request": "true" });
    const html = await gone.text();
    expect(html).toStartWith(`<form method="post" action="/cart/items" id="card-cart-${shelves.milk.id}"`);
    expect(html).toContain("Removed Whole Milk from your cart.");
    expect(await allLines()).toHaveLength(0);
  });

  test.each([
    ["-1", "Quantity can't be negative.", 422],
    ["0", "Quantity must be more than zero.", 422],
    ["0.3", "Bananas is sold in steps of 0.25 kg.", 422],
    ["abc", "Enter a quantity as a number, like 1 or 0.5.", 422],
    ["1e3", "Enter a quantity as a number, like 1 or 0.5.", 422],
    ["99999999999", "Enter a quantity as a number, like 1 or 0.5.", 422],
    ["5000", "You can order at most 1000 kg of one product.", 422],
    ["25", "Only 20 kg of Bananas left in stock.", 422],
    ["", "Enter a quantity as a number, like 1 or 0.5.", 422],
  ])("quantity %p is refused with %p and changes nothing", async (quantity, message, status) => {
    const response = await addToCart(store.agent(), shelves.bananas, quantity);
    expect(response.status).toBe(status);
    expect(await textOf(response)).toContain(message);
    expect(await allLines()).toHaveLength(0);
  });

  test("products sold by the millilitre or gram can be bought by the litre or kilo, up to the same 1,000 l limit", async () => {
    const [juice] = await store.db
      .insert(products)
      .values({ name: "Orange Juice", slug: "orange-juice-ml", categoryId: shelves.milk.categoryId, priceCents: 1, unit: "ml", step: 250_000, stock: 2_000_000_000 })
      .returning();
    const agent = store.agent();
    for (let carton = 0; carton < 6; carton++) expect((await addToCart(agent, juice!, "250")).status).toBe(303);
    expect((await allLines()).map((line) => line.quantity)).toEqual([1_500_000]);
    const tooMuch = await addToCart(agent, juice!, "1000000");
    expect(tooMuch.status).toBe(422);
    expect(await textOf(tooMuch)).toContain("You can order at most 1000000 ml of one product.");
  });

  test("out-of-stock, unknown, inactive and malformed products answer 4xx", async () => {
    const agent = store.agent();
    expect((await addToCart(agent, shelves.yoghurt, "1")).status).toBe(422);
    for (const id of ["999999", "abc", "-3", ""]) {
      const response = await agent.post("/cart/items", { product_id: id, quantity: "1" });
      expect(response.status).toBe(404);
    }
    expect((await agent.post("/cart/items", {})).status).toBe(404);
    expect(await allLines()).toHaveLength(0);
  });

  test("adding cannot push a line past the stock", async () => {
    const agent = store.agent();
    await addToCart(agent, shelves.apples, "2.5");
    const response = await addToCart(agent, shelves.apples, "1");
    expect(response.status).toBe(422);
    expect(await textOf(response)).toContain("Only 3 kg of Apples left in stock.");
    expect((await allLines())[0]!.quantity).toBe(2500);
  });

  test("a price sent by the browser is ignored: the cart prices from the database", async () => {
    const agent = store.agent();
    await agent.post("/cart/items", { product_id: String(shelves.eggs.id), quantity: "1", price_cents: "1", price: "0.01" });
    const page = await (await agent.get("/cart")).text();
    expect(page).toContain("€3.99");
    expect(page).not.toContain("€0.01");
  });
});

describe("changing the cart", () => {
  test("set a quantity, set 0 to remove, and Remove", async () => {
    const agent = store.agent();
    await addToCart(agent, shelves.milk, "1");
    await addToCart(agent, shelves.eggs, "1");
    expect((await agent.post(`/cart/items/${shelves.milk.id}`, { quantity: "3" })).status).toBe(303);
    expect((await allLines()).find((line) => line.productId === shelves.milk.id)?.quantity).toBe(3000);
    await agent.post(`/cart/items/${shelves.milk.id}`, { quantity: "0" });
    expect((await allLines()).map((line) => line.productId)).toEqual([shelves.eggs.id]);
    expect((await agent.post(`/cart/items/${shelves.eggs.id}/remove`)).status).toBe(303);
    expect(await allLines()).toHaveLength(0);
  });

  test("a bad new quantity answers 422 with the cart and the reason, and keeps the old one", async () => {
    const agent = store.agent();
    await addToCart(agent, shelves.milk, "2");
    for (const quantity of ["-2", "1.5", "many", "41"]) {
      const response = await agent.post(`/cart/items/${shelves.milk.id}`, { quantity });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain("Your cart");
    }
    expect((await allLines())[0]!.quantity).toBe(2000);
  });

  test("someone else's cart line cannot be changed or removed", async () => {
    const owner = store.agent();
    await addToCart(owner, shelves.milk, "2");
    const stranger = store.agent();
    await addToCart(stranger, shelves.eggs, "1");
    expect((await stranger.post(`/cart/items/${shelves.milk.id}`, { quantity: "1" })).status).toBe(404);
    expect((await stranger.post(`/cart/items/${shelves.milk.id}/remove`)).status).toBe(404);
    expect((await store.agent().post(`/cart/items/${shelves.milk.id}/remove`)).status).toBe(404);
    const milkLine = (await allLines()).find((line) => line.productId === shelves.milk.id);
    expect(milkLine?.quantity).toBe(2000);
  });

  test("an htmx quantity change returns the cart fragment with the new totals", async () => {
    const agent = store.agent();
    await addToCart(agent, shelves.milk, "1");
    const response = await agent.post(`/cart/items/${shelves.milk.id}`, { quantity: "4" }, { "hx-request": "true" });
    const html = await response.text();
    expect(html).toStartWith('<section id="cart">');
    expect(html).toContain("€5.16");
  });
});

describe("the visitor's cart at log in", () => {
  test("merges into the account's cart, keeping the visitor's quantity for a product in both", async () => {
    const { agent: shopper, user } = await newShopper(store);
    await addToCart(shopper, shelves.apples, "2");
    await addToCart(shopper, shelves.milk, "1");
    await shopper.post("/logout");

    const visitor = store.agent();
    await addToCart(visitor, shelves.apples, "2");
    await addToCart(visitor, shelves.eggs, "2");
    const login = await visitor.logIn(user.email, "fresh-produce-123");
    expect(login.status).toBe(303);
    expect(visitor.cookies.has("grocer_cart")).toBe(false);

    const [cart] = await store.db.select().from(carts).where(eq(carts.userId, user.id));
    const lines = await store.db.select().from(cartItems).where(eq(cartItems.cartId, cart!.id));
    const byProduct = Object.fromEntries(lines.map((line) => [line.productId, line.quantity]));
    // Apples were in both (2 kg + 2 kg): the 2 kg just chosen, not 4 kg (or the stock's 3 kg).
    expect(byProduct).toEqual({ [shelves.apples.id]: 2000, [shelves.milk.id]: 1000, [shelves.eggs.id]: 2000 });
    expect(await store.db.select().from(carts)).toHaveLength(1);
  });
});
