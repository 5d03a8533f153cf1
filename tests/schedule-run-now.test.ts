import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog, jobs, scheduleRuns } from "../src/db/schema";
import { openBackOffice } from "./support/staff";

let office: Awaited<ReturnType<typeof openBackOffice>>;
beforeAll(async () => {
  office = await openBackOffice();
});
afterAll(() => office?.store.close());

test("the jobs page lists every schedule with a Run now button that posts", async () => {
  const html = await (await office.admin.get("/admin/jobs")).text();
  for (const name of ["back-in-stock", "low-stock-digest", "monthly-report", "tally-sales"]) {
    expect(html).toContain(`<form method="post" action="/admin/jobs/schedules/${name}/run">`);
  }
  expect(html).toContain('Run now<span class="visually-hidden">: back-in-stock</span>');
});

test("run now queues the schedule's job, records the slot and an audit row, and says so", async () => {
  const before = await office.store.db.select().from(jobs).where(eq(jobs.type, "back-in-stock"));
  const response = await office.admin.post("/admin/jobs/schedules/back-in-stock/run");
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/admin/jobs?status=queued");
  const queued = await office.store.db.select().from(jobs).where(eq(jobs.type, "back-in-stock"));
  expect(queued.length).toBe(before.length + 1);
  const [run] = await office.store.db.select().from(scheduleRuns).where(eq(scheduleRuns.schedule, "back-in-stock"));
  expect(run?.claimedBy).toMatch(/^admin:\d+$/);
  const [entry] = await office.store.db.select().from(auditLog).where(eq(auditLog.action, "schedule.run_now"));
  expect(JSON.parse(entry!.details!)).toMatchObject({ schedule: "back-in-stock" });
  const page = await (await office.admin.get("/admin/jobs?status=queued")).text();
  expect(page).toContain("back-in-stock ran now: its work is queued below.");
  expect(page).toContain("run by hand");
});

test("an unknown schedule is a 404 that changes nothing; managers and cross-site posts can't run one", async () => {
  const audits = (await office.store.db.select().from(auditLog)).length;
  for (const name of ["no-such-schedule", "DROP%20TABLE", "x".repeat(80)]) {
    expect((await office.admin.post(`/admin/jobs/schedules/${name}/run`)).status).toBe(404);
  }
  expect((await office.manager.post("/admin/jobs/schedules/back-in-stock/run")).status).toBe(403);
  const crossSite = await office.admin.post("/admin/jobs/schedules/back-in-stock/run", {}, { origin: "https://evil.example" });
  expect(crossSite.status).toBe(403);
  expect((await office.store.db.select().from(auditLog)).length).toBe(audits);
});
