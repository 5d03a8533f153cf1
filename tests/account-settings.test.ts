import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startSession } from "../src/accounts/sessions";
import { signIns } from "../src/db/account-tables";
import { addresses } from "../src/db/fulfilment-tables";
import { apiRefreshTokens, auditLog, outboxMessages, sessions, users } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { salesByProduct } from "../src/reports/sales";
import { ApiClient } from "./support/api";
import { backgroundWork } from "./support/jobs";
import { completeOrder } from "./support/orders";
import { addToCart, checkout, stockShelves, type Shelves } from "./support/shop";
import { ADMIN, createTestStore, textOf, type Agent, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
let work: ReturnType<typeof backgroundWork>;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  shelves = await stockShelves(store);
  work = backgroundWork(store);
});
afterAll(() => store.close());

const PASSWORD = "fresh-produce-123";
let counter = 0;

/** A shopper signed up through the page, with their agent (one browser). */
async function shopper(name = "Ann Apple") {
  counter += 1;
  const email = `account-${counter}@example.com`;
  const agent = store.agent();
  expect((await agent.signUp({ name, email, password: PASSWORD })).status).toBe(303);
  const [user] = await store.db.select().from(users).where(eq(users.email, email));
  return { agent, email, user: user! };
}

/** Another browser of the same person. */
async function secondBrowser(email: string, password = PASSWORD) {
  const agent = store.agent();
  agent.ip = "203.0.113.99";
  expect((await agent.logIn(email, password)).status).toBe(303);
  return agent;
}

const signedIn = async (agent: Agent) => (await agent.get("/account")).status === 200;
const outbox = async (to: string) => (await store.db.select().from(outboxMessages).where(eq(outboxMessages.to, to))).map((row) => ({ subject: row.subject, text: row.text }));
const linkIn = (text: string, path: string) => new URL(new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_-]+`).exec(text)![0]).pathname + new URL(new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_-]+`).exec(text)![0]).search;

