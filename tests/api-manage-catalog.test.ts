import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, desc, eq } from "drizzle-orm";
import { issueAccessToken } from "../src/api/access-tokens";
import { auditLog, categories, categoryRequests, notifications, productImages, products, productSlugRedirects, stockAdjustments, users, type Category } from "../src/db/schema";
import { DEMO_ACCOUNTS } from "../src/demo/seed";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

// A real 1x1 PNG, and the first bytes of a JPEG (images are told by content).
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const imageForm = (...files: File[]) => {
  const form = new FormData();
  for (const file of files) form.append("image", file);
  return form;
};
const png = (name: string) => new File([PNG], name, { type: "image/png" });

let store: TestStore;
let admin: ApiClient;
let manager: ApiClient;
let managerId: number;
let fruit: Category;
let pendingAisle: Category;

beforeAll(async () => {
  store = await createTestStore({ seed: true, env: { MAX_IMAGE_BYTES: "2048" } });
  admin = new ApiClient(store, "198.51.100.230");
  await logInStaff(admin, store, ADMIN.email, ADMIN.password);
  manager = new ApiClient(store, "198.51.100.231");
  await logInStaff(manager, store, DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password);
  managerId = (await manager.get("/me")).json.id;
  [fruit] = (await store.db.insert(categories).values({ name: "Api Fruit", slug: "api-fruit", status: "active" }).returning()) as [Category];
  [pendingAisle] = (await store.db.insert(categories).values({ name: "Api Pending", slug: "api-pending", status: "pending" }).returning()) as [Category];
});
afterAll(() => store.close());

const productRow = async (id: number) => (await store.db.select().from(products).where(eq(products.id, id)))[0];
const lastAudit = async (subjectId: number) =>
  (await store.db.select().from(auditLog).where(and(eq(auditLog.subjectType, "product"), eq(auditLog.subjectId, subjectId))).orderBy(desc(auditLog.id)))[0];

