import { afterAll, beforeAll, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { notifications, products } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { addToCart, checkout, newShopper } from "./support/shop";
import { openBackOffice } from "./support/staff";
import { textOf, type Agent } from "./support/store";

// A shopper's bell: their orders moving on, saved products back on the shelf, new products in the
// aisles they buy from; each told once, to them alone.
let office: Awaited<ReturnType<typeof openBackOffice>>;
let shopper: Agent;
let shopperId: number;
let neighbour: Agent;
let orderId: number;
beforeAll(async () => {
  office = await openBackOffice();
  // The shelves were stocked before anyone shopped (the store's clock is fixed; the rows' default is the wall clock).
  await office.store.db.update(products).set({ createdAt: new Date(office.store.clock.now().getTime() - 86_400_000) });
  ({ agent: shopper, user: { id: shopperId } } = await newShopper(office.store));
  ({ agent: neighbour } = await newShopper(office.store));
  expect((await addToCart(shopper, office.shelves.bananas, "1")).status).toBe(303);
  expect((await checkout(shopper)).response.status).toBe(303);
  const [order] = await office.store.db.select().from(orders).where(eq(orders.userId, shopperId));
  orderId = order!.id;
});
afterAll(() => office?.store.close());

const bellCount = (html: string) => Number(/id="bell-count"[^>]*>(\d+)</.exec(html)?.[1] ?? NaN);
const noticesOf = (userId: number) => office.store.db.select().from(notifications).where(eq(notifications.recipientId, userId));

test("a signed-in shopper has a bell on every page, cached aisle pages included; a visitor has none", async () => {
  for (const path of ["/", "/categories/fruit", "/orders", "/cart"]) {
    const html = await textOf(await shopper.get(path));
    expect(`${path} ${bellCount(html)}`).toBe(`${path} 0`);
    expect(html).toContain('data-stream="/notifications/stream"');
  }
  const visitor = await textOf(await office.store.agent().get("/categories/fruit"));
  expect(visitor).not.toContain("bell-count");
  expect((await office.store.agent().get("/notifications")).status).toBe(303);
});

test("the store moving their order tells the shopper, with a link to it", async () => {
  expect((await office.manager.post(`/manage/orders/${orderId}/status`, { to: "picked" })).status).toBe(303);
  const page = await textOf(await shopper.get("/notifications"));
  expect(page).toContain(`Order GR-${String(orderId).padStart(6, "0")} is picked and packed`);
  expect(page).toContain(`href="/orders/${orderId}"`);
  expect(page).not.toContain("UTC");
  // Told on the store's clock: 12:30 UTC on 1 July is 13:30 in Dublin (summer time).
  const [notice] = await noticesOf(shopperId);
  await office.store.db.update(notifications).set({ createdAt: new Date("2026-07-01T12:30:00Z") }).where(eq(notifications.id, notice!.id));
  expect(await textOf(await shopper.get("/notifications"))).toContain("1 Jul 2026, 13:30");
  await office.store.db.update(notifications).set({ createdAt: notice!.createdAt }).where(eq(notifications.id, notice!.id));
  expect(bellCount(await textOf(await shopper.get("/categories/fruit")))).toBe(1);
  expect(await noticesOf((await office.store.db.select().from(orders).where(eq(orders.id, orderId)))[0]!.userId)).toHaveLength(1);
});

test("a delivery that brings a saved product back from 0 tells whoever saved it, once", async () => {
  const yoghurt = office.shelves.yoghurt;
  expect((await shopper.post("/wishlist/items", { product_id: String(yoghurt.id) })).status).toBe(303);
  expect((await office.manager.post(`/manage/stock/${yoghurt.id}/adjust`, { change: "5", reason: "delivery" })).status).toBe(303);
  // A second delivery on top of stock is not news.
  expect((await office.manager.post(`/manage/stock/${yoghurt.id}/adjust`, { change: "5", reason: "delivery" })).status).toBe(303);
  await shopper.get("/notifications");
  await shopper.get("/notifications");
  const news = (await noticesOf(shopperId)).filter((notice) => notice.kind === "back_in_stock");
  expect(news.map((notice) => [notice.title, notice.link])).toEqual([["Greek Yoghurt is back in stock", "/products/greek-yoghurt"]]);
  const neighbours = await textOf(await neighbour.get("/notifications"));
  expect(neighbours).not.toContain("Greek Yoghurt");
});

test("a new product in an aisle the shopper bought from is news to them, not to someone who never did", async () => {
  const [fruit] = await office.store.db.select({ categoryId: products.categoryId }).from(products).where(eq(products.id, office.shelves.bananas.id));
  await office.store.db.insert(products).values({ name: "Blood Oranges", slug: "blood-oranges", categoryId: fruit!.categoryId, priceCents: 299, stock: 5000, createdAt: new Date(office.store.clock.now().getTime() + 60_000) });
  const page = await textOf(await shopper.get("/notifications"));
  expect(page).toContain("New in Fruit: Blood Oranges");
  expect(await textOf(await neighbour.get("/notifications"))).not.toContain("Blood Oranges");
});

test("the shopper marks their news read, and can't touch anyone else's", async () => {
  const [theirs] = await office.store.db.select().from(notifications).where(and(eq(notifications.recipientId, shopperId), eq(notifications.kind, "order_status")));
  expect((await neighbour.post(`/notifications/${theirs!.id}/read`)).status).toBe(404);
  expect((await shopper.post(`/notifications/${theirs!.id}/read`)).status).toBe(303);
  expect((await shopper.post("/notifications/read-all")).status).toBe(303);
  expect(bellCount(await textOf(await shopper.get("/categories/fruit")))).toBe(0);
  expect((await office.store.agent().post("/notifications/read-all")).status).toBe(303);
});

test("the shopper's stream answers with the unread count; a visitor gets 401", async () => {
  expect((await office.store.agent().get("/notifications/stream")).status).toBe(401);
  const stream = await neighbour.send("/notifications/stream", { method: "GET", headers: { accept: "text/event-stream" } });
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toStartWith("text/event-stream");
  const reader = stream.body!.getReader();
  let text = "";
  while (!/data: ?\d+/.test(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
  }
  await reader.cancel();
  expect(text).toMatch(/data: ?0/);
});
