import { expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";

setDefaultTimeout(90_000);

/*
 * A shopper on a phone (360 px), JavaScript on and off, sets "no substitutes" as their account's
 * default, then allows one for a cart line with a note for the picker. With JavaScript the forms
 * swap their section or the cart in place; without, each is a POST answered with a 303.
 */

const shop = serverAndBrowser({ MIN_ORDER_CENTS: "100" });
const SHOTS = process.env.SHOTS_DIR;

for (const javaScriptEnabled of [true, false]) {
  test(`a shopper sets their substitution wishes at 360 px (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const { browser, server } = shop;
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const navigations: string[] = [];
    // Page loads, not history entries: htmx 4 stamps the page's history entry (replaceState) on its
    // first request, which Playwright also reports as a same-document "framenavigated".
    page.on("request", (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations.push(request.url());
    });
    await signUpInBrowser(page, server.url, { name: "Sam Swap", email: `sam-swap-${javaScriptEnabled ? "js" : "nojs"}@example.com`, password: "pantry-shelf-2026" });

    await page.goto(`${server.url}/account`);
    const section = page.locator("#substitutes");
    await section.getByLabel("No substitutes").check();
    let before = navigations.length;
    await section.getByRole("button", { name: "Save" }).click();
    if (!javaScriptEnabled) await page.getByText("Your substitution choice is saved.").waitFor();
    await expect(page.locator("#substitutes").getByLabel("No substitutes").isChecked()).resolves.toBe(true);
    if (javaScriptEnabled) expect(navigations.length).toBe(before); // swapped in place
    await page.reload();
    expect(await page.locator("#substitutes").getByLabel("No substitutes").isChecked()).toBe(true);

    for (const slug of ["organic-whole-milk-1-l", "bananas-fairtrade"]) {
      await page.goto(`${server.url}/products/${slug}`);
      const form = page.locator("form[id^='add-']").first();
      await form.getByRole("button", { name: "Add to cart" }).click();
      await page.getByText(/to your cart\./).first().waitFor();
    }
    await page.goto(`${server.url}/cart`);
    const milk = page.locator("#cart tr", { hasText: "Organic Whole Milk" });
    await milk.locator("summary", { hasText: "No substitute" }).click(); // the account's default
    await milk.getByLabel("Allow a substitute").check();
    await milk.getByLabel("Note for the picker").fill("semi-skimmed is fine");
    before = navigations.length;
    await milk.getByRole("button", { name: "Save" }).click();
    await page.locator("#cart tr", { hasText: "Organic Whole Milk" }).locator("summary", { hasText: "Substitute OK · “semi-skimmed is fine”" }).waitFor();
    if (javaScriptEnabled) expect(navigations.length).toBe(before);
    else await page.getByText("Saved: a substitute is OK for that line.").waitFor();
    expect(await page.locator("#cart tr", { hasText: "Bananas" }).locator("summary").textContent()).toBe("No substitute");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    if (javaScriptEnabled && SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.locator("#cart tr", { hasText: "Bananas" }).locator("summary").click();
      await page.screenshot({ path: `${SHOTS}/cart-substitutes-360.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${SHOTS}/cart-substitutes-1280.png`, fullPage: true });
      await page.goto(`${server.url}/account`);
      await page.locator("#substitutes").screenshot({ path: `${SHOTS}/account-substitutes-1280.png` });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.locator("#substitutes").screenshot({ path: `${SHOTS}/account-substitutes-360.png` });
    }
    expect(errors).toEqual([]);
    await context.close();
  });
}
