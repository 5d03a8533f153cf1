/** @jsxImportSource #html-jsx */
import { packLabel, type PricedProduct } from "../../../src/values/unit-price";

/** "500 g · €3.78 / kg" under a selling price, when there is a unit price to show. */
export function UnitPriceNote({ product, money }: { product: PricedProduct; money: (cents: number) => string }) {
  const label = packLabel(product, money);
  return label ? <span class="unit-price">{label}</span> : null;
}

export function RecipeChanged() {
  return <span class="badge badge-recipe">Recipe changed: check allergens</span>;
}
