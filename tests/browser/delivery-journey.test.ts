import { expect, setDefaultTimeout, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { completeOrderOnBoard, reserveDeliverySlotInBrowser, signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";
import { sidewaysOverflow, tooWide } from "../support/phone-width";

/*
 * A shopper's delivery at 360 px, JavaScript on and off: an address in a zone, a slot, a basket,
 * checkout with the fee, the slot on the order page, a product added and the order moved to
 * another slot before the cut-off, the order locked once the cut-off has passed, and the invoice
 * of the delivered order: the delivery fee and the VAT lines adding up to the cent.
 */

/** "€1,234.56" → 123456. */
const cents = (text: string) => {
  const match = /(−|-)?€([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return (match[1] ? -1 : 1) * (Number(match[2]!.replaceAll(",", "")) * 100 + Number(match[3]));
};

setDefaultTimeout(120_000);

const shop = serverAndBrowser({ MIN_ORDER_CENTS: "0" });

for (const javaScriptEnabled of [true, false]) {
  test(`delivery journey at 360 px (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const base = shop.server.url;

    await signUpInBrowser(page, base, { name: "Dara Delivery", email: `dara-${javaScriptEnabled ? "js" : "nojs"}@example.com`, password: "delivery-van-2026" });

    // Delivery: an address in a zone, then a slot.
    const slotTime = await reserveDeliverySlotInBrowser(page, base);
    // The week grid fits a 360 px phone, and a 320 px one.
    expect(await tooWide(page, base, ["/slots?fulfilment=delivery"])).toEqual([]);
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await tooWide(page, base, ["/slots?fulfilment=delivery"])).toEqual([]);
    await page.setViewportSize({ width: 360, height: 780 });

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
    const checkoutSlot = (await page.locator("#checkout-slot").textContent())!;
    expect(checkoutSlot).toContain(slotTime);
    await page.getByRole("button", { name: /Place order/ }).click();
    const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
    await placed.waitFor();
    expect(await page.locator("#order-slot").textContent()).toContain(slotTime);
    const orderPath = new URL(page.url()).pathname;

    // Before the cut-off: add a product and move to another slot on the change page, see the difference, confirm.
    await page.getByRole("link", { name: "Change order" }).click();
    await page.getByRole("heading", { name: /Change order/ }).waitFor();
    expect(await sidewaysOverflow(page)).toBe("");
    const otherSlotLabel = page.locator("label:has(input[name=slot_id]:not(:checked))").first();
    const otherSlot = otherSlotLabel.locator("input");
    // The radio's name is the whole window, its day included: "Mon, 7 Dec, 10:00–12:00".
    const newSlotTime = (await otherSlotLabel.locator(".slot-time").textContent())!.replace(/\s+/g, " ").trim();
    expect(newSlotTime).not.toBe("");
    await page.getByLabel("Search the shop").fill("eggs");
    await page.getByRole("button", { name: "Find" }).click();
    const add = page.locator("input[name^=add_]:not([name=add_q]):not([disabled])").first();
    await add.waitFor();
    await add.fill("1");
    await otherSlot.check();
    await page.getByRole("button", { name: "See the difference" }).click();
    await page.locator("h1, .form-error").filter({ hasText: /Confirm the change|./ }).first().waitFor();
    const refused = page.locator(".form-error");
    if (await refused.count()) throw new Error(`change refused: ${await refused.textContent()}`);
    await page.getByRole("heading", { name: /Confirm the change/ }).waitFor();
    expect(await page.locator(".change-lines").textContent()).toMatch(/: add 1/);
    expect(await page.locator(".change-lines").textContent()).toContain(`Slot: ${newSlotTime}`);
    expect(await sidewaysOverflow(page)).toBe(""); // "€37.99 → €37.88 (−€0.11)" once widened it to 370 px
    if (javaScriptEnabled) await page.screenshot({ path: join(shop.server.dir, "..", "grocer-change-order-360.png"), fullPage: true });
    await page.getByRole("button", { name: "Confirm the change" }).click();
    await page.getByText(/is changed\./).waitFor();
    expect(new URL(page.url()).pathname).toBe(orderPath);
    expect(await page.locator("#order-slot").textContent()).toContain(newSlotTime);

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

    // Delivered: the invoice shows the slot, the delivery fee, and VAT lines that add up to the cent.
    const orderNumber = `GR-${String(orderId).padStart(6, "0")}`;
    await completeOrderOnBoard(shop.browser, base, orderNumber, DEMO_ACCOUNTS.manager);
    await page.goto(`${base}${orderPath}`);
    await page.getByRole("link", { name: "Invoice" }).click();
    const invoice = page.locator(".invoice");
    await invoice.waitFor();
    expect(await invoice.locator(".facts").textContent()).toContain(newSlotTime);
    const total = async (label: string) => cents((await invoice.locator("tr", { has: page.locator("th", { hasText: label }) }).last().textContent())!);
    const fee = await total("Delivery");
    expect(fee).toBeGreaterThan(0);
    const goods = await total("Goods");
    const invoiceTotal = await total("Total (VAT included)");
    const discount = (await invoice.locator("tr", { has: page.locator("th", { hasText: "Discount" }) }).count()) ? -(await total("Discount")) : 0;
    expect(goods - discount + fee).toBe(invoiceTotal);
    const vatRows = await invoice.locator(".vat-table tr.vat-line").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")));
    expect(vatRows.length).toBeGreaterThan(0);
    const rates = vatRows.map(([rate, net, vat, gross]) => ({ rate: rate!, net: cents(net!), vat: cents(vat!), gross: cents(gross!) }));
    for (const row of rates) expect(row.net + row.vat).toBe(row.gross);
    const [footNet, footVat, footGross] = (await invoice.locator(".vat-table tfoot td").allTextContents()).map(cents);
    expect(rates.reduce((sum, row) => sum + row.net, 0)).toBe(footNet!);
    expect(rates.reduce((sum, row) => sum + row.vat, 0)).toBe(footVat!);
    expect(rates.reduce((sum, row) => sum + row.gross, 0)).toBe(footGross!);
    expect(footGross).toBe(invoiceTotal);
    // The fee is on a line of its own, at its own rate (ADR 029/030: the delivery class).
    const feeLine = (await invoice.locator("tbody tr", { hasText: /Delivery/ }).first().textContent())!;
    expect(cents(feeLine)).toBe(fee);
    if (javaScriptEnabled) await page.screenshot({ path: join(shop.server.dir, "..", "grocer-delivery-invoice-360.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
}