let made = 0;
/** A product made through the API by the manager. */
async function newProduct(extra: Record<string, unknown> = {}) {
  made += 1;
  const response = await manager.post("/products", { name: `Api Plums ${made}`, category_id: fruit.id, price_cents: 250, unit: "kg", step: 0.5, stock: 10, ...extra });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.json)}`);
  return response.json as { id: number; slug: string; name: string };
}

describe("who may write the catalog", () => {
  const writes: [string, string, unknown?][] = [
    ["POST", "/products", { name: "Nope" }],
    ["PATCH", "/products/1", { price_cents: 1 }],
    ["DELETE", "/products/1"],
    ["POST", "/products/1/stock", { delta: 1, reason: "delivery" }],
    ["DELETE", "/products/1/images/1"],
    ["POST", "/categories", { name: "Nope" }],
    ["PATCH", "/categories/1", { name: "Nope" }],
  ];
  const adminOnly: [string, string, unknown?][] = [
    ["GET", "/category-requests"],
    ["POST", "/category-requests/1/approve"],
    ["POST", "/category-requests/1/decline", { reason: "Not needed" }],
  ];

  test("401 without a token or with a bad one", async () => {
    const anonymous = new ApiClient(store, "198.51.100.232");
    for (const [method, path, body] of [...writes, ...adminOnly]) {
      expect(expectProblem(await anonymous.call(method, path, { body }), 401).detail).toContain("Authorization: Bearer");
      expectProblem(await anonymous.call(method, path, { body, token: "not.a.token" }), 401);
    }
    expectProblem(await anonymous.call("POST", "/products/1/images", { form: imageForm(png("a.png")) }), 401);
  });

  test("403 for a customer and for a manager not (or no longer) approved; the catalog is untouched", async () => {
    const { client } = await apiShopper(store);
    const [pending] = await store.db
      .insert(users)
      .values({ email: `pending-${Date.now()}@example.com`, name: "Pat Pending", role: "manager", passwordHash: "x", approvedAt: null })
      .returning();
    // A token as the API issues it, held by a manager the admin has not approved.
    const pendingClient = new ApiClient(store, "198.51.100.233");
    pendingClient.token = await issueAccessToken(pending!, store.config.JWT_SECRET, store.clock.now());
    const before = (await store.db.select().from(products)).length;
    for (const caller of [client, pendingClient]) {
      for (const [method, path, body] of [...writes, ...adminOnly]) {
        expect(expectProblem(await caller.call(method, path, { body }), 403).detail).toBe(path.startsWith("/category-requests") ? "Only the admin may do this." : "Only approved store managers may do this.");
      }
      expectProblem(await caller.call("POST", "/products/1/images", { form: imageForm(png("a.png")) }), 403);
    }
    expect((await store.db.select().from(products)).length).toBe(before);
  });

  test("an approved manager gets 403 on the admin's category requests", async () => {
    for (const [method, path, body] of adminOnly) {
      expect(expectProblem(await manager.call(method, path, { body }), 403).detail).toBe("Only the admin may do this.");
    }
  });
});

describe("POST /products", () => {
  test("a manager adds a product through the back office's rules: stored in thousandths, audited, on sale", async () => {
    const created = await manager.post("/products", {
      name: "Api Bananas",
      description: "Ripe.",
      category_id: fruit.id,
      price_cents: 189,
      unit: "kg",
      step: 0.25,
      low_stock_threshold: 2.5,
      stock: 20,
      best_before: "2026-12-01",
      packed_on: "2026-11-18",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: "Api Bananas",
      slug: "api-bananas",
      category: { id: fruit.id, slug: "api-fruit", status: "active" },
      price_cents: 189,
      unit: "kg",
      step: 0.25,
      stock: 20,
      low_stock_threshold: 2.5,
      low_stock: false,
      active: true,
      best_before: "2026-12-01",
      packed_on: "2026-11-18",
      images: [],
    });
    const row = (await productRow(created.json.id))!;
    expect(row).toMatchObject({ priceCents: 189, step: 250, stock: 20_000, lowStockThreshold: 2_500, createdBy: managerId, active: true });
    expect(await lastAudit(row.id)).toMatchObject({ action: "product.create", actorId: managerId });
    const shop = await new ApiClient(store).get(`/products/${row.id}`);
    expect(shop.json).toMatchObject({ name: "Api Bananas", price_cents: 189, step: 0.25 });
  });

  test("defaults: no description, step 1, no stock; the same name gets the next free slug", async () => {
    const first = await manager.post("/products", { name: "Api Lemons", category_id: fruit.id, price_cents: 40, unit: "each" });
    const second = await manager.post("/products", { name: "Api Lemons", category_id: fruit.id, price_cents: 45, unit: "each" });
    expect(first.json).toMatchObject({ description: "", step: 1, stock: 0, in_stock: false, low_stock_threshold: 0, best_before: null });
    expect(second.json.slug).toBe("api-lemons-2");
  });

  test("each invalid field is named, with the back office's message", async () => {
    const good = { name: "Api Kiwis", category_id: fruit.id, price_cents: 45, unit: "each", step: 1 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: "K" }, "name", "Give the product a name of at least 2 characters."],
      [{ name: "K".repeat(81) }, "name", "Keep the name under 80 characters."],
      [{ category_id: undefined }, "category_id", "Choose a category."],
      [{ price_cents: 0 }, "price_cents", "The price must be more than 0."],
      [{ price_cents: -5 }, "price_cents", "The price must be more than 0."],
      [{ price_cents: 1.5 }, "price_cents", "must be a whole number of cents"],
      [{ price_cents: "1.50" }, "price_cents", "must be a whole number of cents"],
      [{ unit: "box" }, "unit", "Choose a unit: each, kg, g, l, ml or dozen."],
      [{ unit: "kg", step: 0 }, "step", "The step must be more than 0."],
      [{ unit: "kg", step: 0.0001 }, "step", "must be a number with at most 3 decimals, such as 0.25"],
      [{ low_stock_threshold: -1 }, "low_stock_threshold", "can't be negative"],
      [{ step: 0.5 }, "step", "Products sold by the item use whole numbers: no decimals here."],
      [{ stock: 2.5 }, "stock", "Products sold by the item use whole numbers: no decimals here."],
      [{ best_before: "2026-02-30" }, "best_before", "That date does not exist."],
      [{ best_before: "1 Dec" }, "best_before", "Use a date like 2026-12-31."],
      [{ best_before: "2026-11-01", packed_on: "2026-11-05" }, "best_before", "Best-before must be after the packed-on date."],
      [{ colour: "green" }, "colour", "is not a field of a product"],
      [{ category_id: pendingAisle.id }, "category_id", "Choose an active category."],
      [{ category_id: 999_999 }, "category_id", "Choose an active category."],
    ];
    const before = (await store.db.select().from(products)).length;
    for (const [change, path, message] of cases) {
      const problem = expectProblem(await manager.post("/products", { ...good, ...change }), 422);
      expect(problem.errors).toContainEqual({ path, message });
    }
    expectProblem(await manager.call("POST", "/products", { raw: "{" }), 400);
    expect((await store.db.select().from(products)).length).toBe(before);
  });
});

describe("PATCH /products/{id}", () => {
  test("changes only what is sent; a new name moves the slug and keeps the old one redirecting", async () => {
    const product = await newProduct({ description: "Dark and sweet.", best_before: "2026-12-10" });
    const changed = await manager.patch(`/products/${product.id}`, { price_cents: 275, name: "Api Damsons", low_stock_threshold: 1.5 });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ name: "Api Damsons", slug: "api-damsons", price_cents: 275, description: "Dark and sweet.", best_before: "2026-12-10", stock: 10, step: 0.5, low_stock_threshold: 1.5 });
    expect(await productRow(product.id)).toMatchObject({ priceCents: 275, lowStockThreshold: 1_500, stock: 10_000, slug: "api-damsons" });
    const [redirect] = await store.db.select().from(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, product.slug));
    expect(redirect?.productId).toBe(product.id);
    expect(await lastAudit(product.id)).toMatchObject({ action: "product.edit", actorId: managerId });
    const cleared = await manager.patch(`/products/${product.id}`, { best_before: null });
    expect(cleared.json.best_before).toBeNull();
  });

  test("active: false takes it off sale and true puts it back", async () => {
    const product = await newProduct();
    const off = await manager.patch(`/products/${product.id}`, { active: false });
    expect(off.json.active).toBe(false);
    expect((await productRow(product.id))!.active).toBe(false);
    expect(await lastAudit(product.id)).toMatchObject({ action: "product.set_active" });
    expectProblem(await new ApiClient(store).get(`/products/${product.id}`), 404);
    const on = await admin.patch(`/products/${product.id}`, { active: true });
    expect(on.json.active).toBe(true);
    expect((await new ApiClient(store).get(`/products/${product.id}`)).status).toBe(200);
  });

  test("the changed product is checked whole; stock is not a field here; unknown and bad ids", async () => {
    const product = await newProduct();
    const unit = expectProblem(await manager.patch(`/products/${product.id}`, { unit: "each" }), 422);
    expect(unit.errors).toContainEqual({ path: "step", message: "Products sold by the item use whole numbers: no decimals here." });
    expect(expectProblem(await manager.patch(`/products/${product.id}`, { stock: 99 }), 422).errors![0]!.path).toBe("stock");
    expect(expectProblem(await manager.patch(`/products/${product.id}`, { stock: 99 }), 422).errors![0]!.message).toContain("POST /products/{id}/stock");
    expect(expectProblem(await manager.patch(`/products/${product.id}`, {}), 422).errors![0]!.message).toBe("send at least one field to change");
    expect(expectProblem(await manager.patch(`/products/${product.id}`, { price_cents: 0 }), 422).errors).toEqual([{ path: "price_cents", message: "The price must be more than 0." }]);
    expect(expectProblem(await manager.patch(`/products/${product.id}`, { category_id: pendingAisle.id }), 422).errors).toEqual([{ path: "category_id", message: "Choose an active category." }]);
    expect(expectProblem(await manager.patch(`/products/${product.id}`, { active: "no" }), 422).errors![0]!.path).toBe("active");
    expect(await productRow(product.id)).toMatchObject({ unit: "kg", stock: 10_000, priceCents: 250, categoryId: fruit.id, active: true });
    expectProblem(await manager.patch("/products/999999", { price_cents: 100 }), 404);
    expect(expectProblem(await manager.patch("/products/plums", { price_cents: 100 }), 400).errors![0]!.path).toBe("id");
  });
});

describe("pieces priced by weight", () => {
  test("a piece's price is worked out from its price per kg and estimated weight; a change moves it; bad figures are 422", async () => {
    const made = await manager.post("/products", { name: "Api Galia Melon", category_id: fruit.id, unit: "each", price_per_kg_cents: 749, estimated_weight_g: 1200, stock: 4 });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ price_cents: 899, price_per_kg_cents: 749, estimated_weight_g: 1200 });
    expect(await productRow(made.json.id)).toMatchObject({ priceCents: 899, pricePerKgCents: 749, estimatedWeightGrams: 1200 });
    const heavier = await manager.patch(`/products/${made.json.id}`, { estimated_weight_g: 1500 });
    expect(heavier.json).toMatchObject({ price_cents: 1124, estimated_weight_g: 1500 });
    const plain = await manager.patch(`/products/${made.json.id}`, { price_per_kg_cents: null, estimated_weight_g: null, price_cents: 950 });
    expect(plain.json).toMatchObject({ price_cents: 950, price_per_kg_cents: null, estimated_weight_g: null });

    const good = { name: "Api Honeydew", category_id: fruit.id, unit: "each", price_per_kg_cents: 500, estimated_weight_g: 1000 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ estimated_weight_g: null }, "estimated_weight_g", "Give the estimated weight of a piece too, or clear the price per kg."],
      [{ price_per_kg_cents: null }, "price_per_kg_cents", "Give the price per kg too, or clear the estimated weight."],
      [{ unit: "kg", step: 1 }, "unit", "A piece priced by weight is sold by the item: choose each, or clear the price per kg."],
      [{ price_cents: 400 }, "price_cents", "A piece priced by weight costs its price per kg times its estimated weight: 5.00 here."],
      [{ estimated_weight_g: 12.5 }, "estimated_weight_g", "Give the estimated weight in whole grams, such as 1200."],
      [{ estimated_weight_g: 0 }, "estimated_weight_g", "The estimated weight must be more than 0 g."],
      [{ price_per_kg_cents: 0 }, "price_per_kg_cents", "The price must be more than 0."],
      [{ price_per_kg_cents: null, estimated_weight_g: null }, "price_cents", "Send the price in cents (or, for a piece priced by weight, price_per_kg_cents and estimated_weight_g)."],
    ];
    for (const [change, path, message] of cases) {
      const problem = expectProblem(await manager.post("/products", { ...good, ...change }), 422);
      expect({ change, errors: problem.errors }).toEqual({ change, errors: expect.arrayContaining([{ path, message }]) });
    }
    expect((await store.db.select().from(products).where(eq(products.name, "Api Honeydew"))).length).toBe(0);
  });
});

describe("DELETE /products/{id}", () => {
  test("never ordered: deleted with its image files (204)", async () => {
    const product = await newProduct();
    const uploaded = await manager.call("POST", `/products/${product.id}/images`, { form: imageForm(png("plum.png")) });
    const key = (await store.db.select().from(productImages).where(eq(productImages.productId, product.id)))[0]!.key;
    expect(uploaded.status).toBe(201);
    expect(await store.deps.storage.get(key)).not.toBeNull();
    const deleted = await manager.delete(`/products/${product.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBe("");
    expect(await productRow(product.id)).toBeUndefined();
    expect(await store.deps.storage.get(key)).toBeNull();
    expect(await lastAudit(product.id)).toMatchObject({ action: "product.delete" });
    expectProblem(await manager.delete(`/products/${product.id}`), 404);
  });

  test("ordered before: deactivated instead (200 with the product), as in the back office", async () => {
    const product = await newProduct();
    const { client } = await apiShopper(store);
    expect((await client.put(`/cart/items/${product.id}`, { quantity: 10 })).status).toBe(200);
    const order = await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": `delete-test-${product.id}-0000001` } });
    expect(order.status).toBe(201);
    const answer = await manager.delete(`/products/${product.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: product.id, active: false });
    expect((await productRow(product.id))!.active).toBe(false);
    expect(await lastAudit(product.id)).toMatchObject({ action: "product.deactivate" });
  });
});

describe("product images", () => {
  test("several images at once: stored by content, listed main first, served", async () => {
    const product = await newProduct();
    const response = await manager.call("POST", `/products/${product.id}/images`, { form: imageForm(png("plums-front.png"), new File([JPEG], "side.jpg")) });
    expect(response.status).toBe(201);
    expect(response.json.images).toHaveLength(2);
    expect(response.json.images[0]).toMatchObject({ position: 0, alt: "plums front" });
    expect(response.json.images[0].url).toMatch(new RegExp(`^/media/products/${product.id}/[0-9a-f-]+\\.png$`));
    expect(response.json.images[1].url).toEndWith(".jpg");
    const rows = await store.db.select().from(productImages).where(eq(productImages.productId, product.id));
    expect(rows.map((row) => row.id).sort()).toEqual(response.json.images.map((image: { id: number }) => image.id).sort());
    const served = await store.agent().get(response.json.images[0].url);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect((await manager.patch(`/products/${product.id}`, { price_cents: 260 })).json.images).toHaveLength(2);
    // The shop's own read (the product and its images in one statement) lists them in the same order.
    const shopper = new ApiClient(store, "198.51.100.233");
    const urls = (json: { images: { url: string }[] }) => json.images.map((image) => image.url);
    expect(urls((await shopper.call("GET", `/products/${product.id}`)).json)).toEqual(urls(response.json));
    // Gallery order, not the order they were added in.
    const [front, side] = response.json.images as { id: number }[];
    await store.db.update(productImages).set({ position: 1 }).where(eq(productImages.id, front!.id));
    await store.db.update(productImages).set({ position: 0 }).where(eq(productImages.id, side!.id));
    expect(urls((await shopper.call("GET", `/products/${product.id}`)).json)).toEqual(urls(response.json).reverse());
  });

  test("refusals: wrong content 415, too big 413, not multipart 415, no file 422, more than 8 409, unknown product 404", async () => {
    const product = await newProduct();
    const count = async () => (await store.db.select().from(productImages).where(eq(productImages.productId, product.id))).length;
    const path = `/products/${product.id}/images`;
    const fake = expectProblem(await manager.call("POST", path, { form: imageForm(new File(["milk, eggs, bread"], "holiday.jpg", { type: "image/jpeg" })) }), 415);
    expect(fake.detail).toContain("“holiday.jpg” is not a JPEG, PNG, WebP or AVIF image");
    const big = new Uint8Array(3000);
    big.set(PNG);
    expect(expectProblem(await manager.call("POST", path, { form: imageForm(new File([big], "huge.png")) }), 413).detail).toContain("images can be at most");
    const tooMuch = Array.from({ length: 9 }, (_, i) => new File([new Uint8Array(10_000)], `block-${i}.png`));
    expect(expectProblem(await manager.call("POST", path, { form: imageForm(...tooMuch) }), 413).detail).toContain("That upload is too big");
    expect(expectProblem(await manager.post(path, { image: "plum.png" }), 415).detail).toContain("multipart/form-data");
    const none = expectProblem(await manager.call("POST", path, { form: imageForm(new File([], "")) }), 422);
    expect(none.errors).toEqual([{ path: "image", message: "Choose one or more images to upload." }]);
    const text = new FormData();
    text.append("image", "not a file");
    expect(expectProblem(await manager.call("POST", path, { form: text }), 422).errors![0]!.path).toBe("image");
    expect(await count()).toBe(0);

    expect((await manager.call("POST", path, { form: imageForm(...Array.from({ length: 6 }, (_, i) => png(`p${i}.png`))) })).status).toBe(201);
    const full = expectProblem(await manager.call("POST", path, { form: imageForm(png("x.png"), png("y.png"), png("z.png")) }), 409);
    expect(full.detail).toBe("A product can have at most 8 images; it has 6, so you can add 2 more.");
    expect((await manager.call("POST", path, { form: imageForm(png("x.png"), png("y.png")) })).status).toBe(201);
    expect(expectProblem(await manager.call("POST", path, { form: imageForm(png("w.png")) }), 409).detail).toContain("it already has 8");
    expect(await count()).toBe(8);
    expectProblem(await manager.call("POST", "/products/999999/images", { form: imageForm(png("a.png")) }), 404);
  });

  test("DELETE an image: the rest close up and its file goes", async () => {
    const product = await newProduct();
    const added = await manager.call("POST", `/products/${product.id}/images`, { form: imageForm(png("a.png"), png("b.png"), png("c.png")) });
    const [first, second, third] = added.json.images as { id: number; url: string }[];
    const key = first!.url.replace("/media/", "");
    const left = await manager.delete(`/products/${product.id}/images/${first!.id}`);
    expect(left.status).toBe(200);
    expect(left.json.images.map((image: { id: number; position: number }) => [image.id, image.position])).toEqual([[second!.id, 0], [third!.id, 1]]);
    expect(await store.deps.storage.get(key)).toBeNull();
    expectProblem(await manager.delete(`/products/${product.id}/images/${first!.id}`), 404);
    expectProblem(await manager.delete(`/products/999999/images/${second!.id}`), 404);
    expect(expectProblem(await manager.delete(`/products/${product.id}/images/main`), 400).errors![0]!.path).toBe("image_id");
  });

  test("GET lists a product's images with the ids deleting one takes, sold or not", async () => {
    const product = await newProduct();
    expect((await manager.get(`/products/${product.id}/images`)).json).toEqual({ images: [] });
    const added = await manager.call("POST", `/products/${product.id}/images`, { form: imageForm(png("pears-front.png"), png("pears-side.png")) });
    await manager.patch(`/products/${product.id}`, { active: false });
    const listed = await manager.get(`/products/${product.id}/images`);
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual(added.json);
    expect(listed.json.images.map((image: { alt: string; position: number }) => [image.alt, image.position])).toEqual([["pears front", 0], ["pears side", 1]]);
    const gone = await manager.delete(`/products/${product.id}/images/${listed.json.images[0].id}`);
    expect((await manager.get(`/products/${product.id}/images`)).json).toEqual(gone.json);
    expectProblem(await manager.get("/products/999999/images"), 404);
    expectProblem(await new ApiClient(store).get(`/products/${product.id}/images`), 401);
  });
});

describe("POST /products/{id}/stock", () => {
  test("a delivery adds stock with its audit row; crossing the threshold notifies staff", async () => {
    const product = await newProduct({ low_stock_threshold: 3 });
    const added = await manager.post(`/products/${product.id}/stock`, { delta: 12.5, reason: "delivery", note: "Pallet 7" });
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ product_id: product.id, name: product.name, unit: "kg", stock: 22.5, low_stock_threshold: 3, low_stock: false, active: true });
    expect((await productRow(product.id))!.stock).toBe(22_500);
    const [adjustment] = await store.db.select().from(stockAdjustments).where(eq(stockAdjustments.productId, product.id));
    expect(adjustment).toMatchObject({ delta: 12_500, reason: "delivery", note: "Pallet 7", stockAfter: 22_500, actorId: managerId });

    const spoiled = await manager.post(`/products/${product.id}/stock`, { delta: -20, reason: "spoilage" });
    expect(spoiled.json).toMatchObject({ stock: 2.5, low_stock: true });
    const notices = await store.db.select().from(notifications).where(eq(notifications.kind, "low_stock"));
    expect(notices.map((notice) => notice.title)).toContain(`${product.name} is down to 2.5 kg`);
  });

  test("can't go below zero: 422 on delta, nothing written", async () => {
    const product = await newProduct();
    const problem = expectProblem(await manager.post(`/products/${product.id}/stock`, { delta: -11, reason: "count_correction" }), 422);
    expect(problem.errors).toEqual([{ path: "delta", message: `Stock can't go below zero: only 10 kg of ${product.name} is in stock.` }]);
    expect((await productRow(product.id))!.stock).toBe(10_000);
    expect(await store.db.select().from(stockAdjustments).where(eq(stockAdjustments.productId, product.id))).toEqual([]);
  });

  test("the stock screen's rules, each naming its field; unknown product 404", async () => {
    const product = await newProduct();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ delta: -2, reason: "delivery" }, "delta", "A delivery adds stock: enter a positive amount."],
      [{ delta: 2, reason: "spoilage" }, "delta", "Spoilage removes stock: enter a negative amount, like -1.5."],
      [{ delta: 2, reason: "other" }, "note", "Say what happened when the reason is Other."],
      [{ delta: 0, reason: "count_correction" }, "delta", "Enter a change other than zero."],
      [{ delta: 0.0001, reason: "count_correction" }, "delta", "Enter the change as a number in the product's unit, like 12 or -1.5."],
      [{ delta: "5", reason: "delivery" }, "delta", "must be a number in the product's unit, like 12 or -1.5"],
      [{ delta: 5, reason: "theft" }, "reason", "must be one of delivery, count_correction, spoilage, other"],
      [{ delta: 5, reason: "other", note: "x".repeat(201) }, "note", "Keep the note under 200 characters."],
    ];
    for (const [body, path, message] of cases) {
      expect(expectProblem(await manager.post(`/products/${product.id}/stock`, body), 422).errors).toContainEqual({ path, message });
    }
    expect((await productRow(product.id))!.stock).toBe(10_000);
    expectProblem(await manager.post("/products/999999/stock", { delta: 1, reason: "delivery" }), 404);
  });
});

