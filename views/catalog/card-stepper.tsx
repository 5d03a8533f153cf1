/** @jsxImportSource #html-jsx */
import type { Product } from "../../src/db/schema";
import { quantityLabel } from "../../src/catalog/units";
import { AddToCartForm, decimalQuantity, type CartableProduct } from "./add-to-cart";

export type SteppableProduct = CartableProduct & Pick<Product, "unit">;

export const stepperId = (productId: number) => `card-cart-${productId}`;

/**
 * A card's control once the product is in the cart: − (quantity in cart) +. Each button is a
 * plain form that sets the line (0 removes it), so it works without JavaScript too; with htmx the
 * answer replaces this control (or brings "Add to cart" back at 0).
 */
export function CardStepper({ product, quantity, oob }: { product: SteppableProduct; quantity: number; oob?: boolean }) {
  if (quantity <= 0) return <AddToCartForm product={product} oob={oob} />;
  const id = stepperId(product.id);
  const action = `/cart/items/${product.id}`;
  const less = Math.max(0, quantity - product.step);
  const more = quantity + product.step;
  const atStock = more > product.stock;
  const button = (to: number, sign: "−" | "+", label: string, disabled = false) => (
    <form method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML">
      <input type="hidden" name="quantity" value={decimalQuantity(to)} />
      <input type="hidden" name="from" value="card" />
      <button type="submit" class="step-button" aria-label={label} disabled={disabled}>
        {sign}
      </button>
    </form>
  );
  return (
    <div class="card-stepper" id={id} hx-swap-oob={oob ? "true" : undefined}>
      {button(less, "−", less === 0 ? `Remove ${product.name} from your cart` : `One less ${product.name}`)}
      <a class="in-cart" href="/cart">
        {quantityLabel(quantity, product.unit)} <span class="visually-hidden">{product.name}</span> <span class="in-cart-note">in cart</span>
      </a>
      {button(more, "+", `One more ${product.name}`, atStock)}
    </div>
  );
}
