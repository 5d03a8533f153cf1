import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog, catalogState, categories, products, productSlugRedirects, type Product } from "../src/db/schema";
import { parseMoney } from "../src/values/money";
import { parsePercent, priceAfter } from "../src/catalog/products/bulk";
import { newShopper, addToCart, checkout } from "./support/shop";
import { ADMIN, createTestStore, textOf, type Agent, type TestStore } from "./support/store";

let store: TestStore;
let manager: Agent;
let fruitId: number;
let dairyId: number;

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  manager = store.agent();
  await manager.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  const [fruit] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
  const [dairy] = await store.db.insert(categories).values({ name: "Dairy", slug: "dairy", status: "active" }).returning();
  fruitId = fruit!.id;
  dairyId = dairy!.id;
});
afterAll(() => store.close());

const valid = (overrides: Record<string, string> = {}) => ({
  name: "Conference Pears",
  description: "Sweet and juicy",
  category_id: String(fruitId),
  price: "3.20",
  unit: "kg",
  step: "0.25",
  low_stock_threshold: "2",
  stock: "10.5",
  packed_on: "2026-11-18",
  best_before: "2026-11-28",
  ...overrides,
});

const productNamed = async (name: string) => (await store.db.select().from(products).where(eq(products.name, name)))[0];
const version = async () => (await store.db.select().from(catalogState))[0]!.version;

describe("money and percentages are exact", () => {
  test("prices parse to cents without floats", () => {
    expect(parseMoney("3.20")).toBe(320);
    expect(parseMoney("0.29")).toBe(29);
    expect(parseMoney("1.1")).toBe(110);
    expect(parseMoney("19")).toBe(1900);
    expect(parseMoney("1.005")).toBeNull();
    expect(parseMoney("-1")).toBeNull();
    expect(parseMoney("abc")).toBeNull();
  });

  test("a price change rounds half up to the cent", () => {
    expect(parsePercent("-10")).toBe(-1000);
    expect(parsePercent("+2.5")).toBe(250);
    expect(priceAfter(199, -1000)).toBe(179); // 179.1
    expect(priceAfter(105, 1000)).toBe(116); // 115.5 rounds up
    expect(priceAfter(29, 250)).toBe(30); // 29.725
  });
});

