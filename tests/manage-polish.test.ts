import { afterAll, beforeAll, expect, test } from "bun:test";
import { openBackOffice } from "./support/staff";
import { textOf } from "./support/store";

// The back office says what it did: a stock change made with htmx confirms itself in its row.
let office: Awaited<ReturnType<typeof openBackOffice>>;
beforeAll(async () => {
  office = await openBackOffice();
});
afterAll(() => office?.store.close());

test("a stock change made with htmx confirms itself in its row, and without JavaScript in the flash", async () => {
  const htmx = { "hx-request": "true" };
  const row = await office.manager.post(`/manage/stock/${office.shelves.bananas.id}/adjust`, { change: "2.5", reason: "delivery" }, htmx);
  expect(row.status).toBe(200);
  const html = await row.text();
  expect(html).toContain('<p class="field-saved" role="status">Added 2.5 kg: Bananas now has 22.5 kg.</p>');
  const plain = await office.manager.post(`/manage/stock/${office.shelves.bananas.id}/adjust`, { change: "-0.5", reason: "spoilage" });
  expect(plain.status).toBe(303);
  expect(await textOf(await office.manager.get("/manage/stock"))).toContain("Removed 0.5 kg: Bananas now has 22 kg.");
});
