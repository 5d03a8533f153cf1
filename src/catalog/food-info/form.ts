import { z } from "zod";
import { ALLERGENS } from "./allergens";
import { DIET_LABELS } from "./diet";
import { foodInput } from "./input";

/**
 * The manager's form sends the allergen grid as one checkbox per allergen and flag
 * (contains_milk, may_contain_milk) and the labels as diet_vegan...; they are gathered into the
 * lists the one food schema reads, so the form and the import agree.
 */
export function foodFieldsFromForm(values: Record<string, unknown>): Record<string, unknown> {
  const ticked = (prefix: string, names: readonly string[]) => names.filter((name) => values[`${prefix}${name}`] !== undefined).join(";");
  return {
    ...values,
    allergens_declared: values.allergens_declared === undefined ? "no" : "yes",
    is_food: values.is_food === undefined ? "no" : "yes",
    contains: ticked("contains_", ALLERGENS),
    may_contain: ticked("may_contain_", ALLERGENS),
    diet: ticked("diet_", DIET_LABELS),
  };
}

export const foodForm = z.preprocess((values) => foodFieldsFromForm(values as Record<string, unknown>), foodInput);
