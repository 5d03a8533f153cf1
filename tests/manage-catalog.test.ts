import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, categories, categoryRequests, notifications, products, users } from "../src/db/schema";
import { setUpTwoFactor } from "./support/two-factor";
import { ADMIN, createTestStore, textOf, type Agent, type TestStore } from "./support/store";

let store: TestStore;
let admin: Agent;
let manager: { agent: Agent; id: number };
let customer: Agent;

let counter = 0;
async function signUp(path: "/signup" | "/sell") {
  counter += 1;
  const agent = store.agent();
  const email = `catalog-person${counter}@example.com`;
  expect((await agent.signUp({ name: `Catalog Person ${counter}`, email, password: "good-password-123" }, path)).status).toBe(303);
  const [user] = await store.db.select().from(users).where(eq(users.email, email));
  return { agent, id: user!.id };
}

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  admin = store.agent();
  await admin.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  manager = await signUp("/sell");
  expect((await admin.post(`/admin/people/${manager.id}/approve`)).status).toBe(303);
  // Staff open the back office only with an authenticator, set up on the first visit.
  await setUpTwoFactor(manager.agent, store.clock);
  customer = (await signUp("/signup")).agent;
});
afterAll(() => store.close());

const categoryNamed = async (name: string) => (await store.db.select().from(categories).where(eq(categories.name, name)))[0];
const pendingRequestFor = async (categoryId: number) =>
  (await store.db.select().from(categoryRequests).where(and(eq(categoryRequests.categoryId, categoryId), eq(categoryRequests.status, "pending"))))[0];

