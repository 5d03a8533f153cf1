import type { Product } from "../../db/schema";
import { allergensIn, type Allergen } from "./allergens";
import { dietLabelsIn, type DietLabel } from "./diet";

/** Shoppers with allergies re-read a product whose allergens changed: it says so for this many days. */
export const RECIPE_CHANGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const NUTRIENTS = [
  { key: "fatMg", label: "Fat", indent: false },
  { key: "saturatesMg", label: "of which saturates", indent: true },
  { key: "carbohydrateMg", label: "Carbohydrate", indent: false },
  { key: "sugarsMg", label: "of which sugars", indent: true },
  { key: "fibreMg", label: "Fibre", indent: false },
  { key: "proteinMg", label: "Protein", indent: false },
  { key: "saltMg", label: "Salt", indent: false },
] as const;
export type NutrientKey = (typeof NUTRIENTS)[number]["key"];

export type Nutrition = { basis: "100g" | "100ml"; energyKj: number; energyKcal: number } & Record<NutrientKey, number | null>;

/** What a product's food information says, read from its columns; every absent field is null. */
export type FoodFacts = {
  isFood: boolean;
  /** Null: allergen information not provided. */
  allergens: { contains: Allergen[]; mayContain: Allergen[] } | null;
  diet: DietLabel[];
  ingredients: string | null;
  storage: string | null;
  origin: string | null;
  nutrition: Nutrition | null;
};

type FoodColumns = Pick<
  Product,
  | "isFood"
  | "allergensDeclared"
  | "containsAllergens"
  | "mayContainAllergens"
  | "dietLabels"
  | "ingredients"
  | "storage"
  | "origin"
  | "nutritionBasis"
  | "energyKj"
  | "energyKcal"
  | NutrientKey
>;

export function foodFactsOf(product: FoodColumns): FoodFacts {
  const nutrition: Nutrition | null =
    product.nutritionBasis && product.energyKj !== null && product.energyKcal !== null
      ? {
          basis: product.nutritionBasis,
          energyKj: product.energyKj,
          energyKcal: product.energyKcal,
          fatMg: product.fatMg,
          saturatesMg: product.saturatesMg,
          carbohydrateMg: product.carbohydrateMg,
          sugarsMg: product.sugarsMg,
          fibreMg: product.fibreMg,
          proteinMg: product.proteinMg,
          saltMg: product.saltMg,
        }
      : null;
  return {
    isFood: product.isFood,
    allergens: product.allergensDeclared ? { contains: allergensIn(product.containsAllergens), mayContain: allergensIn(product.mayContainAllergens) } : null,
    diet: dietLabelsIn(product.dietLabels),
    ingredients: product.ingredients,
    storage: product.storage,
    origin: product.origin,
    nutrition,
  };
}

/**
 * "Recipe changed" shows from the day the allergens changed until the end of the 30th day after
 * it (UTC days, so a cached page is right for the whole day it is cached on).
 */
export function recipeChanged(changedAt: Date | null, now: Date): boolean {
  const until = recipeChangedUntil(changedAt);
  return until !== null && now.toISOString().slice(0, 10) <= until;
}

/** The last UTC day (YYYY-MM-DD) "recipe changed" shows, or null when the allergens never changed. */
export function recipeChangedUntil(changedAt: Date | null): string | null {
  if (!changedAt) return null;
  const changedDay = Math.floor(changedAt.getTime() / DAY_MS);
  return new Date((changedDay + RECIPE_CHANGE_DAYS) * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC day number: part of the catalog cache key, since "recipe changed" ends with a day. */
export const catalogDay = (now: Date) => Math.floor(now.getTime() / DAY_MS);

/** 12500 mg -> "12.5 g"; grams to one decimal, or two below 1 g (salt 0.08 g). */
export function gramsLabel(mg: number): string {
  const grams = mg / 1000;
  const text = grams < 1 && grams > 0 ? grams.toFixed(2) : grams.toFixed(1);
  return `${text.replace(/\.?0+$/, "") || "0"} g`;
}
