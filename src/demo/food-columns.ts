import { foodColumnsOf, foodInput, type FoodColumns } from "../catalog/food-info/input";
import type { DemoProduct } from "./catalog";
import { demoFood, demoNonFood, type DemoFood } from "./food-info";

/** Packs whose name does not say what they hold. */
const NET_BY_NAME: Record<string, [string, string]> = {
  "Baguette Tradition": ["250", "g"],
  "Crusty Kaiser Roll": ["70", "g"],
  "Bavarian Pretzel": ["90", "g"],
  "Butter Croissant": ["60", "g"],
  "Pain au Chocolat": ["70", "g"],
  "Cinnamon Bun": ["90", "g"],
  Ciabatta: ["300", "g"],
  "Apple Strudel Slice": ["150", "g"],
  "Stone-Baked Pizza Margherita": ["350", "g"],
  "Whole Corn-Fed Chicken": ["1.4", "kg"],
  "Organic Vegetable Stock Cubes (8)": ["8", "piece"],
  "Fish Fingers (MSC, 15 pack)": ["450", "g"],
};

/** "Spaghetti No. 5 500 g" -> 500 g; "6 x 1 l" -> 6 l; "(8 pack)" -> 8 pieces. */
export function netFromName(name: string): [string, string] | null {
  if (NET_BY_NAME[name]) return NET_BY_NAME[name];
  const multi = /(\d+) x (\d+(?:\.\d+)?) (g|kg|ml|l)\b/.exec(name);
  if (multi) return [String(Number(multi[1]) * Number(multi[2])), multi[3]!];
  const pieces = /\((\d+)(?: pack| rolls| bags)?\)/.exec(name);
  if (pieces) return [pieces[1]!, "piece"];
  const amount = /(\d+(?:\.\d+)?) (g|kg|ml|l)\b(?![^(]*\))/.exec(name);
  return amount ? [amount[1]!, amount[2]!] : null;
}

/** A valid EAN-13 in the in-store range (prefix 200), so the demo products can be matched by GTIN. */
export function demoGtin(index: number): string {
  const body = `2000000${String(index + 1).padStart(5, "0")}`;
  const sum = body.split("").reverse().reduce((total, digit, position) => total + Number(digit) * (position % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const grams = (value: number) => String(value);
const DIET: Record<string, string> = { V: "vegan", v: "vegetarian", G: "gluten-free", O: "organic" };

function foodFieldsOf(food: DemoFood | undefined): Record<string, string> {
  if (!food) return {};
  const [kcal, fat, saturates, carbohydrate, sugars, fibre, protein, salt] = food.n;
  return {
    allergens_declared: "yes",
    contains: food.c ?? "",
    may_contain: food.m ?? "",
    diet: [...(food.d ?? "")].map((code) => DIET[code]!).join(";"),
    ingredients: food.i,
    storage: food.s,
    origin: food.o,
    nutrition_basis: food.ml ? "100ml" : "100g",
    energy_kj: String(Math.round(kcal * 4.184)),
    energy_kcal: String(kcal),
    fat: grams(fat),
    saturates: grams(saturates),
    carbohydrate: grams(carbohydrate),
    sugars: grams(sugars),
    fibre: grams(fibre),
    protein: grams(protein),
    salt: grams(salt),
  };
}

/** The food columns of a demo product, read through the same schema and rules as the forms and the import. */
export function demoFoodColumns(product: DemoProduct, index: number): FoodColumns {
  const net = product.unit === "each" ? netFromName(product.name) : null;
  const fields = {
    sku: `GR-${String(index + 1).padStart(5, "0")}`,
    gtin: demoGtin(index),
    net_quantity: net?.[0] ?? "",
    net_unit: net?.[1] ?? "",
    is_food: demoNonFood.has(product.name) ? "no" : "yes",
    ...foodFieldsOf(demoFood[product.name]),
  };
  const parsed = foodInput.safeParse(fields);
  if (!parsed.success) throw new Error(`Demo food information for ${product.name}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return foodColumnsOf(parsed.data);
}
