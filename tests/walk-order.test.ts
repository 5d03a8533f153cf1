import { afterAll, beforeAll, expect, test } from "bun:test";
import { desc, eq } from "drizzle-orm";
import { auditLog, categories } from "../src/db/schema";
import { DEMO_ACCOUNTS } from "../src/demo/seed";
import { createTestStore, textOf, type Agent, type TestStore } from "./support/store";

// The shop's walk (ADR 028): a manager gives each aisle its place; picking lists follow it.
let store: TestStore;
let manager: Agent;
beforeAll(async () => {
  store = await createTestStore();
  manager = store.agent();
  await manager.logInAsStaff(DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password, store.clock);
});
afterAll(() => store.close());

const aisle = async (slug: string) => (await store.db.select().from(categories).where(eq(categories.slug, slug)))[0]!;

test("a manager sets the walk order in one form, without JavaScript (303) and with htmx (the section back)", async () => {
  const [bakery, pantry, dairy] = await Promise.all([aisle("bakery"), aisle("pantry"), aisle("dairy-eggs")]);
  const page = await textOf(await manager.get("/manage/categories"));
  expect(page).toContain('id="walk-order"');
  expect(page).toContain(`name="walk_order_${bakery.id}"`);

  const saved = await manager.post("/manage/categories/walk-order", { [`walk_order_${bakery.id}`]: "3", [`walk_order_${pantry.id}`]: "1", [`walk_order_${dairy.id}`]: "" });
  expect(saved.status).toBe(303);
  expect([(await aisle("bakery")).walkOrder, (await aisle("pantry")).walkOrder, (await aisle("dairy-eggs")).walkOrder]).toEqual([3, 1, null]);
  const [audit] = await store.db.select().from(auditLog).where(eq(auditLog.action, "category.walk_order")).orderBy(desc(auditLog.id));
  expect(audit).toBeDefined();

  const after = await textOf(await manager.get("/manage/categories"));
  const walk = after.slice(after.indexOf('id="walk-order"'));
  expect(walk.indexOf(`walk-${pantry.id}`)).toBeLessThan(walk.indexOf(`walk-${bakery.id}`));
  expect(walk.indexOf(`walk-${bakery.id}`)).toBeLessThan(walk.indexOf(`walk-${dairy.id}`));

  const htmx = await manager.post("/manage/categories/walk-order", { [`walk_order_${dairy.id}`]: "2" }, { "HX-Request": "true", "HX-Target": "section#catalog-categories" });
  expect(htmx.status).toBe(200);
  expect(await textOf(htmx)).toContain("Saved the walk order (1 aisle moved).");
  expect((await aisle("dairy-eggs")).walkOrder).toBe(2);
});

test("a place that is not a whole number from 1 to 9999 is refused (422), naming the aisle, and nothing changes", async () => {
  const bakery = await aisle("bakery");
  const pantry = await aisle("pantry");
  for (const bad of ["0", "10000", "2.5", "first", "-1"]) {
    const response = await manager.post("/manage/categories/walk-order", { [`walk_order_${pantry.id}`]: "7", [`walk_order_${bakery.id}`]: bad });
    expect({ bad, status: response.status }).toEqual({ bad, status: 422 });
    const html = await textOf(response);
    expect(html).toContain(`${bakery.name}: Give a whole number from 1 to 9999, or leave it empty.`);
    expect(html).toContain(`value="${bad}"`);
  }
  expect((await aisle("pantry")).walkOrder).toBe(1);
  expect((await aisle("bakery")).walkOrder).toBe(3);
  expect((await manager.post("/manage/categories/walk-order", {})).status).toBe(422);
});

test("a shopper can't set it", async () => {
  const shopper = store.agent();
  const response = await shopper.post("/manage/categories/walk-order", { walk_order_1: "1" });
  expect([302, 303, 401, 403]).toContain(response.status);
  expect((await aisle("pantry")).walkOrder).toBe(1);
});
