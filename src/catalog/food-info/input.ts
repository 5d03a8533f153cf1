import { z } from "zod";
import { NET_UNITS, type NetUnit } from "../../values/unit-price";
import { parseThousandths } from "../../values/quantity";
import { ALLERGEN_LABELS, allergenMask, ALLERGENS, isAllergen, type Allergen } from "./allergens";
import { dietMask, isDietLabel, type DietLabel } from "./diet";
import { ingredientsProblem } from "./ingredients";

/*
 * Food information as typed: the manager's form, the catalog import and the API all read it with
 * this one schema (strings in, as a form or a CSV cell gives them), so one rule decides everywhere.
 */

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max} characters.`)
    .default("")
    .transform((value) => value || null);

const optionalAmount = (label: string, example: string) =>
  z
    .string()
    .default("")
    .transform((value, ctx) => {
      if (value.trim() === "") return null;
      const milli = parseThousandths(value, 7);
      if (milli === null) {
        ctx.addIssue({ code: "custom", message: `Enter ${label} as a number such as ${example} (at most 3 decimals).` });
        return z.NEVER;
      }
      return milli;
    });

const optionalWhole = (label: string) =>
  z
    .string()
    .default("")
    .transform((value, ctx) => {
      if (value.trim() === "") return null;
      if (!/^\s*\d{1,6}\s*$/.test(value)) {
        ctx.addIssue({ code: "custom", message: `Enter ${label} as a whole number such as 250.` });
        return z.NEVER;
      }
      return Number(value);
    });

/** "milk; eggs" or "milk,eggs" -> ["milk", "eggs"]. */
const listOf = <T extends string>(is: (value: string) => value is T, what: string, known: readonly string[]) =>
  z
    .string()
    .default("")
    .transform((value, ctx) => {
      const items = value.split(/[;,]/).map((item) => item.trim().toLowerCase()).filter(Boolean);
      const unknown = items.filter((item) => !is(item));
      if (unknown.length) {
        ctx.addIssue({ code: "custom", message: `Unknown ${what}: ${unknown.join(", ")}. Use: ${known.join(", ")}.` });
        return z.NEVER;
      }
      return [...new Set(items as T[])];
    });

const yesNo = (fallback: boolean) =>
  z
    .string()
    .default(fallback ? "yes" : "no")
    .transform((value, ctx) => {
      const word = value.trim().toLowerCase();
      if (["yes", "true", "1", "on"].includes(word)) return true;
      if (["no", "false", "0", "off", ""].includes(word)) return word === "" ? fallback : false;
      ctx.addIssue({ code: "custom", message: "Use yes or no." });
      return z.NEVER;
    });

/** GS1 check digit: the barcode number a scanner reads, so a typo is caught here. */
export function gtinValid(digits: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits)) return false;
  const body = digits.slice(0, -1).split("").reverse();
  const sum = body.reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

const DIET_KNOWN = ["vegetarian", "vegan", "gluten-free", "organic"];

export const foodFields = z.object({
  sku: z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(value), "A SKU is 1 to 40 letters, digits, dots, dashes or underscores.")
    .transform((value) => value || null),
  gtin: z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || gtinValid(value), "A GTIN is the 8, 12, 13 or 14 digits under the barcode, with a correct check digit.")
    .transform((value) => value || null),
  net_quantity: optionalAmount("the net quantity", "500"),
  net_unit: z
    .enum(["", ...NET_UNITS], { message: `Choose a net unit: ${NET_UNITS.join(", ")}.` })
    .default("")
    .transform((value) => (value === "" ? null : (value as NetUnit))),
  is_food: yesNo(true),
  allergens_declared: yesNo(false),
  contains: listOf(isAllergen, "allergen", ALLERGENS),
  may_contain: listOf(isAllergen, "allergen", ALLERGENS),
  diet: listOf(isDietLabel, "dietary label", DIET_KNOWN),
  ingredients: text(2000, "ingredients"),
  storage: text(500, "storage and use instructions"),
  origin: text(100, "country of origin"),
  nutrition_basis: z
    .enum(["", "100g", "100ml"], { message: "Nutrition is per 100g or per 100ml." })
    .default("")
    .transform((value) => (value === "" ? null : value)),
  energy_kj: optionalWhole("energy in kJ"),
  energy_kcal: optionalWhole("energy in kcal"),
  fat: optionalAmount("fat in grams", "12.5"),
  saturates: optionalAmount("saturates in grams", "3.1"),
  carbohydrate: optionalAmount("carbohydrate in grams", "48"),
  sugars: optionalAmount("sugars in grams", "4.2"),
  fibre: optionalAmount("fibre in grams", "2.5"),
  protein: optionalAmount("protein in grams", "8"),
  salt: optionalAmount("salt in grams", "0.8"),
});
export type FoodFieldsInput = z.infer<typeof foodFields>;
export type FoodField = keyof FoodFieldsInput;

export const NUTRITION_FIELDS = ["energy_kj", "energy_kcal", "fat", "saturates", "carbohydrate", "sugars", "protein", "salt"] as const;

const NOT_VEGAN: Allergen[] = ["milk", "eggs", "fish", "crustaceans", "molluscs"];

/** The rules that tie the food fields together, on values already read. */
export function foodRuleIssues(food: FoodFieldsInput): { path: FoodField; message: string }[] {
  const issues: { path: FoodField; message: string }[] = [];
  if ((food.net_quantity === null) !== (food.net_unit === null)) {
    issues.push({ path: food.net_quantity === null ? "net_quantity" : "net_unit", message: "Give the net quantity with its unit, or neither." });
  } else if (food.net_quantity === 0) {
    issues.push({ path: "net_quantity", message: "The net quantity must be more than 0." });
  }
  const both = food.contains.filter((allergen) => food.may_contain.includes(allergen));
  if (both.length) issues.push({ path: "may_contain", message: `${both.map((a) => ALLERGEN_LABELS[a]).join(", ")}: either "contains" or "may contain", not both.` });
  if (!food.allergens_declared && (food.contains.length || food.may_contain.length)) {
    issues.push({ path: "allergens_declared", message: "Allergens are ticked: confirm the allergen information is provided." });
  }
  const problem = ingredientsProblem(food.ingredients, food.contains);
  if (problem) issues.push({ path: "ingredients", message: problem });
  if (food.diet.includes("vegan")) {
    const animal = food.contains.filter((allergen) => NOT_VEGAN.includes(allergen));
    if (animal.length) issues.push({ path: "diet", message: `A vegan product cannot contain ${animal.map((a) => ALLERGEN_LABELS[a].toLowerCase()).join(", ")}.` });
  }
  if (food.diet.includes("gluten-free") && (food.contains.includes("gluten") || food.may_contain.includes("gluten"))) {
    issues.push({ path: "diet", message: "A gluten-free product can neither contain nor may contain cereals with gluten." });
  }
  const given = NUTRITION_FIELDS.filter((field) => food[field] !== null);
  if (food.nutrition_basis !== null || given.length > 0 || food.fibre !== null) {
    if (food.nutrition_basis === null) issues.push({ path: "nutrition_basis", message: "Say whether nutrition is per 100g or per 100ml." });
    for (const field of NUTRITION_FIELDS) if (food[field] === null) issues.push({ path: field, message: "The nutrition declaration needs this value too." });
    if (food.fat !== null && food.saturates !== null && food.saturates > food.fat) issues.push({ path: "saturates", message: "Saturates are part of the fat: no more than the fat." });
    if (food.carbohydrate !== null && food.sugars !== null && food.sugars > food.carbohydrate) issues.push({ path: "sugars", message: "Sugars are part of the carbohydrate: no more than the carbohydrate." });
  }
  return issues;
}

/** The checked schema: fields, then the rules that tie them together. */
export const foodInput = foodFields.superRefine((food, ctx) => {
  for (const issue of foodRuleIssues(food)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
});

/** The product columns for food information already checked. A vegan product is also vegetarian. */
export function foodColumnsOf(food: FoodFieldsInput) {
  const diet: DietLabel[] = food.diet.includes("vegan") && !food.diet.includes("vegetarian") ? [...food.diet, "vegetarian"] : food.diet;
  const nutrition = food.nutrition_basis !== null;
  return {
    sku: food.sku,
    gtin: food.gtin,
    netQuantity: food.net_quantity,
    netUnit: food.net_unit,
    isFood: food.is_food,
    allergensDeclared: food.allergens_declared,
    containsAllergens: allergenMask(food.contains),
    mayContainAllergens: allergenMask(food.may_contain),
    dietLabels: dietMask(diet),
    ingredients: food.ingredients,
    storage: food.storage,
    origin: food.origin,
    nutritionBasis: food.nutrition_basis,
    energyKj: nutrition ? food.energy_kj : null,
    energyKcal: nutrition ? food.energy_kcal : null,
    fatMg: nutrition ? food.fat : null,
    saturatesMg: nutrition ? food.saturates : null,
    carbohydrateMg: nutrition ? food.carbohydrate : null,
    sugarsMg: nutrition ? food.sugars : null,
    fibreMg: nutrition ? food.fibre : null,
    proteinMg: nutrition ? food.protein : null,
    saltMg: nutrition ? food.salt : null,
  };
}
export type FoodColumns = ReturnType<typeof foodColumnsOf>;
