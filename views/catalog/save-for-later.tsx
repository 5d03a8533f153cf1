/** @jsxImportSource #html-jsx */
import type { Product } from "../../src/db/schema";

/**
 * "Save for later" (wishlist), and for an out-of-stock product a back-in-stock alert. Plain forms;
 * with htmx each is replaced by its confirmation and the shopper stays on the aisle.
 */
export function SaveForLater({ product, withAlert = true }: { product: Pick<Product, "id" | "stock">; withAlert?: boolean }) {
  return (
    <div class="save-for-later">
      <form method="post" action="/wishlist/items" hx-post="/wishlist/items" hx-target="this" hx-swap="outerHTML">
        <input type="hidden" name="product_id" value={String(product.id)} />
        <button type="submit">Save for later</button>
      </form>
      {withAlert ? <BackInStockAlert product={product} /> : null}
    </div>
  );
}

/** "Notify me when back in stock", for an out-of-stock product only. */
export function BackInStockAlert({ product }: { product: Pick<Product, "id" | "stock"> }) {
  if (product.stock > 0) return null;
  return (
    <form method="post" action="/stock-alerts" hx-post="/stock-alerts" hx-target="this" hx-swap="outerHTML">
      <input type="hidden" name="product_id" value={String(product.id)} />
      <button type="submit">Notify me when back in stock</button>
    </form>
  );
}

/** What replaces a Save for later or Notify me form once done (htmx): says so, with the way to the list. */
export function SavedNote({ text }: { text: string }) {
  return (
    <p class="saved-note" role="status">
      {text} <a href="/wishlist">Saved for later</a>
    </p>
  );
}
