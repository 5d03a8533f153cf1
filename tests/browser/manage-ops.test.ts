import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { and, eq, gte } from "drizzle-orm";
import { products } from "../../src/db/schema";
import { openDatabase, type DatabaseHandle } from "../../src/db/client";
import { notify } from "../../src/notifications/notify";
import { logInStaffInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";
import { checkout } from "../support/shop";
import { Agent, httpFetcher } from "../support/store";

let database: DatabaseHandle;
const shop = serverAndBrowser({ MIN_ORDER_CENTS: "0", ADMIN_EMAIL: "admin@grocer.local" }, async (server) => {
  database = await openDatabase({ url: `file:${join(server.dir, "grocer.db")}` });
});
afterAll(() => {
  database?.close();
});

/** A shopper places a pickup order over real HTTP; returns its number. */
async function placeOrder(): Promise<string> {
  const shopper = new Agent(httpFetcher(), "127.0.0.1", shop.server.url);
  expect((await shopper.signUp({ name: "Pia Picker", email: `pia-${Date.now()}@example.com`, password: "pia-password-12" })).status).toBe(303);
  const [product] = await database.db.select({ id: products.id }).from(products).where(and(eq(products.active, true), gte(products.stock, 5000), eq(products.step, 1000))).limit(1);
  expect(product).toBeDefined();
  expect((await shopper.post("/cart/items", { product_id: String(product!.id), quantity: "1" })).status).toBe(303);
  const { response } = await checkout(shopper);
  expect(response.status).toBe(303);
  const id = /\/orders\/(\d+)/.exec(response.headers.get("location") ?? "")?.[1];
  return `GR-${String(id).padStart(6, "0")}`;
}

test("the admin packs an order on the board without a reload, and the bell count updates live", async () => {
  const number = await placeOrder();
  const context = await shop.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  // Counts the bell stream's messages as public/app.js writes them in, so the test can wait for the first one.
  await page.addInitScript(() => {
    const counted = window as unknown as { bellMessages: number };
    counted.bellMessages = 0;
    document.addEventListener("bell:message", () => (counted.bellMessages += 1));
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });

  await logInStaffInBrowser(page, shop.server.url, "admin@grocer.local", "admin-password-123");

  await page.goto(`${shop.server.url}/manage/orders`);
  const row = page.locator("tr", { hasText: number });
  await expect(row.locator(".status-badge").textContent()).resolves.toBe("Placed");
  await page.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 42));

  await row.getByRole("button", { name: "Mark picked" }).click();
  await row.locator(".status-badge", { hasText: "Picked" }).waitFor();
  await row.getByRole("button", { name: "Ready for pickup" }).waitFor();
  // Still the same document: htmx swapped the row, the page did not reload.
  expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(42);
  expect(new URL(page.url()).pathname).toBe("/manage/orders");

  // A notification written now (here by a second writer on the same database) reaches the bell.
  const bell = page.locator("#bell-count");
  await page.waitForFunction(() => document.querySelector(".bell-feed") !== null);
  // The stream sends the count once it is connected: from then on a new notification reaches the bell.
  await page.waitForFunction(() => (window as unknown as { bellMessages: number }).bellMessages > 0, null, { timeout: 30_000 });
  const before = Number(await bell.textContent());
  await notify(database.db, { to: { audience: "staff" }, kind: "new_order", title: "Live from the till", now: new Date() });
  await page.waitForFunction((expected) => document.querySelector("#bell-count")?.textContent?.trim() === String(expected), before + 1, { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(42);

  await page.screenshot({ path: `${shop.server.dir}/../grocer-orders-board.png` });

  // Filter-as-you-type on the stock page swaps only the table.
  await page.goto(`${shop.server.url}/manage/stock`);
  const rowsBefore = await page.locator("#stock-table tbody tr").count();
  await page.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 7));
  await page.getByLabel("Find product").pressSequentially("milk", { delay: 30 });
  await page.waitForFunction((all) => {
    const rows = document.querySelectorAll("#stock-table tbody tr");
    return rows.length > 0 && rows.length < all && [...rows].every((row) => /milk/i.test(row.textContent ?? ""));
  }, rowsBefore);
  expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(7);
  expect(new URL(page.url()).search).toContain("q=milk");
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test("without JavaScript the same button is a plain form post that lands back on the board", async () => {
  const number = await placeOrder();
  const context = await shop.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logInStaffInBrowser(page, shop.server.url, "admin@grocer.local", "admin-password-123");
  await page.goto(`${shop.server.url}/manage/orders`);
  await page.locator("tr", { hasText: number }).getByRole("button", { name: "Mark picked" }).click();
  await page.getByText(`${number} is now picked.`).waitFor();
  await expect(page.locator("tr", { hasText: number }).locator(".status-badge").textContent()).resolves.toBe("Picked");
  await context.close();
}, 60_000);
