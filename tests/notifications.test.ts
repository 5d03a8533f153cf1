import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../src/db/client";
import { notifications, products, users } from "../src/db/schema";
import { lowStockEvents } from "../src/db/shop-tables";
import { deliverLowStockNotices } from "../src/notifications/notices";
import { markAllRead, markRead, notify, unreadCount } from "../src/notifications/notify";
import { startServer, type RunningServer } from "./support/server";
import { stockShelves } from "./support/shop";
import { Agent, createTestStore, httpFetcher, type TestStore } from "./support/store";
import { adminAgent, approvedManager } from "./support/staff";
import { setUpTwoFactor } from "./support/two-factor";
import { systemClock } from "../src/clock";


describe("who sees what", () => {
  test("staff notices reach approved managers and the admin, admin notices only the admin, personal ones only their person; reads are per person", async () => {
    const store = await createTestStore({ seed: false });
    try {
      const admin = await adminAgent(store);
      const { user: signedUp } = await approvedManager(store, admin);
      const [manager] = await store.db.select().from(users).where(eq(users.id, signedUp.id));
      if (!manager) throw new Error("manager missing");
      const [adminUser] = await store.db.select().from(users).where(eq(users.email, "admin@test.local"));
      const customer = (await store.db.insert(users).values({ email: "c@example.com", name: "C" }).returning())[0]!;
      const now = store.clock.now();
      const before = { manager: await unreadCount(store.db, manager), admin: await unreadCount(store.db, adminUser!) };
      await notify(store.db, { to: { audience: "staff" }, kind: "new_order", title: "staff", now });
      await notify(store.db, { to: { audience: "admin" }, kind: "pending_approval", title: "admin", now });
      await notify(store.db, { to: { userId: customer.id }, kind: "decision", title: "personal", now });
      await notify(store.db, { to: { audience: "staff" }, kind: "new_order", title: "dup", dedupeKey: "k1", now });
      await notify(store.db, { to: { audience: "staff" }, kind: "new_order", title: "dup", dedupeKey: "k1", now });
      expect(await unreadCount(store.db, manager)).toBe(before.manager + 2);
      expect(await unreadCount(store.db, adminUser!)).toBe(before.admin + 3);
      expect(await unreadCount(store.db, customer)).toBe(1);

      const [staffNotice] = await store.db.select().from(notifications).where(eq(notifications.title, "staff"));
      const [adminNotice] = await store.db.select().from(notifications).where(eq(notifications.title, "admin"));
      expect(await markRead(store.db, manager, adminNotice!.id, now)).toBe(false); // not theirs to see
      expect(await markRead(store.db, manager, staffNotice!.id, now)).toBe(true);
      expect(await unreadCount(store.db, manager)).toBe(before.manager + 1);
      expect(await unreadCount(store.db, adminUser!)).toBe(before.admin + 3); // the admin's copy is still unread
      await markAllRead(store.db, adminUser!, now);
      expect(await unreadCount(store.db, adminUser!)).toBe(0);
      expect(await unreadCount(store.db, manager)).toBe(before.manager + 1);
    } finally {
      store.close();
    }
  });

  test("each low-stock event becomes exactly one notice, even with two deliverers at once", async () => {
    const store = await createTestStore({ seed: false });
    try {
      const shelves = await stockShelves(store);
      await store.db.update(products).set({ stock: 500 }).where(eq(products.id, shelves.apples.id));
      await store.db.update(products).set({ stock: 1000 }).where(eq(products.id, shelves.bananas.id));
      expect(await store.db.select().from(lowStockEvents)).toHaveLength(2);
      const now = store.clock.now();
      await Promise.all([deliverLowStockNotices(store.database, now), deliverLowStockNotices(store.database, now)]);
      const notices = await store.db.select().from(notifications).where(eq(notifications.kind, "low_stock"));
      expect(notices.map((notice) => notice.title).sort()).toEqual(["Apples is down to 0.5 kg", "Bananas is down to 1 kg"]);
      expect(await deliverLowStockNotices(store.database, now)).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe("the live stream over real HTTP", () => {
  let server: RunningServer;
  let database: DatabaseHandle;
  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: "admin@grocer.local" });
    // A second writer on the same database file, like another instance of the store.
    database = await openDatabase({ url: `file:${join(server.dir, "grocer.db")}` });
  }, 30_000);
  afterAll(async () => {
    database?.close();
    await server?.stop();
    server?.cleanup();
  });

  const agent = () => new Agent(httpFetcher(), "127.0.0.1", server.url);

  /** Reads an SSE response's data lines as they come. */
  function sseReader(response: Response) {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const data: string[] = [];
    let buffer = "";
    return {
      data,
      /** Reads on until the data seen so far satisfies `done`; the test's own timeout bounds it. */
      async until(done: (data: string[]) => boolean) {
        while (!done(data)) {
          const chunk = await reader.read();
          if (chunk.done) throw new Error(`the stream ended; saw ${JSON.stringify(data)}`);
          buffer += decoder.decode(chunk.value, { stream: true });
          const events = buffer.split("\n\n");
          buffer = events.pop() ?? "";
          for (const event of events) {
            for (const line of event.split("\n")) if (line.startsWith("data:")) data.push(line.slice(5).trim());
          }
        }
        return data;
      },
      close: () => reader.cancel().catch(() => undefined),
    };
  }

  test("a connected admin receives a notification written afterwards, by any instance", async () => {
    const admin = agent();
    expect((await admin.logIn("admin@grocer.local", "admin-password-123")).status).toBe(303);
    // Staff receive the stream only with an authenticator set up (ADR 018).
    await setUpTwoFactor(admin, systemClock);
    const stream = await admin.send("/manage/notifications/stream", { method: "GET", headers: { accept: "text/event-stream" } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toStartWith("text/event-stream");
    const events = sseReader(stream);
    try {
      await events.until((data) => data.length >= 1);
      const start = Number(events.data[0]);
      expect(Number.isInteger(start)).toBe(true);
      // The first count came from a connected stream: a notification written now is news to it.
      await notify(database.db, { to: { audience: "staff" }, kind: "new_order", title: "Live order", now: new Date() });
      await events.until((data) => data.includes(String(start + 1)));
    } finally {
      await events.close();
    }
  }, 30_000);

  test("a customer gets 403 and a visitor 401; neither gets a stream", async () => {
    const visitor = await agent().get("/manage/notifications/stream");
    expect(visitor.status).toBe(401);
    expect(visitor.headers.get("content-type") ?? "").not.toContain("text/event-stream");

    const customer = agent();
    const signUp = await customer.signUp({ name: "Cass", email: `cass-${Date.now()}@example.com`, password: "cass-password-1" });
    expect(signUp.status).toBe(303);
    const refused = await customer.get("/manage/notifications/stream", { accept: "text/event-stream" });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type") ?? "").not.toContain("text/event-stream");
    await refused.text();
  }, 30_000);
});
