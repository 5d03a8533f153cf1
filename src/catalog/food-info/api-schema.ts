import { z } from "@hono/zod-openapi";
import type { Product } from "../../db/schema";
import { NET_UNITS, unitPriceOf } from "../../values/unit-price";
import { ALLERGENS } from "./allergens";
import { DIET_LABELS } from "./diet";
import { foodFactsOf, recipeChangedUntil } from "./facts";

/** The food information and unit price of a product in the API: the same values the pages show. */

const grams = z.number().openapi({ description: "Grams per 100 g or 100 ml.", example: 12.5 });

export const NutritionSchema = z
  .object({
    per: z.enum(["100g", "100ml"]),
    energy_kj: z.number().int(),
    energy_kcal: z.number().int(),
    fat: grams,
    saturates: grams,
    carbohydrate: grams,
    sugars: grams,
    fibre: grams.nullable().openapi({ description: "Optional in the declaration: null when not provided." }),
    protein: grams,
    salt: grams,
  })
  .openapi("Nutrition");

export const FoodInformationSchema = z
  .object({
    is_food: z.boolean().openapi({ description: "False for things that are not food (household): the other fields do not apply." }),
    ingredients: z.string().nullable().openapi({ description: "As on the pack; null: not provided.", example: "Wheat flour, butter (milk), salt." }),
    allergens: z
      .object({
        contains: z.array(z.enum(ALLERGENS)),
        may_contain: z.array(z.enum(ALLERGENS)),
      })
      .nullable()
      .openapi({ description: "The 14 EU allergens (Regulation 1169/2011, Annex II). null: not provided, so the product matches no free_from filter." }),
    allergens_changed_at: z.string().nullable().openapi({ format: "date-time", description: "When a declared allergen last changed." }),
    recipe_changed_until: z.string().nullable().openapi({ description: "Last day (YYYY-MM-DD, UTC) the shop marks the product \"recipe changed\".", example: "2026-12-20" }),
    diet: z.array(z.enum(DIET_LABELS)),
    nutrition: NutritionSchema.nullable().openapi({ description: "Per 100 g or 100 ml; null: not provided." }),
    storage: z.string().nullable(),
    origin: z.string().nullable().openapi({ example: "Ireland" }),
  })
  .openapi("FoodInformation");

export const PackFields = {
  sku: z.string().nullable().openapi({ example: "GR-00042" }),
  gtin: z.string().nullable().openapi({ description: "Barcode number (GTIN-8/12/13/14).", example: "4006381333931" }),
  net_quantity: z
    .object({ amount: z.number(), unit: z.enum(NET_UNITS) })
    .nullable()
    .openapi({ description: "What a pack sold by the item holds; null for loose products or when not provided.", example: { amount: 500, unit: "g" } }),
  unit_price: z
    .object({ cents: z.number().int(), per: z.enum(["kg", "l", "piece"]) })
    .nullable()
    .openapi({
      description: "Price per kg, l or piece (price × reference ÷ net quantity, rounded half up to the cent); null when the price already is per kg or l, or nothing is known to divide it by.",
      example: { cents: 378, per: "kg" },
    }),
  food: FoodInformationSchema,
};

export function packJson(product: Product) {
  const facts = foodFactsOf(product);
  const nutrition = facts.nutrition;
  const g = (mg: number | null) => (mg === null ? null : mg / 1000);
  return {
    sku: product.sku,
    gtin: product.gtin,
    net_quantity: product.netQuantity !== null && product.netUnit !== null ? { amount: product.netQuantity / 1000, unit: product.netUnit } : null,
    unit_price: unitPriceOf(product),
    food: {
      is_food: facts.isFood,
      ingredients: facts.ingredients,
      allergens: facts.allergens ? { contains: facts.allergens.contains, may_contain: facts.allergens.mayContain } : null,
      allergens_changed_at: product.allergensChangedAt?.toISOString() ?? null,
      recipe_changed_until: recipeChangedUntil(product.allergensChangedAt),
      diet: facts.diet,
      nutrition: nutrition
        ? {
            per: nutrition.basis,
            energy_kj: nutrition.energyKj,
            energy_kcal: nutrition.energyKcal,
            fat: g(nutrition.fatMg)!,
            saturates: g(nutrition.saturatesMg)!,
            carbohydrate: g(nutrition.carbohydrateMg)!,
            sugars: g(nutrition.sugarsMg)!,
            fibre: g(nutrition.fibreMg),
            protein: g(nutrition.proteinMg)!,
            salt: g(nutrition.saltMg)!,
          }
        : null,
      storage: facts.storage,
      origin: facts.origin,
    },
  };
}
