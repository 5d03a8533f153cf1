import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { openDatabase } from "../src/db/client";
import { jobs, scheduleRuns } from "../src/db/schema";
import { drainJobs, runDueSlots, runSlot, schedulesForTrigger, startWorker, triggerCrons } from "../src/jobs";
import { schedules, storeJobs } from "../src/store-jobs";
import { enqueue, findJob } from "../src/jobs/queue";
import { defineJob, JobRegistry } from "../src/jobs/registry";
import { catchUpSlot } from "../src/jobs/run-slot";
import type { ScheduledJob } from "../src/jobs/schedule";
import { isValidCron } from "../src/jobs/slots";
import { outboxMailer } from "../src/mail/outbox";
import { ADMIN, createTestStore, type TestStore } from "./support/store";
import { VirtualTimer } from "./support/virtual-timer";

let store: TestStore;
beforeEach(async () => {
  store = await createTestStore({ seed: false });
});
afterEach(() => store.close());

const context = () => ({ deps: store.deps, mailer: outboxMailer(store.db, store.clock) });

describe("job queue", () => {
  test("a throwing handler is retried with backoff, then marked failed with its error", async () => {
    let calls = 0;
    const registry = new JobRegistry().register(
      defineJob("weigh-the-melons", z.object({ crate: z.number() }), async () => {
        calls++;
        throw new Error(`scale is broken (try ${calls})`);
      }),
    );
    const queued = await enqueue(store.db, "weigh-the-melons", { crate: 7 }, store.clock.now(), { maxAttempts: 3 });
    const start = store.clock.now().getTime();

    await drainJobs(context(), registry, "w1");
    let job = (await findJob(store.db, queued.id))!;
    expect(job.status).toBe("queued");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toBe("Error: scale is broken (try 1)");
    expect(job.runAt.getTime()).toBe(start + 30_000);

    // Not due yet: nothing runs before the backoff ends.
    expect(await drainJobs(context(), registry, "w1")).toBe(0);
    store.clock.advance(30_000);
    await drainJobs(context(), registry, "w1");
    job = (await findJob(store.db, queued.id))!;
    expect(job.attempts).toBe(2);
    expect(job.runAt.getTime()).toBe(start + 30_000 + 60_000); // doubled

    store.clock.advance(60_000);
    await drainJobs(context(), registry, "w1");
    job = (await findJob(store.db, queued.id))!;
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(3);
    expect(job.lastError).toBe("Error: scale is broken (try 3)");
    expect(calls).toBe(3);
    store.clock.advance(24 * 60 * 60 * 1000);
    expect(await drainJobs(context(), registry, "w1")).toBe(0);
  });

  test("a payload that does not match the handler's schema fails with the reason; unknown types fail too", async () => {
    const registry = new JobRegistry().register(defineJob("count-eggs", z.object({ dozen: z.number() }), async () => undefined));
    const bad = await enqueue(store.db, "count-eggs", { dozen: "twelve" }, store.clock.now(), { maxAttempts: 1 });
    const unknown = await enqueue(store.db, "polish-apples", {}, store.clock.now(), { maxAttempts: 1 });
    await drainJobs(context(), registry, "w1");
    expect((await findJob(store.db, bad.id))?.lastError).toContain("dozen");
    expect((await findJob(store.db, unknown.id))?.lastError).toContain('No handler is registered for job type "polish-apples"');
  });

  test("two workers never claim the same job; an expired lease is claimed again", async () => {
    const second = await openDatabase({ url: store.config.DATABASE_URL });
    try {
      const { claimNextJob } = await import("../src/jobs/queue");
      for (let i = 0; i < 20; i++) await enqueue(store.db, "stack-shelf", { shelf: i }, store.clock.now());
      const claims = await Promise.all(
        Array.from({ length: 40 }, (_, i) => claimNextJob(i % 2 ? store.db : second.db, `worker-${i % 2}`, store.clock.now())),
      );
      const ids = claims.filter((job) => job !== null).map((job) => job!.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
      expect(await claimNextJob(store.db, "late", store.clock.now())).toBeNull();
      store.clock.advance(5 * 60 * 1000);
      const reclaimed = await claimNextJob(store.db, "rescuer", store.clock.now());
      expect(reclaimed?.lockedBy).toBe("rescuer");
      expect(reclaimed?.attempts).toBe(2);
    } finally {
      second.close();
    }
  });

  test("stopping the worker lets the running job finish", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const registry = new JobRegistry().register(
      defineJob("bake-bread", z.object({}), async ({ progress }) => {
        await progress(50);
        started();
        await gate;
        return { resultUrl: "/manage/bread.csv" };
      }),
    );
    const queued = await enqueue(store.db, "bake-bread", {}, store.clock.now());
    const later = await enqueue(store.db, "bake-bread", {}, store.clock.now());
    const worker = startWorker(context(), registry, { workerId: "oven", idleMs: 20 });
    await running;
    expect((await findJob(store.db, queued.id))?.progress).toBe(50);
    const stopped = worker.stop();
    // The stop waits on the job: asked while the gate is shut, it has not resolved (no timer involved).
    expect(await Promise.race([stopped.then(() => "stopped"), findJob(store.db, queued.id).then(() => "still baking")])).toBe("still baking");
    release();
    await stopped;
    const done = (await findJob(store.db, queued.id))!;
    expect(done.status).toBe("done");
    expect(done.resultUrl).toBe("/manage/bread.csv");
    expect((await findJob(store.db, later.id))?.status).toBe("queued"); // not started after stop
  });
});

