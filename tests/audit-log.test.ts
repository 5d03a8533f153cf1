import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog, users } from "../src/db/schema";
import { openBackOffice } from "./support/staff";

let office: Awaited<ReturnType<typeof openBackOffice>>;
beforeAll(async () => {
  office = await openBackOffice();
});
afterAll(() => office?.store.close());

test("the admin reads who did what, newest first, with the approval of the manager among it", async () => {
  const response = await office.admin.get("/admin/audit");
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain("<h1>Audit log</h1>");
  const [manager] = await office.store.db.select().from(users).where(eq(users.id, office.managerId));
  expect(html).toContain("user.approve");
  expect(html).toContain(`user #${manager!.id}`);
});

test("a kind narrows the trail, and a page past the end says nothing is recorded", async () => {
  const approvals = await (await office.admin.get("/admin/audit?action=user.approve")).text();
  expect(approvals).toContain("user.approve");
  const none = await (await office.admin.get("/admin/audit?action=promo.activate")).text();
  expect(none).toContain("Nothing recorded of the kind promo.activate yet.");
});

test("older entries are a page away, and each page holds the next ones without repeating any", async () => {
  const now = new Date();
  await office.store.db.insert(auditLog).values(
    Array.from({ length: 60 }, (_, i) => ({ actorId: null, action: "test.bulk", subjectType: "product", subjectId: i + 1, details: null, createdAt: now })),
  );
  const first = await (await office.admin.get("/admin/audit?action=test.bulk")).text();
  const older = first.match(/href="(\/admin\/audit\?before=\d+&amp;action=test.bulk)"/);
  expect(older).not.toBeNull();
  const second = await (await office.admin.get(older![1]!.replaceAll("&amp;", "&"))).text();
  const subjects = (html: string) => [...html.matchAll(/product #(\d+)/g)].map((m) => Number(m[1]));
  expect(subjects(first)).toHaveLength(50);
  expect(subjects(second)).toHaveLength(10);
  expect(new Set([...subjects(first), ...subjects(second)]).size).toBe(60);
  expect(second).not.toContain("Older entries");
});

test("bad paging is a clear 400, and the trail is the admin's alone", async () => {
  for (const query of ["before=abc", "before=-1", "action=DROP%20TABLE", `before=${"9".repeat(30)}`]) {
    const response = await office.admin.get(`/admin/audit?${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("That audit page does not exist");
  }
  expect((await office.manager.get("/admin/audit")).status).toBe(403);
});

test("when a change was made is told on the store's clock (Europe/Dublin), not in UTC", async () => {
  // 12:30 UTC on 1 July is 13:30 in Dublin (summer time).
  await office.store.db.insert(auditLog).values({ actorId: null, action: "test.summer", subjectType: "product", subjectId: 1, details: null, createdAt: new Date("2026-07-01T12:30:00Z") });
  const html = await (await office.admin.get("/admin/audit?action=test.summer")).text();
  expect(html).toContain('<td data-label="When">1 Jul 2026, 13:30</td>');
  expect(html).not.toContain("2026-07-01 12:30");
  expect(html).not.toContain("UTC");
});
