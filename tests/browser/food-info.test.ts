import { expect, test } from "bun:test";
import { serverAndBrowser } from "../support/browser-server";
import { sidewaysOverflow } from "../support/phone-width";

/*
 * A shopper with a milk allergy on a phone (360 px), JavaScript on and off: filters the dairy aisle
 * to "free from milk", opens a product, reads its allergens and nutrition table.
 */

const shop = serverAndBrowser();
const SHOTS = process.env.SCREENSHOTS_DIR;

for (const javaScript of [true, false]) {
  test(`free from milk on a 360 px phone, JavaScript ${javaScript ? "on" : "off"}`, async () => {
    const context = await shop.browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${shop.server.url}/categories/dairy-eggs`);
    await page.getByText("Free from and dietary filters").click();
    await page.getByRole("checkbox", { name: "milk" }).check();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/aisle-filter-360-js-${javaScript ? "on" : "off"}.png`, fullPage: false });
    await page.getByRole("button", { name: "Show products" }).click();
    await page.waitForURL((url) => url.searchParams.getAll("free_from").includes("milk"));
    await page.getByText("Showing:").waitFor();

    const names = await page.locator(".product-card .product-name").allTextContents();
    expect(names.map((name) => name.trim())).toContain("Oat Drink (unsweetened) 1 l");
    expect(names.map((name) => name.trim())).toContain("Free-Range Eggs (size M)");
    expect(names.some((name) => /Milk|Butter|Yoghurt|Cream|Quark|Skyr/.test(name) && !name.includes("Oat"))).toBe(false);
    // Nothing on the page is wider than the phone.
    expect(await sidewaysOverflow(page)).toBe("");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/aisle-free-from-milk-360-js-${javaScript ? "on" : "off"}.png`, fullPage: true });

    await page.getByRole("link", { name: "Oat Drink (unsweetened) 1 l" }).first().click();
    await page.getByRole("heading", { name: "Food information" }).waitFor();
    const allergens = page.locator("#allergens + *");
    expect(await allergens.textContent()).toContain("Contains: Cereals containing gluten");
    expect(await page.locator(".ingredients strong.allergen").first().textContent()).toBe("oats");
    const table = page.getByRole("table");
    expect(await table.locator("thead").textContent()).toContain("Per 100 ml");
    const rows = await table.locator("tbody tr").allTextContents();
    expect(rows).toContain("Energy188 kJ / 45 kcal");
    expect(rows).toContain("Fat1.5 g");
    expect(rows).toContain("of which sugars4 g");
    expect(rows).toContain("Salt0.1 g");
    expect(await page.locator(".product-facts .product-price .unit-price").first().textContent()).toBe("1 l · €1.99 / l");
    expect(await sidewaysOverflow(page)).toBe("");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/product-oat-drink-360-js-${javaScript ? "on" : "off"}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
}

test("the same pages at 1280 px", async () => {
  const context = await shop.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${shop.server.url}/categories/snacks-sweets?free_from=milk&free_from=peanuts&diet=vegan`);
  await page.getByText("Showing:").waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/aisle-filtered-1280.png`, fullPage: true });
  await page.goto(`${shop.server.url}/products/unsalted-butter-250-g`);
  await page.getByRole("heading", { name: "Food information" }).waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/product-butter-1280.png`, fullPage: true });
  await page.goto(`${shop.server.url}/search?q=chocolate&free_from=milk`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-1280.png`, fullPage: true });
  expect(await page.locator(".active-filters").textContent()).toContain("Free from milk");
  await context.close();
}, 60_000);
