import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog, products } from "../src/db/schema";
import { orders, promoCodes, stockAlerts } from "../src/db/shop-tables";
import { runSlot } from "../src/jobs";
import { schedules } from "../src/store-jobs";
import { backgroundWork } from "./support/jobs";
import { addPromo, addToCart, checkout, newShopper, stockShelves, type Shelves } from "./support/shop";
import { startSmtpServer, type SmtpServer } from "./support/smtp";
import { ADMIN, createTestStore, type Agent, type TestStore } from "./support/store";

let smtp: SmtpServer;
let store: TestStore;
let shelves: Shelves;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
beforeEach(async () => {
  smtp.messages.length = 0;
  store = await createTestStore({ seed: false, env: { SMTP_URL: smtp.url, MAIL_FROM: "Grocer <shop@grocer.test>", MIN_ORDER_CENTS: "0" } });
  shelves = await stockShelves(store);
});
afterEach(() => store.close());

const about = (email: string, words: string) => smtp.to(email).filter((mail) => mail.subject.includes(words));

async function adminAgent(): Promise<Agent> {
  const agent = store.agent();
  const response = await agent.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  if (response.status !== 303) throw new Error(`admin log in failed: ${response.status}`);
  return agent;
}

/** A shopper who bought 1.5 kg of bananas, with the emails of signing up already sent. */
async function placedOrder() {
  const shopper = await newShopper(store);
  await addToCart(shopper.agent, shelves.bananas, "1.5");
  const { response } = await checkout(shopper.agent);
  expect(response.status).toBe(303);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, shopper.user.id));
  return { ...shopper, order: order! };
}

describe("order emails", () => {
  test("a placed order emails the shopper the confirmation with its order summary (the invoice follows on completion)", async () => {
    const work = backgroundWork(store);
    const { agent, user, order } = await placedOrder();
    expect(about(user.email, "confirmed")).toHaveLength(0); // nothing is sent inside the request
    await work.drain();
    const [mail, ...more] = about(user.email, "confirmed");
    expect(more).toHaveLength(0);
    const number = `GR-${String(order.id).padStart(6, "0")}`;
    expect(mail?.subject).toBe(`Order ${number} confirmed`);
    expect(mail?.text).toContain(`ORDER SUMMARY ${number}`);
    expect(mail?.text).toContain("Bananas × 1.5 kg\n€1.89\n€2.84"); // a line: 1.5 kg at €1.89
    // Paid on delivery: nothing is taken yet, so the email says it is an estimate, not "Total paid" (issue 20).
    expect(mail?.text).toContain("Estimated total, charged after picking\n€2.84");
    expect(mail?.text).not.toContain("Total paid");
    // "View my order" opens the shopper's order.
    const link = mail!.text.match(/http:\/\/localhost:3000(\/orders\/GR-\d+)/)![1]!;
    const page = await agent.get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(number);
  });

  test("the confirmation shows what was charged, even when the price moved before it was sent", async () => {
    const work = backgroundWork(store);
    const { user, order } = await placedOrder();
    await store.db.update(products).set({ priceCents: 249, name: "Organic Bananas" }).where(eq(products.id, shelves.bananas.id));
    await work.drain();
    const [mail] = about(user.email, "confirmed");
    expect(mail?.subject).toBe(`Order GR-${String(order.id).padStart(6, "0")} confirmed`);
    expect(mail?.text).toContain("Bananas × 1.5 kg\n€1.89\n€2.84");
    expect(mail?.text).not.toContain("Organic");
  });

  test("a move on the board and a cancel by the shopper each email the shopper", async () => {
    const work = backgroundWork(store);
    const first = await placedOrder();
    const admin = await adminAgent();
    expect((await admin.post(`/manage/orders/${first.order.id}/status`, { to: "picked" })).status).toBe(303);
    await work.drain();
    // Marked picked: ONE email, the final amounts ("your order is picked"), not a status email beside it.
    const number = `GR-${String(first.order.id).padStart(6, "0")}`;
    expect(smtp.to(first.user.email).filter((mail) => mail.subject.startsWith(`Order ${number}`) && !mail.subject.endsWith("confirmed"))).toHaveLength(1);
    const [picked] = about(first.user.email, "is picked");
    expect(picked?.subject).toBe(`Order ${number} is picked: €2.84`);
    expect(picked?.text).toContain("Everything was picked as you ordered it.");
    expect(picked?.text).toContain("Final total: €2.84");
    expect(about(first.user.email, ": Picked")).toHaveLength(0);
    // A refused move sends nothing.
    expect((await admin.post(`/manage/orders/${first.order.id}/status`, { to: "picked" })).status).toBe(409);

    const second = await placedOrder();
    expect((await second.agent.post(`/orders/${second.order.id}/cancel`)).status).toBe(303);
    await work.drain();
    const [cancelled] = about(second.user.email, ": Cancelled");
    expect(cancelled?.text).toContain("is now: Cancelled");
    expect(about(first.user.email, ":")).toHaveLength(1); // still only the picked email
  });
});

