import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { ConfigError, loadConfig } from "../src/config";
import { emailOptOuts, jobs, outboxMessages, users } from "../src/db/schema";
import { brandOf, renderEmail } from "../src/mail/render";
import { emailTemplates, type EmailTemplateName } from "../views/emails";
import { launchBrowser } from "./support/browser";
import { emailSamples } from "./support/email-samples";
import { backgroundWork } from "./support/jobs";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

let store: TestStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

const ann = { name: "Ann Apple", email: "ann@example.com", password: "crunchy-apples-42" };

describe("dev outbox (the default transport)", () => {
  test("without SMTP_URL mail is stored and previewed at /admin/outbox", async () => {
    store = await createTestStore({ seed: false });
    const work = backgroundWork(store);
    expect(work.mailer.name).toBe("outbox");
    await store.agent().signUp(ann);
    await work.drain();
    const [message] = await store.db.select().from(outboxMessages);
    expect(message?.to).toBe(ann.email);

    const admin = store.agent();
    await admin.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
    const list = await (await admin.get("/admin/outbox")).text();
    expect(list).toContain("Confirm your email for Grocer");
    const detail = await admin.get(`/admin/outbox/${message!.id}?width=320`);
    const html = await detail.text();
    expect(html).toContain(`src="/admin/outbox/${message!.id}/html"`);
    expect(html).toContain("email-preview-narrow");
    expect(html).toContain("thanks for joining Grocer");
    expect(detail.headers.get("content-security-policy")).not.toContain("unsafe-inline");

    const frame = await admin.get(`/admin/outbox/${message!.id}/html`);
    expect(await frame.text()).toContain("Confirm my email");
    const policy = frame.headers.get("content-security-policy")!;
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(policy).toContain("sandbox");
    expect(policy).not.toContain("script-src");
    expect(policy).toContain("default-src 'none'");
    expect((await admin.get("/admin/outbox/999")).status).toBe(404);
  });
});

describe("HTTP email API (the Workers transport)", () => {
  test("posts the message as JSON with the key to a real local API; a 5xx is retried", async () => {
    const received: { auth: string | null; body: Record<string, unknown> }[] = [];
    let failNext = true;
    const api = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        if (failNext) {
          failNext = false;
          return new Response("try later", { status: 503 });
        }
        received.push({ auth: request.headers.get("authorization"), body: (await request.json()) as Record<string, unknown> });
        return Response.json({ id: "msg_1" });
      },
    });
    try {
      store = await createTestStore({ seed: false, env: { EMAIL_API_URL: `http://127.0.0.1:${api.port}/emails`, EMAIL_API_KEY: "key-for-tests-123" } });
      const work = backgroundWork(store);
      expect(work.mailer.name).toBe("http-api");
      await store.agent().signUp(ann);
      await work.drain();
      const [job] = await store.db.select().from(jobs).where(eq(jobs.type, "send-email"));
      expect(job?.status).toBe("queued");
      expect(job?.lastError).toBe("Error: Email API answered 503: try later");
      store.clock.advance(30_000);
      await work.drain();
      expect(received).toHaveLength(1);
      expect(received[0]?.auth).toBe("Bearer key-for-tests-123");
      expect(received[0]?.body.to).toEqual([ann.email]);
      expect(received[0]?.body.subject).toBe("Confirm your email for Grocer");
      expect(String(received[0]?.body.text)).toContain("thanks for joining Grocer");
    } finally {
      api.stop(true);
    }
  });

  test("configuration names a missing key and a bad SMTP URL", () => {
    try {
      loadConfig({ EMAIL_API_URL: "https://api.example.com/emails", SMTP_URL: "mail.example.com" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toContain("SMTP_URL: must be an SMTP URL such as smtp://user:password@mail.example.com:587");
    }
    try {
      loadConfig({ EMAIL_API_URL: "https://api.example.com/emails" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect((error as ConfigError).problems).toContain("EMAIL_API_KEY: is required when EMAIL_API_URL is set");
    }
  });
});

describe("we miss you, with a one-click unsubscribe that needs no log-in", () => {
  test("goes to shoppers inactive for 30 days, at most weekly, and stops after unsubscribing", async () => {
    store = await createTestStore({ seed: false });
    const work = backgroundWork(store);
    await store.agent().signUp(ann);
    await store.agent().signUp({ name: "Recent Rita", email: "rita@example.com", password: "recent-rita-123" });
    const day = 24 * 60 * 60 * 1000;
    const longAgo = new Date(store.clock.now().getTime() - 31 * day);
    await store.db.update(users).set({ lastLoginAt: longAgo, createdAt: longAgo }).where(eq(users.email, ann.email));
    await store.db.update(users).set({ lastLoginAt: store.clock.now() }).where(eq(users.email, "rita@example.com"));
    await work.drain();
    await store.db.delete(outboxMessages);

    const sentTo = async () => (await store!.db.select().from(outboxMessages)).filter((m) => m.subject.startsWith("We miss you")).map((m) => m.to);
    store.clock.set(new Date("2026-11-20T09:59:00Z"));
    await work.startSchedules();
    store.clock.set(new Date("2026-11-20T10:00:05Z"));
    await work.tick();
    await work.drain();
    expect(await sentTo()).toEqual([ann.email]);

    store.clock.set(new Date("2026-11-21T10:00:05Z")); // next day: not again within the week
    await work.tick();
    await work.drain();
    expect(await sentTo()).toHaveLength(1);

    const [message] = await store.db.select().from(outboxMessages);
    expect(message!.text).toContain("Unsubscribe with one click");
    const path = message!.html.match(/\/unsubscribe\?token=[\w-]+/)![0];
    const stranger = store.agent();
    const page = await stranger.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop receiving “we miss you” emails?");
    expect(await store.db.select().from(emailOptOuts)).toHaveLength(0); // a GET (a link scanner) changes nothing
    const done = await stranger.post(path);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You are unsubscribed");
    expect((await stranger.get("/unsubscribe?token=unknown-token-unknown-token")).status).toBe(400);

    store.clock.set(new Date("2026-11-28T10:00:05Z")); // a week later: she opted out
    await work.tick();
    await work.drain();
    expect(await sentTo()).toHaveLength(1);
  });
});

describe("email templates", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("every template has a plain-text part and store branding, and fits a 320px screen", async () => {
    const brand = brandOf(loadConfig({ STORE_NAME: "Corner Grocer", PUBLIC_URL: "https://shop.example.com" }));
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const names = Object.keys(emailTemplates) as EmailTemplateName[];
    expect(names).toHaveLength(18);
    for (const name of names) {
      const email = await renderEmail(brand, name, emailSamples[name] as never);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.text).toContain("Corner Grocer");
      expect(email.text.length).toBeGreaterThan(80);
      expect(email.text).not.toContain("<");
      expect(email.html).toContain("Corner Grocer");
      expect(email.html).not.toMatch(/<script|<svg/i);
      await page.setContent(email.html);
      const width = await page.evaluate("document.documentElement.scrollWidth");
      expect({ name, width }).toEqual({ name, width: 320 });
    }
    await context.close();
  });
});
