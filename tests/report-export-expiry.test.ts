import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { reportExportChunks, reportExports } from "../src/db/report-export-tables";
import { totpCodeAt } from "../src/accounts/two-factor/totp";
import { expireOldExports } from "../src/reports/export-expiry";
import { ApiClient, expectProblem, logInStaff } from "./support/api";
import { backgroundWork } from "./support/jobs";
import { sell as sellIn } from "./support/orders";
import { stockShelves, type Shelves } from "./support/shop";
import { openBackOffice } from "./support/staff";
import { ADMIN, createTestStore, textOf, type Agent, type TestStore } from "./support/store";

/*
 * Prepared CSV exports expire (ADR 062): REPORT_EXPORT_KEEP_HOURS after an export is ready, the
 * hourly schedule deletes its chunks, one atomic unit per export; its page then says "Expired",
 * the page's download answers 410 and so does the API's, which shows `state: "expired"`.
 */

let store: TestStore;
let shelves: Shelves;
let manager: Agent;
let work: ReturnType<typeof backgroundWork>;

beforeEach(async () => {
  ({ store, shelves, manager } = await openBackOffice({ REPORT_EXPORT_CHUNK_ROWS: "2", REPORT_EXPORT_KEEP_HOURS: "24" }));
  work = backgroundWork(store);
  store.clock.set(new Date("2026-11-22T10:00:00Z"));
  await sellIn(store, shelves, [["bananas", "1.5"], ["milk", "2"]]);
  await work.drain();
});
afterEach(() => store.close());

async function prepare(kind: string) {
  const response = await manager.post("/manage/reports/exports", { kind, from: "", to: "", category: "", bucket: "day" });
  expect(response.status).toBe(303);
  return response.headers.get("location")!;
}

const idOf = (page: string) => Number(page.split("/").at(-1));
const chunksOf = async (id: number) => (await store.db.select().from(reportExportChunks).where(eq(reportExportChunks.exportId, id))).length;

test("a ready export says until when it can be downloaded; the hourly schedule deletes it after that and its page says it expired", async () => {
  const page = await prepare("products");
  await work.drain();
  const ready = await textOf(await manager.get(page));
  expect(ready).toContain("The file can be downloaded until 23 Nov 2026, 10:00, then it is deleted.");
  expect(await chunksOf(idOf(page))).toBeGreaterThan(1);

  // One minute before its time, the schedule leaves it alone.
  store.clock.set(new Date("2026-11-23T09:59:00Z"));
  await work.tick();
  expect((await manager.get(`${page}/download`)).status).toBe(200);

  store.clock.set(new Date("2026-11-23T11:00:00Z"));
  expect((await work.tick())["report-export-expiry"]).toBe("ran");
  expect(await chunksOf(idOf(page))).toBe(0);
  const [row] = await store.db.select().from(reportExports).where(eq(reportExports.id, idOf(page)));
  expect(row!.expiredAt).toEqual(new Date("2026-11-23T11:00:00Z"));
  expect(row!.state).toBe("done");

  const expired = await textOf(await manager.get(page));
  expect(expired).toContain("Expired");
  expect(expired).toContain("This file expired on 23 Nov 2026, 11:00 and was deleted.");
  expect(expired).not.toContain("Download CSV");
  const list = await textOf(await manager.get("/manage/reports"));
  expect(list).toContain("Expired");
  expect(list).not.toContain(`${page}/download`);
  const download = await manager.get(`${page}/download`);
  expect(download.status).toBe(410);
  expect(await download.text()).toContain("expired");
});

