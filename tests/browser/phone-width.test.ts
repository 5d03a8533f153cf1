import { expect, setDefaultTimeout, test } from "bun:test";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { logInStaffInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";
import { tooWide } from "../support/phone-width";

// No page scrolls sideways on a 360 px phone: every shopper and back-office page, with content.
setDefaultTimeout(180_000);

const PHONE = { width: 360, height: 740 };
const shop = serverAndBrowser();

test("shopper pages fit a 360 px screen", async () => {
  const context = await shop.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const anonymous = ["/", "/categories/fruit", "/categories/fruit?page=9", "/products/bananas-fairtrade", "/search?q=milk", "/search?q=chese", "/search?q=xyzzy", "/login", "/signup", "/sell", "/privacy", "/cart", "/offline"];
  expect(await tooWide(page, shop.server.url, anonymous)).toEqual([]);

  await page.goto(`${shop.server.url}/login`);
  await page.getByLabel("Email").fill(DEMO_ACCOUNTS.shopper.email);
  await page.getByLabel("Password").fill(DEMO_ACCOUNTS.shopper.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await page.goto(`${shop.server.url}/products/organic-whole-milk-1-l`);
  await page.locator(".product-facts").getByRole("button", { name: "Add to cart" }).click();
  await page.locator(".added-note").waitFor();
  await page.goto(`${shop.server.url}/orders`);
  const firstOrder = await page.locator("table a[href^='/orders/']").first().getAttribute("href");
  // The demo's completed orders have their invoice.
  const completedOrder = await page.locator("tr", { hasText: "Completed" }).locator("a[href^='/orders/']").first().getAttribute("href");
  const signedIn = ["/cart", "/checkout", "/orders", firstOrder!, `${firstOrder}?placed=1`, `${completedOrder}/invoice`, "/wishlist", "/account", "/account/two-factor", "/slots", "/notifications"];
  expect(await tooWide(page, shop.server.url, signedIn)).toEqual([]);
  await context.close();
});

test("back-office pages fit a 360 px screen", async () => {
  const context = await shop.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logInStaffInBrowser(page, shop.server.url, "admin@grocer.local", "admin-password-123");
  const pages = [
    "/manage",
    "/manage/products",
    "/manage/products/new",
    "/manage/products/1",
    "/manage/categories",
    "/manage/stock",
    "/manage/orders",
    "/manage/orders/picking",
    "/manage/picking",
    "/manage/promo-codes",
    "/manage/reports",
    "/manage/reports/payments",
    "/manage/reports/picking",
    "/manage/notifications",
    "/manage/slots",
    "/manage/zones",
    "/admin/people",
    "/admin/jobs",
    "/admin/audit",
    "/admin/outbox",
    "/admin/catalog",
  ];
  await page.goto(`${shop.server.url}/manage/orders`);
  const order = await page.locator("a[href^='/manage/orders/']").evaluateAll((links) => links.map((link) => link.getAttribute("href")!).find((href) => /^\/manage\/orders\/\d+$/.test(href)));
  pages.push(order!, `${order}/payment`);
  expect(await tooWide(page, shop.server.url, pages)).toEqual([]);
  await context.close();
});

test("the sales chart's date labels never collide and stay inside it, with ticks on both axes and a legend, at 360 and 1280 px", async () => {
  const context = await shop.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logInStaffInBrowser(page, shop.server.url, "admin@grocer.local", "admin-password-123");
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${shop.server.url}/manage/reports?bucket=day`);
    // The drawing shown at this width (the other one is hidden), measured by the browser's own text layout.
    const chart = await page.evaluate(() => {
      const svg = [...document.querySelectorAll<SVGSVGElement>("svg.chart[id^='chart-over-time']")].find((element) => element.getBoundingClientRect().width > 0)!;
      const box = svg.viewBox.baseVal;
      const dates = [...svg.querySelectorAll<SVGTextElement>(":scope > g:not(.chart-legend) > text.chart-label")].map((text) => text.getBBox()).map((b) => ({ left: b.x, right: b.x + b.width }));
      return {
        id: svg.id,
        viewWidth: box.width,
        shownWidth: svg.getBoundingClientRect().width,
        dates,
        ticks: svg.querySelectorAll("text.chart-tick").length,
        legend: [...svg.querySelectorAll(".chart-legend text")].map((text) => text.textContent),
      };
    });
    expect(chart.id).toBe(width === 360 ? "chart-over-time-narrow" : "chart-over-time");
    // Drawn at the size it is shown: its 12 px text is never scaled down.
    expect(chart.shownWidth).toBeGreaterThanOrEqual(chart.viewWidth - 1);
    expect(chart.dates.length).toBeGreaterThan(2);
    for (const [index, date] of chart.dates.entries()) {
      expect(date.left).toBeGreaterThanOrEqual(0);
      expect(date.right).toBeLessThanOrEqual(chart.viewWidth);
      if (index > 0) expect(date.left).toBeGreaterThan(chart.dates[index - 1]!.right);
    }
    expect(chart.ticks).toBeGreaterThanOrEqual(6);
    expect(chart.legend.join(" ")).toMatch(/Revenue.*Orders/);
  }
  await context.close();
});