describe("admin jobs page", () => {
  test("lists jobs by status, shows the error and retries a failed job", async () => {
    const job = await enqueue(store.db, "print-labels", {}, store.clock.now(), { maxAttempts: 1 });
    await drainJobs(context(), new JobRegistry(), "w1");
    const admin = store.agent();
    await admin.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
    const page = await admin.get("/admin/jobs?status=failed");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("print-labels");
    expect(html).toContain("No handler is registered");
    expect(html).toContain(`action="/admin/jobs/${job.id}/retry"`);

    const retried = await admin.post(`/admin/jobs/${job.id}/retry`);
    expect(retried.status).toBe(303);
    const again = (await findJob(store.db, job.id))!;
    expect(again.status).toBe("queued");
    expect(again.attempts).toBe(0);
    expect((await admin.post(`/admin/jobs/${job.id}/retry`)).status).toBe(409);

    // While work is queued the board polls itself; htmx gets only the board.
    const board = await admin.get("/admin/jobs?status=queued", { "hx-request": "true" });
    const fragment = await board.text();
    expect(fragment).toStartWith('<div id="job-board"');
    expect(fragment).toContain('hx-trigger="every 2s"');
    await drainJobs(context(), new JobRegistry().register(defineJob("print-labels", z.object({}), async () => undefined)), "w1");
    const settled = await (await admin.get("/admin/jobs?status=done", { "hx-request": "true" })).text();
    expect(settled).not.toContain("hx-trigger");
    expect(settled).toContain("print-labels");
    // A queued order confirmation says which order it is for.
    await enqueue(store.db, "order-confirmation", { orderId: 42 }, store.clock.now());
    expect(await (await admin.get("/admin/jobs?status=queued")).text()).toContain("order GR-000042");
  });

  test("is for the admin only", async () => {
    expect((await store.agent().get("/admin/jobs")).status).toBe(303);
    const shopper = store.agent();
    await shopper.signUp({ name: "Sam", email: "sam@example.com", password: "shopper-pass-1" });
    expect((await shopper.get("/admin/jobs")).status).toBe(403);
    expect((await shopper.get("/admin/outbox")).status).toBe(403);
  });
});

