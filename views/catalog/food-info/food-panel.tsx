/** @jsxImportSource #html-jsx */
import { ALLERGEN_LABELS, type Allergen } from "../../../src/catalog/food-info/allergens";
import { DIET_LABEL_NAMES, type DietLabel } from "../../../src/catalog/food-info/diet";
import { gramsLabel, NUTRIENTS, type FoodFacts, type Nutrition } from "../../../src/catalog/food-info/facts";
import { ingredientParts } from "../../../src/catalog/food-info/ingredients";

const NOT_PROVIDED = "Not provided";

/** The ingredient list with every allergen word in bold (Regulation (EU) 1169/2011, Art. 21). */
export function Ingredients({ text }: { text: string }) {
  return (
    <p class="ingredients">
      {ingredientParts(text).map((part) => (part.allergen ? <strong class="allergen" title={ALLERGEN_LABELS[part.allergen]}>{part.text}</strong> : part.text))}
    </p>
  );
}

const names = (allergens: Allergen[]) => allergens.map((allergen) => ALLERGEN_LABELS[allergen]).join(", ");

export function AllergenList({ allergens }: { allergens: FoodFacts["allergens"] }) {
  if (!allergens) return <p class="not-provided">{NOT_PROVIDED}: ask us before you buy if you have an allergy.</p>;
  if (allergens.contains.length === 0 && allergens.mayContain.length === 0) return <p>None of the 14 listed allergens.</p>;
  return (
    <ul class="allergen-list">
      {allergens.contains.length ? (
        <li>
          <strong>Contains:</strong> {names(allergens.contains)}
        </li>
      ) : null}
      {allergens.mayContain.length ? (
        <li>
          <strong>May contain:</strong> {names(allergens.mayContain)}
        </li>
      ) : null}
    </ul>
  );
}

export function NutritionTable({ nutrition }: { nutrition: Nutrition | null }) {
  if (!nutrition) return <p class="not-provided">{NOT_PROVIDED}</p>;
  const per = nutrition.basis === "100ml" ? "100 ml" : "100 g";
  return (
    <table class="nutrition-table">
      <caption class="visually-hidden">Nutrition per {per}</caption>
      <thead>
        <tr>
          <th scope="col">Nutrition</th>
          <th scope="col">Per {per}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Energy</th>
          <td>
            {nutrition.energyKj} kJ / {nutrition.energyKcal} kcal
          </td>
        </tr>
        {NUTRIENTS.map((nutrient) => {
          const mg = nutrition[nutrient.key];
          if (mg === null && nutrient.key === "fibreMg") return null;
          return (
            <tr class={nutrient.indent ? "nutrient-part" : undefined}>
              <th scope="row">{nutrient.label}</th>
              <td>{mg === null ? NOT_PROVIDED : gramsLabel(mg)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function DietBadges({ diet }: { diet: DietLabel[] }) {
  if (diet.length === 0) return null;
  return (
    <ul class="diet-badges" aria-label="Dietary labels">
      {diet.map((label) => (
        <li class={`badge badge-diet badge-diet-${label}`}>{DIET_LABEL_NAMES[label]}</li>
      ))}
    </ul>
  );
}

const orNotProvided = (text: string | null) => (text ? <p>{text}</p> : <p class="not-provided">{NOT_PROVIDED}</p>);

/** The product's mandatory food information, every absent item saying so. */
export function FoodPanel({ facts, netQuantity }: { facts: FoodFacts; netQuantity: string | null }) {
  if (!facts.isFood) return null;
  return (
    <section class="food-panel" aria-labelledby="food-information">
      <h2 id="food-information">Food information</h2>
      <h3>Ingredients</h3>
      {facts.ingredients ? <Ingredients text={facts.ingredients} /> : <p class="not-provided">{NOT_PROVIDED}</p>}
      <h3 id="allergens">Allergens</h3>
      <AllergenList allergens={facts.allergens} />
      <h3 id="nutrition">Nutrition</h3>
      <NutritionTable nutrition={facts.nutrition} />
      <h3>Net quantity</h3>
      {orNotProvided(netQuantity)}
      <h3>Storage and use</h3>
      {orNotProvided(facts.storage)}
      <h3>Origin</h3>
      {orNotProvided(facts.origin)}
    </section>
  );
}
