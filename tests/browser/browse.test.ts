import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { serverAndBrowser } from "../support/browser-server";

const shop = serverAndBrowser();

function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

test("search as you type: results appear without a reload and the URL follows (JavaScript on)", async () => {
  const context = await shop.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(shop.server.url);
  // htmx comes with the first sign of intent (public/app.js): typing straight after the load is enough.
  expect(await page.evaluate(() => "htmx" in window)).toBe(false);
  // A marker that a full page load would wipe out.
  await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));

  await page.getByLabel("Search products").pressSequentially("banan", { delay: 40 });
  await page.getByRole("heading", { name: "Results for “banan”" }).waitFor();
  await page.locator(".product-card", { hasText: "Bananas (Fairtrade)" }).first().waitFor();
  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
  await page.waitForURL((url) => url.pathname === "/search" && url.searchParams.get("q") === "banan");

  // Keep typing on the search page: only the results are swapped.
  await page.getByLabel("Search products").pressSequentially("as f", { delay: 40 });
  await page.getByRole("heading", { name: "Results for “bananas f”" }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
  expect(await page.locator("#search-results").count()).toBe(1);

  // The sort choice applies at once, still without a reload.
  await page.getByLabel("Search products").fill("");
  await page.getByLabel("Search products").pressSequentially("milk", { delay: 40 });
  await page.getByRole("heading", { name: "Results for “milk”" }).waitFor();
  await page.getByLabel("Sort by").selectOption("price-asc");
  await page.waitForURL((url) => url.searchParams.get("sort") === "price-asc");
  await page.locator(".product-price").first().waitFor();
  const prices = await page.locator("#search-results .product-price").allTextContents();
  const cents = prices.map((text) => Number(text.match(/(\d+)\.(\d{2})/)!.slice(1).join("")));
  expect(cents.length).toBeGreaterThan(1);
  expect(cents).toEqual([...cents].sort((a, b) => a - b));
  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);

  // Into a product page: Quantity stepper in the product's step.
  await page.getByLabel("Search products").fill("bananas");
  await page.getByRole("link", { name: "Bananas (Fairtrade)" }).first().click();
  await page.waitForURL((url) => url.pathname === "/products/bananas-fairtrade");
  const quantity = page.getByLabel("Quantity");
  expect(await quantity.getAttribute("step")).toBe("0.25");
  expect(await page.getByRole("button", { name: "Add to cart" }).count()).toBeGreaterThan(0);
  await page.screenshot({ path: `${shop.server.dir}/../grocer-product.png` });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test("search and browse with JavaScript off: the form submits, pages and sort links work", async () => {
  const context = await shop.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(shop.server.url);
  await page.getByLabel("Search products").fill("banan");
  await page.getByLabel("Search products").press("Enter");
  await page.getByRole("heading", { name: "Results for “banan”" }).waitFor();
  expect(new URL(page.url()).searchParams.get("q")).toBe("banan");
  expect(await page.locator(".product-card", { hasText: "Bananas (Fairtrade)" }).count()).toBe(1);

  // The filter form submits with its button.
  await page.getByLabel("Sort by").selectOption("price-desc");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "price-desc");

  // An aisle: sort links and page links are plain links.
  await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Pantry" }).click();
  await page.getByRole("heading", { name: "Pantry", level: 1 }).waitFor();
  await page.getByRole("link", { name: "Price: low to high" }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "price-asc");
  const next = page.getByRole("link", { name: "Next →" });
  if ((await next.count()) > 0) {
    await next.click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2");
    expect(await page.locator(".product-card").count()).toBeGreaterThan(0);
  }
  await context.close();
}, 60_000);
