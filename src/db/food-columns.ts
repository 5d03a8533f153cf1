import { sql, type SQL } from "drizzle-orm";
import { check, integer, text, uniqueIndex, type SQLiteColumn } from "drizzle-orm/sqlite-core";

/*
 * The food information of a product (Regulation (EU) 1169/2011) and the keys a catalog import
 * matches on. Every field may be absent ("not provided"): null, never a guessed value.
 * ADR 017 (docs/decisions/017-food-information.md).
 */
export const NET_UNIT_VALUES = ["g", "kg", "ml", "l", "piece"] as const;
export const NUTRITION_BASES = ["100g", "100ml"] as const;

export const foodInformation = {
  /** The shop's own stock-keeping unit; import and export match on it. */
  sku: text("sku"),
  /** The barcode number (GTIN-8/12/13/14), digits only. */
  gtin: text("gtin"),
  /** Net quantity of a pack sold by the item, in thousandths of net_unit (500 g is 500000 of "g"). */
  netQuantity: integer("net_quantity"),
  netUnit: text("net_unit", { enum: NET_UNIT_VALUES }),
  /** False for things that are not food (household): no food information applies. */
  isFood: integer("is_food", { mode: "boolean" }).notNull().default(true),
  /** The allergen flags below were declared; until then the product matches no "free from" filter. */
  allergensDeclared: integer("allergens_declared", { mode: "boolean" }).notNull().default(false),
  /** Bit set over ALLERGENS (src/catalog/food-info/allergens.ts). */
  containsAllergens: integer("contains_allergens").notNull().default(0),
  mayContainAllergens: integer("may_contain_allergens").notNull().default(0),
  /** When a declared allergen flag last changed ("recipe changed" for 30 days). */
  allergensChangedAt: integer("allergens_changed_at", { mode: "timestamp_ms" }),
  /** Bit set over DIET_LABELS (src/catalog/food-info/diet.ts). */
  dietLabels: integer("diet_labels").notNull().default(0),
  ingredients: text("ingredients"),
  storage: text("storage"),
  origin: text("origin"),
  /** Nutrition per 100 g or per 100 ml; null when not provided. Amounts in milligrams per 100. */
  nutritionBasis: text("nutrition_basis", { enum: NUTRITION_BASES }),
  energyKj: integer("energy_kj"),
  energyKcal: integer("energy_kcal"),
  fatMg: integer("fat_mg"),
  saturatesMg: integer("saturates_mg"),
  carbohydrateMg: integer("carbohydrate_mg"),
  sugarsMg: integer("sugars_mg"),
  proteinMg: integer("protein_mg"),
  saltMg: integer("salt_mg"),
  fibreMg: integer("fibre_mg"),
};

type FoodTable = { [K in keyof typeof foodInformation]: SQLiteColumn };

const MANDATORY_NUTRIENTS = ["energyKj", "energyKcal", "fatMg", "saturatesMg", "carbohydrateMg", "sugarsMg", "proteinMg", "saltMg"] as const;

export function foodInformationRules(t: FoodTable) {
  const nutrientsSet = sql.join(
    MANDATORY_NUTRIENTS.map((name) => sql`${t[name]} is not null and ${t[name]} >= 0`),
    sql` and `,
  );
  const nutrientsNull = sql.join(
    [...MANDATORY_NUTRIENTS, "fibreMg" as const].map((name) => sql`${t[name]} is null`),
    sql` and `,
  );
  const nutrition: SQL = sql`(${t.nutritionBasis} is null and ${nutrientsNull}) or (${t.nutritionBasis} in ('100g', '100ml') and ${nutrientsSet} and ${t.saturatesMg} <= ${t.fatMg} and ${t.sugarsMg} <= ${t.carbohydrateMg} and (${t.fibreMg} is null or ${t.fibreMg} >= 0))`;
  return [
    uniqueIndex("products_sku_unique").on(t.sku),
    uniqueIndex("products_gtin_unique").on(t.gtin),
    check("products_gtin_digits", sql`${t.gtin} is null or (length(${t.gtin}) in (8, 12, 13, 14) and ${t.gtin} not glob '*[^0-9]*')`),
    check(
      "products_net_quantity_valid",
      sql`(${t.netQuantity} is null and ${t.netUnit} is null) or (${t.netQuantity} > 0 and ${t.netUnit} is not null and ${t.netUnit} in ('g', 'kg', 'ml', 'l', 'piece'))`,
    ),
    check(
      "products_allergens_valid",
      sql`${t.containsAllergens} between 0 and 16383 and ${t.mayContainAllergens} between 0 and 16383 and (${t.containsAllergens} & ${t.mayContainAllergens}) = 0 and (${t.allergensDeclared} = 1 or (${t.containsAllergens} = 0 and ${t.mayContainAllergens} = 0))`,
    ),
    check("products_diet_valid", sql`${t.dietLabels} between 0 and 15 and ((${t.dietLabels} & 2) = 0 or (${t.dietLabels} & 1) = 1)`),
    check("products_nutrition_complete", nutrition),
  ];
}