describe("categories with approval", () => {
  test("the admin's new category is active at once and shoppers see it", async () => {
    const response = await admin.post("/manage/categories", { name: "Bakery", description: "Bread and cakes" });
    expect(response.status).toBe(303);
    expect((await categoryNamed("Bakery"))?.status).toBe("active");
    expect(await textOf(await store.agent().get("/"))).toContain("Bakery");
  });

  test("a manager's new category waits, hidden from shoppers, until the admin approves it", async () => {
    expect((await manager.agent.post("/manage/categories", { name: "Frozen", description: "Ice cold" })).status).toBe(303);
    const frozen = (await categoryNamed("Frozen"))!;
    expect(frozen.status).toBe("pending");
    expect((await store.agent().get("/categories/frozen")).status).toBe(404);
    expect(await textOf(await store.agent().get("/"))).not.toContain("Frozen");

    const request = (await pendingRequestFor(frozen.id))!;
    expect(request.kind).toBe("create");
    const page = await textOf(await admin.get("/manage/categories"));
    expect(page).toContain("Requests waiting for you");
    expect(page).toContain(`/manage/category-requests/${request.id}/approve`);

    const [asked] = await store.db.select().from(notifications).where(eq(notifications.audience, "admin")).orderBy(desc(notifications.id));
    expect(asked).toMatchObject({ kind: "pending_approval", title: "New category to approve: “Frozen”" });
    expect((await admin.post(`/manage/category-requests/${request.id}/approve`)).status).toBe(303);
    expect((await categoryNamed("Frozen"))!.status).toBe("active");
    expect((await store.agent().get("/categories/frozen")).status).toBe(200);
    const [decided] = await store.db.select().from(categoryRequests).where(eq(categoryRequests.id, request.id));
    expect(decided!.status).toBe("approved");
    expect(decided!.decidedAt).not.toBeNull();
    // The manager hears of it in their notifications.
    const [notice] = await store.db.select().from(notifications).where(eq(notifications.recipientId, manager.id)).orderBy(desc(notifications.id));
    expect(notice).toMatchObject({ kind: "decision", link: "/manage/categories" });
    expect(notice!.title).toStartWith("Approved:");
    expect(notice!.title).toContain("Frozen");
    expect(await (await manager.agent.get("/manage/notifications")).text()).toContain("Approved:");
  });

  test("declining needs a reason; the declined category disappears and the history keeps it", async () => {
    await manager.agent.post("/manage/categories", { name: "Fireworks" });
    const fireworks = (await categoryNamed("Fireworks"))!;
    const request = (await pendingRequestFor(fireworks.id))!;

    const noReason = await admin.post(`/manage/category-requests/${request.id}/decline`, { reason: " " });
    expect(noReason.status).toBe(422);
    expect(await textOf(noReason)).toContain("Tell the manager why");
    expect((await categoryNamed("Fireworks"))?.status).toBe("pending");

    expect((await admin.post(`/manage/category-requests/${request.id}/decline`, { reason: "We sell groceries only" })).status).toBe(303);
    expect(await categoryNamed("Fireworks")).toBeUndefined();
    const history = await textOf(await manager.agent.get("/manage/categories"));
    expect(history).toContain("Fireworks");
    expect(history).toContain("We sell groceries only");
    expect(history).toContain("declined");
  });

  test("a manager asks to rename; the admin sees current and proposed side by side, then approves", async () => {
    const bakery = (await categoryNamed("Bakery"))!;
    const asked = await manager.agent.post(`/manage/categories/${bakery.id}/requests`, { kind: "rename", name: "Bakery & Pastry", description: "Fresh every morning" });
    expect(asked.status).toBe(303);
    expect((await categoryNamed("Bakery"))!.name).toBe("Bakery");

    const again = await manager.agent.post(`/manage/categories/${bakery.id}/requests`, { kind: "delete" });
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain("already has a request waiting");

    const page = await textOf(await admin.get("/manage/categories"));
    const row = page.slice(page.indexOf("Requests waiting for you"), page.indexOf("All categories"));
    expect(row).toContain("Bread and cakes");
    expect(row).toContain("Bakery & Pastry");
    expect(row).toContain("Fresh every morning");

    const request = (await pendingRequestFor(bakery.id))!;
    expect((await admin.post(`/manage/category-requests/${request.id}/approve`)).status).toBe(303);
    const renamed = (await store.db.select().from(categories).where(eq(categories.id, bakery.id)))[0]!;
    expect(renamed.name).toBe("Bakery & Pastry");
    expect(renamed.slug).toBe("bakery");
    expect((await admin.post(`/manage/category-requests/${request.id}/approve`)).status).toBe(409);
  });

  test("a category with products can't be deleted, directly or by request, and says how many to move", async () => {
    const bakery = (await categoryNamed("Bakery & Pastry"))!;
    await store.db.insert(products).values([
      { name: "Sourdough", slug: "sourdough", categoryId: bakery.id, priceCents: 420 },
      { name: "Croissant", slug: "croissant", categoryId: bakery.id, priceCents: 150 },
    ]);
    const direct = await admin.post(`/manage/categories/${bakery.id}/delete`);
    expect(direct.status).toBe(409);
    expect(await textOf(direct)).toContain("still has 2 products. Move them to another category first");
    const byRequest = await manager.agent.post(`/manage/categories/${bakery.id}/requests`, { kind: "delete" });
    expect(byRequest.status).toBe(409);
    expect(await textOf(byRequest)).toContain("still has 2 products");
    expect(await categoryNamed("Bakery & Pastry")).toBeDefined();
  });

  test("an empty category is deleted through an approved delete request", async () => {
    await admin.post("/manage/categories", { name: "Seasonal" });
    const seasonal = (await categoryNamed("Seasonal"))!;
    expect((await manager.agent.post(`/manage/categories/${seasonal.id}/requests`, { kind: "delete" })).status).toBe(303);
    const request = (await pendingRequestFor(seasonal.id))!;
    expect(request.kind).toBe("delete");
    expect((await admin.post(`/manage/category-requests/${request.id}/approve`)).status).toBe(303);
    expect(await categoryNamed("Seasonal")).toBeUndefined();
    const [settled] = await store.db.select().from(categoryRequests).where(eq(categoryRequests.id, request.id));
    expect(settled).toMatchObject({ status: "approved", categoryId: null, currentName: "Seasonal" });
  });

  test("the admin edits and deletes directly; bad names get 422 with the reason", async () => {
    await admin.post("/manage/categories", { name: "Snacks" });
    const snacks = (await categoryNamed("Snacks"))!;
    expect((await admin.post(`/manage/categories/${snacks.id}`, { name: "Crisps & Snacks", description: "" })).status).toBe(303);
    expect((await store.db.select().from(categories).where(eq(categories.id, snacks.id)))[0]!.name).toBe("Crisps & Snacks");

    const short = await admin.post("/manage/categories", { name: "x" });
    expect(short.status).toBe(422);
    expect(await textOf(short)).toContain("at least 2 characters");
    const duplicate = await manager.agent.post("/manage/categories", { name: "frozen" });
    expect(duplicate.status).toBe(422);
    expect(await textOf(duplicate)).toContain("There is already a category called");

    expect((await admin.post(`/manage/categories/${snacks.id}/delete`)).status).toBe(303);
    expect(await categoryNamed("Crisps & Snacks")).toBeUndefined();
  });

  test("htmx posts get the refreshed section with the notice instead of a redirect", async () => {
    const response = await admin.post("/manage/categories", { name: "Drinks" }, { "hx-request": "true" });
    expect(response.status).toBe(200);
    const html = await textOf(response);
    expect(html).toStartWith('<section id="catalog-categories">');
    expect(html).toContain("“Drinks” is on the shelves.");
  });
});

