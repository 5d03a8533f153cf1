import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { launchBrowser, logInStaffInBrowser } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

// No page scrolls sideways on a 360 px phone: every shopper and back-office page, with content.
setDefaultTimeout(180_000);

const PHONE = { width: 360, height: 740 };
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  server?.cleanup();
});

/** The pages whose content is wider than the screen, with the widest element of each. */
async function tooWide(page: Page, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) {
    const response = await page.goto(`${server.url}${path}`);
    expect(`${path} ${response?.status()}`).toBe(`${path} 200`);
    await page.waitForLoadState("load");
    const [scrollWidth, innerWidth, culprit] = await page.evaluate(() => {
      let widest = "";
      let right = window.innerWidth;
      for (const element of document.querySelectorAll("body *")) {
        const box = element.getBoundingClientRect();
        if (box.right > right + 0.5 && !element.closest(".category-nav")) {
          right = box.right;
          widest = `${element.tagName.toLowerCase()}.${element.className}`;
        }
      }
      return [document.documentElement.scrollWidth, window.innerWidth, widest] as const;
    });
    if (scrollWidth > innerWidth) problems.push(`${path}: ${scrollWidth} px wide (${culprit})`);
  }
  return problems;
}

test("shopper pages fit a 360 px screen", async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const anonymous = ["/", "/categories/fruit", "/categories/fruit?page=9", "/products/bananas-fairtrade", "/search?q=milk", "/search?q=chese", "/search?q=xyzzy", "/login", "/signup", "/sell", "/privacy", "/cart"];
  expect(await tooWide(page, anonymous)).toEqual([]);

  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(DEMO_ACCOUNTS.shopper.email);
  await page.getByLabel("Password").fill(DEMO_ACCOUNTS.shopper.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await page.goto(`${server.url}/products/organic-whole-milk-1-l`);
  await page.locator(".product-facts").getByRole("button", { name: "Add to cart" }).click();
  await page.locator(".added-note").waitFor();
  await page.goto(`${server.url}/orders`);
  const firstOrder = await page.locator("table a[href^='/orders/']").first().getAttribute("href");
  // An invoice exists only once an order is completed: shop-layout's "the invoice fits" checks its width on a real one.
  const signedIn = ["/cart", "/checkout", "/orders", firstOrder!, "/wishlist", "/account"];
  expect(await tooWide(page, signedIn)).toEqual([]);
  await context.close();
});

test("back-office pages fit a 360 px screen", async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logInStaffInBrowser(page, server.url, "admin@grocer.local", "admin-password-123");
  const pages = [
    "/manage",
    "/manage/products",
    "/manage/products/new",
    "/manage/products/1",
    "/manage/categories",
    "/manage/stock",
    "/manage/orders",
    "/manage/promo-codes",
    "/manage/reports",
    "/manage/notifications",
    "/manage/slots",
    "/manage/zones",
    "/admin/people",
    "/admin/jobs",
    "/admin/outbox",
  ];
  expect(await tooWide(page, pages)).toEqual([]);
  await context.close();
});
