import { expect, setDefaultTimeout, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { completeOrderOnBoard, signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";

setDefaultTimeout(60_000);

const shop = serverAndBrowser({ MIN_ORDER_CENTS: "100" }, (server) => {
  const sqlite = new Database(join(server.dir, "grocer.db"));
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.query("insert into promo_codes (code, kind, value) values ('FRESH10', 'percent', 10)").run();
  sqlite.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`search, add, change quantity, promo, place order, see the order and invoice (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));

    await signUpInBrowser(page, shop.server.url, { name: "Pat Pantry", email: `pat-${javaScriptEnabled ? "js" : "nojs"}@example.com`, password: "pantry-shelf-2026" });

    // Search from the header, add the first banana product from its card.
    const search = page.getByLabel("Search products");
    await search.fill("banan");
    await search.press("Enter");
    const card = page.locator(".product-card", { hasText: /Banana/ }).first();
    await card.waitFor();
    const name = (await card.locator("h3, .product-name").first().textContent())!.trim();
    await card.getByRole("button", { name: "Add to cart" }).click();
    if (javaScriptEnabled) await page.locator("#toast", { hasText: `to your cart.` }).waitFor();
    else await page.getByText(/to your cart\./).waitFor();
    await page.locator("#cart-count", { hasText: "1" }).waitFor();

    // Change the quantity on the cart page; totals come back from the shop.server.
    await page.getByRole("link", { name: /Cart/ }).click();
    await page.getByRole("heading", { name: "Your cart" }).waitFor();
    const quantity = page.getByLabel("Quantity");
    await quantity.fill("2");
    if (javaScriptEnabled) await quantity.dispatchEvent("change");
    else await page.getByRole("button", { name: "Update" }).click();
    await page.locator("#cart input[name=quantity][value='2']").waitFor();

    await page.getByLabel("Promo code").fill("fresh10");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("FRESH10").first().waitFor();
    await page.locator(".totals", { hasText: "Discount (FRESH10)" }).waitFor();

    await page.getByRole("link", { name: "Checkout" }).click();
    await page.getByLabel("Click & collect at the store").check();
    await page.getByRole("button", { name: /Place order/ }).click();
    const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
    await placed.waitFor();
    const orderNumber = /GR-\d{6}/.exec((await placed.textContent())!)![0];
    expect(await page.locator("tbody").textContent()).toContain(name);
    expect(await page.locator("#cart-count").textContent()).toBe("0");

    // The invoice is issued once the store hands the order over.
    await completeOrderOnBoard(shop.browser, shop.server.url, orderNumber, DEMO_ACCOUNTS.manager);
    await page.reload();
    await page.getByRole("link", { name: "Invoice" }).click();
    await page.locator(".invoice").waitFor();
    expect(await page.locator(".invoice").textContent()).toMatch(/Discount−€\d+\.\d{2}/);
    if (javaScriptEnabled) await page.screenshot({ path: join(shop.server.dir, "..", "grocer-invoice.png") });
    expect(errors).toEqual([]);
    await context.close();
  });
}
