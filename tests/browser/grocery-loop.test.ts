import { afterAll, expect, setDefaultTimeout, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { logInStaffInBrowser, reserveDeliverySlotInBrowser, signUpInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";
import { startStripeDouble, TEST_CARDS, type StripeDouble } from "../support/stripe-double";

setDefaultTimeout(180_000);

/*
 * The whole grocery loop at 360 px, for both payment methods, JavaScript on and off (issue 20,
 * "Checked by"): book a delivery slot, check out, pay (card: on the hosted page of the Stripe TEST
 * DOUBLE, tests/support/stripe-double.ts, not Stripe, ADR 030), staff pick with a weighed chicken, a
 * substitute for the oat drink and soda bread short, the card captured, out for delivery, the
 * substitute refused at the door and refunded, handed over. Then every money figure read from the
 * real pages (the shopper's order page, the invoice, the payments report) and the emails in the
 * outbox agrees with the ledger rows in the database to the cent.
 */

/** "€1,234.56" → 123456 (the first amount in the text). */
const cents = (text: string) => {
  const match = /(−|-)?€([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return (match[1] ? -1 : 1) * (Number(match[2]!.replaceAll(",", "")) * 100 + Number(match[3]));
};
const euros = (amount: number) => `€${(amount / 100).toFixed(2)}`;

let stripe: StripeDouble | undefined;
const shop = serverAndBrowser(
  async () => {
    stripe = await startStripeDouble();
    return { PAYMENT_METHODS: "on_delivery,card", STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, MIN_ORDER_CENTS: "0" };
  },
  (server) => {
    stripe!.sendWebhooksTo(`${server.url}/payments/stripe/webhook`);
    const sqlite = new Database(join(server.dir, "grocer.db"));
    sqlite.exec("PRAGMA busy_timeout = 5000");
    const aisle = sqlite.query("insert into categories (name, slug, status, walk_order) values ('Loop Aisle', 'loop-aisle', 'active', 1) returning id").get() as { id: number };
    const add = sqlite.query(
      "insert into products (name, slug, category_id, price_cents, price_per_kg_cents, estimated_weight_g, unit, step, stock) values (?, ?, ?, ?, ?, ?, 'each', 1000, 50000)",
    );
    add.run("Loop Chicken", "loop-chicken", aisle.id, 899, 749, 1200);
    add.run("Loop Oat Drink", "loop-oat-drink", aisle.id, 219, null, null);
    add.run("Loop Rice Drink", "loop-rice-drink", aisle.id, 199, null, null);
    add.run("Loop Soda Bread", "loop-soda-bread", aisle.id, 250, null, null);
    // A small basket may be delivered: the zone's minimum is not what this test is about.
    sqlite.query("update delivery_zones set minimum_basket_cents = 0").run();
    sqlite.close();
  },
);
afterAll(async () => {
  await stripe?.close();
});

type LedgerRow = { kind: string; status: string; method: string; amount: number };
function query<T>(sql: string, ...params: (string | number)[]): T[] {
  const sqlite = new Database(join(shop.server.dir, "grocer.db"), { readonly: true });
  sqlite.exec("PRAGMA busy_timeout = 5000");
  try {
    return sqlite.query(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}
const stateOf = (orderId: number) => query<{ state: string }>("select state from orders where id = ?", orderId)[0]?.state;
const ledgerOf = (orderId: number) => query<LedgerRow>("select kind, status, method, amount_cents as amount from payment_ledger where order_id = ? order by id", orderId);

/** Waits until the server's job worker has written the row `read` looks for (the test's timeout bounds it). */
async function until<T>(read: () => T | undefined): Promise<T> {
  for (let value = read(); ; value = read()) {
    if (value !== undefined) return value;
    await Bun.sleep(25);
  }
}

/** The payments report's headline: net, taken, refunded (cents), as the page shows them. */
async function reportFigures(page: Page, base: string) {
  await page.goto(`${base}/manage/reports/payments`);
  const line = (await page.locator("#payments-taken + p, #payments-taken ~ p").first().textContent())!;
  const amounts = [...line.matchAll(/−?€[\d,]+\.\d{2}/g)].map((match) => cents(match[0]));
  return { net: amounts[0]!, taken: amounts[1]!, refunded: amounts[2]! };
}

async function staffPage(browser: Browser, base: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await logInStaffInBrowser(page, base, DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password);
  return { page, context };
}

const cases = [
  { method: "card", javaScriptEnabled: true },
  { method: "card", javaScriptEnabled: false },
  { method: "on_delivery", javaScriptEnabled: true },
  { method: "on_delivery", javaScriptEnabled: false },
] as const;

for (const { method, javaScriptEnabled } of cases) {
  test(`the grocery loop at 360 px, ${method === "card" ? "card on the hosted page" : "pay on delivery"} (JavaScript ${javaScriptEnabled ? "on" : "off"}): every figure agrees with the ledger`, async () => {
    const { browser } = shop;
    const base = shop.server.url;
    const email = `lee-${method}-${javaScriptEnabled ? "js" : "nojs"}@example.com`;
    const staff = await staffPage(browser, base, javaScriptEnabled);
    const before = await reportFigures(staff.page, base);

    // The shopper: an account, an address in a zone, a slot, a basket, checkout.
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    staff.page.on("pageerror", (error) => errors.push(String(error)));
    await signUpInBrowser(page, base, { name: "Lee Loop", email, password: "pantry-shelf-2026" });
    await reserveDeliverySlotInBrowser(page, base);
    for (const [slug, quantity] of [["loop-chicken", "1"], ["loop-oat-drink", "1"], ["loop-soda-bread", "2"]] as const) {
      await page.goto(`${base}/products/${slug}`);
      const form = page.locator("form[id^='add-']").first();
      await form.getByLabel("Quantity").fill(quantity);
      await form.getByRole("button", { name: "Add to cart" }).click();
      await page.getByText(/to your cart\./).first().waitFor();
    }
    await page.goto(`${base}/checkout`);
    await page.getByLabel(method === "card" ? "Pay by card now" : "Pay on delivery or collection").check();
    await page.getByRole("button", { name: /Place order/ }).click();
    if (method === "card") {
      await page.waitForURL((url) => url.origin === stripe!.url && url.pathname.startsWith("/pay/cs_"));
      await page.getByLabel("Card number").fill(TEST_CARDS.visa);
      await page.getByRole("button", { name: "Pay" }).click();
      await page.waitForURL((url) => url.origin === base && /^\/orders\/\d+$/.test(url.pathname));
      await page.getByText("Card authorised, charged after picking").waitFor();
    }
    const placed = page.getByText(/Thank you! Your order GR-\d{6} is placed\./);
    await placed.waitFor();
    const orderNumber = /GR-\d{6}/.exec((await placed.textContent())!)![0];
    const orderId = Number(orderNumber.slice(3));
    const orderPath = `/orders/${orderId}`;
    const { slot: slotId, fee } = query<{ slot: number; fee: number }>("select slot_window_id as slot, delivery_fee_cents as fee from orders where id = ?", orderId)[0]!;
    expect(fee).toBeGreaterThan(0);

    // Staff pick on the phone: the chicken weighed (1.25 kg × €7.49 = €9.36), one soda bread of two, rice drink for the oat drink.
    const picker = staff.page;
    await picker.goto(`${base}/manage/picking?slot=${slotId}`);
    const card = picker.locator(".pick-order", { hasText: orderNumber });
    await card.getByRole("button", { name: "Start picking" }).click();
    await card.locator(".status-badge", { hasText: "Being picked" }).waitFor();
    const line = (name: string) => picker.locator(".pick-line", { hasText: orderNumber }).filter({ hasText: name });
    await line("Loop Chicken").getByLabel("Weight (kg)").fill("1.25");
    await line("Loop Chicken").getByRole("button", { name: "Picked" }).click();
    await line("Loop Chicken").locator(".pick-line-record", { hasText: "Picked 1, 1.25 kg" }).waitFor();
    await line("Loop Soda Bread").getByLabel("Picked").fill("1");
    await line("Loop Soda Bread").getByRole("button", { name: "Picked" }).click();
    await line("Loop Soda Bread").locator(".pick-line-record", { hasText: "Short: 1 of 2" }).waitFor();
    await line("Loop Oat Drink").getByRole("link", { name: "Substitute…" }).click();
    await picker.getByLabel("Name or barcode").fill("rice");
    if (!javaScriptEnabled) await picker.getByRole("button", { name: "Search" }).click();
    await picker.getByRole("button", { name: "Use Loop Rice Drink" }).click();
    await line("Loop Oat Drink").locator(".pick-line-record", { hasText: "substitute: Loop Rice Drink 1" }).waitFor();
    expect(await picker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await card.getByRole("button", { name: /Finish/ }).click();
    const pickedNote = picker.getByText(new RegExp(`${orderNumber} is picked: the shopper pays €[\\d.,]+\\.`));
    await pickedNote.waitFor();
    const dueWhenPicked = cents((await pickedNote.textContent())!);
    expect(dueWhenPicked).toBe(936 + 250 + 199 + fee);
    // The picked email is built from the order when its job runs (src/picking/emails.ts), so it is
    // awaited before the door changes the order: otherwise a slow queue mails the amount after the refusal.
    await until(() => query<{ id: number }>("select id from outbox_messages where \"to\" = ? and subject like ?", email, `Order ${orderNumber} is picked%`)[0]);

    // Card: captured for what was picked by the payments job (the server's worker).
    if (method === "card") {
      await until(() => ledgerOf(orderId).find((row) => row.kind === "capture" && row.status === "succeeded"));
    }

    // Out for delivery; at the door the rice drink is refused: off the bill, refunded on the card.
    await picker.goto(`${base}/manage/orders`);
    await picker.locator("tr", { hasText: orderNumber }).getByRole("button", { name: /Out for delivery/ }).click();
    // With JavaScript the row is swapped in place (no navigation to wait for): wait for the order itself.
    await until(() => stateOf(orderId) === "out_for_delivery" || undefined);
    await picker.goto(`${base}/manage/orders/${orderId}`);
    await picker.locator(".picked-substitute", { hasText: "Loop Rice Drink" }).getByRole("button", { name: "Refused at the door" }).click();
    const refusedNote = picker.getByText(/Substitute taken off the bill: the shopper now pays €[\d.,]+\./);
    await refusedNote.waitFor();
    const due = cents((await refusedNote.textContent())!);
    expect(due).toBe(dueWhenPicked - 199);
    if (method === "on_delivery") {
      // Paid at the door, on the card terminal, exactly what is due.
      await picker.goto(`${base}/manage/orders/${orderId}/payment`);
      await picker.getByLabel("Card terminal").check();
      await picker.getByLabel("Amount taken").fill((due / 100).toFixed(2));
      await picker.getByRole("button", { name: "Record payment" }).click();
      await picker.locator("#payment-ledger").waitFor();
    }
    await picker.goto(`${base}/manage/orders`);
    await picker.locator("tr", { hasText: orderNumber }).getByRole("button", { name: "Mark completed" }).click();
    // Completing issues the invoice in the same atomic unit: the shopper's page below links to it.
    await until(() => query<{ id: number }>("select id from invoices where order_id = ? and kind = 'invoice'", orderId)[0]);
    expect(stateOf(orderId)).toBe("completed");

    // The ledger: what was taken less what was refunded is exactly what is due.
    const ledger = ledgerOf(orderId);
    const settled = ledger.filter((row) => row.status === "succeeded");
    const taken = settled.filter((row) => row.kind === "capture" || row.kind === "collection").reduce((sum, row) => sum + row.amount, 0);
    const refunded = settled.filter((row) => row.kind === "refund").reduce((sum, row) => sum + row.amount, 0);
    if (method === "card") {
      expect(settled.map((row) => [row.kind, row.amount])).toEqual([
        ["authorisation", settled[0]!.amount],
        ["capture", dueWhenPicked],
        ["refund", 199],
      ]);
      expect(settled[0]!.amount).toBeGreaterThanOrEqual(dueWhenPicked);
      const intent = [...stripe!.intents.values()].find((made) => made.metadata.order_id === String(orderId))!;
      expect([...stripe!.refunds.values()].filter((made) => made.payment_intent === intent.id).map((made) => made.amount)).toEqual([199]);
    } else {
      expect(settled.map((row) => [row.kind, row.amount])).toEqual([["collection", due]]);
    }
    expect(taken - refunded).toBe(due);
    const finalTotal = query<{ total: number }>("select final_total_cents as total from orders where id = ?", orderId)[0]!.total;
    expect(finalTotal + fee).toBe(due);

    // The shopper's order page: the final total, what was paid and refunded.
    await page.goto(`${base}${orderPath}`);
    const picked = page.locator(".picked-view");
    await picked.getByRole("heading", { name: "As picked" }).waitFor();
    expect(await picked.textContent()).toContain("Instead of Loop Oat Drink: Loop Rice Drink");
    expect(await picked.locator(".pick-tag", { hasText: "Refused" }).count()).toBe(1);
    const paymentLine = (await page.locator("#order-payment").textContent())!.replace(/\s+/g, " ");
    expect(paymentLine).toContain(`paid ${euros(taken)}`);
    if (refunded > 0) expect(paymentLine).toContain(`refunded ${euros(refunded)}`);
    else expect(paymentLine).not.toContain("refunded");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The invoice: its total is what the ledger kept.
    await page.getByRole("link", { name: "Invoice" }).click();
    const invoice = page.locator(".invoice");
    await invoice.waitFor();
    const invoiceTotal = cents((await invoice.locator("tr", { has: page.locator("th", { hasText: "Total (VAT included)" }) }).last().textContent())!);
    expect(invoiceTotal).toBe(taken - refunded);
    const feeLine = (await invoice.locator("tbody tr", { hasText: /Delivery/ }).first().textContent())!;
    expect(cents(feeLine)).toBe(fee);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    if (!javaScriptEnabled) await page.screenshot({ path: join(shop.server.dir, "..", `grocer-loop-invoice-${method}-360.png`), fullPage: true });

    // The emails to the shopper: the picked one states in its subject what is due after picking, the
    // amount the card was captured for; the confirmation's total is the order's estimate.
    const mails = query<{ subject: string; text: string }>("select subject, text from outbox_messages where \"to\" = ? order by id", email);
    const pickedMail = mails.find((mail) => mail.subject.startsWith(`Order ${orderNumber} is picked`))!;
    expect(cents(pickedMail.subject)).toBe(dueWhenPicked);
    expect(pickedMail.text).toContain(euros(936));
    const estimate = query<{ total: number }>("select total_cents as total from orders where id = ?", orderId)[0]!.total;
    expect(mails.find((mail) => mail.subject.startsWith(`Order ${orderNumber} confirmed`))!.text).toContain(euros(estimate));

    // The payments report moved by exactly this order's settled rows.
    const after = await reportFigures(picker, base);
    expect({ taken: after.taken - before.taken, refunded: after.refunded - before.refunded, net: after.net - before.net }).toEqual({ taken, refunded, net: taken - refunded });

    expect(errors).toEqual([]);
    await staff.context.close();
    await context.close();
  });
}