describe("change password", () => {
  test("a changed password ends the other sessions and API refresh tokens, keeps this one, and emails the owner", async () => {
    const { agent, email, user } = await shopper();
    const other = await secondBrowser(email);
    const api = new ApiClient(store, "198.51.100.30");
    const tokens = await api.logIn(email, PASSWORD);
    expect((await api.get("/me")).status).toBe(200);
    expect(await store.db.select().from(signIns).where(eq(signIns.userId, user.id))).toHaveLength(3);

    const wrong = await agent.post("/account/password", { current_password: "not-my-password", new_password: "crisp-apples-2026" });
    expect(wrong.status).toBe(400);
    expect(await textOf(wrong)).toContain("That is not your current password.");
    const weak = await agent.post("/account/password", { current_password: PASSWORD, new_password: "short" });
    expect(weak.status).toBe(422);
    expect(await textOf(weak)).toContain("Use at least 10 characters");
    expect(await signedIn(other)).toBe(true);

    const changed = await agent.post("/account/password", { current_password: PASSWORD, new_password: "crisp-apples-2026" });
    expect(changed.status).toBe(303);
    expect(await signedIn(agent)).toBe(true);
    expect(await signedIn(other)).toBe(false);
    expect((await api.get("/me")).status).toBe(401); // the access token names its ended log-in
    expect((await api.post("/auth/refresh", { refresh_token: tokens.refresh_token })).status).toBe(401);
    expect(await store.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    const live = await store.db.select().from(apiRefreshTokens).where(eq(apiRefreshTokens.userId, user.id));
    expect(live.every((token) => token.revokedAt !== null)).toBe(true);
    expect(await store.db.select().from(signIns).where(eq(signIns.userId, user.id))).toHaveLength(1);
    expect((await agent.logIn(email, PASSWORD)).status).toBe(401);
    expect((await store.agent().logIn(email, "crisp-apples-2026")).status).toBe(303);

    await work.drain();
    expect((await outbox(email)).map((mail) => mail.subject)).toContain("Your Grocer password was changed");
  });

  test("over the API: the calling log-in survives, every other ends", async () => {
    const { agent, email } = await shopper();
    const first = new ApiClient(store, "198.51.100.31");
    const second = new ApiClient(store, "198.51.100.32");
    await first.logIn(email, PASSWORD);
    const secondTokens = await second.logIn(email, PASSWORD);
    const refused = await first.post("/me/password", { current_password: "nope-nope-nope", new_password: "crisp-apples-2026" });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([{ path: "current_password", message: "That is not your current password." }]);
    expect((await first.post("/me/password", { current_password: PASSWORD, new_password: "crisp-apples-2026" })).status).toBe(204);
    expect((await first.get("/me/sessions")).json.items).toMatchObject([{ kind: "api", current: true }]);
    expect((await second.get("/me")).status).toBe(401);
    expect((await second.post("/auth/refresh", { refresh_token: secondTokens.refresh_token })).status).toBe(401);
    expect(await signedIn(agent)).toBe(false);
  });
});

describe("an account without a password (signed up with a provider)", () => {
  test("sets a first password with a code emailed to it", async () => {
    const [user] = await store.db.insert(users).values({ name: "Oona Oat", email: "oona.oat@example.com", passwordHash: null }).returning();
    const agent = store.agent();
    agent.cookies.set("grocer_session", await startSession(store.db, user!.id, store.clock.now()));
    const page = await textOf(await agent.get("/account"));
    expect(page).toContain("Set a password");
    expect(page).toContain("Email me a code");
    const missing = await agent.post("/account/password", { new_password: "oat-milk-forever" });
    expect(missing.status).toBe(400);
    expect(await textOf(missing)).toContain("Enter the code we emailed you");
    expect((await agent.post("/account/code")).status).toBe(303);
    await work.drain();
    const mail = (await outbox("oona.oat@example.com")).find((message) => message.subject.includes("confirmation code"))!;
    const code = /\b(\d{8})\b/.exec(mail.text)![1]!;
    const wrong = code === "00000000" ? "11111111" : "00000000";
    expect((await agent.post("/account/password", { code: wrong, new_password: "oat-milk-forever" })).status).toBe(400);
    expect((await agent.post("/account/password", { code, new_password: "oat-milk-forever" })).status).toBe(303);
    expect((await store.agent().logIn("oona.oat@example.com", "oat-milk-forever")).status).toBe(303);
    expect(await signedIn(agent)).toBe(true);
  });
});

describe("forgot password", () => {
  test("a reset ends every session and API log-in too", async () => {
    const { agent, email } = await shopper();
    const api = new ApiClient(store, "198.51.100.37");
    const tokens = await api.logIn(email, PASSWORD);
    await store.agent().post("/forgot-password", { email });
    await work.drain();
    const code = /\b(\d{8})\b/.exec((await outbox(email)).find((mail) => mail.subject.includes("reset code"))!.text)![1]!;
    expect((await store.agent().post("/reset-password", { email, code, password: "beetroot-2026-x" })).status).toBe(303);
    expect(await signedIn(agent)).toBe(false);
    expect((await api.get("/me")).status).toBe(401);
    expect((await api.post("/auth/refresh", { refresh_token: tokens.refresh_token })).status).toBe(401);
  });
});

describe("where you're logged in", () => {
  test("lists browsers and apps with device, address and last use; ends one, or all but this one", async () => {
    const { agent, email, user } = await shopper();
    const other = await secondBrowser(email);
    const api = new ApiClient(store, "198.51.100.33");
    await api.logIn(email, PASSWORD);
    const page = await textOf(await agent.get("/account"));
    expect(page).toContain("Where you're logged in");
    expect(page).toContain("This browser");
    expect(page).toContain("203.0.113.99");
    expect(page).toContain("App or script (API)");

    const listed = (await api.get("/me/sessions")).json.items as { id: number; kind: string; address: string; current: boolean }[];
    expect(listed.map((row) => row.kind).sort()).toEqual(["api", "browser", "browser"]);
    const otherBrowser = listed.find((row) => row.kind === "browser" && row.address === "203.0.113.99")!;
    expect((await agent.post(`/account/sign-ins/${otherBrowser.id}/end`)).status).toBe(303);
    expect(await signedIn(other)).toBe(false);
    expect(await signedIn(agent)).toBe(true);
    // Someone else's sign-in id ends nothing.
    const stranger = await shopper();
    const [theirs] = await store.db.select().from(signIns).where(eq(signIns.userId, stranger.user.id));
    expect((await api.delete(`/me/sessions/${theirs!.id}`)).status).toBe(404);
    expect(await signedIn(stranger.agent)).toBe(true);

    expect((await agent.post("/account/sign-ins/end-others")).status).toBe(303);
    expect((await api.get("/me")).status).toBe(401);
    expect(await signedIn(agent)).toBe(true);
    expect(await store.db.select().from(signIns).where(eq(signIns.userId, user.id))).toHaveLength(1);
  });
});

describe("change email", () => {
  test("an unconfirmed change changes nothing; confirming does; the old address can undo it", async () => {
    const { agent, email, user } = await shopper("Bea Berry");
    const newEmail = `bea-new-${counter}@example.com`;
    expect((await agent.post("/account/email", { new_email: newEmail, current_password: "wrong-password-1" })).status).toBe(400);
    const taken = await agent.post("/account/email", { new_email: ADMIN.email, current_password: PASSWORD });
    expect(taken.status).toBe(409);
    expect((await agent.post("/account/email", { new_email: newEmail, current_password: PASSWORD })).status).toBe(303);

    // Unconfirmed: the account, its log-in and the other person's address are untouched.
    const [before] = await store.db.select().from(users).where(eq(users.id, user.id));
    expect(before!.email).toBe(email);
    expect((await store.agent().logIn(email, PASSWORD)).status).toBe(303);
    expect((await store.agent().logIn(newEmail, PASSWORD)).status).toBe(401);
    expect(await textOf(await agent.get("/account"))).toContain(`Waiting for ${newEmail} to confirm`);

    await work.drain();
    const [confirmMail] = await outbox(newEmail);
    const noticeMail = (await outbox(email)).find((mail) => mail.subject.startsWith("Someone asked to change"));
    expect(confirmMail!.subject).toBe("Confirm your new email for Grocer");
    expect(noticeMail!.text).toContain("This wasn't me");
    const confirmPath = linkIn(confirmMail!.text, "/account/email/confirm");
    const undoPath = linkIn(noticeMail!.text, "/account/email/undo");

    // GET only shows a button: a mail scanner following the link changes nothing.
    const browser = store.agent();
    expect((await browser.get(confirmPath)).status).toBe(200);
    expect((await store.db.select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(email);
    expect((await browser.post(confirmPath)).status).toBe(200);
    const [after] = await store.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.email).toBe(newEmail);
    expect(after!.emailVerifiedAt).not.toBeNull();
    expect((await store.agent().logIn(newEmail, PASSWORD)).status).toBe(303);
    expect((await browser.post(confirmPath)).status).toBe(400); // used once

    // "This wasn't me" from the old address: the old address is back, everyone is logged out.
    expect(await signedIn(agent)).toBe(true);
    expect((await store.agent().post(undoPath)).status).toBe(200);
    expect((await store.db.select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(email);
    expect(await signedIn(agent)).toBe(false);
    expect(await store.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  test("after a change, provider sign-in still finds the account and log-in throttling follows the new address", async () => {
    const { agent, user } = await shopper();
    const { signInWithProvider } = await import("../src/accounts/oauth/identities");
    const profile = { subject: `oidc-subject-${counter}`, email: user.email, emailVerified: true, name: "Ann Apple" };
    expect((await signInWithProvider(store.db, "oidc", profile, "OpenID", store.clock.now())).user.id).toBe(user.id);
    const newEmail = `moved-${counter}@example.com`;
    expect((await agent.post("/account/email", { new_email: newEmail, current_password: PASSWORD })).status).toBe(303);
    await work.drain();
    const [mail] = await outbox(newEmail);
    expect((await store.agent().post(linkIn(mail!.text, "/account/email/confirm"))).status).toBe(200);
    // The link is by the provider's subject, whatever email either side has now.
    expect((await signInWithProvider(store.db, "oidc", { ...profile, email: "someone-else@example.com" }, "OpenID", store.clock.now())).user.id).toBe(user.id);
    const guesser = store.agent();
    guesser.ip = "203.0.113.150";
    for (let i = 0; i < 5; i += 1) expect((await guesser.logIn(newEmail, "wrong-password-0")).status).toBe(401);
    guesser.ip = "203.0.113.151";
    expect((await guesser.logIn(newEmail, PASSWORD)).status).toBe(429);
  });

  test("an expired link changes nothing, and requests are capped per hour", async () => {
    const { agent, email, user } = await shopper();
    for (let i = 0; i < 3; i += 1) expect((await agent.post("/account/email", { new_email: `cap-${counter}-${i}@example.com`, current_password: PASSWORD })).status).toBe(303);
    const fourth = await agent.post("/account/email", { new_email: `cap-${counter}-9@example.com`, current_password: PASSWORD });
    expect(fourth.status).toBe(429);
    await work.drain();
    const [mail] = await outbox(`cap-${counter}-2@example.com`);
    store.clock.advance(25 * 60 * 60 * 1000);
    expect((await store.agent().post(linkIn(mail!.text, "/account/email/confirm"))).status).toBe(400);
    expect((await store.db.select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(email);
  });
});

describe("name and email choices", () => {
  test("the name and optional emails are saved; the switch is the unsubscribe opt-out", async () => {
    const { agent, user } = await shopper();
    expect((await agent.post("/account/profile", { name: "" })).status).toBe(422);
    expect((await agent.post("/account/profile", { name: "Ann Orchard", "email_cart-reminder": "on", "email_back-in-stock": "on" })).status).toBe(303);
    const page = await textOf(await agent.get("/account"));
    expect(page).toContain('value="Ann Orchard"');
    // Each choice's checkbox, whatever order its attributes come in: ticked unless opted out.
    const box = (kind: string) => new RegExp(`<input[^>]*name="email_${kind}"[^>]*>`).exec(page)?.[0];
    expect(box("we-miss-you")).toBeDefined();
    expect(box("we-miss-you")).not.toContain("checked");
    expect(box("cart-reminder")).toContain("checked");
    expect(box("back-in-stock")).toContain("checked");
    const rows = await store.db.all<{ kind: string }>(sql`select kind from email_opt_outs where user_id = ${user.id}`);
    expect(rows).toEqual([{ kind: "we-miss-you" }]);
  });
});

describe("export your data", () => {
  test("a job prepares every order as JSON and CSV, the owner is emailed, the link expires", async () => {
    const { agent, email, user } = await shopper("Cai Carrot");
    const placed: number[] = [];
    for (const [product, quantity] of [[shelves.bananas, "3"], [shelves.milk, "4"], [shelves.eggs, "2"]] as const) {
      await addToCart(agent, product, quantity);
      const { response } = await checkout(agent);
      placed.push(Number(/\/orders\/(\d+)/.exec(response.headers.get("location") ?? "")![1]));
    }
    await agent.post("/wishlist/items", { product_id: String(shelves.apples.id) });
    await completeOrder(store, placed[0]!); // the first order is delivered: it has an invoice
    expect((await agent.post("/account/exports")).status).toBe(303);
    expect(await textOf(await agent.get("/account"))).toContain("being prepared");
    await work.drain();
    expect((await outbox(email)).map((mail) => mail.subject)).toContain("Your Grocer data is ready to download");

    const page = await textOf(await agent.get("/account"));
    const id = /\/account\/exports\/(\d+)\/data\.json/.exec(page)![1];
    // Asking again within the hour gives the same copy, not another job.
    expect((await agent.post("/account/exports")).status).toBe(303);
    expect(await store.db.all(sql`select id from data_exports where user_id = ${user.id}`)).toEqual([{ id: Number(id) }]);
    const json = await agent.get(`/account/exports/${id}/data.json`);
    expect(json.headers.get("content-disposition")).toContain("attachment");
    const data = JSON.parse(await json.text());
    expect(data.account).toMatchObject({ email, name: "Cai Carrot" });
    expect(data.orders.map((order: { id: number }) => order.id)).toEqual(placed);
    expect(data.orders[0].lines).toMatchObject([{ product: "Bananas", quantity: 3, unit: "kg" }]);
    expect(data.orders.reduce((sum: number, order: { total_cents: number }) => sum + order.total_cents, 0)).toBe(189 * 3 + 129 * 4 + 399 * 2);
    // The invoice as issued, adding up with its lines; the other orders have none yet.
    expect(data.invoices).toHaveLength(1);
    expect(data.invoices[0]).toMatchObject({ kind: "invoice", order_id: placed[0], total_cents: 189 * 3, customer: { name: "Cai Carrot", email } });
    expect(data.invoices[0].number).toMatch(/^INV-\d{6}$/);
    expect(data.invoices[0].lines).toMatchObject([{ kind: "goods", description: "Bananas", quantity: 3, amount_cents: 189 * 3 }]);
    expect(data.invoices[0].vat.reduce((sum: number, rate: { gross_cents: number }) => sum + rate.gross_cents, 0)).toBe(data.invoices[0].total_cents);
    expect(data.consents.optional_emails).toEqual({ "we-miss-you": true, "cart-reminder": true, "back-in-stock": true });
    const csv = await (await agent.get(`/account/exports/${id}/orders.csv`)).text();
    expect(csv.trim().split("\n")).toHaveLength(placed.length + 1);
    for (const order of placed) expect(csv).toMatch(new RegExp(`^${order},`, "m"));

    // Someone else cannot download it; after DATA_EXPORT_DAYS nobody can.
    expect((await (await shopper()).agent.get(`/account/exports/${id}/data.json`)).status).toBe(404);
    store.clock.advance(8 * 24 * 60 * 60 * 1000);
    expect((await agent.get(`/account/exports/${id}/data.json`)).status).toBe(410);
  });
});

describe("close your account", () => {
  test("refused while an order is open, and for the only admin", async () => {
    const { agent } = await shopper();
    await addToCart(agent, shelves.eggs, "2");
    expect((await checkout(agent)).response.status).toBe(303);
    const page = await agent.get("/account/close");
    expect(page.status).toBe(409);
    expect(await textOf(page)).toMatch(/Your order #\d+ is still open/);
    expect((await agent.post("/account/close", { current_password: PASSWORD })).status).toBe(409);
    expect(await signedIn(agent)).toBe(true);

    const admin = new ApiClient(store, "198.51.100.34");
    const { logInStaff } = await import("./support/api");
    await logInStaff(admin, store, ADMIN.email, ADMIN.password);
    const refused = await admin.delete("/me", { body: { current_password: ADMIN.password } });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("only admin");
  });

  test("a closed account's orders stay in the reports, and the person is gone from every table and from the database file", async () => {
    const name = "Philippa Quenby-Ashworth";
    const { agent, email, user } = await shopper(name);
    await addToCart(agent, shelves.eggs, "3");
    expect((await checkout(agent, { fulfilment: "delivery", delivery_address: "17 Quenby Lane, Ashworth", note: "Ring Philippa Quenby-Ashworth twice" })).response.status).toBe(303);
    await addToCart(agent, shelves.milk, "4");
    expect((await checkout(agent)).response.status).toBe(303);
    await agent.post("/wishlist/items", { product_id: String(shelves.apples.id) });
    await store.db.insert(addresses).values({ userId: user.id, label: "Home", line1: "17 Quenby Lane", town: "Ashworth", postcode: "D02 X285", isDefault: true });
    await addToCart(agent, shelves.bananas, "1");
    await agent.post("/account/exports");
    await agent.post("/account/email", { new_email: "philippa.elsewhere@example.net", current_password: PASSWORD });
    const api = new ApiClient(store, "198.51.100.35");
    await api.logIn(email, PASSWORD);
    await work.drain();
    await store.db.update(orders).set({ status: "completed" }).where(eq(orders.userId, user.id));
    const sold = async () => (await salesByProduct(store.db)).find((row) => row.productId === shelves.eggs.id)!;
    const eggsBefore = await sold();

    const wrong = await agent.post("/account/close", { current_password: "not-it-at-all" });
    expect(wrong.status).toBe(400);
    const closed = await agent.post("/account/close", { current_password: PASSWORD });
    expect(closed.status).toBe(303);
    expect(await signedIn(agent)).toBe(false);
    expect((await api.get("/me")).status).toBe(401);
    expect((await store.agent().logIn(email, PASSWORD)).status).toBe(401);

    // The orders are still there, still in the reports, but no longer anyone's.
    expect(await sold()).toEqual(eggsBefore);
    const kept = await store.db.select().from(orders).where(eq(orders.userId, user.id));
    expect(kept).toHaveLength(2);
    expect(kept.every((order) => order.deliveryAddress === null && order.note === null)).toBe(true);
    const [standIn] = await store.db.select().from(users).where(eq(users.id, user.id));
    expect(standIn).toMatchObject({ name: "Closed account", passwordHash: null });
    const [audit] = await store.db.select().from(auditLog).where(eq(auditLog.action, "account.close"));
    expect(JSON.parse(audit!.details!)).toMatchObject({ orders_kept: 2 });

    // No table has a row mentioning them...
    const traces = [email, name, "philippa.elsewhere@example.net", "Quenby"];
    const tables = await store.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%'`);
    for (const { name: table } of tables) {
      const rows = await store.db.all<Record<string, unknown>>(sql.raw(`select * from "${table}"`));
      const text = JSON.stringify(rows);
      for (const trace of traces) expect({ table, trace, found: text.includes(trace) }).toEqual({ table, trace, found: false });
    }
    // ...and the database file itself (after a checkpoint, with freed space zeroed by secure_delete) holds no trace.
    await store.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    const file = join(store.dir, "grocer.db");
    const wal = `${file}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const bytes = readFileSync(file);
    for (const trace of traces) expect({ trace, at: bytes.indexOf(Buffer.from(trace, "utf8")) }).toEqual({ trace, at: -1 });
  });

  test("over the API, with the password; its tokens stop at once", async () => {
    const { email, user } = await shopper();
    const api = new ApiClient(store, "198.51.100.36");
    await api.logIn(email, PASSWORD);
    expect((await api.delete("/me", { body: {} })).status).toBe(422);
    expect((await api.delete("/me", { body: { current_password: PASSWORD } })).status).toBe(204);
    expect((await api.get("/me")).status).toBe(401);
    expect((await store.db.select().from(users).where(eq(users.id, user.id)))[0]!.deletedAt).not.toBeNull();
  });
});

describe("privacy page", () => {
  test("generated from configuration, linked from the footer and sign-up", async () => {
    const page = await textOf(await store.agent().get("/privacy"));
    expect(page).toContain(`Write to <a href="mailto:${ADMIN.email}">`);
    expect(page).toContain("grocer_session");
    expect(page).toContain("6 years after the order");
    expect(await textOf(await store.agent().get("/signup"))).toContain('href="/privacy"');
    expect(await textOf(await store.agent().get("/"))).toContain('href="/privacy"');
  });
});
