import { expect, setDefaultTimeout, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { serverAndBrowser } from "../support/browser-server";

/*
 * A shopper's delivery at 360 px, JavaScript on and off: an address in a zone, a slot, a basket,
 * checkout with the fee, the slot on the order page, a product added to the order before the
 * cut-off, and the order locked once the cut-off has passed.
 */

setDefaultTimeout(120_000);

const shop = serverAndBrowser({ MIN_ORDER_CENTS: "0" });

for (const javaScriptEnabled of [true, false]) {
  test(`delivery journey at 360 px (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const base = shop.server.url;

    await page.goto(`${base}/signup`);
    await page.getByLabel("Name").fill("Dara Delivery");
    await page.getByLabel("Email").fill(`dara-${javaScriptEnabled ? "js" : "nojs"}@example.com`);
    await page.getByLabel("Password").fill("delivery-van-2026");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Welcome to Grocer, Dara Delivery!").waitFor();

    // Delivery: an address in a zone, then a slot.
    await page.goto(`${base}/slots?fulfilment=delivery`);
    await page.getByLabel("Postcode or Eircode").fill("D02 X285");
    await page.getByLabel("Street and number").fill("12 Grafton Street");
    await page.getByLabel("Town or city").fill("Dublin 2");
    await page.getByRole("button", { name: "Save the address" }).click();
    const slot = page.locator("button.slot-option:not([disabled])").first();
    await slot.waitFor();
    const slotTime = (await slot.locator(".slot-time").textContent())!.trim();
    await slot.click();
    await page.locator("button.slot-reserved").first().waitFor();

    // A basket above the zone's minimum.
    await page.goto(`${base}/search?q=milk`);
    const card = page.locator(".product-card").first();
    await card.getByRole("button", { name: "Add to cart" }).click();
    await page.locator("#cart-count", { hasText: "1" }).waitFor();
    await page.goto(`${base}/cart`);
    const quantity = page.getByLabel("Quantity");
    await quantity.fill("20");
    if (javaScriptEnabled) await quantity.dispatchEvent("change");
    else await page.getByRole("button", { name: "Update" }).click();
    await page.locator("#cart input[name=quantity][value='20']").waitFor();

    // Checkout shows the slot and its fee; place the order.
    await page.goto(`${base}/checkout`);
    expect(await page.locator("#checkout-slot").textContent()).toContain(slotTime);
    await page.getByRole("button", { name: /Place order/ }).click();
    const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
    await placed.waitFor();
    expect(await page.locator("#order-slot").textContent()).toContain(slotTime);
    const orderPath = new URL(page.url()).pathname;

    // Before the cut-off: add a product on the change page, see the difference, confirm.
    await page.getByRole("link", { name: "Change order" }).click();
    await page.getByLabel("Search the shop").fill("eggs");
    await page.getByRole("button", { name: "Find" }).click();
    const add = page.locator("input[name^=add_]:not([name=add_q]):not([disabled])").first();
    await add.waitFor();
    await add.fill("1");
    await page.getByRole("button", { name: "See the difference" }).click();
    await page.locator("h1, .form-error").filter({ hasText: /Confirm the change|./ }).first().waitFor();
    const refused = page.locator(".form-error");
    if (await refused.count()) throw new Error(`change refused: ${await refused.textContent()}`);
    await page.getByRole("heading", { name: /Confirm the change/ }).waitFor();
    expect(await page.locator(".change-lines").textContent()).toMatch(/: add 1/);
    if (javaScriptEnabled) await page.screenshot({ path: join(shop.server.dir, "..", "grocer-change-order-360.png"), fullPage: true });
    await page.getByRole("button", { name: "Confirm the change" }).click();
    await page.getByText(/is changed\./).waitFor();
    expect(new URL(page.url()).pathname).toBe(orderPath);

    // After the cut-off the order is locked for picking.
    const sqlite = new Database(join(shop.server.dir, "grocer.db"));
    sqlite.exec("PRAGMA busy_timeout = 5000");
    const orderId = Number(orderPath.split("/").at(-1));
    sqlite.query("update slot_windows set cutoff_at = ? where id = (select slot_window_id from orders where id = ?)").run(Date.now() - 60_000, orderId);
    sqlite.close();
    await page.goto(`${base}${orderPath}`);
    expect(await page.getByRole("link", { name: "Change order" }).count()).toBe(0);
    await page.goto(`${base}${orderPath}/change`);
    await page.getByText(/can no longer be changed/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
}
