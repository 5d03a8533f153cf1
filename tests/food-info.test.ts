import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { ingredientParts, ingredientsProblem } from "../src/catalog/food-info/ingredients";
import { foodInput } from "../src/catalog/food-info/input";
import { recipeChanged } from "../src/catalog/food-info/facts";
import { packLabel, unitPriceCents, unitPriceOf } from "../src/values/unit-price";
import { demoProducts } from "../src/demo/catalog";
import { products } from "../src/db/schema";
import { createTestStore, type TestStore } from "./support/store";

const euro = (cents: number) => `€${(cents / 100).toFixed(2)}`;

describe("the unit-price rule: price × reference ÷ net quantity, rounded half up to the cent", () => {
  test("grams and kilograms price per kg", () => {
    expect(unitPriceCents(189, 500_000, "g")).toEqual({ cents: 378, per: "kg" });
    expect(unitPriceCents(100, 300_000, "g")).toEqual({ cents: 333, per: "kg" }); // 333.33
    expect(unitPriceCents(200, 300_000, "g")).toEqual({ cents: 667, per: "kg" }); // 666.67
    expect(unitPriceCents(3, 400_000, "g")).toEqual({ cents: 8, per: "kg" }); // 7.5 goes up
    expect(unitPriceCents(699, 500, "g")).toEqual({ cents: 1_398_000, per: "kg" }); // 0.5 g of saffron: €13,980 / kg
    expect(unitPriceCents(1299, 1400, "kg")).toEqual({ cents: 928, per: "kg" }); // 927.86
    expect(unitPriceCents(250, 2500, "kg")).toEqual({ cents: 100, per: "kg" });
  });
  test("millilitres and litres price per l", () => {
    expect(unitPriceCents(129, 330_000, "ml")).toEqual({ cents: 391, per: "l" }); // 390.91
    expect(unitPriceCents(1, 200_000, "ml")).toEqual({ cents: 5, per: "l" });
    expect(unitPriceCents(125, 1500, "l")).toEqual({ cents: 83, per: "l" }); // 83.33
    expect(unitPriceCents(899, 750, "l")).toEqual({ cents: 1199, per: "l" }); // 1198.67
    expect(unitPriceCents(3, 2000, "l")).toEqual({ cents: 2, per: "l" }); // 1.5 goes up
  });
  test("pieces price per piece", () => {
    expect(unitPriceCents(299, 6000, "piece")).toEqual({ cents: 50, per: "piece" }); // 49.83
    expect(unitPriceCents(2, 4000, "piece")).toEqual({ cents: 1, per: "piece" }); // 0.5 goes up
    expect(unitPriceCents(4, 8000, "piece")).toEqual({ cents: 1, per: "piece" });
    expect(unitPriceCents(7, 3000, "piece")).toEqual({ cents: 2, per: "piece" }); // 2.33
  });
  test("a product sold loose by g, ml or dozen gets its price per kg, l or piece; by kg or l it already is one", () => {
    const loose = (unit: "g" | "ml" | "dozen" | "kg" | "l" | "each", priceCents: number) => unitPriceOf({ priceCents, unit, netQuantity: null, netUnit: null });
    expect(loose("g", 3)).toEqual({ cents: 3000, per: "kg" });
    expect(loose("ml", 2)).toEqual({ cents: 2000, per: "l" });
    expect(loose("dozen", 399)).toEqual({ cents: 33, per: "piece" }); // 33.25
    expect(loose("kg", 189)).toBeNull();
    expect(loose("l", 129)).toBeNull();
    expect(loose("each", 129)).toBeNull();
  });
  test("the label beside a price", () => {
    expect(packLabel({ priceCents: 189, unit: "each", netQuantity: 500_000, netUnit: "g" }, euro)).toBe("500 g · €3.78 / kg");
    expect(packLabel({ priceCents: 299, unit: "each", netQuantity: 6000, netUnit: "piece" }, euro)).toBe("6 pieces · €0.50 / piece");
    expect(packLabel({ priceCents: 3, unit: "g", netQuantity: null, netUnit: null }, euro)).toBe("€30.00 / kg");
    expect(packLabel({ priceCents: 189, unit: "kg", netQuantity: null, netUnit: null }, euro)).toBeNull();
  });
  test("bad inputs are refused, never rounded into a price", () => {
    expect(() => unitPriceCents(100, 0, "g")).toThrow();
    expect(() => unitPriceCents(1.5, 100, "g")).toThrow();
  });
});

