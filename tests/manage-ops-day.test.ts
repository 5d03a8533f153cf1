import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { notifications, stockAdjustments } from "../src/db/schema";
import { addToCart, checkout, newShopper, productNow, openShop, type Shelves } from "./support/shop";
import { textOf, type Agent, type TestStore } from "./support/store";
import { adminAgent, approvedManager } from "./support/staff";
import { preparedCsv } from "./support/report-exports";


let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop());
});
afterEach(() => store.close());

test("a manager's day: receive stock, see it sell, get the low-stock notice, read it in the report and CSV", async () => {
  const admin = await adminAgent(store);
  const { agent: manager } = await approvedManager(store, admin);

  // Morning: 4.5 kg of apples arrive (3 kg on the shelf, reorder at 1 kg).
  const delivery = await manager.post(`/manage/stock/${shelves.apples.id}/adjust`, { change: "4.5", reason: "delivery", note: "Orchard Co." });
  expect(delivery.status).toBe(303);
  expect((await productNow(store, shelves.apples)).stock).toBe(7_500);
  expect(await store.db.select().from(stockAdjustments)).toHaveLength(1);

  // A shopper buys 7 kg through the real checkout: stock drops to 0.5 kg, below the reorder level.
  const { agent: shopper } = await newShopper(store);
  expect((await addToCart(shopper, shelves.apples, "7")).status).toBe(303);
  const { response } = await checkout(shopper);
  expect(response.status).toBe(303);
  expect((await productNow(store, shelves.apples)).stock).toBe(500);

  // The bell shows the new order and the low-stock notice; the notifications page lists them.
  const dashboard = await textOf(await manager.get("/manage"));
  expect(dashboard).toMatch(/<span id="bell-count" class="bell-count bell-count-unread">[2-9]<\/span>/);
  expect(dashboard).toContain("<strong>1</strong> orders</li>");
  expect(dashboard).toContain("<strong>€22.40</strong> revenue");
  expect(dashboard).toMatch(/href="\/manage\/stock\/\d+">Apples<\/a>/);
  const page = await textOf(await manager.get("/manage/notifications"));
  expect(page).toContain("Apples is down to 0.5 kg");
  expect(page).toContain("Reorder level is 1 kg.");
  expect(page).toMatch(/New pickup order GR-\d{6}/);
  const [lowStock] = await store.db.select().from(notifications).where(eq(notifications.kind, "low_stock"));

  // Marking it read (htmx) lowers the bell count in the same response.
  const read = await manager.post(`/manage/notifications/${lowStock!.id}/read`, {}, { "hx-request": "true" });
  expect(read.status).toBe(200);
  const fragment = await textOf(read);
  expect(fragment).toContain(`id="notification-${lowStock!.id}" class="notice"`);
  expect(fragment).toContain('hx-swap-oob="true"');
  expect((await textOf(await manager.get("/manage/notifications?show=unread")))).not.toContain("Apples is down to 0.5 kg");

  // Evening: the report and its CSV show the sale.
  const report = await textOf(await manager.get("/manage/reports?from=2026-11-20&to=2026-11-20"));
  expect(report).toContain("<td>Apples</td><td>Fruit</td><td>7 kg</td><td>1</td><td class=\"money\">€22.40</td>");
  const csv = await (await preparedCsv(store, manager, "products", { from: "2026-11-20", to: "2026-11-20" })).text();
  expect(csv.split("\n")[1]).toBe("Apples,Fruit,7,kg,1,22.40");

  // Mark all read empties the bell.
  expect((await manager.post("/manage/notifications/read-all")).status).toBe(303);
  expect(await textOf(await manager.get("/manage"))).toContain('<span id="bell-count" class="bell-count">0</span>');
});