describe("who may do what", () => {
  const managerRoutes: [string, string][] = [
    ["GET", "/manage/categories"],
    ["POST", "/manage/categories"],
    ["POST", "/manage/categories/1/requests"],
    ["GET", "/manage/products"],
    ["GET", "/manage/products/new"],
    ["POST", "/manage/products"],
    ["POST", "/manage/products/bulk"],
    ["GET", "/manage/products/1"],
    ["POST", "/manage/products/1"],
    ["POST", "/manage/products/1/price"],
    ["POST", "/manage/products/1/threshold"],
    ["POST", "/manage/products/1/activate"],
    ["POST", "/manage/products/1/deactivate"],
    ["POST", "/manage/products/1/delete"],
    ["POST", "/manage/products/1/images"],
    ["POST", "/manage/products/1/images/1/main"],
    ["POST", "/manage/products/1/images/1/up"],
    ["POST", "/manage/products/1/images/1/down"],
    ["POST", "/manage/products/1/images/1/replace"],
    ["POST", "/manage/products/1/images/1/delete"],
  ];
  const adminRoutes: [string, string][] = [
    ["POST", "/manage/categories/1"],
    ["POST", "/manage/categories/1/delete"],
    ["POST", "/manage/category-requests/1/approve"],
    ["POST", "/manage/category-requests/1/decline"],
  ];
  const send = (agent: Agent, [method, path]: [string, string]) => (method === "GET" ? agent.get(path) : agent.post(path, { name: "Changed", reason: "no" }));

  test("a customer gets 403 on every back-office catalog route", async () => {
    for (const route of [...managerRoutes, ...adminRoutes]) {
      const response = await send(customer, route);
      expect({ route, status: response.status }).toEqual({ route, status: 403 });
    }
  });

  test("a manager gets 403 on the admin's category routes and nothing changes", async () => {
    const [before] = await store.db.select().from(categories).where(eq(categories.id, 1));
    for (const route of adminRoutes) {
      const response = await send(manager.agent, route);
      expect({ route, status: response.status }).toEqual({ route, status: 403 });
    }
    expect((await store.db.select().from(categories).where(eq(categories.id, 1)))[0]).toEqual(before);
  });

  test("a visitor is sent to log in", async () => {
    const response = await store.agent().get("/manage/products");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toStartWith("/login");
  });
});

describe("on the libSQL driver (Turso, embedded replicas)", () => {
  test("a request and its decision run as atomic batches there too", async () => {
    const libsql = await createTestStore({ seed: false, driver: "libsql" });
    try {
      expect(libsql.database.driver).toBe("libsql");
      const boss = libsql.agent();
      await boss.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
      const [maker] = await libsql.db.insert(users).values({ email: "maker@example.com", name: "Maker", role: "manager", approvedAt: new Date() }).returning();
      expect((await boss.post("/manage/categories", { name: "Tea" })).status).toBe(303);
      const [tea] = await libsql.db.select().from(categories).where(eq(categories.name, "Tea"));
      await libsql.db.insert(categoryRequests).values({ kind: "rename", categoryId: tea!.id, currentName: "Tea", proposedName: "Tea & Coffee", proposedDescription: "", requestedBy: maker!.id });
      const [request] = await libsql.db.select().from(categoryRequests).where(eq(categoryRequests.categoryId, tea!.id));
      // A second open request for the same category is refused by the database itself.
      await expect((async () => libsql.db.insert(categoryRequests).values({ kind: "delete", categoryId: tea!.id, currentName: "Tea", requestedBy: maker!.id }))()).rejects.toThrow();
      expect((await boss.post(`/manage/category-requests/${request!.id}/approve`)).status).toBe(303);
      const [renamed] = await libsql.db.select().from(categories).where(eq(categories.id, tea!.id));
      expect(renamed!.name).toBe("Tea & Coffee");
      const entries = await libsql.db.select().from(auditLog).where(eq(auditLog.subjectType, "category_request"));
      expect(entries.map((entry) => entry.action)).toEqual(["category_request.approved"]);
    } finally {
      libsql.close();
    }
  });
});