describe("creating and editing products", () => {
  test("a valid product is created with exact cents and thousandths, and bumps the catalog version", async () => {
    const before = await version();
    const response = await manager.post("/manage/products", valid());
    expect(response.status).toBe(303);
    const pears = (await productNamed("Conference Pears"))!;
    expect(response.headers.get("location")).toBe(`/manage/products/${pears.id}`);
    expect(pears).toMatchObject({ slug: "conference-pears", priceCents: 320, unit: "kg", step: 250, lowStockThreshold: 2000, stock: 10_500, packedOn: "2026-11-18", bestBefore: "2026-11-28" });
    expect(await version()).toBeGreaterThan(before);
    expect(await textOf(await store.agent().get("/"))).toContain("Conference Pears");
  });

  test("bad input comes back as 422 with the form and each error", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ price: "0" }, "The price must be more than 0."],
      [{ price: "3.205" }, "at most 2 decimals"],
      [{ unit: "crate" }, "Choose a unit"],
      [{ unit: "each", step: "0.5" }, "use whole numbers"],
      [{ unit: "dozen", stock: "1.5" }, "use whole numbers"],
      [{ step: "0" }, "The step must be more than 0."],
      [{ best_before: "2026-11-10" }, "Best-before must be after the packed-on date."],
      [{ best_before: "2026-02-30" }, "That date does not exist."],
      [{ name: "" }, "at least 2 characters"],
      [{ category_id: "" }, "Choose a category."],
    ];
    for (const [change, message] of cases) {
      const response = await manager.post("/manage/products", valid({ name: "Bad Pears", ...change }));
      expect({ change, status: response.status }).toEqual({ change, status: 422 });
      const html = await textOf(response);
      expect(html).toContain(message);
      expect(html).toContain('name="price"');
    }
    expect(await productNamed("Bad Pears")).toBeUndefined();
  });

  test("dates are typed and shown day first, as the store's locale writes them; YYYY-MM-DD is read too", async () => {
    const response = await manager.post("/manage/products", valid({ name: "Dated Pears", packed_on: "18/11/2026", best_before: "2026-11-28" }));
    expect(response.status).toBe(303);
    const pears = (await productNamed("Dated Pears"))!;
    expect(pears).toMatchObject({ packedOn: "2026-11-18", bestBefore: "2026-11-28" });
    const editor = await textOf(await manager.get(`/manage/products/${pears.id}`));
    expect(editor).toContain('value="18/11/2026"');
    expect(editor).toContain('value="28/11/2026"');
    expect(editor).toContain('placeholder="dd/mm/yyyy"');
    expect(editor).not.toContain('type="date"');
    for (const [text, message] of [["31/02/2026", "That date does not exist"], ["next week", "Enter the date as dd/mm/yyyy"], ["11/28/2026", "That date does not exist"]] as const) {
      const refused = await manager.post(`/manage/products/${pears.id}`, valid({ name: "Dated Pears", best_before: text }));
      expect({ text, status: refused.status }).toEqual({ text, status: 422 });
      const html = await textOf(refused);
      expect(html).toContain(message);
      expect(html).toContain(`value="${text}"`);
    }
    expect((await productNamed("Dated Pears"))!.bestBefore).toBe("2026-11-28");
    expect((await manager.post(`/manage/products/${pears.id}/delete`, {})).status).toBe(303);
  });

  test("a piece priced by weight: the price is worked out when left empty, and the figures must agree", async () => {
    const melon = valid({ name: "Cantaloupe Melon", unit: "each", step: "1", stock: "4", price: "", price_per_kg: "7.49", estimated_weight_g: "1200", packed_on: "", best_before: "" });
    expect((await manager.post("/manage/products", melon)).status).toBe(303);
    const saved = (await productNamed("Cantaloupe Melon"))!;
    expect(saved).toMatchObject({ priceCents: 899, pricePerKgCents: 749, estimatedWeightGrams: 1200 });
    const editor = await textOf(await manager.get(`/manage/products/${saved.id}`));
    expect(editor).toContain('name="price_per_kg" aria-describedby="field-price_per_kg-hint" type="text" value="7.49"');
    expect(editor).toContain('value="1200"');
    const cases: [Record<string, string>, string][] = [
      [{ price: "8.00" }, "costs its price per kg times its estimated weight: 8.99 here."],
      [{ unit: "kg" }, "A piece priced by weight is sold by the item"],
      [{ estimated_weight_g: "" }, "Give the estimated weight of a piece too"],
      [{ estimated_weight_g: "1.2kg" }, "Give the estimated weight in whole grams"],
      [{ price_per_kg: "", estimated_weight_g: "" }, "Enter a price such as 3.20."],
    ];
    for (const [change, message] of cases) {
      const response = await manager.post(`/manage/products/${saved.id}`, { ...melon, ...change });
      expect({ change, status: response.status }).toEqual({ change, status: 422 });
      expect(await textOf(response)).toContain(message);
    }
    expect((await manager.post(`/manage/products/${saved.id}`, { ...melon, estimated_weight_g: "1500" })).status).toBe(303);
    expect((await productNamed("Cantaloupe Melon"))!).toMatchObject({ priceCents: 1124, estimatedWeightGrams: 1500 });
    expect((await manager.post(`/manage/products/${saved.id}/delete`, {})).status).toBe(303);
  });

  test("a product can't go into a pending category", async () => {
    const [pending] = await store.db.insert(categories).values({ name: "Hidden", slug: "hidden", status: "pending" }).returning();
    const response = await manager.post("/manage/products", valid({ name: "Hidden Pears", category_id: String(pending!.id) }));
    expect(response.status).toBe(422);
    expect(await textOf(response)).toContain("Choose an active category.");
  });

  test("the same name gets a unique slug", async () => {
    await manager.post("/manage/products", valid({ name: "Conference  Pears!" }));
    expect((await productNamed("Conference  Pears!"))!.slug).toBe("conference-pears-2");
  });

  test("a rename moves the slug, sets updated_at and the old slug answers 301", async () => {
    const pears = (await productNamed("Conference Pears"))!;
    store.clock.advance(60_000);
    const response = await manager.post(`/manage/products/${pears.id}`, valid({ name: "Comice Pears", price: "3.40" }));
    expect(response.status).toBe(303);
    const renamed = (await store.db.select().from(products).where(eq(products.id, pears.id)))[0]!;
    expect(renamed).toMatchObject({ slug: "comice-pears", priceCents: 340, stock: 10_500 });
    expect(renamed.updatedAt.getTime()).toBe(store.clock.now().getTime());

    const old = await store.agent().get("/products/conference-pears?ref=mail");
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe("/products/comice-pears?ref=mail");

    // A second rename: the first old slug follows to the newest.
    await manager.post(`/manage/products/${pears.id}`, valid({ name: "Williams Pears" }));
    expect((await store.agent().get("/products/conference-pears")).headers.get("location")).toBe("/products/williams-pears");
    expect((await store.agent().get("/products/comice-pears")).headers.get("location")).toBe("/products/williams-pears");
    // A current slug is never redirected.
    expect((await store.agent().get("/products/conference-pears-2")).status).not.toBe(301);
    expect((await store.agent().get("/products/never-existed")).status).toBe(404);
  });

  test("a new product named like an old slug claims it", async () => {
    await manager.post("/manage/products", valid({ name: "Comice Pears" }));
    const comice = (await productNamed("Comice Pears"))!;
    expect(comice.slug).toBe("comice-pears");
    expect(await store.db.select().from(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, "comice-pears"))).toEqual([]);
    expect((await store.agent().get("/products/comice-pears")).status).not.toBe(301);
  });
});

