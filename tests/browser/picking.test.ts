import { expect, setDefaultTimeout, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { logInStaffInBrowser, signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";

setDefaultTimeout(90_000);

/*
 * Picking an order on a phone (360 px), JavaScript on and off: a chicken priced by weight is
 * weighed, soda bread is short, oat milk is out and replaced by a cheaper rice milk found with
 * the search; Finish works out the final amount, which the shopper's order page then shows.
 */

const shop = serverAndBrowser({ MIN_ORDER_CENTS: "100" }, (server) => {
  const sqlite = new Database(join(server.dir, "grocer.db"));
  sqlite.exec("PRAGMA busy_timeout = 5000");
  const aisle = sqlite.query("insert into categories (name, slug, status, walk_order) values ('Picking Aisle', 'picking-aisle', 'active', 1) returning id").get() as { id: number };
  const add = sqlite.query(
    "insert into products (name, slug, category_id, price_cents, price_per_kg_cents, estimated_weight_g, unit, step, stock) values (?, ?, ?, ?, ?, ?, 'each', 1000, 50000)",
  );
  add.run("Test Chicken", "test-chicken", aisle.id, 899, 749, 1200);
  add.run("Test Oat Drink", "test-oat-drink", aisle.id, 219, null, null);
  add.run("Test Rice Drink", "test-rice-drink", aisle.id, 199, null, null);
  add.run("Test Soda Bread", "test-soda-bread", aisle.id, 250, null, null);
  sqlite.query("update products set gtin = '5000000000035' where slug = 'test-soda-bread'").run();
  sqlite.close();
});

async function placeOrder(browser: Browser, baseUrl: string, javaScriptEnabled: boolean, email: string) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signUpInBrowser(page, baseUrl, { name: "Pat Pantry", email, password: "pantry-shelf-2026" });
  for (const [slug, quantity] of [["test-chicken", "1"], ["test-oat-drink", "1"], ["test-soda-bread", "2"]] as const) {
    await page.goto(`${baseUrl}/products/${slug}`);
    const form = page.locator("form[id^='add-']").first();
    await form.getByLabel("Quantity").fill(quantity);
    await form.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText(/to your cart\./).first().waitFor();
  }
  await page.goto(`${baseUrl}/checkout`);
  await page.getByLabel("Click & collect at the store").check();
  await page.getByRole("button", { name: /Place order/ }).click();
  const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
  await placed.waitFor();
  const orderNumber = /GR-\d{6}/.exec((await placed.textContent())!)![0];
  return { orderNumber, shopper: page, close: () => context.close() };
}

/** The pick list's address for the order: its slot, or the day it was placed. */
function listUrl(dir: string, orderNumber: string): string {
  const sqlite = new Database(join(dir, "grocer.db"), { readonly: true });
  const row = sqlite.query("select slot_window_id as slot, placed_at as placedAt from orders where id = ?").get(Number(orderNumber.slice(3))) as { slot: number | null; placedAt: number };
  sqlite.close();
  return row.slot ? `/manage/picking?slot=${row.slot}` : `/manage/picking?date=${new Date(row.placedAt).toISOString().slice(0, 10)}`;
}

for (const javaScriptEnabled of [true, false]) {
  test(`a picker picks an order at 360 px: weighed, short, substituted, finished (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const { browser, server } = shop;
    const { orderNumber, shopper, close } = await placeOrder(browser, server.url, javaScriptEnabled, `pat-picking-${javaScriptEnabled ? "js" : "nojs"}@example.com`);
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await logInStaffInBrowser(page, server.url, DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password);
    const list = `${server.url}${listUrl(server.dir, orderNumber)}`;
    await page.goto(list);
    const card = page.locator(".pick-order", { hasText: orderNumber });
    await card.getByRole("button", { name: "Start picking" }).click();
    await card.locator(".status-badge", { hasText: "Being picked" }).waitFor();

    const line = (name: string) => page.locator(".pick-line", { hasText: orderNumber }).filter({ hasText: name });
    let loads = 0;
    page.on("load", () => (loads += 1));
    await card.locator(".pick-count", { hasText: "0 of 3 lines recorded" }).waitFor();
    await line("Test Chicken").getByLabel("Weight (kg)").fill("1.25");
    await line("Test Chicken").getByRole("button", { name: "Picked" }).click();
    await line("Test Chicken").locator(".pick-line-record", { hasText: "Picked 1, 1.25 kg" }).waitFor();
    // The order's count moves with the line: swapped out of band with JavaScript (no page load), on the reloaded page without.
    await card.locator(".pick-count", { hasText: "1 of 3 lines recorded" }).waitFor();
    expect(loads).toBe(javaScriptEnabled ? 0 : 1);

    // The soda bread confirmed by its barcode, as a keyboard-wedge scanner does it (digits, then Enter): a wrong one first.
    await line("Test Soda Bread").getByLabel("Picked").fill("1");
    await line("Test Soda Bread").getByLabel("Scan or type barcode").fill("4006381333931");
    await line("Test Soda Bread").getByLabel("Scan or type barcode").press("Enter");
    await line("Test Soda Bread").getByRole("alert").filter({ hasText: "Wrong item: no product has the barcode 4006381333931; Test Soda Bread is 5000000000035." }).waitFor();
    await line("Test Soda Bread").getByLabel("Scan or type barcode").fill("5000000000035");
    await line("Test Soda Bread").getByLabel("Scan or type barcode").press("Enter");
    await line("Test Soda Bread").locator(".pick-line-record", { hasText: "Short: 1 of 2" }).waitFor();
    if (javaScriptEnabled) await line("Test Soda Bread").getByText("barcode matches").waitFor();
    else await page.getByText("Barcode matches: Test Soda Bread recorded.").waitFor();

    await line("Test Oat Drink").getByRole("link", { name: "Substitute…" }).click();
    await page.getByRole("heading", { name: "Substitute for Test Oat Drink" }).waitFor();
    await page.getByLabel("Name or barcode").fill("rice");
    if (!javaScriptEnabled) await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("heading", { name: "Matching “rice”" }).waitFor();
    await page.getByRole("button", { name: "Use Test Rice Drink" }).click();
    await line("Test Oat Drink").locator(".pick-line-record", { hasText: "None picked · substitute: Test Rice Drink 1" }).waitFor();

    if (javaScriptEnabled) {
      await page.screenshot({ path: join(server.dir, "..", "grocer-picking-360.png"), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(server.dir, "..", "grocer-picking-1280.png"), fullPage: true });
      await page.setViewportSize({ width: 360, height: 740 });
    }
    // No line is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(javaScriptEnabled ? 1280 : 360);

    await card.getByRole("button", { name: /Finish/ }).click();
    // Chicken 1.25 kg × €7.49 = €9.36; one soda bread €2.50; rice drink €1.99 (cheaper: its own price).
    await page.getByText(`${orderNumber} is picked: the shopper pays €13.85.`).waitFor();
    await card.locator(".status-badge", { hasText: "Picked" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // The shopper's order page shows the order as picked, at 360 px without scrolling sideways.
    await shopper.goto(`${server.url}/orders/${Number(orderNumber.slice(3))}`);
    const picked = shopper.locator(".picked-view");
    await picked.getByRole("heading", { name: "As picked" }).waitFor();
    expect(await picked.textContent()).toContain("Instead of Test Oat Drink: Test Rice Drink");
    expect(await picked.locator("tfoot").textContent()).toContain("Final total€13.85");
    expect(await shopper.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    if (javaScriptEnabled) await shopper.screenshot({ path: join(server.dir, "..", "grocer-picked-order-360.png"), fullPage: true });
    await close();
  });
}
