import type { Product } from "../../db/schema";
import { allergensIn } from "./allergens";
import { dietLabelsIn } from "./diet";
import { foodForm } from "./form";
import type { FoodFieldsInput } from "./input";
import { netQuantityProblem } from "./allergen-changes";
import { thousandthsToInput } from "../../values/quantity";
import type { Unit } from "../../db/schema";

/** 12500 -> "12.5": thousandths back into a form box. */
const milliText = (milli: number | null) => (milli === null ? "" : thousandthsToInput(milli));

/** A product's codes, pack and food information as text, the same for the form and the catalog CSV. */
export function foodTextValues(product: Product) {
  return {
    sku: product.sku ?? "",
    gtin: product.gtin ?? "",
    net_quantity: milliText(product.netQuantity),
    net_unit: product.netUnit ?? "",
    ingredients: product.ingredients ?? "",
    storage: product.storage ?? "",
    origin: product.origin ?? "",
    nutrition_basis: product.nutritionBasis ?? "",
    energy_kj: product.energyKj === null ? "" : String(product.energyKj),
    energy_kcal: product.energyKcal === null ? "" : String(product.energyKcal),
    fat: milliText(product.fatMg),
    saturates: milliText(product.saturatesMg),
    carbohydrate: milliText(product.carbohydrateMg),
    sugars: milliText(product.sugarsMg),
    fibre: milliText(product.fibreMg),
    protein: milliText(product.proteinMg),
    salt: milliText(product.saltMg),
  };
}

/** A product's food information as the form shows it. */
export function foodFormValues(product: Product): Record<string, string> {
  const values: Record<string, string> = foodTextValues(product);
  if (product.isFood) values.is_food = "on";
  if (product.allergensDeclared) values.allergens_declared = "on";
  for (const allergen of allergensIn(product.containsAllergens)) values[`contains_${allergen}`] = "on";
  for (const allergen of allergensIn(product.mayContainAllergens)) values[`may_contain_${allergen}`] = "on";
  for (const label of dietLabelsIn(product.dietLabels)) values[`diet_${label}`] = "on";
  return values;
}

/** The food part of a submitted product form, read by the one food schema; errors by field. */
export function readFoodForm(values: Record<string, string>, unit: Unit | undefined): { ok: true; food: FoodFieldsInput } | { ok: false; errors: Record<string, string> } {
  const parsed = foodForm.safeParse(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  if (parsed.success && unit) {
    const problem = netQuantityProblem(unit, parsed.data);
    if (problem) errors.net_quantity = problem;
  }
  return parsed.success && Object.keys(errors).length === 0 ? { ok: true, food: parsed.data } : { ok: false, errors };
}