describe("categories", () => {
  const categoryBySlug = async (slug: string) => (await store.db.select().from(categories).where(eq(categories.slug, slug)))[0];

  test("the admin's new category is live at once (201)", async () => {
    const created = await admin.post("/categories", { name: "Api Snacks", description: "Crisps and nuts." });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Api Snacks", slug: "api-snacks", status: "active", product_count: 0 });
    expect(await categoryBySlug("api-snacks")).toMatchObject({ status: "active", description: "Crisps and nuts." });
    expect((await new ApiClient(store).get("/categories")).json.items.map((item: { slug: string }) => item.slug)).toContain("api-snacks");
  });

  test("a manager's new category waits for the admin (202 with the request)", async () => {
    const asked = await manager.post("/categories", { name: "Api Frozen" });
    expect(asked.status).toBe(202);
    const category = (await categoryBySlug("api-frozen"))!;
    expect(category.status).toBe("pending");
    expect(asked.json).toMatchObject({ kind: "create", status: "pending", category_id: category.id, proposed_name: "Api Frozen", requested_by: { id: managerId }, decided_by: null, decided_at: null });
    expect((await new ApiClient(store).get("/categories")).json.items.map((item: { slug: string }) => item.slug)).not.toContain("api-frozen");
  });

  test("names: too short, too long, taken (even by a pending one)", async () => {
    expect(expectProblem(await admin.post("/categories", { name: "A" }), 422).errors).toEqual([{ path: "name", message: "Give the category a name of at least 2 characters." }]);
    expect(expectProblem(await manager.post("/categories", { description: "no name" }), 422).errors![0]!.path).toBe("name");
    expect(expectProblem(await admin.post("/categories", { name: "Api Fruit" }), 422).errors).toEqual([{ path: "name", message: "There is already a category called “Api Fruit”." }]);
    expect(expectProblem(await manager.post("/categories", { name: "api pending" }), 422).errors![0]!.path).toBe("name");
    expect(expectProblem(await admin.post("/categories", { name: "Api Fruit", description: "x".repeat(301) }), 422).errors![0]!.path).toBe("description");
  });

  test("PATCH: the admin's change is made (slug kept); a manager's is a request, one at a time", async () => {
    const [aisle] = (await store.db.insert(categories).values({ name: "Api Tins", slug: "api-tins", status: "active", description: "Tinned food." }).returning()) as [Category];
    const edited = await admin.patch(`/categories/${aisle.id}`, { name: "Api Tins & Jars" });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ name: "Api Tins & Jars", slug: "api-tins", description: "Tinned food.", status: "active" });
    expect((await categoryBySlug("api-tins"))!.name).toBe("Api Tins & Jars");

    const asked = await manager.patch(`/categories/${aisle.id}`, { description: "Tins and jars." });
    expect(asked.status).toBe(202);
    expect(asked.json).toMatchObject({ kind: "rename", status: "pending", current_name: "Api Tins & Jars", proposed_name: "Api Tins & Jars", proposed_description: "Tins and jars." });
    expect((await categoryBySlug("api-tins"))!.description).toBe("Tinned food.");
    expect(expectProblem(await manager.patch(`/categories/${aisle.id}`, { name: "Api Cans" }), 409).detail).toContain("already has a request waiting");

    expect(expectProblem(await manager.patch(`/categories/${aisle.id}`, {}), 422).errors![0]!.message).toBe("send name and/or description");
    expect(expectProblem(await admin.patch(`/categories/${aisle.id}`, { name: "Api Fruit" }), 422).errors![0]!.path).toBe("name");
    expect(expectProblem(await manager.patch(`/categories/${pendingAisle.id}`, { name: "Api Soon" }), 404).detail).toBe("Only an active category can be changed.");
    expectProblem(await admin.patch("/categories/999999", { name: "Ghost" }), 404);
    expect(expectProblem(await admin.patch("/categories/x", { name: "Ghost" }), 400).errors![0]!.path).toBe("id");
  });
});