describe("back-in-stock emails", () => {
  test("a waiting alert is emailed once when the product is back", async () => {
    const { agent, user } = await newShopper(store);
    expect((await agent.post("/stock-alerts", { product_id: String(shelves.yoghurt.id) })).status).toBe(303);
    const job = schedules.find((entry) => entry.name === "back-in-stock")!;
    expect(job.cron).toBe("*/15 * * * *");
    const work = backgroundWork(store);

    await runSlot(store.deps, job, new Date("2026-11-20T10:00:00Z"), "a"); // still out of stock
    await work.drain();
    expect(about(user.email, "Back in stock")).toHaveLength(0);

    await store.db.update(products).set({ stock: 5_000 }).where(eq(products.id, shelves.yoghurt.id));
    await runSlot(store.deps, job, new Date("2026-11-20T10:15:00Z"), "a");
    await work.drain();
    const [mail] = about(user.email, "Back in stock");
    expect(mail?.subject).toBe("Back in stock: Greek Yoghurt");
    expect(mail?.text).toContain("€2.49 each");
    expect(mail?.text).toContain("/unsubscribe?token=");
    const [alert] = await store.db.select().from(stockAlerts).where(eq(stockAlerts.userId, user.id));
    expect(alert?.notifiedAt).not.toBeNull();

    await runSlot(store.deps, job, new Date("2026-11-20T10:30:00Z"), "b");
    await work.drain();
    expect(about(user.email, "Back in stock")).toHaveLength(1);
  });
});

describe("housekeeping", () => {
  test("switches off promo codes whose expiry passed, audited", async () => {
    const now = store.clock.now();
    const expired = await addPromo(store, { code: "SUMMER", kind: "percent", value: 10, expiresAt: new Date(now.getTime() - 1) });
    const live = await addPromo(store, { code: "WINTER", kind: "percent", value: 10, expiresAt: new Date(now.getTime() + 60_000) });
    const forever = await addPromo(store, { code: "ALWAYS", kind: "fixed", value: 100 });
    await runSlot(store.deps, schedules.find((entry) => entry.name === "housekeeping")!, now, "a");
    await backgroundWork(store).drain();
    const active = async (id: number) => (await store.db.select().from(promoCodes).where(eq(promoCodes.id, id)))[0]?.active;
    expect(await active(expired.id)).toBe(false);
    expect(await active(live.id)).toBe(true);
    expect(await active(forever.id)).toBe(true);
    const audits = await store.db.select().from(auditLog).where(eq(auditLog.action, "promo.deactivate"));
    expect(audits.map((row) => row.subjectId)).toEqual([expired.id]);
  });
});

describe("cart reminders", () => {
  test("go out at 19:00 store time, once a week, with the items and total, never to who opted out", async () => {
    const job = schedules.find((entry) => entry.name === "cart-reminder")!;
    expect(job.cron).toBe("0 * * * *");
    expect(store.config.STORE_TIMEZONE).toBe("Europe/Dublin");
    store.clock.set(new Date("2026-06-09T12:00:00Z"));
    const ann = await newShopper(store);
    await addToCart(ann.agent, shelves.bananas, "1.5");
    await addToCart(ann.agent, shelves.milk, "2");
    const bob = await newShopper(store);
    await addToCart(bob.agent, shelves.eggs, "1");
    const fresh = await newShopper(store);
    const work = backgroundWork(store);
    await work.drain(); // the sign-up emails

    // The next day: 19:00 in Dublin is 18:00 UTC in summer.
    store.clock.set(new Date("2026-06-10T17:59:50Z"));
    await addToCart(fresh.agent, shelves.apples, "1"); // touched today: no reminder
    await work.startSchedules();
    await work.tick();
    await work.drain();
    expect(smtp.messages.filter((mail) => mail.subject.includes("in your cart"))).toHaveLength(0);

    store.clock.set(new Date("2026-06-10T18:00:05Z"));
    await work.tick();
    await work.drain();
    const [mail, ...more] = about(ann.user.email, "in your cart");
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe("You left 2 items in your cart");
    expect(mail?.text).toContain("Bananas × 1.5 kg\n€2.84");
    expect(mail?.text).toContain("Whole Milk × 2 l\n€2.58");
    expect(mail?.text).toContain("Total\n€5.42");
    expect(about(bob.user.email, "in your cart")).toHaveLength(1);
    expect(about(fresh.user.email, "in your cart")).toHaveLength(0);

    // Ann opts out with the link in the email.
    const link = mail!.text.match(/\/unsubscribe\?token=[\w-]+/)![0];
    expect((await ann.agent.post(link)).status).toBe(200);

    // The next evening: not Ann or Bob again (at most once a week); the cart touched yesterday now is a day old.
    store.clock.set(new Date("2026-06-11T18:00:05Z"));
    await runSlot(store.deps, job, new Date("2026-06-11T18:00:00Z"), "a");
    await work.drain();
    expect(about(ann.user.email, "in your cart")).toHaveLength(1);
    expect(about(bob.user.email, "in your cart")).toHaveLength(1);
    expect(about(fresh.user.email, "in your cart")).toHaveLength(1);

    // A week later: Bob again, Ann (opted out) not; other hours of the day do nothing.
    store.clock.set(new Date("2026-06-18T12:00:05Z"));
    await runSlot(store.deps, job, new Date("2026-06-18T12:00:00Z"), "a");
    await work.drain();
    expect(about(bob.user.email, "in your cart")).toHaveLength(1);
    store.clock.set(new Date("2026-06-18T18:00:05Z"));
    await runSlot(store.deps, job, new Date("2026-06-18T18:00:00Z"), "a");
    await work.drain();
    expect(about(bob.user.email, "in your cart")).toHaveLength(2);
    expect(about(ann.user.email, "in your cart")).toHaveLength(1);
  });
});
