import { afterAll, beforeAll, expect, test } from "bun:test";
import { dayRange } from "../src/reports/date-range";
import { productSalesCsv } from "../src/reports/csv";
import { salesByProduct } from "../src/reports/sales";
import { ApiClient, logInStaff } from "./support/api";
import { backgroundWork } from "./support/jobs";
import { stockShelves } from "./support/shop";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

/** The API side of report exports (ADR 046); tests/report-exports.test.ts has the page side. */
let store: TestStore;
beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { REPORT_EXPORT_CHUNK_ROWS: "2" } });
  await stockShelves(store);
});
afterAll(() => store.close());

test("the API starts an export, shows its progress and gives the one-shot CSV's bytes when done", async () => {
  const api = new ApiClient(store, "198.51.100.77");
  await logInStaff(api, store, ADMIN.email, ADMIN.password);
  const started = await api.post("/report-exports", { report: "products", to: "2026-11-22" });
  expect(started.status).toBe(202);
  expect(started.json).toMatchObject({ report: "products", state: "preparing", progress: 0, download_url: null });
  expect((await api.get(`/report-exports/${started.json.id}/download`)).status).toBe(409);
  await backgroundWork(store).drain();
  const done = await api.get(`/report-exports/${started.json.id}`);
  expect(done.json).toMatchObject({ state: "done", progress: 100, rows_written: 5, download_url: `/api/v1/report-exports/${started.json.id}/download` });
  const file = await api.get(`/report-exports/${started.json.id}/download`);
  expect(file.contentType).toBe("text/csv; charset=utf-8");
  expect(file.json).toBe(productSalesCsv(await salesByProduct(store.db, { to: dayRange(undefined, "2026-11-22").to })));
  expect((await api.post("/report-exports", { report: "over-time", interval: "fortnight" })).status).toBe(422);
  expect((await api.get("/report-exports/999999")).status).toBe(404);
});