describe("category requests (admin)", () => {
  test("list pending (oldest first) or all, a page at a time", async () => {
    await manager.post("/categories", { name: "Api Queue One" });
    store.clock.advance(1000);
    await manager.post("/categories", { name: "Api Queue Two" });
    const pending = await admin.get("/category-requests?limit=100");
    expect(pending.status).toBe(200);
    const names = pending.json.items.map((item: { proposed_name: string }) => item.proposed_name);
    expect(names.indexOf("Api Queue One")).toBeLessThan(names.indexOf("Api Queue Two"));
    expect(pending.json.items.every((item: { status: string }) => item.status === "pending")).toBe(true);
    const first = await admin.get("/category-requests?limit=1");
    expect(first.json.items).toHaveLength(1);
    const second = await admin.get(`/category-requests?limit=1&cursor=${first.json.next_cursor}`);
    expect(second.json.items[0].id).not.toBe(first.json.items[0].id);
    expect(expectProblem(await admin.get("/category-requests?status=done"), 400).errors![0]!.path).toBe("status");
    expect(expectProblem(await admin.get("/category-requests?cursor=nope"), 400).errors![0]!.path).toBe("cursor");
  });

  test("approve: the new category goes live, the manager is told, and it can't be decided twice", async () => {
    const asked = await manager.post("/categories", { name: "Api Deli" });
    const approved = await admin.post(`/category-requests/${asked.json.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ id: asked.json.id, status: "approved", reason: null, decided_by: { name: expect.any(String) } });
    expect(approved.json.decided_at).toBe(store.clock.now().toISOString());
    const [category] = await store.db.select().from(categories).where(eq(categories.slug, "api-deli"));
    expect(category!.status).toBe("active");
    const told = await store.db.select().from(notifications).where(eq(notifications.recipientId, managerId));
    expect(told.map((notice) => notice.title)).toContain("Approved: new category “Api Deli”");
    expect(expectProblem(await admin.post(`/category-requests/${asked.json.id}/approve`), 409).detail).toBe("That request was already decided.");
    expectProblem(await admin.post(`/category-requests/${asked.json.id}/decline`, { reason: "Changed my mind" }), 409);
    const all = await admin.get("/category-requests?status=all&limit=100");
    expect(all.json.items.find((item: { id: number }) => item.id === asked.json.id).status).toBe("approved");
  });

  test("decline needs a reason; a declined new category is removed", async () => {
    const asked = await manager.post("/categories", { name: "Api Novelty" });
    const path = `/category-requests/${asked.json.id}/decline`;
    expect(expectProblem(await admin.post(path, {}), 422).errors).toEqual([{ path: "reason", message: "is required: tell the manager why, in a few words" }]);
    expect(expectProblem(await admin.post(path, { reason: "no" }), 422).errors).toEqual([{ path: "reason", message: "Tell the manager why, in a few words." }]);
    const declined = await admin.post(path, { reason: "  We have a Snacks aisle.  " });
    expect(declined.status).toBe(200);
    expect(declined.json).toMatchObject({ status: "declined", reason: "We have a Snacks aisle.", category_id: null });
    expect(await store.db.select().from(categories).where(eq(categories.slug, "api-novelty"))).toEqual([]);
    const [row] = await store.db.select().from(categoryRequests).where(eq(categoryRequests.id, asked.json.id));
    expect(row).toMatchObject({ status: "declined", reason: "We have a Snacks aisle." });
    expectProblem(await admin.post("/category-requests/999999/approve"), 404);
    expectProblem(await admin.post("/category-requests/999999/decline", { reason: "Not needed" }), 404);
    expect(expectProblem(await admin.post("/category-requests/abc/approve"), 400).errors![0]!.path).toBe("id");
  });
});
