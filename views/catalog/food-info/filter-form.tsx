import { ALLERGEN_SHORT, ALLERGENS } from "../../../src/catalog/food-info/allergens";
import { DIET_LABEL_NAMES, DIET_LABELS } from "../../../src/catalog/food-info/diet";
import { hasFoodFilter, type FoodFilter } from "../../../src/catalog/food-info/filters";

/** The "free from" and dietary checkboxes; inside a GET form, so a filtered page is a plain URL. */
export function FoodFilterFields({ filter }: { filter: FoodFilter }) {
  return (
    <details class="food-filters" open={hasFoodFilter(filter) ? true : undefined}>
      <summary>Free from and dietary filters{hasFoodFilter(filter) ? ` (${filter.freeFrom.length + filter.diet.length} on)` : ""}</summary>
      <fieldset>
        <legend>Free from</legend>
        <ul class="filter-options">
          {ALLERGENS.map((allergen) => (
            <li>
              <label>
                <input type="checkbox" name="free_from" value={allergen} checked={filter.freeFrom.includes(allergen)} /> {ALLERGEN_SHORT[allergen]}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Dietary</legend>
        <ul class="filter-options">
          {DIET_LABELS.map((label) => (
            <li>
              <label>
                <input type="checkbox" name="diet" value={label} checked={filter.diet.includes(label)} /> {DIET_LABEL_NAMES[label]}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <p class="muted">"Free from" lists only products whose allergen information we have, without the allergen in "contains" or "may contain".</p>
    </details>
  );
}

/** "Free from milk, peanuts · Vegan", with a link back to the unfiltered page. */
export function ActiveFoodFilter({ filter, clearHref }: { filter: FoodFilter; clearHref: string }) {
  if (!hasFoodFilter(filter)) return null;
  const parts = [
    filter.freeFrom.length ? `Free from ${filter.freeFrom.map((allergen) => ALLERGEN_SHORT[allergen]).join(", ")}` : null,
    ...filter.diet.map((label) => DIET_LABEL_NAMES[label]),
  ].filter(Boolean);
  return (
    <p class="active-filters" role="status">
      Showing: <strong>{parts.join(" · ")}</strong> · <a href={clearHref}>Clear filters</a>
    </p>
  );
}

/** The aisle's filter form: sort kept, back to page 1. */
export function AisleFilterForm({ action, sort, filter }: { action: string; sort: string | null; filter: FoodFilter }) {
  return (
    <form method="get" action={action} class="aisle-filters">
      {sort ? <input type="hidden" name="sort" value={sort} /> : null}
      <FoodFilterFields filter={filter} />
      <p class="filter-actions">
        <button type="submit">Show products</button>
      </p>
    </form>
  );
}
