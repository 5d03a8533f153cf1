import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { categories, jobs, products, sessions, users } from "../src/db/schema";
import { alertIfStockCrossed } from "../src/notifications/low-stock";
import type { SalesRow } from "../src/reports/monthly";
import { backgroundWork } from "./support/jobs";
import { startSmtpServer, type SmtpServer } from "./support/smtp";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

let smtp: SmtpServer;
let store: TestStore;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
beforeEach(async () => {
  smtp.messages.length = 0;
  store = await createTestStore({ seed: false, env: { SMTP_URL: smtp.url, MAIL_FROM: "Grocer <shop@grocer.test>" } });
});
afterEach(() => store.close());

const ann = { name: "Ann Apple", email: "ann@example.com", password: "crunchy-apples-42" };

describe("sign-up sends a verify-email message over SMTP", () => {
  test("the link in the message verifies the address once", async () => {
    const work = backgroundWork(store);
    expect(work.mailer.name).toBe("smtp");
    const agent = store.agent();
    expect((await agent.signUp(ann)).status).toBe(303);
    expect(smtp.messages).toHaveLength(0); // nothing is sent inside the request
    await work.drain();

    const [mail] = smtp.to("ann@example.com");
    expect(mail?.subject).toBe("Confirm your email for Grocer");
    expect(mail?.from).toBe("shop@grocer.test");
    expect(mail?.text).toContain("Hello Ann Apple, thanks for joining Grocer.");
    expect(mail?.html).toContain("Confirm my email");
    const link = mail!.text.match(/http:\/\/localhost\/verify-email\?token=[\w-]+/)![0];

    const [before] = await store.db.select().from(users).where(eq(users.email, ann.email));
    expect(before?.emailVerifiedAt).toBeNull();
    const stranger = store.agent(); // no session: the link alone is enough
    const response = await stranger.get(link.replace("http://localhost", ""));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Email confirmed");
    const [after] = await store.db.select().from(users).where(eq(users.email, ann.email));
    expect(after?.emailVerifiedAt?.getTime()).toBe(store.clock.now().getTime());

    expect((await stranger.get(link.replace("http://localhost", ""))).status).toBe(400); // used once
    expect((await stranger.get("/verify-email?token=not-a-real-token-at-all-123")).status).toBe(400);
    // The sent job no longer holds the link.
    const [sent] = await store.db.select().from(jobs).where(eq(jobs.type, "send-email"));
    expect(sent?.status).toBe("done");
    expect(sent?.payload).not.toContain("token=");
  });

  test("an expired link does not verify", async () => {
    const work = backgroundWork(store);
    await store.agent().signUp(ann);
    await work.drain();
    const link = smtp.to(ann.email)[0]!.text.match(/\/verify-email\?token=[\w-]+/)![0];
    store.clock.advance(24 * 60 * 60 * 1000 + 1);
    expect((await store.agent().get(link)).status).toBe(400);
  });
});

