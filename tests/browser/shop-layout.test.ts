import { expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { completeOrderOnBoard, signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";
import { sidewaysOverflow } from "../support/phone-width";

// How the storefront looks and behaves in a real browser, at desktop and phone widths.
setDefaultTimeout(60_000);

const shop = serverAndBrowser();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1200, height: 900 };

function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    // A refused quantity answers 422 on purpose; the browser logs that as a failed resource.
    if (message.type() === "error" && !message.text().includes("status of 422")) errors.push(message.text());
  });
  return errors;
}

let shoppers = 0;
async function signUp(page: Page) {
  shoppers += 1;
  await signUpInBrowser(page, shop.server.url, { name: `Layout Shopper ${shoppers}`, email: `layout-${shoppers}-${Date.now()}@example.com`, password: "pantry-shelf-2026" });
}

async function addFromProductPage(page: Page, slug: string, quantity: string) {
  await page.goto(`${shop.server.url}/products/${slug}`);
  await page.getByLabel("Quantity").fill(quantity);
  await page.locator(".product-facts").getByRole("button", { name: "Add to cart" }).click();
  await page.locator("#toast", { hasText: "to your cart." }).waitFor();
}

/** WCAG contrast ratio of two computed "rgb(r, g, b)" colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((part) => {
      const value = Number(part) / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

test("pages render in standards mode, and htmx swaps on the cart page log no errors", async () => {
  const context = await shop.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const errors = watchErrors(page);
  for (const path of ["/", "/categories/fruit", "/products/bananas-fairtrade", "/search?q=milk", "/cart", "/login"]) {
    await page.goto(`${shop.server.url}${path}`);
    expect(`${path}: ${await page.evaluate(() => document.compatMode)}`).toBe(`${path}: CSS1Compat`);
  }
  await addFromProductPage(page, "bananas-fairtrade", "1");
  await page.goto(`${shop.server.url}/cart`);
  // htmx wires up swapped-in content (the new Quantity box's change trigger) only after the swap
  // settles, a task after the new HTML is visible; each request's htmx:finally:request comes after that.
  await page.evaluate(() => {
    const w = window as unknown as { requestsDone: number };
    w.requestsDone = 0;
    document.addEventListener("htmx:finally:request", () => (w.requestsDone += 1));
  });
  // A refused code (422), then another swap of the same cart.
  for (const [i, code] of ["", "nope"].entries()) {
    await page.getByLabel("Promo code").fill(code);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator("#promo-error").waitFor();
    await page.waitForFunction((done) => (window as unknown as { requestsDone: number }).requestsDone >= done, i + 1);
  }
  const quantity = page.getByLabel("Quantity");
  await quantity.fill("2");
  await quantity.dispatchEvent("change");
  await page.locator("#cart input[name=quantity][value='2']").waitFor();
  await page.waitForFunction(() => (window as unknown as { requestsDone: number }).requestsDone >= 3);
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await page.getByRole("heading", { name: "Your cart is empty" }).waitFor();
  expect(await page.locator("#cart-count").textContent()).toBe("0");
  expect(errors).toEqual([]);
  await context.close();
});

test("on a desktop every aisle in the header is in view", async () => {
  const context = await shop.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(shop.server.url);
  const aisles = await page.locator(".category-nav a").all();
  expect(aisles.length).toBeGreaterThan(10);
  for (const aisle of aisles) {
    const box = (await aisle.boundingBox())!;
    expect(`${await aisle.textContent()} ${box.x + box.width <= DESKTOP.width}`).toBe(`${await aisle.textContent()} true`);
  }
  await context.close();
});

test("search as you type gives the tab and the history entry the search's title", async () => {
  const context = await shop.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(shop.server.url); // htmx comes with the first key (public/app.js)
  await page.getByLabel("Search products").pressSequentially("banan", { delay: 40 });
  await page.getByRole("heading", { name: "Results for “banan”" }).waitFor();
  await page.waitForFunction(() => document.title === "Search: banan · Grocer");
  await page.getByLabel("Search products").pressSequentially("as", { delay: 40 });
  await page.getByRole("heading", { name: "Results for “bananas”" }).waitFor();
  await page.waitForFunction(() => document.title === "Search: bananas · Grocer");
  await context.close();
});

test("on a phone the cart shows each line's total and Remove without scrolling sideways, and the invoice fits", async () => {
  const context = await shop.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signUp(page);
  await addFromProductPage(page, "bananas-fairtrade", "3");
  await addFromProductPage(page, "organic-whole-milk-1-l", "1");
  await page.goto(`${shop.server.url}/cart`);
  for (const locator of [page.getByRole("button", { name: "Remove", exact: true }), page.locator(".cart-table td.money")]) {
    for (const box of await Promise.all((await locator.all()).map((element) => element.boundingBox()))) {
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    }
  }
  await page.screenshot({ path: `${shop.server.dir}/../grocer-cart-phone.png` });

  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Click & collect at the store").check();
  await page.getByRole("button", { name: /Place order/ }).click();
  const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
  await placed.waitFor();
  await completeOrderOnBoard(shop.browser, shop.server.url, /GR-\d{6}/.exec((await placed.textContent())!)![0], DEMO_ACCOUNTS.manager);
  await page.reload();
  await page.getByRole("link", { name: "Invoice" }).click();
  const lines = page.locator(".invoice-lines");
  const [scrollWidth, clientWidth] = await lines.evaluate((element) => [element.scrollWidth, element.clientWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth!);
  // Amounts stay on one line ("−" or "€" never left alone on a line of their own).
  const linesPerAmount = await page.locator(".invoice tfoot .money").evaluateAll((cells) =>
    cells.map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    }),
  );
  expect(linesPerAmount.length).toBeGreaterThan(0);
  expect(linesPerAmount.every((count) => count === 1)).toBe(true);
  // The narrowest phone too: neither the lines nor the page scroll sideways.
  await page.setViewportSize({ width: 360, height: PHONE.height });
  expect(await lines.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
  expect(await sidewaysOverflow(page)).toBe("");
  await context.close();
});

test("notice boxes keep their padding, and badges and text boxes have enough contrast", async () => {
  const context = await shop.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await addFromProductPage(page, "organic-whole-milk-1-l", "1");
  await page.goto(`${shop.server.url}/cart`);
  // Below the minimum order: the yellow notice says how much to add, inside its box.
  const notice = page.locator("#cart .notice");
  await notice.waitFor();
  expect(await notice.evaluate((element) => getComputedStyle(element).paddingLeft)).not.toBe("0px");

  const style = (selector: string, properties: string[]) =>
    page.locator(selector).first().evaluate((element, names) => names.map((name) => getComputedStyle(element).getPropertyValue(name)), properties);
  const [quantityBorder] = await style("#cart input[name=quantity]", ["border-top-color"]);
  const [promoBorder] = await style("#promo-code", ["border-top-color"]);
  expect(contrast(quantityBorder!, "rgb(255, 255, 255)")).toBeGreaterThanOrEqual(3);
  expect(contrast(promoBorder!, "rgb(255, 255, 255)")).toBeGreaterThanOrEqual(3);

  await page.goto(`${shop.server.url}/`);
  const [searchBorder] = await style("#search-q", ["border-top-color"]);
  expect(contrast(searchBorder!, "rgb(255, 255, 255)")).toBeGreaterThanOrEqual(3);
  for (const badge of [".badge-in", ".badge-low", ".badge-out"]) {
    await page.goto(`${shop.server.url}/categories/fruit`);
    if ((await page.locator(badge).count()) === 0) continue;
    const [color, background] = await style(badge, ["color", "background-color"]);
    expect(`${badge} ${contrast(color!, background!).toFixed(2)}`).toMatch(/ (4\.[5-9]|[5-9]\.|\d\d)/);
  }
  expect(await page.locator(".badge-low").count()).toBeGreaterThan(0);
  await context.close();
});

test("on a phone the 'added' message covers neither the card's −/+ control nor the product page's quantity box and button", async () => {
  const context = await shop.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signUp(page);
  type Box = { x: number; y: number; width: number; height: number };
  const overlaps = (a: Box, b: Box) => a.width > 1 && a.height > 1 && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const covered = async (selectors: string[]) => {
    const toast = (await page.locator("#toast").boundingBox())!;
    const hits: string[] = [];
    for (const selector of selectors) {
      for (const box of await Promise.all((await page.locator(selector).all()).map((element) => element.boundingBox()))) if (box && overlaps(toast, box)) hits.push(selector);
    }
    return hits;
  };
  await addFromProductPage(page, "bananas-fairtrade", "1");
  expect(await covered([".product-facts input[name='quantity']", ".product-facts button"])).toEqual([]);

  await page.goto(`${shop.server.url}/categories/fruit`);
  const card = page.locator("article", { hasText: "Kiwis (Hayward)" });
  await card.getByRole("button", { name: "Add to cart" }).click();
  await page.locator("#toast", { hasText: "to your cart." }).waitFor();
  await card.locator(".card-stepper").waitFor();
  expect(await covered([".card-stepper", ".card-stepper button", "form[id^='card-cart-'] button"])).toEqual([]);
  await context.close();
});

test("a card's picture is one of its PNG renditions, and an out-of-stock card's button lines up with its row's", async () => {
  for (const viewport of [DESKTOP, { width: 360, height: 740 }]) {
    const page = await shop.browser.newPage({ viewport });
    await page.goto(`${shop.server.url}/categories/fruit`);
    const first = page.locator(".product-card img").first();
    await first.evaluate((image: HTMLImageElement) => (image.complete ? null : new Promise((done) => image.addEventListener("load", done, { once: true }))));
    expect(await first.evaluate((image: HTMLImageElement) => /\/\d+w\.png$/.test(image.currentSrc) && image.naturalWidth > 0)).toBe(true);
    // The demo's Clementines are out of stock: their button sits where the cards beside them have theirs.
    const buttons = await page.locator(".product-card").evaluateAll((cards) =>
      cards.map((card) => ({ cardTop: Math.round(card.getBoundingClientRect().top), buttonTop: Math.round(card.querySelector("form[action='/cart/items'] button")!.getBoundingClientRect().top), out: card.textContent!.includes("Notify me") })),
    );
    const outOfStock = buttons.find((card) => card.out)!;
    const row = buttons.filter((card) => card.cardTop === outOfStock.cardTop);
    expect(row.length).toBeGreaterThan(1);
    expect(new Set(row.map((card) => card.buttonTop)).size).toBe(1);
    await page.close();
  }
});
