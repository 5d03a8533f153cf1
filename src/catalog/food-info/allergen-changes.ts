import type { Unit } from "../../db/schema";
import { allergensIn, type Allergen } from "./allergens";
import type { FoodColumns, FoodFieldsInput } from "./input";

type AllergenState = { allergensDeclared: boolean; containsAllergens: number; mayContainAllergens: number };

export type AllergenChange = { allergen: Allergen; flag: "contains" | "may_contain"; change: "added" | "removed" };

/** Which allergen flags differ between two states of a product, flag by flag (for the audit log). */
export function allergenChanges(before: AllergenState, after: AllergenState): AllergenChange[] {
  const changes: AllergenChange[] = [];
  for (const [flag, from, to] of [
    ["contains", before.containsAllergens, after.containsAllergens],
    ["may_contain", before.mayContainAllergens, after.mayContainAllergens],
  ] as const) {
    for (const allergen of allergensIn(to & ~from)) changes.push({ allergen, flag, change: "added" });
    for (const allergen of allergensIn(from & ~to)) changes.push({ allergen, flag, change: "removed" });
  }
  return changes;
}

/**
 * What an edit does to the allergen columns: the audit details when anything about them changed,
 * and `allergensChangedAt` when declared allergens changed ("recipe changed" for 30 days). Adding
 * allergen information for the first time is not a change of recipe.
 */
export function allergenEdit(before: AllergenState, after: FoodColumns, now: Date): { audit: Record<string, unknown> | null; allergensChangedAt?: Date } {
  const changes = allergenChanges(before, after);
  const declaredChanged = before.allergensDeclared !== after.allergensDeclared;
  if (changes.length === 0 && !declaredChanged) return { audit: null };
  const recipeChanged = before.allergensDeclared && after.allergensDeclared && changes.length > 0;
  return {
    audit: { changes, declared: { from: before.allergensDeclared, to: after.allergensDeclared }, recipeChanged },
    ...(recipeChanged ? { allergensChangedAt: now } : {}),
  };
}

/** A net quantity belongs to a pack sold by the item; a loose product's price is already per kg, l or piece. */
export function netQuantityProblem(unit: Unit, food: Pick<FoodFieldsInput, "net_quantity">): string | null {
  return food.net_quantity !== null && unit !== "each" ? "Only products sold by the item have a net quantity; leave it empty for loose products." : null;
}
