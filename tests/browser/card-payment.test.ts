import { afterAll, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";
import { startStripeDouble, TEST_CARDS, type StripeDouble } from "../support/stripe-double";

setDefaultTimeout(90_000);

/*
 * The card flow in a real browser at 360 px, JavaScript on and off: check out choosing card, pay on
 * the hosted page, come back to the order authorised. The hosted page is the Stripe TEST DOUBLE's
 * (tests/support/stripe-double.ts): Stripe itself cannot be reached from these machines (ADR 030);
 * the real server process talks to it through the official client, and it signs its webhooks with
 * the real library's helper to the server's endpoint.
 */

let stripe: StripeDouble | undefined;
const shop = serverAndBrowser(
  async () => {
    stripe = await startStripeDouble();
    return { PAYMENT_METHODS: "on_delivery,card", STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, MIN_ORDER_CENTS: "0" };
  },
  (server) => stripe!.sendWebhooksTo(`${server.url}/payments/stripe/webhook`),
);
afterAll(async () => {
  await stripe?.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`card: checkout, the hosted page, back to the order authorised at 360 px (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const base = shop.server.url;

    await signUpInBrowser(page, base, { name: "Cara Card", email: `cara-${javaScriptEnabled ? "js" : "nojs"}@example.com`, password: "pantry-shelf-2026" });

    const search = page.getByLabel("Search products");
    await search.fill("banan");
    await search.press("Enter");
    const card = page.locator(".product-card", { hasText: /Banana/ }).first();
    await card.waitFor();
    await card.getByRole("button", { name: "Add to cart" }).click();
    await page.locator("#cart-count", { hasText: "1" }).waitFor();

    await page.goto(`${base}/checkout`);
    await page.getByLabel("Click & collect at the store").check();
    await page.getByLabel("Pay by card now").check();
    await page.getByRole("button", { name: /Place order/ }).click();

    // The double's hosted page, on its own origin: no card number ever reaches the store.
    await page.waitForURL((url) => url.origin === stripe!.url && url.pathname.startsWith("/pay/cs_"));
    await page.getByText("Stripe test double").first().waitFor();
    await page.getByLabel("Card number").fill(TEST_CARDS.visa);
    await page.getByRole("button", { name: "Pay" }).click();

    // Back at the store: the order is placed, the card authorised, to be charged after picking.
    await page.waitForURL((url) => url.origin === base && /^\/orders\/\d+$/.test(url.pathname));
    const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
    await placed.waitFor();
    await page.getByText("Card authorised, charged after picking").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    const orderId = Number(/\/orders\/(\d+)/.exec(page.url())![1]);
    const intent = [...stripe!.intents.values()].find((made) => made.metadata.order_id === String(orderId))!;
    expect(intent).toMatchObject({ status: "requires_capture", capture_method: "manual" });
    // The page states the hold Stripe has: the most the order may cost.
    expect(await page.locator("main").textContent()).toContain(`authorised €${(intent.amount / 100).toFixed(2)}`);
    if (!javaScriptEnabled) await page.screenshot({ path: join(shop.server.dir, "..", "grocer-card-authorised-360.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
}