test("when a file expires or expired is told on the store's clock (Europe/Dublin), not in UTC", async () => {
  const page = await prepare("products");
  await work.drain();
  // Ready at 22:30 UTC on 30 June and kept 24 hours: until 22:30 UTC on 1 July, 23:30 in Dublin (summer time).
  await store.db.update(reportExports).set({ finishedAt: new Date("2026-06-30T22:30:00Z") }).where(eq(reportExports.id, idOf(page)));
  const ready = await textOf(await manager.get(page));
  expect(ready).toContain("The file can be downloaded until 1 Jul 2026, 23:30, then it is deleted.");
  expect(ready).not.toContain("UTC");
  // Deleted at 23:30 UTC on 1 July: 00:30 on 2 July in Dublin.
  await store.db.update(reportExports).set({ expiredAt: new Date("2026-07-01T23:30:00Z") }).where(eq(reportExports.id, idOf(page)));
  const expired = await textOf(await manager.get(page));
  expect(expired).toContain("This file expired on 2 Jul 2026, 00:30 and was deleted.");
  expect(expired).not.toContain("UTC");
});

test("the API shows when an export expires, then state expired and 410 Gone for its download", async () => {
  // Its own store: the API logs the admin in with an authenticator set up on the spot.
  const apiStore = await createTestStore({ seed: false, env: { REPORT_EXPORT_KEEP_HOURS: "24" } });
  try {
    apiStore.clock.set(new Date("2026-11-22T10:00:00Z"));
    await stockShelves(apiStore);
    const api = new ApiClient(apiStore, "198.51.100.78");
    const { secret } = await logInStaff(api, apiStore, ADMIN.email, ADMIN.password);
    const started = await api.post("/report-exports", { report: "categories" });
    expect(started.json.expires_at).toBeNull();
    await backgroundWork(apiStore).drain();
    const done = await api.get(`/report-exports/${started.json.id}`);
    const readyAt = new Date(done.json.finished_at);
    expect(done.json).toMatchObject({ state: "done", expires_at: new Date(readyAt.getTime() + 24 * 3_600_000).toISOString() });

    apiStore.clock.set(new Date(readyAt.getTime() + 24 * 3_600_000));
    expect(await expireOldExports(apiStore.database, apiStore.clock.now(), 24)).toBe(1);
    // Already expired: a second sweep has nothing to do.
    expect(await expireOldExports(apiStore.database, apiStore.clock.now(), 24)).toBe(0);
    // A day later the access token has expired too: log in again.
    await api.logIn(ADMIN.email, ADMIN.password, totpCodeAt(secret, apiStore.clock.now()));
    const gone = await api.get(`/report-exports/${started.json.id}`);
    expect(gone.status).toBe(200);
    expect(gone.json).toMatchObject({ state: "expired", expires_at: apiStore.clock.now().toISOString(), download_url: null });
    const problem = expectProblem(await api.get(`/report-exports/${started.json.id}/download`), 410);
    expect(problem.title).toBe("Gone");
  } finally {
    apiStore.close();
  }
});

test("an export still being prepared never expires, however old; a failed one does", async () => {
  const preparing = idOf(await prepare("over-time"));
  const failed = idOf(await prepare("fees-vat"));
  await store.db.update(reportExports).set({ state: "failed" }).where(eq(reportExports.id, failed));
  store.clock.set(new Date("2026-12-22T10:00:00Z"));
  expect(await expireOldExports(store.database, store.clock.now(), 24)).toBe(1);
  const rows = await store.db.select({ id: reportExports.id, expiredAt: reportExports.expiredAt }).from(reportExports).orderBy(reportExports.id);
  expect(rows).toEqual([
    { id: preparing, expiredAt: null },
    { id: failed, expiredAt: new Date("2026-12-22T10:00:00Z") },
  ]);
  // The one being prepared still finishes, with its file.
  await work.drain();
  const [finished] = await store.db.select().from(reportExports).where(eq(reportExports.id, preparing));
  expect(finished).toMatchObject({ state: "done", expiredAt: null });
  expect(await chunksOf(preparing)).toBeGreaterThan(0);
  const staged = await store.db.all<{ n: number }>(sql`select count(*) as n from report_export_chunks where export_id = ${failed}`);
  expect(Number(staged[0]!.n)).toBe(0);
});