describe("list, inline edits and row actions", () => {
  let yoghurt: Product;
  beforeAll(async () => {
    [yoghurt] = (await store.db.insert(products).values({ name: "Greek Yoghurt", slug: "greek-yoghurt", categoryId: dairyId, priceCents: 249, stock: 0 }).returning()) as [Product];
    await store.db.insert(products).values({ name: "Goat Cheese", slug: "goat-cheese", categoryId: dairyId, priceCents: 450, stock: 1000, lowStockThreshold: 2000 });
  });

  test("search, category, stock filters and sort", async () => {
    const names = async (query: string) => {
      const html = await textOf(await manager.get(`/manage/products?${query}`));
      return [...html.matchAll(/<a href="\/manage\/products\/\d+"><strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
    };
    expect(await names("q=pear")).toEqual(["Comice Pears", "Conference  Pears!", "Williams Pears"]);
    expect(await names(`category=${dairyId}`)).toEqual(["Goat Cheese", "Greek Yoghurt"]);
    expect(await names("stock=out")).toEqual(["Greek Yoghurt"]);
    expect(await names("stock=low")).toEqual(["Goat Cheese"]);
    expect((await names(`category=${dairyId}&sort=price-desc`))).toEqual(["Goat Cheese", "Greek Yoghurt"]);
    expect((await names(`category=${dairyId}&sort=price-asc`))).toEqual(["Greek Yoghurt", "Goat Cheese"]);
  });

  test("filter-as-you-type gets only the table", async () => {
    const response = await manager.get("/manage/products?q=goat", { "hx-request": "true", "hx-target": "div#product-table" });
    const html = await textOf(response);
    expect(html).toStartWith('<div id="product-table"');
    expect(html).toContain("Goat Cheese");
    expect(html).not.toContain("Greek Yoghurt");
  });

  test("inline price edit answers the row for htmx, 303 for a plain form, 422 for nonsense", async () => {
    const row = await manager.post(`/manage/products/${yoghurt.id}/price`, { price: "2.59" }, { "hx-request": "true" });
    expect(row.status).toBe(200);
    const html = await textOf(row);
    expect(html).toStartWith(`<tr id="product-${yoghurt.id}"`);
    expect(html).toContain('value="2.59"');
    const plain = await manager.post(`/manage/products/${yoghurt.id}/price`, { price: "2.69" });
    expect(plain.status).toBe(303);
    expect((await productNamed("Greek Yoghurt"))!.priceCents).toBe(269);
    const bad = await manager.post(`/manage/products/${yoghurt.id}/price`, { price: "free" }, { "hx-request": "true" });
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain("Enter a price such as 3.20");
    expect((await productNamed("Greek Yoghurt"))!.priceCents).toBe(269);
  });

  test("inline threshold edit keeps units whole for items", async () => {
    expect((await manager.post(`/manage/products/${yoghurt.id}/threshold`, { low_stock_threshold: "1.5" })).status).toBe(422);
    expect((await manager.post(`/manage/products/${yoghurt.id}/threshold`, { low_stock_threshold: "4" })).status).toBe(303);
    expect((await productNamed("Greek Yoghurt"))!.lowStockThreshold).toBe(4000);
  });

  test("an ordered product is deactivated instead of deleted; a never-ordered one is deleted", async () => {
    const [eggs] = await store.db.insert(products).values({ name: "Eggs", slug: "eggs", categoryId: dairyId, priceCents: 399, stock: 10_000 }).returning();
    const { agent: shopper } = await newShopper(store);
    expect((await addToCart(shopper, eggs!, "2")).status).toBeLessThan(400);
    expect((await checkout(shopper)).response.status).toBe(303);

    const refused = await manager.post(`/manage/products/${eggs!.id}/delete`);
    expect(refused.status).toBe(303);
    const kept = (await productNamed("Eggs"))!;
    expect(kept.active).toBe(false);
    const [entry] = await store.db.select().from(auditLog).where(eq(auditLog.action, "product.deactivate"));
    expect(entry!.subjectId).toBe(eggs!.id);

    const gone = await manager.post(`/manage/products/${yoghurt.id}/delete`, {}, { "hx-request": "true" });
    expect(gone.status).toBe(200);
    expect(await productNamed("Greek Yoghurt")).toBeUndefined();
  });
});

describe("bulk actions", () => {
  const idsOf = async (...names: string[]) => Promise.all(names.map(async (name) => String((await productNamed(name))!.id)));
  const bulk = (fields: Record<string, string>, ids: string[]) => {
    const body = new URLSearchParams(fields);
    for (const id of ids) body.append("ids", id);
    return manager.send("/manage/products/bulk", { method: "POST", headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
  };

  test("change price by percent, exactly, on every ticked product", async () => {
    const ids = await idsOf("Williams Pears", "Goat Cheese");
    expect((await bulk({ action: "price", percent: "-10" }, ids)).status).toBe(303);
    expect((await productNamed("Williams Pears"))!.priceCents).toBe(288); // 320 * 0.9
    expect((await productNamed("Goat Cheese"))!.priceCents).toBe(405);
    expect((await bulk({ action: "price", percent: "+12.5" }, ids)).status).toBe(303);
    expect((await productNamed("Williams Pears"))!.priceCents).toBe(324); // 288 * 1.125
    expect((await productNamed("Goat Cheese"))!.priceCents).toBe(456); // 455.625
  });

  test("move to a category and deactivate/activate together", async () => {
    const ids = await idsOf("Comice Pears", "Conference  Pears!");
    expect((await bulk({ action: "move", category_id: String(dairyId) }, ids)).status).toBe(303);
    expect((await productNamed("Comice Pears"))!.categoryId).toBe(dairyId);
    expect((await bulk({ action: "deactivate" }, ids)).status).toBe(303);
    expect((await productNamed("Conference  Pears!"))!.active).toBe(false);
    expect((await bulk({ action: "activate" }, ids)).status).toBe(303);
    expect((await productNamed("Conference  Pears!"))!.active).toBe(true);
  });

  test("refusals: nothing ticked, a silly percent, no category", async () => {
    const ids = await idsOf("Comice Pears");
    const none = await bulk({ action: "activate" }, []);
    expect(none.status).toBe(422);
    expect(await textOf(none)).toContain("Tick at least one product first.");
    const silly = await bulk({ action: "price", percent: "-100" }, ids);
    expect(silly.status).toBe(422);
    expect(await textOf(silly)).toContain("between -90% and +500%");
    expect((await bulk({ action: "move", category_id: "" }, ids)).status).toBe(422);
    expect((await productNamed("Comice Pears"))!.priceCents).toBe(320);
  });
});

describe("the list in pages", () => {
  let tinsId: number;
  beforeAll(async () => {
    const [tins] = await store.db.insert(categories).values({ name: "Tins", slug: "tins", status: "active" }).returning();
    tinsId = tins!.id;
    const tinned = Array.from({ length: 120 }, (_, index) => {
      const number = String(index + 1).padStart(3, "0");
      return { name: `Chopped Tomatoes ${number}`, slug: `chopped-tomatoes-${number}`, categoryId: tinsId, priceCents: 89, stock: 5000 };
    });
    await store.db.insert(products).values(tinned);
  });
  const names = (html: string) => [...html.matchAll(/<a href="\/manage\/products\/\d+"><strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
  const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `Chopped Tomatoes ${String(from + index).padStart(3, "0")}`);

  test("50 products a page, counted, with page links that keep the filters", async () => {
    const first = await textOf(await manager.get(`/manage/products?category=${tinsId}`));
    expect(names(first)).toEqual(numbered(1, 50));
    expect(first).toContain("1–50 of 120 products");
    expect(first).toMatch(new RegExp(`href="/manage/products\\?category=${tinsId}&(amp;)?page=2" rel="next"`));
    const last = await textOf(await manager.get(`/manage/products?category=${tinsId}&page=3`));
    expect(names(last)).toEqual(numbered(101, 120));
    expect(last).toContain("101–120 of 120 products");
    expect(last).toContain('aria-current="page"');
    // A page past the end (products removed since the link was made) shows the last one.
    expect(names(await textOf(await manager.get(`/manage/products?category=${tinsId}&page=9`)))).toEqual(numbered(101, 120));
  });

  test("filtering as you type starts again at the first page; a bad page number is refused and reset", async () => {
    const typed = await textOf(await manager.get("/manage/products?q=tomatoes 11", { "hx-request": "true", "hx-target": "div#product-table" }));
    expect(names(typed)).toEqual(numbered(110, 119));
    expect(typed).toContain(">10 products<");
    expect(typed).not.toContain('class="pagination"');
    const bad = await manager.get(`/manage/products?category=${tinsId}&page=0`);
    expect(bad.status).toBe(400);
    expect(await textOf(bad)).toContain("Some filters were not understood and were reset.");
  });
});
