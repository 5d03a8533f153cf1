import { expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { serverAndBrowser } from "../support/browser-server";

// htmx is run on the shopper's first sign of intent, not with the page (public/app.js, ADR 073):
// a press that comes before it is ready is played again once it is, exactly once, and a page whose
// htmx cannot load still works as plain forms.
setDefaultTimeout(60_000);

const shop = serverAndBrowser();
const PHONE = { width: 390, height: 844 };

const kiwis = (page: Page) => page.locator("article", { hasText: "Kiwis (Hayward)" });
/** The card's "−" sets the line one step lower: 0 when exactly one step is in the cart. */
const lessThanInCart = (page: Page) => kiwis(page).locator(".card-stepper input[name='quantity']").first().inputValue();

test("an aisle loads without htmx; a press straight away adds once and stays on the page", async () => {
  const context = await shop.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(`${shop.server.url}/categories/fruit`, { waitUntil: "load" });
  expect(await page.evaluate(() => "htmx" in window)).toBe(false);
  await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));

  await kiwis(page).getByRole("button", { name: "Add to cart" }).tap();
  await kiwis(page).locator(".card-stepper").waitFor();
  expect(await lessThanInCart(page)).toBe("0");
  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
  expect(await page.evaluate(() => "htmx" in window)).toBe(true);
  expect(await page.locator("#cart-count").textContent()).toBe("1");
  expect(errors).toEqual([]);
  await context.close();
});

test("when htmx cannot load, the same press posts the plain form and the shopper lands back on the aisle", async () => {
  const context = await shop.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.route("**/static/vendor/htmx-*", (route) => route.abort());
  await page.goto(`${shop.server.url}/categories/fruit`, { waitUntil: "load" });
  await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));
  await kiwis(page).getByRole("button", { name: "Add to cart" }).click();
  // The plain form's answer: back on the aisle, a new page with the message and the card's control.
  await page.waitForFunction(() => !(window as unknown as { stayedHere?: boolean }).stayedHere && document.readyState === "complete");
  await kiwis(page).locator(".card-stepper").waitFor();
  expect(await lessThanInCart(page)).toBe("0");
  await page.getByText("to your cart").first().waitFor();
  await context.close();
});
