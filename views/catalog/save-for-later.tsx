import type { Product } from "../../src/db/schema";

/** "Save for later" (wishlist), and for an out-of-stock product a back-in-stock alert. */
export function SaveForLater({ product }: { product: Pick<Product, "id" | "stock"> }) {
  return (
    <div class="save-for-later">
      <form method="post" action="/wishlist/items">
        <input type="hidden" name="product_id" value={String(product.id)} />
        <button type="submit">Save for later</button>
      </form>
      {product.stock <= 0 ? (
        <form method="post" action="/stock-alerts">
          <input type="hidden" name="product_id" value={String(product.id)} />
          <button type="submit">Notify me when back in stock</button>
        </form>
      ) : null}
    </div>
  );
}