describe("ingredients", () => {
  test("allergen words are marked for emphasis; phrases such as peanut butter and coconut milk are read whole", () => {
    const marked = (text: string) => ingredientParts(text).filter((part) => part.allergen).map((part) => `${part.text}:${part.allergen}`);
    expect(marked("Wheat flour, butter (milk), eggs, salt.")).toEqual(["Wheat:gluten", "flour:gluten", "butter:milk", "milk:milk", "eggs:eggs"]);
    expect(marked("Peanut butter, coconut milk, cocoa butter, rice flour, nutmeg, buckwheat.")).toEqual(["Peanut butter:peanuts"]);
    expect(marked("Soya flour, barley malt.")).toEqual(["Soya:soy", "barley:gluten", "malt:gluten"]);
  });
  test("ingredients naming an allergen that is not ticked under contains are refused", () => {
    expect(ingredientsProblem("Wheat flour, butter.", ["gluten"])).toContain("Milk");
    expect(ingredientsProblem("Wheat flour, butter.", ["gluten", "milk"])).toBeNull();
    const parsed = foodInput.safeParse({ allergens_declared: "yes", contains: "gluten", ingredients: "Wheat flour, butter." });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["ingredients"]);
  });
  test("the rules tie the fields together", () => {
    const issues = (fields: Record<string, string>) => {
      const parsed = foodInput.safeParse(fields);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
    };
    expect(issues({ net_quantity: "500" })).toEqual(["net_unit"]);
    expect(issues({ net_unit: "g" })).toEqual(["net_quantity"]);
    expect(issues({ allergens_declared: "yes", contains: "milk", may_contain: "milk" })).toEqual(["may_contain"]);
    expect(issues({ contains: "milk" })).toEqual(["allergens_declared"]);
    expect(issues({ allergens_declared: "yes", contains: "milk", diet: "vegan" })).toEqual(["diet"]);
    expect(issues({ allergens_declared: "yes", may_contain: "gluten", diet: "gluten-free" })).toEqual(["diet"]);
    expect(issues({ nutrition_basis: "100g", energy_kj: "100" })).toContain("fat");
    expect(issues({ contains: "walnuts" })).toEqual(["contains"]);
    expect(issues({ gtin: "4006381333931" })).toEqual([]);
    expect(issues({ gtin: "4006381333932" })).toEqual(["gtin"]);
  });
  test("recipe changed shows for 30 days after the change", () => {
    const changed = new Date("2026-11-01T15:00:00Z");
    expect(recipeChanged(changed, new Date("2026-11-01T16:00:00Z"))).toBe(true);
    expect(recipeChanged(changed, new Date("2026-12-01T23:59:00Z"))).toBe(true);
    expect(recipeChanged(changed, new Date("2026-12-02T00:00:00Z"))).toBe(false);
    expect(recipeChanged(null, changed)).toBe(false);
  });
});

describe("food information in the store", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.close());

  test("every demo food product has ingredients, allergens, nutrition, origin; packs have a net quantity", async () => {
    const rows = await store.db.select().from(products);
    expect(rows.length).toBe(demoProducts.length);
    const food = rows.filter((row) => row.isFood);
    expect(food.length).toBeGreaterThan(170);
    for (const row of food) {
      expect(row.ingredients, row.name).toBeTruthy();
      expect(row.allergensDeclared, row.name).toBe(true);
      expect(row.nutritionBasis, row.name).not.toBeNull();
      expect(row.origin, row.name).toBeTruthy();
      expect(row.sku, row.name).toMatch(/^GR-\d{5}$/);
    }
    expect(food.filter((row) => row.unit === "each" && row.netQuantity !== null).length).toBeGreaterThan(90);
    expect(rows.filter((row) => (row.containsAllergens & (1 << 6)) !== 0).length).toBeGreaterThan(20); // milk
  });

  test("the product page shows allergens in bold, the nutrition table and the unit price", async () => {
    const html = await (await store.agent().get("/products/unsalted-butter-250-g")).text();
    expect(html).toContain('<h2 id="food-information">Food information</h2>');
    expect(html).toContain('<strong class="allergen" title="Milk">Butter</strong>');
    expect(html).toMatch(/<strong>Contains:<\/strong> Milk/);
    expect(html).toContain('<table class="nutrition-table">');
    expect(html).toMatch(/<th scope="row">Fat<\/th><td>82 g<\/td>/);
    expect(html).toMatch(/<th scope="row">of which saturates<\/th><td>54 g<\/td>/);
    expect(html).toContain("741 kcal");
    expect(html).toMatch(/250 g · €\d+\.\d\d \/ kg/);
    expect(html).toContain("Ireland");
  });

  test("absent information says not provided, never a guess; a non-food product has no food panel", async () => {
    const [butter] = await store.db.select().from(products).where(eq(products.slug, "unsalted-butter-250-g"));
    await store.db
      .update(products)
      .set({ ingredients: null, allergensDeclared: false, containsAllergens: 0, mayContainAllergens: 0, nutritionBasis: null, energyKj: null, energyKcal: null, fatMg: null, saturatesMg: null, carbohydrateMg: null, sugarsMg: null, fibreMg: null, proteinMg: null, saltMg: null, origin: null })
      .where(eq(products.id, butter!.id));
    const html = await (await store.agent().get("/products/unsalted-butter-250-g")).text();
    expect(html.match(/class="not-provided"/g)?.length).toBe(4);
    expect(html).not.toContain("nutrition-table");
    expect(html).not.toContain("None of the 14");
    const paper = await (await store.agent().get("/products/toilet-paper-3-ply-8-rolls")).text();
    expect(paper).not.toContain("Food information");
    expect(paper).toMatch(/8 pieces · €\d+\.\d\d \/ piece/);
  });

  test("the database refuses contradictory food information", async () => {
    const [row] = await store.db.select().from(products).limit(1);
    const refuse = async (set: Partial<typeof products.$inferInsert>) => await store.db.update(products).set(set).where(eq(products.id, row!.id));
    await expect(refuse({ allergensDeclared: true, containsAllergens: 1, mayContainAllergens: 1 })).rejects.toThrow(/products_allergens_valid/);
    await expect(refuse({ allergensDeclared: false, containsAllergens: 64 })).rejects.toThrow(/products_allergens_valid/);
    await expect(refuse({ netQuantity: 500, netUnit: null })).rejects.toThrow(/products_net_quantity_valid/);
    await expect(refuse({ dietLabels: 2 })).rejects.toThrow(/products_diet_valid/);
    await expect(refuse({ nutritionBasis: "100g", energyKj: null })).rejects.toThrow(/products_nutrition_complete/);
    await expect(refuse({ gtin: "12ab5678" })).rejects.toThrow(/products_gtin_digits/);
  });
});
