import { afterAll, beforeAll, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { allergenBit } from "../src/catalog/food-info/allergens";
import { foodFormValues } from "../src/catalog/food-info/form-values";
import { auditLog, products, type Product } from "../src/db/schema";
import { DEMO_ACCOUNTS } from "../src/demo/seed";
import { createTestStore, type Agent, type TestStore } from "./support/store";

let store: TestStore;
let manager: Agent;
let shortbread: Product;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  store = await createTestStore();
  manager = store.agent();
  await manager.logInAsStaff(DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password, store.clock);
  [shortbread] = (await store.db.select().from(products).where(eq(products.slug, "all-butter-shortbread-200-g"))) as [Product];
});
afterAll(() => store.close());

/** What the editor would send back unchanged for this product. */
async function editorValues(product: Product): Promise<Record<string, string>> {
  const [fresh] = await store.db.select().from(products).where(eq(products.id, product.id));
  return {
    name: fresh!.name,
    description: fresh!.description,
    category_id: String(fresh!.categoryId),
    price: (fresh!.priceCents / 100).toFixed(2),
    unit: fresh!.unit,
    step: "1",
    low_stock_threshold: "0",
    ...foodFormValues(fresh!),
  };
}

test("the editor shows the allergen grid, ticked as the product is", async () => {
  const html = await (await manager.get(`/manage/products/${shortbread.id}`)).text();
  expect(html).toContain('<table class="allergen-grid">');
  expect(html).toMatch(/<input type="checkbox" name="contains_milk" aria-label="Contains Milk" checked=""\/>/);
  expect(html).toMatch(/<input type="checkbox" name="contains_nuts" aria-label="Contains Nuts"\/>/);
  expect(html).toContain('name="energy_kcal" type="text" value="520"');
});

test("a refused edit says what and where, and changes nothing", async () => {
  const values = await editorValues(shortbread);
  delete values.contains_milk; // the ingredients still say butter
  values.may_contain_gluten = "on"; // already under contains
  const response = await manager.post(`/manage/products/${shortbread.id}`, values);
  expect(response.status).toBe(422);
  const html = await response.text();
  expect(html).toContain("The ingredients name Milk");
  expect(html).toContain("either &quot;contains&quot; or &quot;may contain&quot;, not both");
  const [after] = await store.db.select().from(products).where(eq(products.id, shortbread.id));
  expect(after!.containsAllergens).toBe(shortbread.containsAllergens);
});

test("changing allergens is audited flag by flag and the product says recipe changed for 30 days", async () => {
  const values = await editorValues(shortbread);
  values.ingredients = "Wheat flour, butter (milk) (30%), sugar, almonds (5%), rice flour, salt.";
  values.contains_nuts = "on";
  values.may_contain_peanuts = "on";
  const response = await manager.post(`/manage/products/${shortbread.id}`, values);
  expect(response.status).toBe(303);
  const [after] = await store.db.select().from(products).where(eq(products.id, shortbread.id));
  expect(after!.containsAllergens & allergenBit("nuts")).not.toBe(0);
  expect(after!.allergensChangedAt?.getTime()).toBe(store.clock.now().getTime());

  const [entry] = await store.db.select().from(auditLog).where(and(eq(auditLog.action, "product.allergens"), eq(auditLog.subjectId, shortbread.id)));
  expect(entry!.actorId).not.toBeNull();
  expect(JSON.parse(entry!.details!)).toMatchObject({
    changes: [
      { allergen: "nuts", flag: "contains", change: "added" },
      { allergen: "peanuts", flag: "may_contain", change: "added" },
    ],
    recipeChanged: true,
  });

  const page = async () => (await store.agent().get("/products/all-butter-shortbread-200-g")).text();
  expect(await page()).toContain("Recipe changed");
  expect(await page()).toContain('<strong class="allergen" title="Nuts">almonds</strong>');
  const api = (await (await store.app.request(`http://localhost/api/v1/products/${shortbread.id}`)).json()) as { food: { recipe_changed_until: string } };
  expect(api.food.recipe_changed_until).toBe(new Date(store.clock.now().getTime() + 30 * DAY).toISOString().slice(0, 10));

  const changedAt = store.clock.now();
  store.clock.advance(30 * DAY);
  expect(await page()).toContain("Recipe changed");
  store.clock.advance(DAY);
  expect(await page()).not.toContain("Recipe changed");
  store.clock.set(changedAt);
});

test("saving without touching allergens records no allergen change", async () => {
  const before = (await store.db.select().from(auditLog).where(eq(auditLog.action, "product.allergens"))).length;
  const values = await editorValues(shortbread);
  values.storage = "Keep in a tin.";
  expect((await manager.post(`/manage/products/${shortbread.id}`, values)).status).toBe(303);
  expect((await store.db.select().from(auditLog).where(eq(auditLog.action, "product.allergens"))).length).toBe(before);
});

test("a new product with its food information; a net quantity on a loose product is refused", async () => {
  const base = { name: "Oat Cookies 150 g", description: "", category_id: String(shortbread.categoryId), price: "2.49", unit: "each", step: "1", low_stock_threshold: "0", stock: "10", is_food: "on" };
  const food = { net_quantity: "150", net_unit: "g", allergens_declared: "on", contains_gluten: "on", ingredients: "Oat flakes, sugar, sunflower oil.", diet_vegan: "on", sku: "OAT-150", gtin: "4006381333931" };
  const loose = await manager.post("/manage/products", { ...base, ...food, unit: "kg", step: "0.5" });
  expect(loose.status).toBe(422);
  expect(await loose.text()).toContain("Only products sold by the item have a net quantity");
  expect((await manager.post("/manage/products", { ...base, ...food })).status).toBe(303);
  const [cookies] = await store.db.select().from(products).where(eq(products.sku, "OAT-150"));
  expect(cookies).toMatchObject({ netQuantity: 150_000, netUnit: "g", gtin: "4006381333931", allergensDeclared: true, containsAllergens: allergenBit("gluten"), dietLabels: 3, allergensChangedAt: null });
  const duplicate = await manager.post("/manage/products", { ...base, ...food, name: "Oat Cookies Again" });
  expect(duplicate.status).toBe(409);
  expect(await duplicate.text()).toContain("Oat Cookies 150 g already has this SKU");
});
