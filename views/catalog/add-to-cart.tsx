/** @jsxImportSource #html-jsx */
import type { Product } from "../../src/db/schema";
import { fromMilli } from "../../src/catalog/units";
import { shelfStock } from "../../src/catalog/shelf-stock";
import { QuantityField } from "../components/form";

export type CartableProduct = Pick<Product, "id" | "name" | "unit" | "step" | "stock" | "lowStockThreshold">;

/** 250 thousandths -> "0.25": quantities travel in the product's own unit. */
export const decimalQuantity = (milli: number) => String(Number(fromMilli(milli).toFixed(3)));

/**
 * "Add to cart" for a card (one step, hidden) or the product page (a "Quantity" stepper in the
 * product's step). Works as a plain form; htmx swaps the form with the cart's answer. The stepper's
 * most is the amount the shelf shows, only once it shows one (src/catalog/shelf-stock.ts); the cart
 * checks the exact stock.
 */
export function AddToCartForm({ product, withStepper = false, oob, note }: { product: CartableProduct; withStepper?: boolean; oob?: boolean; note?: string }) {
  const step = decimalQuantity(product.step);
  const shown = shelfStock(product);
  const outOfStock = shown.band === "out";
  const inputId = `quantity-${product.id}`;
  // On a card the form's answer is the card's −/+ control; on the product page this form again, saying what was added.
  const id = withStepper ? `add-${product.id}` : `card-cart-${product.id}`;
  return (
    <form method="post" action="/cart/items" id={id} hx-post="/cart/items" hx-target="this" hx-swap="outerHTML" hx-swap-oob={oob ? "true" : undefined}>
      {withStepper ? <input type="hidden" name="from" value="page" /> : null}
      <input type="hidden" name="product_id" value={String(product.id)} />
      {withStepper ? (
        <QuantityField
          label="Quantity"
          name="quantity"
          id={inputId}
          type="number"
          unit={product.unit}
          values={{ quantity: step }}
          errors={{}}
          attributes={{ step, min: step, max: shown.band === "low" ? decimalQuantity(shown.left) : undefined }}
          disabled={outOfStock}
          class="quantity-stepper"
        />
      ) : (
        <input type="hidden" name="quantity" value={step} />
      )}
      {outOfStock ? (
        <button type="submit" disabled>Out of stock</button>
      ) : (
        <button type="submit">Add to cart</button>
      )}
      {note ? (
        <p class="added-note" role="status">
          {note} <a href="/cart">View cart</a>
        </p>
      ) : null}
    </form>
  );
}