describe("password reset by emailed code", () => {
  async function requestCode(email: string) {
    const work = backgroundWork(store);
    const response = await store.agent().post("/forgot-password", { email });
    await work.drain();
    return response;
  }
  const codeIn = (text: string) => text.match(/\b(\d{8})\b/)![1]!;

  beforeEach(async () => {
    const agent = store.agent();
    await agent.signUp(ann);
    await backgroundWork(store).drain();
    smtp.messages.length = 0;
  });

  test("the code from the email sets a new password and ends old sessions", async () => {
    expect(await store.db.select().from(sessions)).toHaveLength(1);
    const response = await requestCode(ann.email);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/reset-password?email=ann%40example.com&sent=1");
    const [mail] = smtp.to(ann.email);
    expect(mail?.subject).toBe("Your Grocer password reset code");
    expect(mail?.text).toContain("The code works for 15 minutes");
    const code = codeIn(mail!.text);

    const page = await store.agent().get("/reset-password?email=ann%40example.com&sent=1");
    expect(await page.text()).not.toContain(code);
    const wrong = await store.agent().post("/reset-password", { email: ann.email, code: code === "00000000" ? "11111111" : "00000000", password: "brand-new-pass-1" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).not.toContain(code);

    const done = await store.agent().post("/reset-password", { email: ann.email, code, password: "brand-new-pass-1" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/login");
    expect(await store.db.select().from(sessions)).toHaveLength(0);
    expect((await store.agent().logIn(ann.email, "brand-new-pass-1")).status).toBe(303);
    expect((await store.agent().logIn(ann.email, ann.password)).status).toBe(401);
    // One-time: the same code cannot be used again.
    expect((await store.agent().post("/reset-password", { email: ann.email, code, password: "another-pass-22" })).status).toBe(400);
  });

  test("an unknown email gets the same answer and no message", async () => {
    const known = await requestCode(ann.email);
    const unknown = await requestCode("nobody@example.com");
    expect(unknown.status).toBe(known.status);
    expect(unknown.headers.get("location")).toBe("/reset-password?email=nobody%40example.com&sent=1");
    expect(smtp.messages.map((message) => message.envelopeTo[0])).toEqual([ann.email]);
  });

  test("the code is bound to its email, allows 5 tries and lasts 15 minutes", async () => {
    await requestCode(ann.email);
    const code = codeIn(smtp.to(ann.email)[0]!.text);
    await store.agent().signUp({ name: "Bob", email: "bob@example.com", password: "bob-password-99" });
    expect((await store.agent().post("/reset-password", { email: "bob@example.com", code, password: "stolen-pass-123" })).status).toBe(400);

    const wrongCodes = ["10000000", "10000001", "10000002", "10000003", "10000004", "10000005"].filter((guess) => guess !== code).slice(0, 5);
    for (const guess of wrongCodes.slice(0, 4)) {
      const response = await store.agent().post("/reset-password", { email: ann.email, code: guess, password: "guess-pass-123" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("That code is not right");
    }
    const fifthWrong = await store.agent().post("/reset-password", { email: ann.email, code: wrongCodes[4]!, password: "guess-pass-123" });
    expect(await fifthWrong.text()).toContain("too many wrong tries");
    // After five tries even the right code is refused.
    const late = await store.agent().post("/reset-password", { email: ann.email, code, password: "guess-pass-123" });
    expect(late.status).toBe(400);

    await requestCode(ann.email);
    const fresh = codeIn(smtp.to(ann.email)[1]!.text);
    store.clock.advance(15 * 60 * 1000 + 1);
    expect((await store.agent().post("/reset-password", { email: ann.email, code: fresh, password: "too-late-pass-1" })).status).toBe(400);
  });

  test("requests are throttled: 3 emails per address per 15 minutes", async () => {
    for (let i = 0; i < 5; i++) expect((await requestCode(ann.email)).status).toBe(303);
    expect(smtp.to(ann.email)).toHaveLength(3);
  });

  test("the log-in page links to the reset form", async () => {
    expect(await (await store.agent().get("/login")).text()).toContain('href="/forgot-password"');
    const form = await store.agent().get("/forgot-password");
    expect(form.status).toBe(200);
    expect((await store.agent().post("/forgot-password", { email: "nope" })).status).toBe(422);
  });
});

describe("staff emails", () => {
  test("approving a manager emails them; declining a pending one too", async () => {
    const work = backgroundWork(store);
    await store.agent().signUp({ name: "Mia Manager", email: "mia@example.com", password: "manager-pass-77" }, "/sell");
    await store.agent().signUp({ name: "Dan Decline", email: "dan@example.com", password: "manager-pass-78" }, "/sell");
    await work.drain();
    smtp.messages.length = 0;
    const admin = store.agent();
    await admin.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
    const [mia] = await store.db.select().from(users).where(eq(users.email, "mia@example.com"));
    const [dan] = await store.db.select().from(users).where(eq(users.email, "dan@example.com"));
    expect((await admin.post(`/admin/people/${mia!.id}/approve`)).status).toBe(303);
    expect((await admin.post(`/admin/people/${dan!.id}/demote`)).status).toBe(303);
    await work.drain();
    expect(smtp.to("mia@example.com")[0]?.subject).toBe("You're approved as a manager at Grocer");
    expect(smtp.to("mia@example.com")[0]?.text).toContain("The admin approved your manager account.");
    expect(smtp.to("dan@example.com")[0]?.subject).toBe("About your manager application at Grocer");
  });

  async function shelf(stock: number, threshold: number) {
    const [category] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
    const [apples] = await store.db
      .insert(products)
      .values({ name: "Crisp Apples", slug: "crisp-apples", categoryId: category!.id, priceCents: 150, unit: "kg", step: 250, stock, lowStockThreshold: threshold })
      .returning();
    await store.db.insert(products).values({ name: "Bananas", slug: "bananas", categoryId: category!.id, priceCents: 90, stock: 50_000, lowStockThreshold: 5_000 });
    return apples!;
  }

  test("stock crossing the threshold sends an immediate alert to the admin", async () => {
    const apples = await shelf(6_000, 5_000);
    const work = backgroundWork(store);
    const [after] = await store.db.update(products).set({ stock: 4_500 }).where(eq(products.id, apples.id)).returning();
    expect(await alertIfStockCrossed(store.db, store.clock.now(), after!, apples.stock)).toBe(true);
    // Already below: no second alert for the next sale.
    const [again] = await store.db.update(products).set({ stock: 4_000 }).where(eq(products.id, apples.id)).returning();
    expect(await alertIfStockCrossed(store.db, store.clock.now(), again!, after!.stock)).toBe(false);
    await work.drain();
    const mails = smtp.to(ADMIN.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("Low stock: Crisp Apples");
    expect(mails[0]?.text).toContain("4.5 kg");
  });

  test("the hourly digest lists every low product, sent when the clock passes the hour", async () => {
    await shelf(1_000, 5_000);
    store.clock.set(new Date("2026-11-20T10:59:50Z"));
    const work = backgroundWork(store);
    await work.startSchedules();
    await work.tick();
    await work.drain();
    expect(smtp.messages).toHaveLength(0);
    store.clock.set(new Date("2026-11-20T11:00:01Z"));
    await work.tick();
    await work.drain();
    const [digest] = smtp.to(ADMIN.email);
    expect(digest?.subject).toBe("Low stock digest: 1 product to restock");
    expect(digest?.text).toContain("Crisp Apples");
    expect(digest?.text).not.toContain("Bananas");

    // The same list an hour later is not sent again; a change is.
    store.clock.set(new Date("2026-11-20T12:00:01Z"));
    await work.tick();
    await work.drain();
    expect(smtp.to(ADMIN.email)).toHaveLength(1);
    await store.db.update(products).set({ stock: 500 }).where(eq(products.slug, "crisp-apples"));
    store.clock.set(new Date("2026-11-20T13:00:01Z"));
    await work.tick();
    await work.drain();
    expect(smtp.to(ADMIN.email)).toHaveLength(2);
    expect(smtp.to(ADMIN.email)[1]?.text).toContain("0.5 kg");
  });

  test("the monthly report goes out on the 1st at 07:00 UTC with its CSV", async () => {
    const [fruit] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
    await store.db.insert(products).values({ name: "Plums", slug: "plums", categoryId: fruit!.id, priceCents: 300 });
    const rows: SalesRow[] = [
      { orderId: 1, placedAt: new Date("2026-11-03T09:00:00Z"), productName: "Apples", categoryName: "Fruit", quantityMilli: 2_000, revenueCents: 300 },
      { orderId: 1, placedAt: new Date("2026-11-03T09:00:00Z"), productName: "Milk", categoryName: "Dairy", quantityMilli: 1_000, revenueCents: 120 },
      { orderId: 2, placedAt: new Date("2026-11-30T23:59:00Z"), productName: "Apples", categoryName: "Fruit", quantityMilli: 1_000, revenueCents: 150 },
      { orderId: 3, placedAt: new Date("2026-10-31T23:00:00Z"), productName: "Apples", categoryName: "Fruit", quantityMilli: 9_000, revenueCents: 999 },
      { orderId: 4, placedAt: new Date("2026-12-01T00:30:00Z"), productName: "Milk", categoryName: "Dairy", quantityMilli: 9_000, revenueCents: 999 },
    ];
    store.clock.set(new Date("2026-12-01T06:59:00Z"));
    const work = backgroundWork(store, { salesSource: async () => rows });
    await work.startSchedules();
    await work.tick();
    await work.drain();
    expect(smtp.messages.filter((message) => message.subject.includes("monthly report"))).toHaveLength(0);

    store.clock.set(new Date("2026-12-01T07:00:20Z"));
    await work.tick();
    await work.drain();
    const [report] = smtp.to(ADMIN.email).filter((message) => message.subject.includes("monthly report"));
    expect(report?.subject).toBe("Grocer monthly report: November 2026");
    expect(report?.text).toContain("€5.70");
    expect(report?.html).not.toContain("<svg");
    expect(report?.html).not.toContain("<script");
    const csv = report!.attachments.find((file) => file.filename === "monthly-report-2026-11.csv");
    expect(csv?.mimeType).toBe("text/csv");
    expect(csv?.content).toContain("month,product,category,quantity,revenue");
    expect(csv?.content).toContain("2026-11,Apples,Fruit,3.000,4.50");
    expect(csv?.content).toContain("2026-11,Milk,Dairy,1.000,1.20");
    expect(csv?.content).toContain("2026-11,Plums,Fruit,0.000,0.00");
    expect(csv?.content).not.toContain("9.99");

    // A second tick in the same minute, or a restart, does not send it again.
    await work.tick();
    await work.startSchedules();
    await work.drain();
    expect(smtp.to(ADMIN.email).filter((message) => message.subject.includes("monthly report"))).toHaveLength(1);
  });
});

describe("transport failures", () => {
  test("an unreachable SMTP server leaves the email queued for a later retry, with the error", async () => {
    await smtp.close();
    try {
      const work = backgroundWork(store);
      await store.agent().signUp(ann);
      await work.drain();
      const [job] = await store.db.select().from(jobs).where(eq(jobs.type, "send-email"));
      expect(job?.status).toBe("queued");
      expect(job?.attempts).toBe(1);
      expect(job?.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(job?.runAt.getTime()).toBe(store.clock.now().getTime() + 30_000);
    } finally {
      smtp = await startSmtpServer();
    }
  });
});

describe("resending the confirmation link", () => {
  test("a signed-in shopper can ask again, a few times an hour", async () => {
    const work = backgroundWork(store);
    const agent = store.agent();
    await agent.signUp(ann);
    expect(await (await agent.get("/account")).text()).toContain("Not confirmed");
    for (let i = 0; i < 3; i++) expect((await agent.post("/verify-email/resend")).status).toBe(303);
    await work.drain();
    expect(smtp.to(ann.email)).toHaveLength(3); // the sign-up link and two resends; the third was refused
    const latest = smtp.to(ann.email)[2]!.text.match(/\/verify-email\?token=[\w-]+/)![0];
    expect((await agent.get(latest)).status).toBe(200);
    expect(await (await agent.get("/account")).text()).toContain("Confirmed");
    const signedOut = await store.agent().post("/verify-email/resend");
    expect(signedOut.headers.get("location")).toStartWith("/login");
  });
});