describe("scheduler", () => {
  const counting = (runs: string[]): ScheduledJob => ({
    name: "restock-check",
    cron: "*/15 * * * *",
    run: async (_deps, slot) => {
      await Bun.sleep(1);
      runs.push(slot.toISOString());
    },
  });

  test("two scheduler instances on one database run each slot once", async () => {
    const other = await openDatabase({ url: store.config.DATABASE_URL });
    try {
      const runs: string[] = [];
      const job = counting(runs);
      const depsB = { ...store.deps, database: other };
      store.clock.set(new Date("2026-11-20T10:00:00Z"));
      for (let minute = 0; minute < 60; minute += 5) {
        store.clock.set(new Date(Date.UTC(2026, 10, 20, 10, minute, 3)));
        const outcomes = await Promise.all([runDueSlots(store.deps, [job], "bun-a"), runDueSlots(depsB, [job], "bun-b")]);
        expect(outcomes.map((outcome) => outcome["restock-check"]).sort()).toEqual(
          minute % 15 === 0 ? ["ran", "taken"] : ["taken", "taken"],
        );
      }
      expect(runs).toEqual(["2026-11-20T10:00:00.000Z", "2026-11-20T10:15:00.000Z", "2026-11-20T10:30:00.000Z", "2026-11-20T10:45:00.000Z"]);
      const rows = await store.db.select().from(scheduleRuns);
      expect(rows).toHaveLength(4);
    } finally {
      other.close();
    }
  });

  test("a missed slot is caught up once after downtime; a new store only records where it starts", async () => {
    const runs: string[] = [];
    const job = counting(runs);
    store.clock.set(new Date("2026-11-20T10:07:00Z"));
    expect(await catchUpSlot(store.deps, job, "a")).toBe("baseline");
    expect(runs).toEqual([]);
    // Down from 10:07 to 11:20: four slots missed, only the latest one runs.
    store.clock.set(new Date("2026-11-20T11:20:00Z"));
    expect(await catchUpSlot(store.deps, job, "a")).toBe("ran");
    expect(await catchUpSlot(store.deps, job, "b")).toBe("none");
    expect(runs).toEqual(["2026-11-20T11:15:00.000Z"]);
  });

  test("the real croner runner fires on its own timer and claims each slot once", async () => {
    const { startCronRunner } = await import("../src/jobs/cron-runner");
    const runs: string[] = [];
    let ticked!: () => void;
    const firstTick = new Promise<void>((resolve) => (ticked = resolve));
    const everySecond: ScheduledJob = { name: "tick", cron: "* * * * * *", run: async (_d, slot) => { runs.push(slot.toISOString()); ticked(); } };
    // croner accepts a seconds field; the store's own schedules are all 5-field.
    const clock = { now: () => new Date() };
    const runner = await startCronRunner({ ...store.deps, clock }, [everySecond], "live");
    await firstTick; // fired by croner's own timer
    await runner.stop();
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(new Set(runs).size).toBe(runs.length);
  });

  test("the store's schedules are valid 5-field UTC crons with unique names", () => {
    expect(schedules.map((job) => job.name).sort()).toEqual(["back-in-stock", "cart-reminder", "housekeeping", "low-stock-digest", "monthly-report", "payments-reconcile", "report-export-expiry", "sweep-expired-sessions", "tally-sales", "we-miss-you"]);
    for (const job of schedules) expect(isValidCron(job.cron)).toBe(true);
    expect(new Set(schedules.map((job) => job.name)).size).toBe(schedules.length);
  });

  test("a Workers cron trigger dispatches to the right schedules and slot", () => {
    const fired = schedulesForTrigger("0 7 1 * *", Date.parse("2026-12-01T07:00:00.250Z"), schedules);
    expect(fired.map((entry) => entry.job.name)).toEqual(["monthly-report"]);
    expect(fired[0]?.slot.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    expect(schedulesForTrigger("0 * * * *", new Date("2026-12-01T08:00:10Z"), schedules).map((entry) => entry.job.name)).toEqual(["low-stock-digest", "cart-reminder", "report-export-expiry"]);
    expect(schedulesForTrigger("*/15 * * * *", new Date("2026-12-01T08:15:02Z"), schedules).map((entry) => entry.job.name)).toEqual(["back-in-stock"]);
    expect(schedulesForTrigger("*/5 * * * *", new Date("2026-12-01T08:35:01Z"), schedules).map((entry) => entry.job.name)).toEqual(["tally-sales"]);
    expect(schedulesForTrigger("5 4 * * *", 0, schedules)).toEqual([]);
    expect(triggerCrons(schedules)).toEqual(["0 * * * *", "0 10 * * *", "*/15 * * * *", "30 3 * * *", "0 7 1 * *", "*/5 * * * *", "17 3 * * *", "45 4 * * *"]);
  });

  test("housekeeping purges expired sessions, spent codes and old throttle rows", async () => {
    const { sessions, oneTimeCodes, authThrottle, users } = await import("../src/db/schema");
    const [admin] = await store.db.select().from(users);
    const now = store.clock.now();
    const hour = 60 * 60 * 1000;
    await store.db.insert(sessions).values([
      { tokenHash: "old", userId: admin!.id, expiresAt: new Date(now.getTime() - hour) },
      { tokenHash: "live", userId: admin!.id, expiresAt: new Date(now.getTime() + hour) },
    ]);
    const code = { purpose: "password-reset" as const, userId: admin!.id, email: admin!.email, codeHash: "x" };
    await store.db.insert(oneTimeCodes).values([
      { ...code, codeHash: "used", expiresAt: new Date(now.getTime() + hour), usedAt: now },
      { ...code, codeHash: "expired", expiresAt: new Date(now.getTime() - 1) },
      { ...code, codeHash: "live", expiresAt: new Date(now.getTime() + hour) },
    ]);
    await store.db.insert(authThrottle).values([
      { key: "ip:1", failures: 3, windowStartedAt: new Date(now.getTime() - 2 * hour) },
      { key: "ip:2", failures: 3, windowStartedAt: new Date(now.getTime() - 60_000) },
    ]);
    await runSlot(store.deps, schedules.find((job) => job.name === "housekeeping")!, now, "a");
    await drainJobs(context(), storeJobs(), "w");
    expect((await store.db.select().from(sessions)).map((row) => row.tokenHash)).toEqual(["live"]);
    expect((await store.db.select().from(oneTimeCodes)).map((row) => row.codeHash)).toEqual(["live"]);
    expect((await store.db.select().from(authThrottle)).map((row) => row.key)).toEqual(["ip:2"]);
    const [done] = await store.db.select().from(jobs).where(eq(jobs.type, "housekeeping"));
    expect(done?.status).toBe("done");
  });
});

describe("Workers cron trigger", () => {
  test("serves the slot once and runs the queued work, however often the trigger is delivered", async () => {
    const { handleCronTrigger } = await import("../src/jobs");
    const trigger = { cron: "30 3 * * *", scheduledTime: Date.parse("2026-11-21T03:30:00Z") };
    const first = await handleCronTrigger(context(), storeJobs(), trigger, schedules, "isolate-1");
    expect(first.slots).toEqual({ housekeeping: "ran" });
    expect(first.jobsRun).toBe(1);
    const again = await handleCronTrigger(context(), storeJobs(), trigger, schedules, "isolate-2");
    expect(again.slots).toEqual({ housekeeping: "taken" });
    const done = await store.db.select().from(jobs).where(eq(jobs.type, "housekeeping"));
    expect(done.map((job) => job.status)).toEqual(["done"]);
  });

  // Virtual time (ADR 048): a job "keeps the thread" by spending virtual milliseconds, and the
  // worker's pauses run out only when the test lets them, so the counts are exact on any machine.
  const IDLE_MS = 5000; // the idle wait, distinct from every pause the share and the rush make

  test("while shoppers are being served the worker takes at most its share of the time, then catches up", async () => {
    let busy = true;
    const ran: number[] = [];
    const timer = new VirtualTimer();
    const registry = new JobRegistry().register(
      defineJob("stack-shelves", z.object({ crate: z.number() }), async ({ payload }) => {
        timer.spend(20); // keeps the thread 20 ms, like rendering a big email
        ran.push(payload.crate);
      }),
    );
    for (let crate = 0; crate < 60; crate++) await enqueue(store.db, "stack-shelves", { crate }, store.clock.now());
    const worker = startWorker(context(), registry, {
      workerId: "night-shift",
      idleMs: IDLE_MS,
      timer,
      background: { busy: () => busy, queueing: () => false, share: 0.25, patienceMs: 30_000 },
    });
    await timer.runUntil(500);
    // Flat out, 500 ms hold 25 of these jobs; at a quarter share each 20 ms job is followed by a
    // 60 ms pause: jobs start at 0, 80, ... 480, so 7 (140 ms of the 500, 28 %: the last one's pause is still running).
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6]);
    busy = false;
    await timer.runUntilIdle(IDLE_MS);
    await worker.stop();
    expect(ran).toEqual(Array.from({ length: 60 }, (_, crate) => crate));
    // The 7th job's pause ended at 560; after it the other 53 ran back to back, no pause between them.
    expect(timer.now()).toBe(560 + 53 * 20);
  });

  test("during a rush the worker holds back, for no longer than its patience, lulls between waves included", async () => {
    let rush = true;
    const ran: number[] = [];
    const timer = new VirtualTimer();
    const registry = new JobRegistry().register(
      defineJob("stack-shelves", z.object({ crate: z.number() }), async ({ payload }) => {
        timer.spend(10);
        ran.push(payload.crate);
      }),
    );
    for (let crate = 0; crate < 40; crate++) await enqueue(store.db, "stack-shelves", { crate }, store.clock.now());
    // Requests come in waves: between two of them nobody is queueing for a moment (every third look).
    let looks = 0;
    const background = { busy: () => rush, queueing: () => rush && ++looks % 3 !== 0, share: 0.25, patienceMs: 400 };
    const worker = startWorker(context(), registry, { workerId: "night-shift", idleMs: IDLE_MS, timer, background });
    await timer.runUntil(399);
    expect(ran).toEqual([]); // shoppers queueing, lulls included: nothing for the whole patience
    expect(looks).toBe(16); // it looked every 25 ms (0, 25, ... 375), not once and then slept
    await timer.runUntil(700);
    // The rush went on past its patience: emails go out again from 400, at the busy share (each
    // 10 ms job, then a 30 ms pause): started at 400, 440, ... 680, so 8 (flat out it would be 30).
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    rush = false;
    await timer.runUntilIdle(IDLE_MS);
    await worker.stop();
    expect(ran).toHaveLength(40);
    expect(timer.now()).toBe(720 + 32 * 10); // the rest flat out once the rush is over
  });
});
